from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from schakel.casussen.services import open_of_koppel_casus
from schakel.meldingen.models import Melding
from schakel.meldingen.services import zet_status
from schakel.privacy.services import log_mutatie

from .models import Agendapunt, Briefing, Weging


@transaction.atomic
def maak_briefing(*, briefing: Briefing, weegploeg, door) -> Briefing:
    briefing.voorzitter = door
    briefing.save()
    briefing.weegploeg.set(weegploeg)
    log_mutatie(door, briefing, None)
    return briefing


@transaction.atomic
def agendeer(*, briefing: Briefing, meldingen, door) -> int:
    volgorde = briefing.agendapunten.aggregate(m=Max("volgorde"))["m"] or 0
    aantal = 0
    for melding in meldingen:
        if melding.status not in (Melding.Status.GEREGISTREERD, Melding.Status.GEWOGEN):
            raise ValidationError(f"Melding {melding.nummer} staat al op een agenda.")
        volgorde += 1
        Agendapunt.objects.create(briefing=briefing, melding=melding, volgorde=volgorde)
        zet_status(melding=melding, naar=Melding.Status.GEAGENDEERD, door=door, toelichting=str(briefing))
        aantal += 1
    return aantal


@transaction.atomic
def weeg(*, weging: Weging, door, overlegtype=None) -> Weging:
    """Record the decision; a decision that puts the melding on a conference opens (or joins) a case."""
    melding = weging.melding
    if not weging.briefing.agendapunten.filter(melding=melding).exists():
        raise ValidationError("Deze melding staat niet op de agenda van deze briefing.")
    weging.gewogen_door = door
    zet_status(melding=melding, naar=Melding.Status.GEWOGEN, door=door, toelichting=f"Besluit: {weging.besluit}")
    overlegtype = overlegtype or weging.besluit.overlegtype
    if overlegtype is not None:
        weging.casus = open_of_koppel_casus(melding=melding, overlegtype=overlegtype, door=door)
    weging.save()
    log_mutatie(door, weging, None)
    return weging
