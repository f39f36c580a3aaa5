from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from schakel.notificaties.services import uitvraag_ontvangen
from schakel.privacy.services import log_mutatie, waarden

from .models import InformatieUitvraag


@transaction.atomic
def vraag_uit(*, uitvraag: InformatieUitvraag, melding, door) -> InformatieUitvraag:
    uitvraag.melding = melding
    uitvraag.gevraagd_door = door
    uitvraag.save()
    log_mutatie(door, uitvraag, None)
    uitvraag_ontvangen(uitvraag, door=door)
    return uitvraag


@transaction.atomic
def beantwoord(*, uitvraag: InformatieUitvraag, antwoord: str, door, categorie=None) -> InformatieUitvraag:
    # Lock the row: two contacts of one municipality answering at once must not overwrite each other.
    uitvraag = InformatieUitvraag.objects.select_for_update().get(pk=uitvraag.pk)
    if uitvraag.status != InformatieUitvraag.Status.OPEN:
        raise ValidationError("Deze uitvraag is al beantwoord.")
    oud = waarden(uitvraag, ["status", "antwoord", "categorie", "beantwoord_door", "beantwoord_op"])
    uitvraag.antwoord = antwoord
    # The municipality decides once, with its answer, who beyond the house may read it.
    uitvraag.categorie = categorie
    uitvraag.status = InformatieUitvraag.Status.BEANTWOORD
    uitvraag.beantwoord_door = door
    uitvraag.beantwoord_op = timezone.now()
    uitvraag.save()
    log_mutatie(door, uitvraag, oud)
    return uitvraag
