from django.db import transaction
from django.utils import timezone

from schakel.bekendheid import services as bekendheid
from schakel.privacy.services import log_mutatie, waarden

from .models import CASUS_WORKFLOW, Afsluiting, Casus, CasusBetrokkenheid, CasusBezoek, CasusStatus


@transaction.atomic
def zet_casus_status(*, casus: Casus, naar: str, door, toelichting: str = "") -> None:
    """Every status change of a case goes through the transition table and leaves a history row."""
    CASUS_WORKFLOW.check(casus.status, naar)
    oud = waarden(casus, ["status"])
    van = casus.status
    casus.status = naar
    casus.save(update_fields=["status"])
    CasusStatus.objects.create(casus=casus, van=van, naar=naar, door=door, toelichting=toelichting)
    log_mutatie(door, casus, oud)
    if naar == Casus.Status.AFGESLOTEN:
        # Withdraw the pseudonyms of persons with no other active case, after the commit.
        bekendheid.na_wijziging_casus(casus)


def betrek_organisatie(*, casus: Casus, organisatie, rol: str, gebruiker=None) -> CasusBetrokkenheid:
    """Involvement is what need-to-know is decided on: from now on this organisation sees the case."""
    betrokkenheid, _ = CasusBetrokkenheid.objects.get_or_create(
        casus=casus, organisatie=organisatie, rol=rol, defaults={"gebruiker": gebruiker}
    )
    return betrokkenheid


def _gesloten_voorganger(overlegtype, persoon_ids) -> Casus | None:
    """A request after closing is a new melding and a new case (seed 001 §1.15), linked to the old
    one when that was the persons' most recent case at this conference type."""
    if not persoon_ids:
        return None
    laatste = (
        Casus.objects.filter(overlegtype=overlegtype, personen__in=persoon_ids).order_by("-geopend_op", "-id").first()
    )
    return laatste if laatste is not None and laatste.status == Casus.Status.AFGESLOTEN else None


@transaction.atomic
def open_of_koppel_casus(*, melding, overlegtype, door) -> Casus:
    """A melding about someone already in an active case of this conference type joins that case:
    re-discussing an active case is not a new case (design §2)."""
    persoon_ids = list(melding.personen.values_list("pk", flat=True))
    casus = None
    if persoon_ids:
        casus = (
            Casus.objects.actief().filter(overlegtype=overlegtype, personen__in=persoon_ids).order_by("geopend_op").first()
        )
    if casus is None:
        CASUS_WORKFLOW.check("", Casus.Status.AANGEMELD)
        casus = Casus.objects.create(
            onderwerp=melding.onderwerp,
            overlegtype=overlegtype,
            gemeente=melding.gemeente,
            thema=melding.thema,
            procesregisseur=door if door.heeft_rol("procesregisseur") else None,
            geopend_door=door,
            vorige_casus=_gesloten_voorganger(overlegtype, persoon_ids),
        )
        casus.personen.set(persoon_ids)
        CasusStatus.objects.create(casus=casus, van="", naar=casus.status, door=door, toelichting="Geopend door weging")
        log_mutatie(door, casus, None)
    else:
        # The melding's other persons (a partner, a child) join the case as they would a new one.
        casus.personen.add(*persoon_ids)
    betrek_organisatie(casus=casus, organisatie=melding.melder_organisatie, rol=CasusBetrokkenheid.Rol.INBRENGER)
    bekendheid.na_wijziging(persoon_ids)
    oud = waarden(melding, ["casus"])
    melding.casus = casus
    melding.save(update_fields=["casus"])
    log_mutatie(door, melding, oud)
    return casus


@transaction.atomic
def sluit_casus_af(*, casus: Casus, afsluiting: Afsluiting, uitkomsten, door) -> Afsluiting:
    """The status change goes first: a second closing is refused by the transition table before
    anything is written. The row lock makes two simultaneous closings meet that refusal too."""
    casus.status = Casus.objects.select_for_update().values_list("status", flat=True).get(pk=casus.pk)
    zet_casus_status(casus=casus, naar=Casus.Status.AFGESLOTEN, door=door, toelichting="Casus afgesloten")
    afsluiting.casus = casus
    afsluiting.door = door
    afsluiting.save()
    afsluiting.uitkomsten.set(uitkomsten)
    log_mutatie(door, afsluiting, None)
    return afsluiting


def registreer_bezoek(*, gebruiker, casus: Casus) -> None:
    """Remember that this professional opened the case now (the start page's "new since my last
    visit"). One upsert, the same query on the first visit as on the hundredth."""
    CasusBezoek.objects.bulk_create(
        [CasusBezoek(gebruiker=gebruiker, casus=casus, laatst_bekeken=timezone.now())],
        update_conflicts=True, unique_fields=["gebruiker", "casus"], update_fields=["laatst_bekeken"],
    )
