from django.apps import AppConfig
from django.db.models.signals import post_migrate


def registreer_schema(sender, using="default", **kwargs):
    """The daily reminder run as a django-q2 schedule; created once, later edits in beheer are kept."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone
    from django_q.models import Schedule

    from .tasks import TAAK

    if Schedule.objects.using(using).filter(func=TAAK).exists():
        return
    morgen = timezone.localdate() + timedelta(days=1)
    Schedule.objects.using(using).create(
        name="Monitoring: herinneringen",
        func=TAAK,
        schedule_type=Schedule.DAILY,
        repeats=-1,
        next_run=timezone.make_aware(datetime.combine(morgen, time(7, 0))),
    )


class MonitoringConfig(AppConfig):
    name = "schakel.monitoring"
    verbose_name = "Monitoring"

    def ready(self):
        post_migrate.connect(registreer_schema, sender=self, dispatch_uid="monitoring_herinneringen_schema")
