from django.apps import AppConfig
from django.db.models.signals import post_migrate


def na_migratie(sender, using="default", **kwargs):
    from datetime import time

    from schakel.core.planning import dagelijkse_taak

    from .tasks import TAAK

    # Shortly after midnight, so each checkpoint closes a day.
    dagelijkse_taak(using=using, naam="Privacy: controlepunt logketens", func=TAAK, om=time(0, 15))
    _elke_minuut(using)
    from .partities import maak_partities

    maak_partities(using)


def _elke_minuut(using: str) -> None:
    """Chain what waits in the access log every minute, should chaining after a page have failed
    (privacy.ketenaar); created once, later edits in beheer are kept."""
    from django_q.models import Schedule

    from .ketenaar import TAAK as KETENEN

    if not Schedule.objects.using(using).filter(func=KETENEN).exists():
        Schedule.objects.using(using).create(
            name="Privacy: toegangslog ketenen", func=KETENEN, schedule_type=Schedule.MINUTES, minutes=1, repeats=-1)


class PrivacyConfig(AppConfig):
    name = "schakel.privacy"
    verbose_name = "Privacy"

    def ready(self):
        post_migrate.connect(na_migratie, sender=self, dispatch_uid="privacy_controlepunt_schema")
