from django.core.exceptions import ValidationError
from django.db import transaction

from schakel.casussen.models import Casus
from schakel.privacy.services import log_mutatie

from .models import Knelpunt, Opschaling

BESLUIT_VELDEN = ["genomen_besluit", "besluit_op", "uitkomst"]
KNELPUNT_WIJZIG_VELDEN = ["status", "besluit"]


@transaction.atomic
def schaal_op(*, casus: Casus, opschaling: Opschaling, door) -> Opschaling:
    if casus.status == Casus.Status.AFGESLOTEN:
        raise ValidationError("Deze casus is afgesloten en kan niet meer worden opgeschaald.")
    opschaling.casus = casus
    opschaling.door = door
    opschaling.save()
    log_mutatie(door, opschaling, None)
    return opschaling


@transaction.atomic
def leg_besluit_vast(*, opschaling: Opschaling, oud: dict, door) -> Opschaling:
    """`opschaling` carries the new decision fields; `oud` their values before the form touched them."""
    opschaling.save(update_fields=BESLUIT_VELDEN)
    log_mutatie(door, opschaling, oud)
    return opschaling


@transaction.atomic
def meld_knelpunt(*, knelpunt: Knelpunt, door) -> Knelpunt:
    knelpunt.door = door
    knelpunt.save()
    log_mutatie(door, knelpunt, None)
    return knelpunt


@transaction.atomic
def wijzig_knelpunt(*, knelpunt: Knelpunt, oud: dict, door) -> Knelpunt:
    knelpunt.save(update_fields=KNELPUNT_WIJZIG_VELDEN)
    log_mutatie(door, knelpunt, oud)
    return knelpunt
