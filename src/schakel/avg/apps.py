from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save

STANDAARD_JAREN = 5
ZONDER_CASUS_JAREN = 2


def zaai_bewaartermijnen(using="default") -> None:
    """Reference values, idempotent: 5 years for every conference type, 2 for meldingen without a case.
    Existing rows (edited by the house) are kept."""
    from schakel.overleggen.models import Overlegtype

    from .models import Bewaartermijn

    db = Bewaartermijn.objects.using(using)
    if not db.filter(overlegtype__isnull=True).exists():
        db.create(overlegtype=None, jaren=ZONDER_CASUS_JAREN)
    zonder = Overlegtype.objects.using(using).filter(bewaartermijn__isnull=True)
    db.bulk_create([Bewaartermijn(overlegtype=o, jaren=STANDAARD_JAREN) for o in zonder])


def na_migratie(sender, using="default", **kwargs):
    from datetime import time

    from schakel.core.planning import dagelijkse_taak

    from .tasks import TAAK

    zaai_bewaartermijnen(using)
    dagelijkse_taak(using=using, naam="AVG: bewaartermijnen verwerken", func=TAAK, om=time(2, 30))


def nieuw_overlegtype(sender, instance, created, raw=False, using="default", **kwargs):
    if created and not raw:
        from .models import Bewaartermijn

        Bewaartermijn.objects.using(using).get_or_create(overlegtype=instance, defaults={"jaren": STANDAARD_JAREN})


class AvgConfig(AppConfig):
    name = "schakel.avg"
    verbose_name = "AVG-rechten en bewaartermijnen"

    def ready(self):
        post_migrate.connect(na_migratie, sender=self, dispatch_uid="avg_bewaartermijnen_schema")
        post_save.connect(nieuw_overlegtype, sender="overleggen.Overlegtype", dispatch_uid="avg_bewaartermijn_overlegtype")
