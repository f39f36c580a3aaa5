from django.apps import AppConfig
from django.db.models.signals import post_migrate


def na_migratie(sender, using="default", **kwargs):
    from datetime import time

    from schakel.core.planning import dagelijkse_taak

    from .tasks import TAAK

    # Shortly after midnight, so each checkpoint closes a day.
    dagelijkse_taak(using=using, naam="Privacy: controlepunt logketens", func=TAAK, om=time(0, 15))


class PrivacyConfig(AppConfig):
    name = "schakel.privacy"
    verbose_name = "Privacy"

    def ready(self):
        post_migrate.connect(na_migratie, sender=self, dispatch_uid="privacy_controlepunt_schema")
