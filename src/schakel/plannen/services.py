"""Adopting and changing a plan van aanpak; each function is one transaction and writes its own history."""
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from schakel.casussen.models import Casus, CasusBetrokkenheid, organisaties_onder_convenant
from schakel.casussen.services import betrek_organisatie, zet_casus_status
from schakel.gebruikers.models import Gebruiker
from schakel.gebruikers.rollen import Rol
from schakel.monitoring.services import plan_monitoring
from schakel.notificaties.services import acties_toegewezen
from schakel.privacy.models import Mutatielog
from schakel.privacy.services import log_mutatie, waarden

from .models import Actie, Doel, PlanVanAanpak

PLAN_VELDEN = ["type", "casushouder", "vastgesteld_in", "client_akkoord", "toelichting", "categorie"]
DOEL_VELDEN = ["leefgebied", "omschrijving", "categorie"]
ACTIE_VELDEN = ["organisatie", "eigenaar", "omschrijving", "categorie", "deadline", "status", "reden_niet_gedaan"]


def casus_begin(casus: Casus):
    """The day the case started: nothing in its plan can be adopted or due before it."""
    return timezone.localtime(casus.geopend_op).date()


def controleer_vergadering(vastgesteld_in) -> None:
    """A plan is adopted in a meeting that has taken place (the forms say so on the field; this stops a
    forged or stale post). The dates against the case's start are checked by the forms only: history
    recorded afterwards, as the seed and imports do, may predate the case record."""
    if vastgesteld_in is not None and vastgesteld_in.datum > timezone.now():
        raise ValidationError(f"{vastgesteld_in} heeft nog niet plaatsgevonden. Er is niets opgeslagen.")


def houder_organisaties(casus: Casus):
    """Organisations that can hold this case or one of its actions: holding makes them involved, and
    involvement only opens the case under an annex in force for its conference type."""
    return organisaties_onder_convenant(casus.overlegtype_id)


def mogelijke_houders(casus: Casus):
    """The people a case or an action can be given to: active partner professionals of an
    organisation that can hold it. Nobody else would ever be able to open the case."""
    return (
        Gebruiker.objects.filter(
            is_active=True, rol_toekenningen__rol=Rol.PARTNER, organisatie__in=houder_organisaties(casus)
        )
        .select_related("organisatie")
        .order_by("organisatie__naam", "last_name", "first_name", "pk")
        .distinct()
    )


def controleer_houders(casus: Casus, *, casushouder=None, acties=()) -> None:
    """Refuses a holder who could never see the case; the forms offer only valid ones, this stops a
    forged or stale post."""
    organisaties = set(houder_organisaties(casus).values_list("pk", flat=True))
    personen = set(mogelijke_houders(casus).filter(
        pk__in=[p.pk for p in [casushouder, *(a.eigenaar for a in acties)] if p is not None]
    ).values_list("pk", flat=True))
    overleg = casus.overlegtype
    if casushouder is not None and casushouder.pk not in personen:
        raise ValidationError(
            f"{casushouder} kan niet de casushouder zijn: alleen een professional van een organisatie die de "
            f"convenantbijlage voor {overleg} noemt, kan deze casus zien. Er is niets opgeslagen."
        )
    for actie in acties:
        if actie.organisatie_id not in organisaties:
            raise ValidationError(
                f"{actie.organisatie} kan geen actie krijgen: de convenantbijlage voor {overleg} noemt deze organisatie niet, "
                "dus zij kan de casus niet zien. Er is niets opgeslagen."
            )
        if actie.eigenaar is not None and (
            actie.eigenaar.pk not in personen or actie.eigenaar.organisatie_id != actie.organisatie_id
        ):
            raise ValidationError(
                f"{actie.eigenaar} kan deze actie niet krijgen: alleen een professional van {actie.organisatie} "
                "die de casus kan zien. Er is niets opgeslagen."
            )


def _betrek_houders(plan: PlanVanAanpak, acties) -> None:
    # Involvement is what need-to-know runs on: whoever holds the case or an action must see it.
    betrek_organisatie(
        casus=plan.casus, organisatie=plan.casushouder.organisatie, rol=CasusBetrokkenheid.Rol.CASUSHOUDER,
        gebruiker=plan.casushouder,
    )
    for actie in acties:
        betrek_organisatie(
            casus=plan.casus, organisatie=actie.organisatie, rol=CasusBetrokkenheid.Rol.ACTIEHOUDER, gebruiker=actie.eigenaar
        )


@transaction.atomic
def stel_plan_vast(*, casus: Casus, plan: PlanVanAanpak, doelen: list[Doel], acties: list[Actie], door) -> PlanVanAanpak:
    """`plan`, `doelen` and `acties` are unsaved instances from the forms."""
    # Lock the case: two staff members adopting a plan at once must not both get through.
    casus = Casus.objects.select_for_update().get(pk=casus.pk)
    if PlanVanAanpak.objects.filter(casus=casus).exists():
        raise ValidationError("Deze casus heeft al een plan van aanpak; wijzig het bestaande plan.")
    if casus.status != Casus.Status.AANGEMELD:
        raise ValidationError("Alleen voor een aangemelde casus kan een plan van aanpak worden vastgesteld.")
    if not doelen or not acties:
        raise ValidationError("Een plan van aanpak heeft minstens één doel en één actie.")
    controleer_houders(casus, casushouder=plan.casushouder, acties=acties)
    controleer_vergadering(plan.vastgesteld_in)
    plan.casus = casus
    plan.save()
    log_mutatie(door, plan, None)
    for doel in doelen:
        doel.plan = plan
        doel.save()
        log_mutatie(door, doel, None)
    for actie in acties:
        actie.plan = plan
        actie.status = Actie.Status.OPEN
        actie.save()
        log_mutatie(door, actie, None)
    _betrek_houders(plan, acties)
    acties_toegewezen(acties, door=door)
    zet_casus_status(casus=casus, naar=Casus.Status.IN_BEHANDELING, door=door, toelichting="Plan van aanpak vastgesteld")
    plan_monitoring(casus=casus, vanaf=plan.vastgesteld_op, door=door)
    return plan


