"""Domain services for meldingen: each function is one transaction and writes its own history."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef

from schakel.personen.models import Persoon
from schakel.personen.services import log_controle, partnercontrole
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_mutatie, log_toegang, waarden

from .models import Melding, MeldingPersoon, MeldingStatus, Terugkoppeling
from .workflow import MELDING_WORKFLOW


def _zet_status(melding: Melding, naar: str, door, toelichting: str = "") -> None:
    van = melding.status
    MELDING_WORKFLOW.check(van, naar)
    oud = waarden(melding, ["status"])
    melding.status = naar
    # The feedback worklist: weighed (again) and nobody told the reporter yet.
    melding.wacht_op_terugkoppeling = naar == Melding.Status.GEWOGEN and not melding.terugkoppelingen.exists()
    melding.save(update_fields=["status", "wacht_op_terugkoppeling"])
    MeldingStatus.objects.create(melding=melding, van=van, naar=naar, door=door, toelichting=toelichting)
    log_mutatie(door, melding, oud)


@transaction.atomic
def registreer_melding(*, door, melding: Melding, persoon: Persoon | None = None, opgave: dict | None = None,
                       bekend: list[Persoon] | None = None) -> Melding:
    """`melding` is an unsaved instance from the form. `persoon` is new (unsaved) or an existing one the
    house staff chose; `opgave` is the person as typed (kept for the reporter's view). A partner's
    registration that hit known persons (`bekend`) gets a pending link without a person: the house
    decides which person it is (koppel_opgegeven_persoon)."""
    MELDING_WORKFLOW.check("", Melding.Status.GEREGISTREERD)
    melding.geregistreerd_door = door
    melding.status = Melding.Status.GEREGISTREERD
    melding.save()
    log_mutatie(door, melding, None)
    MeldingStatus.objects.create(melding=melding, van="", naar=melding.status, door=door, toelichting="Geregistreerd")
    if bekend:
        koppeling = MeldingPersoon.objects.create(melding=melding, persoon=None, opgave=opgave)
        log_mutatie(door, koppeling, None)
        log_controle(door, "melding", melding.pk, bekend)
    elif persoon is not None:
        koppel_persoon(melding=melding, persoon=persoon, door=door, opgave=opgave)
    return melding


def registreer_als_partner(*, door, melding: Melding, persoon: Persoon | None = None, opgave: dict | None = None) -> tuple[Melding, bool]:
    """A partner's registration (screen and API): the partner never picks a known person and never
    learns who it is. The melding is registered at once; when the typed person hits known persons,
    only a pending link is stored for the house, and the partner is told "known" (the bool).
    Rate-limited: personen.services.TeVeelControles before anything is stored."""
    if persoon is None:
        return registreer_melding(door=door, melding=melding), False
    bekend = partnercontrole(door, bsn=persoon.bsn, achternaam=persoon.achternaam, geboortedatum=persoon.geboortedatum)
    melding = registreer_melding(door=door, melding=melding, persoon=None if bekend else persoon, opgave=opgave, bekend=bekend)
    return melding, bool(bekend)


def koppel_persoon(*, melding: Melding, persoon: Persoon, door, opgave: dict | None = None) -> None:
    with transaction.atomic():
        if persoon.pk is None:
            persoon.save()
            log_mutatie(door, persoon, None)
        koppeling, nieuw = MeldingPersoon.objects.get_or_create(melding=melding, persoon=persoon, defaults={"opgave": opgave})
        if not nieuw and opgave and not koppeling.opgave:
            koppeling.opgave = opgave
            koppeling.save(update_fields=["opgave"])
        log_toegang(door, Toegangslog.Actie.GEWIJZIGD, "melding", [(melding.pk, [persoon.pk])], "Persoon gekoppeld aan melding")


@transaction.atomic
def koppel_opgegeven_persoon(*, koppeling: MeldingPersoon, persoon: Persoon, door) -> MeldingPersoon:
    """House staff settle a pending link: the person the reporter typed is `persoon` (an existing one,
    or a new unsaved one made from the reporter's data). The reporter's copy stays as it was typed."""
    koppeling = MeldingPersoon.objects.select_for_update().get(pk=koppeling.pk)
    if not koppeling.te_koppelen:
        raise ValidationError("Deze persoon is al gekoppeld.")
    if persoon.pk is None:
        if persoon.bsn and Persoon.objects.filter(bsn=persoon.bsn).exists():
            raise ValidationError("Er bestaat al een persoon met dit BSN; kies die persoon.")
        persoon.save()
        log_mutatie(door, persoon, None)
    elif MeldingPersoon.objects.filter(melding_id=koppeling.melding_id, persoon=persoon).exists():
        raise ValidationError("Deze persoon is al aan de melding gekoppeld.")
    oud = waarden(koppeling, ["persoon"])
    koppeling.persoon = persoon
    koppeling.save(update_fields=["persoon"])
    log_mutatie(door, koppeling, oud)
    log_toegang(door, Toegangslog.Actie.GEWIJZIGD, "melding", [(koppeling.melding_id, [persoon.pk])],
                "Opgegeven persoon gekoppeld aan bekende persoon")
    return koppeling


@transaction.atomic
def zet_status(*, melding: Melding, naar: str, door, toelichting: str = "") -> None:
    _zet_status(melding, naar, door, toelichting)


@transaction.atomic
def leg_terugkoppeling_vast(*, melding: Melding, terugkoppeling: Terugkoppeling, door) -> Terugkoppeling:
    terugkoppeling.melding = melding
    terugkoppeling.door = door
    terugkoppeling.save()
    Melding.objects.filter(pk=melding.pk).update(wacht_op_terugkoppeling=False)
    melding.wacht_op_terugkoppeling = False
    log_mutatie(door, terugkoppeling, None)
    return terugkoppeling


@transaction.atomic
def herbereken_terugkoppeling_open(meldingen=None) -> int:
    """The flag from the records themselves, in two statements: for paths that write meldingen in bulk
    (demo, benchmark seed) and for the migration that introduced it. Returns how many wait."""
    meldingen = Melding.objects.all() if meldingen is None else meldingen
    meldingen.filter(wacht_op_terugkoppeling=True).update(wacht_op_terugkoppeling=False)
    return meldingen.filter(status=Melding.Status.GEWOGEN).exclude(
        Exists(Terugkoppeling.objects.filter(melding=OuterRef("pk")))
    ).update(wacht_op_terugkoppeling=True)


@transaction.atomic
def wijzig_melding(*, melding: Melding, oud: dict, door) -> Melding:
    """`melding` carries the edited values, `oud` = waarden(melding) from before the form was applied."""
    melding.save()
    log_mutatie(door, melding, oud)
    log_toegang(door, Toegangslog.Actie.GEWIJZIGD, "melding",
                [(melding.pk, melding.personen.values_list("pk", flat=True))], "Melding gewijzigd")
    return melding
