from django.apps import AppConfig
from django.db.models.signals import post_migrate


def registreer_schema(sender, using="default", **kwargs):
    """The daily reminder run."""
    from datetime import time

    from schakel.core.planning import dagelijkse_taak

    from .tasks import TAAK

    dagelijkse_taak(using=using, naam="Monitoring: herinneringen", func=TAAK, om=time(7, 0))


class MonitoringConfig(AppConfig):
    name = "schakel.monitoring"
    verbose_name = "Monitoring"

    def ready(self):
        post_migrate.connect(registreer_schema, sender=self, dispatch_uid="monitoring_herinneringen_schema")
