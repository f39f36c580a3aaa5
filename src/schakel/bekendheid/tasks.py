"""The minute task: publish the whole set again when the link is behind, and once an hour anyway
(a BSN corrected on a person, a person added to a case by a route without a delta)."""
from datetime import timedelta

from django.utils import timezone

from . import client, services
from .models import Koppeling

TAAK = "schakel.bekendheid.tasks.bij_achterstand"
ELK_UUR = timedelta(hours=1)


def bij_achterstand() -> int | None:
    if not client.ingesteld():
        return None
    k = Koppeling.huidig()
    if not k.achterstand and k.laatste_volledig and timezone.now() - k.laatste_volledig < ELK_UUR:
        return None
    try:
        return services.publiceer()
    except client.Onbereikbaar:
        return None
