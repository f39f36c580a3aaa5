from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from schakel.casussen.services import open_of_koppel_casus
from schakel.meldingen.models import Melding, Terugkoppeling
from schakel.meldingen.services import leg_terugkoppeling_vast, zet_status
from schakel.opschaling.models import Opschaling
from schakel.privacy.services import log_mutatie

from .models import KADER_OVERLEGTYPEN, OPSCHALEN, Agendapunt, Briefing, Weging, lopend_elders


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
def weeg(*, weging: Weging, door, overlegtype=None, opschaling: Opschaling | None = None) -> Weging:
    """Record the decision; a decision that puts the melding on a conference opens (or joins) a case,
    and 'opschalen' records its escalation (`opschaling`, unsaved) in the same transaction, so the
    report never shows an escalation decision without its escalation."""
    melding = weging.melding
    if not weging.briefing.agendapunten.filter(melding=melding).exists():
        raise ValidationError("Deze melding staat niet op de agenda van deze briefing.")
    if lopend_elders(melding) and not weging.lopend_elders_gecontroleerd:
        raise ValidationError(f"Bevestig eerst dat u hebt gecontroleerd dat de melding al bij {lopend_elders(melding)} loopt.")
    overlegtype = overlegtype or weging.besluit.overlegtype
    buiten_kader = (
        overlegtype is not None and overlegtype.code in KADER_OVERLEGTYPEN
        and not Weging.kader(weging.criterium_a, weging.criterium_b, weging.criterium_c, weging.criterium_d)
    )
    if buiten_kader and not weging.motivatie_buiten_kader.strip():
        raise ValidationError(f"Motiveer waarom de melding buiten het Landelijk Kader toch naar {overlegtype} gaat.")
    if not buiten_kader:
        weging.motivatie_buiten_kader = ""
    opschalen = weging.besluit.code == OPSCHALEN
    if opschalen and opschaling is None:
        raise ValidationError("Bij het besluit 'Opschalen' hoort een opschaling: kies het niveau, de reden en het gevraagde besluit.")
    if not opschalen and opschaling is not None:
        raise ValidationError("Alleen het besluit 'Opschalen' legt een opschaling vast.")
    weging.gewogen_door = door
    zet_status(melding=melding, naar=Melding.Status.GEWOGEN, door=door, toelichting=f"Besluit: {weging.besluit}")
    if overlegtype is not None:
        weging.casus = open_of_koppel_casus(melding=melding, overlegtype=overlegtype, door=door)
    weging.save()
    log_mutatie(door, weging, None)
    if opschaling is not None:
        # Straight from the briefing there is no case: the escalation hangs on the melding.
        opschaling.melding, opschaling.casus, opschaling.door = melding, None, door
        opschaling.opgeschaald_op = timezone.localdate(weging.gewogen_op)
        opschaling.categorie_id = weging.categorie_id
        opschaling.save()
        log_mutatie(door, opschaling, None)
    return weging


@transaction.atomic
def koppel_terug(*, weging: Weging, terugkoppeling: Terugkoppeling, door) -> Terugkoppeling:
    """Feedback to the reporter recorded right on the weighing result. Also after a postponed decision
    put the melding back on an agenda: the reporter hears that it was postponed."""
    if weging.pk is None:
        raise ValidationError("Deze melding is nog niet gewogen; koppel het besluit terug nadat het is vastgelegd.")
    return leg_terugkoppeling_vast(melding=weging.melding, terugkoppeling=terugkoppeling, door=door)


def volgende_op_agenda(briefing: Briefing, na: Agendapunt | None = None) -> Agendapunt | None:
    """The next agenda item still to weigh: after `na` in agenda order, else the first open one from the
    top (an item skipped earlier). At most two queries."""
    open_punten = (
        briefing.agendapunten.filter(melding__status=Melding.Status.GEAGENDEERD)
        .exclude(melding__wegingen__briefing=briefing).order_by("volgorde", "id")
    )
    if na is not None:
        later = open_punten.filter(Q(volgorde__gt=na.volgorde) | Q(volgorde=na.volgorde, id__gt=na.id)).first()
        if later is not None:
            return later
    return open_punten.exclude(pk=getattr(na, "pk", None)).first()
