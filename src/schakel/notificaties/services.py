"""Deciding who gets which notification. Called inside the domain services' transactions: the
records are written with the change that caused them and the mails are queued only once it commits,
so a rolled-back change sends nothing."""
import logging
from functools import partial

from django.db import IntegrityError, transaction

from schakel.gebruikers.models import Gebruiker
from schakel.gebruikers.rollen import Rol

from .models import Notificatie

logger = logging.getLogger(__name__)

Soort = Notificatie.Soort


def bereikbaar(qs):
    """Only active accounts with an address can be mailed."""
    return qs.filter(is_active=True).exclude(email="")


def kondig_aan(soort: str, object_id: int, ontvanger_ids, *, door=None, wachtrij=True) -> list[int]:
    """Records one notification per recipient that has not had this one about this object yet and
    (unless the caller sends them itself) queues their mails after commit; returns the new records'
    ids. The person who caused it is not told about his own doing."""
    ids = set(ontvanger_ids) - ({door.pk} if door is not None else set())
    if not ids:
        return []
    al = set(
        Notificatie.objects.filter(soort=soort, object_id=object_id, ontvanger_id__in=ids).values_list("ontvanger_id", flat=True)
    )
    nieuw = []
    for ontvanger_id in sorted(ids - al):
        try:
            # A savepoint: a concurrent trigger that wrote the same row first wins, this one skips.
            with transaction.atomic():
                nieuw.append(Notificatie.objects.create(soort=soort, object_id=object_id, ontvanger_id=ontvanger_id).pk)
        except IntegrityError:
            continue
    if nieuw and wachtrij:
        transaction.on_commit(partial(_in_wachtrij, nieuw))
    return nieuw


def _in_wachtrij(pks: list[int]) -> None:
    from django_q.tasks import async_task

    from .tasks import TAAK_VERSTUUR

    try:
        async_task(TAAK_VERSTUUR, pks)
    except Exception:
        # The change itself is committed; the daily run sends whatever the queue did not take.
        logger.exception("Notificaties %s niet in de wachtrij gezet", pks)


def uitvraag_ontvangen(uitvraag, *, door=None) -> list[int]:
    """The municipal contacts of the municipality the request is for."""
    contacten = bereikbaar(
        Gebruiker.objects.filter(rol_toekenningen__rol=Rol.GEMEENTE_CONTACT, contactgemeenten=uitvraag.gemeente_id)
    ).values_list("pk", flat=True)
    return kondig_aan(Soort.UITVRAAG, uitvraag.pk, contacten, door=door)


def acties_toegewezen(acties, *, door=None) -> list[int]:
    """Each open action's owner, once per action and owner (a new owner is told again)."""
    from schakel.plannen.models import Actie

    eigenaars = {a.eigenaar_id for a in acties if a.eigenaar_id}
    mailbaar = set(bereikbaar(Gebruiker.objects.filter(pk__in=eigenaars)).values_list("pk", flat=True))
    nieuw = []
    for actie in acties:
        if actie.eigenaar_id in mailbaar and actie.status == Actie.Status.OPEN:
            nieuw += kondig_aan(Soort.ACTIE_TOEGEWEZEN, actie.pk, [actie.eigenaar_id], door=door)
    return nieuw


def uitgenodigd(overleg, deelnemers, *, door=None) -> list[int]:
    """The people behind newly invited participants of a meeting that has yet to start: the named
    professional, or for an organisation invited as such its partner professionals. A guest
    without an account is invited outside Schakel."""
    from django.utils import timezone

    if overleg.datum <= timezone.now():
        return []
    personen = {d.gebruiker_id for d in deelnemers if d.gebruiker_id}
    organisaties = {d.organisatie_id for d in deelnemers if not d.gebruiker_id and not d.naam}
    ontvangers = set(bereikbaar(Gebruiker.objects.filter(pk__in=personen)).values_list("pk", flat=True))
    if organisaties:
        ontvangers |= set(
            bereikbaar(Gebruiker.objects.filter(organisatie__in=organisaties, rol_toekenningen__rol=Rol.PARTNER))
            .values_list("pk", flat=True)
        )
    return kondig_aan(Soort.UITNODIGING_OVERLEG, overleg.pk, ontvangers, door=door)
