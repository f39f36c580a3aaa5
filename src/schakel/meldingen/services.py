"""Domain services for meldingen: each function is one transaction and writes its own history."""
from django.db import transaction

from schakel.personen.models import Persoon
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_mutatie, log_toegang, waarden

from .models import Melding, MeldingPersoon, MeldingStatus, Terugkoppeling
from .workflow import MELDING_WORKFLOW


def _zet_status(melding: Melding, naar: str, door, toelichting: str = "") -> None:
    van = melding.status
    MELDING_WORKFLOW.check(van, naar)
    oud = waarden(melding, ["status"])
    melding.status = naar
    melding.save(update_fields=["status"])
    MeldingStatus.objects.create(melding=melding, van=van, naar=naar, door=door, toelichting=toelichting)
    log_mutatie(door, melding, oud)


@transaction.atomic
def registreer_melding(*, door, melding: Melding, persoon: Persoon | None = None) -> Melding:
    """`melding` is an unsaved instance from the form; `persoon` is new (unsaved) or an existing one."""
    MELDING_WORKFLOW.check("", Melding.Status.GEREGISTREERD)
    melding.geregistreerd_door = door
    melding.status = Melding.Status.GEREGISTREERD
    melding.save()
    log_mutatie(door, melding, None)
    MeldingStatus.objects.create(melding=melding, van="", naar=melding.status, door=door, toelichting="Geregistreerd")
    if persoon is not None:
        koppel_persoon(melding=melding, persoon=persoon, door=door)
    return melding


def koppel_persoon(*, melding: Melding, persoon: Persoon, door) -> None:
    with transaction.atomic():
        if persoon.pk is None:
            persoon.save()
            log_mutatie(door, persoon, None)
        MeldingPersoon.objects.get_or_create(melding=melding, persoon=persoon)
        log_toegang(door, Toegangslog.Actie.GEWIJZIGD, "melding", [(melding.pk, [persoon.pk])], "Persoon gekoppeld aan melding")


@transaction.atomic
def zet_status(*, melding: Melding, naar: str, door, toelichting: str = "") -> None:
    _zet_status(melding, naar, door, toelichting)


@transaction.atomic
def leg_terugkoppeling_vast(*, melding: Melding, terugkoppeling: Terugkoppeling, door) -> Terugkoppeling:
    terugkoppeling.melding = melding
    terugkoppeling.door = door
    terugkoppeling.save()
    log_mutatie(door, terugkoppeling, None)
    return terugkoppeling


@transaction.atomic
def wijzig_melding(*, melding: Melding, oud: dict, door) -> Melding:
    """`melding` carries the edited values, `oud` = waarden(melding) from before the form was applied."""
    melding.save()
    log_mutatie(door, melding, oud)
    log_toegang(door, Toegangslog.Actie.GEWIJZIGD, "melding",
                [(melding.pk, melding.personen.values_list("pk", flat=True))], "Melding gewijzigd")
    return melding
