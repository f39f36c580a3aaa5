from django.apps import AppConfig
from django.db.models.signals import post_migrate


def registreer_schema(sender, using="default", **kwargs):
    """Every minute: catch up a failed publication; otherwise a full sync once an hour (tasks.py)."""
    from django_q.models import Schedule

    from .tasks import TAAK

    if not Schedule.objects.using(using).filter(func=TAAK).exists():
        Schedule.objects.using(using).create(
            name="Bekendheidscheck: publiceren bij de middenvelder", func=TAAK, schedule_type=Schedule.MINUTES,
            minutes=1, repeats=-1,
        )


class BekendheidConfig(AppConfig):
    name = "schakel.bekendheid"
    verbose_name = "Bekendheidscheck"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(registreer_schema, sender=self, dispatch_uid="bekendheid_schema")