def _oude_waarden(model, objecten, velden) -> dict[int, dict]:
    pks = [o.pk for o in objecten if o.pk]
    return {o.pk: waarden(o, velden) for o in model.objects.filter(pk__in=pks)}


@transaction.atomic
def wijzig_plan(
    *, plan: PlanVanAanpak, doelen: list[Doel], verwijderde_doelen: list[Doel], acties: list[Actie], door
) -> PlanVanAanpak:
    """`plan` carries the new values; `doelen`/`acties` are new or changed instances (forms applied)."""
    vergrendeld = PlanVanAanpak.objects.select_for_update().select_related("casus").get(pk=plan.pk)
    if vergrendeld.casus.status == Casus.Status.AFGESLOTEN:
        # A closed case's plan is history; a new holder would also gain access to the closed case.
        raise ValidationError("De casus is afgesloten; het plan van aanpak ligt vast.")
    oud_plan = waarden(vergrendeld, PLAN_VELDEN)
    # Only a holder that is new here is checked: an action kept as it was stays valid history, even
    # when its organisation's covenant has since ended.
    oud_houders = dict(Actie.objects.filter(plan=plan).values_list("pk", "organisatie_id"))
    oud_eigenaars = dict(Actie.objects.filter(plan=plan).values_list("pk", "eigenaar_id"))
    controleer_houders(
        vergrendeld.casus,
        casushouder=plan.casushouder if plan.casushouder_id != vergrendeld.casushouder_id else None,
        acties=[a for a in acties if a.pk is None or oud_houders.get(a.pk) != a.organisatie_id
                or oud_eigenaars.get(a.pk) != a.eigenaar_id],
    )
    if plan.vastgesteld_in_id != vergrendeld.vastgesteld_in_id:
        controleer_vergadering(plan.vastgesteld_in)
    plan.save()
    log_mutatie(door, plan, oud_plan)
    oud_doelen = _oude_waarden(Doel, doelen, DOEL_VELDEN)
    oud_acties = _oude_waarden(Actie, acties, ACTIE_VELDEN)
    for doel in doelen:
        doel.plan = plan
        doel.save()
        log_mutatie(door, doel, oud_doelen.get(doel.pk))
    for doel in verwijderde_doelen:
        Mutatielog.objects.create(
            gebruiker=door, objecttype=doel._meta.model_name, object_id=doel.pk, actie="verwijderd",
            wijzigingen={k: [v, None] for k, v in waarden(doel, DOEL_VELDEN).items()},
        )
        doel.delete()
    for actie in acties:
        actie.plan = plan
        actie.save()
        log_mutatie(door, actie, oud_acties.get(actie.pk))
    if not plan.doelen.exists():
        raise ValidationError("Een plan van aanpak houdt minstens één doel.")
    _betrek_houders(plan, acties)
    # Only a new action or a new owner is news to its owner; an unchanged one was announced before.
    acties_toegewezen([a for a in acties if oud_eigenaars.get(a.pk) != a.eigenaar_id], door=door)
    return plan


def mag_actie_wijzigen(user, actie: Actie) -> bool:
    """House staff, and the professionals of the organisation that holds the action."""
    return user.is_processtaf or (user.heeft_rol(Rol.PARTNER) and user.organisatie_id == actie.organisatie_id)


def controleer_actie_wijzigen(user, actie: Actie) -> None:
    """The check before a status change (screen and API): the user sees the case and may change the action."""
    if not Casus.objects.for_user(user).filter(pk=actie.plan.casus_id).exists() or not mag_actie_wijzigen(user, actie):
        raise PermissionDenied


@transaction.atomic
def zet_actie_status(*, actie: Actie, status: str, reden: str, door) -> Actie:
    if status not in Actie.Status.values:
        raise ValidationError("Kies een geldige status.")
    reden = (reden or "").strip()
    if status == Actie.Status.NIET_GEDAAN and not reden:
        raise ValidationError("Geef aan waarom de actie niet is gedaan.")
    actie = Actie.objects.select_for_update(of=("self",)).select_related("plan__casus").get(pk=actie.pk)
    if actie.plan.casus.status == Casus.Status.AFGESLOTEN:
        raise ValidationError("De casus is afgesloten; de acties liggen vast.")
    oud = waarden(actie, ["status", "reden_niet_gedaan"])
    actie.status = status
    # A reason only belongs to "niet gedaan": reopening or finishing clears it.
    actie.reden_niet_gedaan = reden if status == Actie.Status.NIET_GEDAAN else ""
    actie.save(update_fields=["status", "reden_niet_gedaan"])
    log_mutatie(door, actie, oud)
    return actie
