"""Scheduled work of monitoring: the daily reminder mail (django-q2 schedule, or `schakel herinneringen`)."""
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from schakel.gebruikers.models import Gebruiker
from schakel.gebruikers.rollen import Rol

from .models import Monitoringcontact
from .services import open_contacten

logger = logging.getLogger(__name__)

TAAK = "schakel.monitoring.tasks.verstuur_herinneringen"


def _ontvangers(contact, fallback: list[str]) -> list[str]:
    pr = contact.casus.procesregisseur
    if pr is not None and pr.is_active and pr.email:
        return [pr.email]
    return fallback


def verstuur_herinneringen(vandaag=None) -> int:
    """Mail the procesregisseur once per due monitoring contact; returns the number of mails sent.

    Each contact is claimed with a conditional UPDATE before its mail goes out, so two runs (even at
    the same moment) send one mail: only the run whose UPDATE changed the row sends."""
    contacten = list(
        open_contacten(vandaag).filter(herinnering_verstuurd_op__isnull=True).select_related("casus__procesregisseur")
    )
    if not contacten:
        return 0
    fallback = sorted(
        Gebruiker.objects.filter(is_active=True, rol_toekenningen__rol=Rol.PROCESREGISSEUR)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    verstuurd = 0
    for contact in contacten:
        ontvangers = _ontvangers(contact, fallback)
        if not ontvangers:
            logger.warning("Geen ontvanger voor herinnering monitoringcontact %s", contact.pk)
            continue
        geclaimd = Monitoringcontact.objects.filter(pk=contact.pk, herinnering_verstuurd_op__isnull=True).update(
            herinnering_verstuurd_op=timezone.now()
        )
        if geclaimd != 1:
            continue
        link = settings.SCHAKEL_URL.rstrip("/") + reverse("monitoring:contact", args=[contact.pk])
        # Mail leaves the system: the case number only, never a name or BSN.
        onderwerp = f"Monitoring casus {contact.casus.nummer}: {contact.termijn.lower()}"
        tekst = (
            f"Het monitoringcontact '{contact.termijn}' van casus {contact.casus.nummer} stond gepland op "
            f"{contact.gepland_op:%d-%m-%Y} en is nog niet vastgelegd.\n\n"
            f"Neem contact op met de casushouder en leg de uitkomst vast:\n{link}\n"
        )
        try:
            send_mail(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, ontvangers, fail_silently=False)
        except Exception:
            # Release the claim so the next run tries again instead of silently dropping the reminder.
            Monitoringcontact.objects.filter(pk=contact.pk).update(herinnering_verstuurd_op=None)
            logger.exception("Herinnering monitoringcontact %s niet verstuurd", contact.pk)
            continue
        verstuurd += 1
    return verstuurd
