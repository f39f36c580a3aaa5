"""The informatiecoördinator's decision on a proposal of the review queue: one transaction each,
through the proposal's transition table, the decision appended to its history. The link itself is
made by the registration's own service (meldingen.services.koppel_opgegeven_persoon)."""
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from schakel.meldingen.services import koppel_opgegeven_persoon
from schakel.personen.models import Persoon
from schakel.privacy.services import log_mutatie, waarden

from .models import Koppelvoorstel, KoppelvoorstelStatus
from .workflow import KOPPELVOORSTEL_WORKFLOW

S = Koppelvoorstel.Status


def _besluit(voorstel: Koppelvoorstel, naar: str, door, toelichting: str) -> Koppelvoorstel:
    voorstel = Koppelvoorstel.objects.select_for_update().select_related("koppeling").get(pk=voorstel.pk)
    if voorstel.status != S.OPEN:
        raise ValidationError("Over dit voorstel is al besloten.")
    # Settled meanwhile on the melding itself (its own link screen): the proposal records what happened.
    voorstel.al_gekoppeld = voorstel.koppeling.persoon_id is not None
    if voorstel.al_gekoppeld:
        naar = S.GEKOPPELD if voorstel.koppeling.persoon_id == voorstel.kandidaat_id else S.AFGEWEZEN
        toelichting = "Intussen op de melding zelf gekoppeld"
    KOPPELVOORSTEL_WORKFLOW.check(voorstel.status, naar)
    oud = waarden(voorstel, ["status"])
    van = voorstel.status
    voorstel.status = naar
    voorstel.save(update_fields=["status"])
    KoppelvoorstelStatus.objects.create(voorstel=voorstel, van=van, naar=naar, door=door, toelichting=toelichting)
    log_mutatie(door, voorstel, oud)
    return voorstel


@transaction.atomic
def koppel(*, voorstel: Koppelvoorstel, door) -> Koppelvoorstel:
    """The row is about the known person: the melding is linked to them."""
    voorstel = _besluit(voorstel, S.GEKOPPELD, door, "Zelfde persoon")
    if not voorstel.al_gekoppeld:
        koppel_opgegeven_persoon(koppeling=voorstel.koppeling, persoon=voorstel.kandidaat, door=door)
    return voorstel


def persoon_uit_opgave(opgave: dict, gemeente_id: int | None) -> Persoon:
    return Persoon(
        bsn=opgave.get("bsn") or None, voornamen=opgave.get("voornamen", ""), tussenvoegsel=opgave.get("tussenvoegsel", ""),
        achternaam=opgave.get("achternaam", ""), gemeente_id=gemeente_id,
        geboortedatum=date.fromisoformat(opgave["geboortedatum"]) if opgave.get("geboortedatum") else None,
    )


@transaction.atomic
def wijs_af(*, voorstel: Koppelvoorstel, door) -> Koppelvoorstel:
    """Another person: the melding gets a new person made from the feed's data."""
    voorstel = _besluit(voorstel, S.AFGEWEZEN, door, "Andere persoon: nieuwe persoon aangemaakt")
    if voorstel.al_gekoppeld:
        return voorstel
    koppeling = voorstel.koppeling
    persoon = persoon_uit_opgave(koppeling.opgave or {}, voorstel.melding.gemeente_id)
    koppel_opgegeven_persoon(koppeling=koppeling, persoon=persoon, door=door)
    return voorstel
