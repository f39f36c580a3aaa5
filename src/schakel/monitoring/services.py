"""Monitoring after adoption: the contact schedule, recording contacts and extensions past the six months."""
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from schakel.casussen.models import Casus
from schakel.privacy.services import log_mutatie, waarden

from .models import Monitoringcontact, Monitoringtermijn, Verlenging

# Target of the process: a case is closed within six months of adoption (design §2).
STANDAARD_AFSLUITTERMIJN_DAGEN = 182


def plan_monitoring(*, casus: Casus, vanaf, door) -> list[Monitoringcontact]:
    """One contact per active term, counted from the adoption date of the plan."""
    contacten = [
        Monitoringcontact(casus=casus, termijn=t.naam, gepland_op=vanaf + timedelta(days=t.dagen))
        for t in Monitoringtermijn.objects.filter(actief=True)
    ]
    for contact in contacten:
        contact.save()
        log_mutatie(door, contact, None)
    return contacten


def afsluittermijn_dagen() -> int:
    langste = Monitoringtermijn.objects.filter(actief=True).aggregate(m=models.Max("dagen"))["m"]
    return langste or STANDAARD_AFSLUITTERMIJN_DAGEN


def afsluitgrens(vandaag=None) -> date:
    """A plan adopted before this day is past the closing term today."""
    return (vandaag or timezone.localdate()) - timedelta(days=afsluittermijn_dagen())


def open_contacten(vandaag=None):
    """Contacts due today or earlier that nobody recorded yet, of cases still running."""
    vandaag = vandaag or timezone.localdate()
    return Monitoringcontact.objects.filter(uitgevoerd_op__isnull=True, gepland_op__lte=vandaag).exclude(
        casus__status=Casus.Status.AFGESLOTEN
    )


def over_afsluittermijn(vandaag=None):
    """Running cases whose plan is older than the closing term and that have no extension covering today."""
    return Casus.objects.over_afsluittermijn(vandaag)


@transaction.atomic
def leg_contact_vast(
    *, contact: Monitoringcontact, uitgevoerd_op, uitkomst: str, toelichting: str, door, categorie=None
) -> Monitoringcontact:
    contact = Monitoringcontact.objects.select_for_update().select_related("casus").get(pk=contact.pk)
    if contact.uitgevoerd_op is not None:
        raise ValidationError("Dit monitoringcontact is al vastgelegd.")
    if contact.casus.status == Casus.Status.AFGESLOTEN:
        raise ValidationError("De casus is afgesloten; monitoring is niet meer nodig.")
    if uitgevoerd_op > timezone.localdate():
        raise ValidationError("Een contact kan niet in de toekomst hebben plaatsgevonden. Er is niets opgeslagen.")
    oud = waarden(contact, ["uitgevoerd_op", "uitkomst", "toelichting", "categorie", "door"])
    contact.uitgevoerd_op = uitgevoerd_op
    contact.uitkomst = uitkomst
    contact.toelichting = toelichting
    # The category is decided here, once, with the text it describes (privacy.categorieen).
    contact.categorie = categorie if toelichting else None
    contact.door = door
    contact.save(update_fields=["uitgevoerd_op", "uitkomst", "toelichting", "categorie", "door"])
    log_mutatie(door, contact, oud)
    if uitkomst == Monitoringcontact.Uitkomst.STAGNEERT:
        # The overleggen app offers such cases for the next meeting and clears the mark when agendered.
        casus = contact.casus
        oud_casus = waarden(casus, ["heragenderen_sinds"])
        if casus.heragenderen_sinds is None:
            casus.heragenderen_sinds = timezone.now()
            casus.save(update_fields=["heragenderen_sinds"])
            log_mutatie(door, casus, oud_casus)
    return contact


@transaction.atomic
def verleng(*, casus: Casus, tot, reden: str, door, categorie=None) -> Verlenging:
    if casus.status == Casus.Status.AFGESLOTEN:
        raise ValidationError("Een afgesloten casus kan niet worden verlengd.")
    if tot <= timezone.localdate():
        raise ValidationError("Kies een datum na vandaag.")
    if not (reden or "").strip():
        raise ValidationError("Geef de reden voor de verlenging.")
    verlenging = Verlenging.objects.create(casus=casus, tot=tot, reden=reden.strip(), categorie=categorie, door=door)
    log_mutatie(door, verlenging, None)
    return verlenging
