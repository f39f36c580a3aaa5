from django.apps import AppConfig
from django.db.models.signals import post_migrate


def registreer_schema(sender, using="default", **kwargs):
    """The daily run for overdue actions (and any mail the queue could not deliver)."""
    from datetime import time

    from schakel.core.planning import dagelijkse_taak

    from .tasks import TAAK_DAGELIJKS

    dagelijkse_taak(using=using, naam="Notificaties: verlopen acties", func=TAAK_DAGELIJKS, om=time(7, 5))


class NotificatiesConfig(AppConfig):
    name = "schakel.notificaties"
    verbose_name = "Notificaties"

    def ready(self):
        post_migrate.connect(registreer_schema, sender=self, dispatch_uid="notificaties_dagelijks_schema")
