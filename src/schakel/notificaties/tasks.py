"""Sending the notification mails (django-q2 task queued after commit) and the daily run for overdue
actions (django-q2 schedule registered in apps.py, or `schakel verlopen_acties`)."""
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Exists, OuterRef
from django.utils import timezone

from .berichten import opstellen
from .models import Notificatie
from .services import bereikbaar, kondig_aan

logger = logging.getLogger(__name__)

TAAK_VERSTUUR = "schakel.notificaties.tasks.verstuur"
TAAK_DAGELIJKS = "schakel.notificaties.tasks.dagelijks"

# Mail the queue never delivered (broker down, mail server down) is retried by the daily run for
# this long; older than that it would only confuse.
OPNIEUW_PROBEREN = timedelta(days=7)
# An action is reported when it becomes overdue. One whose deadline passed long ago (before this
# feature, or while the worker was down) did not just become overdue; a burst of old notices would
# teach people to ignore them.
VERLOPEN_VENSTER = timedelta(days=30)


def verstuur(pks) -> int:
    """Sends the mails of these notifications that have not gone yet; returns how many went.

    Each is claimed with a conditional UPDATE first, so the queue and the daily run (even at the
    same moment) send it once: only the run whose UPDATE changed the row sends."""
    verstuurd = 0
    for n in Notificatie.objects.filter(pk__in=list(pks), verstuurd_op__isnull=True).select_related("ontvanger"):
        if not bereikbaar(type(n.ontvanger).objects.filter(pk=n.ontvanger_id)).exists():
            logger.warning("Notificatie %s: ontvanger %s is niet (meer) per e-mail bereikbaar", n.pk, n.ontvanger_id)
            continue
        if Notificatie.objects.filter(pk=n.pk, verstuurd_op__isnull=True).update(verstuurd_op=timezone.now()) != 1:
            continue
        onderwerp, tekst = opstellen(n)
        try:
            send_mail(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [n.ontvanger.email], fail_silently=False)
        except Exception:
            # Release the claim so a later run tries again instead of silently dropping it.
            Notificatie.objects.filter(pk=n.pk).update(verstuurd_op=None)
            logger.exception("Notificatie %s (%s, object %s) niet verstuurd", n.pk, n.soort, n.object_id)
            continue
        # Who, what kind, which object, when: ids only, never an address or a name.
        logger.info("Notificatie %s verstuurd: %s, object %s, gebruiker %s", n.pk, n.soort, n.object_id, n.ontvanger_id)
        verstuurd += 1
    return verstuurd


def verlopen_acties(vandaag=None) -> list[int]:
    """Records the overdue notice for every open action whose deadline passed in the last 30 days
    and whose owner has not had one; returns the new records' ids. A closed case's actions are
    history and stay quiet."""
    from schakel.casussen.models import Casus
    from schakel.plannen.models import Actie

    vandaag = vandaag or timezone.localdate()
    al_gemeld = Notificatie.objects.filter(
        soort=Notificatie.Soort.ACTIE_VERLOPEN, object_id=OuterRef("pk"), ontvanger_id=OuterRef("eigenaar_id")
    )
    acties = (
        Actie.objects.filter(
            status=Actie.Status.OPEN, deadline__lt=vandaag, deadline__gte=vandaag - VERLOPEN_VENSTER, eigenaar__is_active=True
        )
        .exclude(eigenaar__email="")
        .exclude(plan__casus__status=Casus.Status.AFGESLOTEN)
        .exclude(Exists(al_gemeld))
        .values_list("pk", "eigenaar_id")
    )
    nieuw = []
    for actie_id, eigenaar_id in acties:
        # The daily run sends them itself, right after.
        nieuw += kondig_aan(Notificatie.Soort.ACTIE_VERLOPEN, actie_id, [eigenaar_id], wachtrij=False)
    return nieuw


def dagelijks(vandaag=None) -> int:
    """Overdue actions, plus any notification of the last week the queue did not deliver; returns
    the number of mails sent."""
    verlopen_acties(vandaag)
    open_ = Notificatie.objects.filter(
        verstuurd_op__isnull=True, aangemaakt_op__gte=timezone.now() - OPNIEUW_PROBEREN
    ).values_list("pk", flat=True)
    return verstuur(list(open_))
