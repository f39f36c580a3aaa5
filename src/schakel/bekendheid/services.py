"""Publishing the house's pseudonyms to the middenvelder, and asking it about one person.

Publishing never fails the user's work: it runs after the commit, and a failure only marks the
link as behind (`Koppeling.achterstand`); the task every minute then publishes the whole set again
(tasks.py). Asking has a short timeout and answers "niet bereikbaar" instead of an error."""
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from schakel.casussen.models import Casus
from schakel.personen.models import Persoon
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from . import client
from .models import Koppeling
from .pseudoniem import pseudoniem

logger = logging.getLogger(__name__)

NIET_BEREIKBAAR = "Bekendheidscheck niet bereikbaar: of deze persoon bij een ander Zorg- en Veiligheidshuis bekend is, is nu niet na te gaan."
# After a failure, direct publication after a case change waits this long, so a down middenvelder
# does not slow every case closing by the timeout; the minute task catches up meanwhile.
RUSTTIJD = timedelta(seconds=60)
VOLLEDIG_TIMEOUT = 30


def _met_bsn_in_actieve_casus(persoon_ids=None):
    qs = Persoon.objects.filter(bsn__isnull=False, casussen__in=Casus.objects.actief())
    if persoon_ids is not None:
        qs = qs.filter(pk__in=persoon_ids)
    return qs.values_list("pk", "bsn").distinct()


def _gelukt(**velden) -> None:
    nu = timezone.now()
    Koppeling.huidig()
    Koppeling.objects.filter(pk=1).update(laatste_poging=nu, laatste_succes=nu, **velden)


def _mislukt(fout: client.Onbereikbaar) -> None:
    nu = timezone.now()
    Koppeling.huidig()
    Koppeling.objects.filter(pk=1).update(
        laatste_poging=nu, laatste_fout_op=nu, laatste_fout=str(fout)[:200], achterstand=True
    )
    logger.warning("bekendheidscheck: publiceren bij de middenvelder mislukt (%s); wordt opnieuw geprobeerd", fout)


def publiceer() -> int:
    """Full sync: the middenvelder's set for this house becomes exactly the pseudonyms of the persons
    with a BSN in an active case. Idempotent. Returns the number published; raises Onbereikbaar
    (after marking the link as behind) when the middenvelder cannot be reached."""
    if not client.ingesteld():
        return 0
    pseudoniemen = sorted({pseudoniem(bsn) for _, bsn in _met_bsn_in_actieve_casus()})
    try:
        client.verstuur("PUT", "/v1/pseudoniemen", {"pseudoniemen": pseudoniemen}, timeout=VOLLEDIG_TIMEOUT)
    except client.Onbereikbaar as e:
        _mislukt(e)
        raise
    _gelukt(laatste_volledig=timezone.now(), achterstand=False, gepubliceerd=len(pseudoniemen))
    return len(pseudoniemen)


def werk_bij(persoon_ids) -> None:
    """Delta for these persons: published while in an active case of this house, withdrawn when
    their last active case closed. Never raises: a failure leaves the link behind for the task."""
    if not client.ingesteld():
        return
    k = Koppeling.huidig()
    if k.achterstand and k.laatste_fout_op and timezone.now() - k.laatste_fout_op < RUSTTIJD:
        return
    actief = dict(_met_bsn_in_actieve_casus(persoon_ids))
    alle = dict(Persoon.objects.filter(pk__in=persoon_ids, bsn__isnull=False).values_list("pk", "bsn"))
    publiceer_ = sorted({pseudoniem(bsn) for bsn in actief.values()})
    intrekken = sorted({pseudoniem(bsn) for pk, bsn in alle.items() if pk not in actief})
    if not publiceer_ and not intrekken:
        return
    try:
        client.verstuur("POST", "/v1/wijzigingen", {"publiceer": publiceer_, "intrekken": intrekken})
    except client.Onbereikbaar as e:
        _mislukt(e)
        return
    _gelukt()


def na_wijziging(persoon_ids) -> None:
    """Called by the case services inside their transaction: publish after the commit, never in it."""
    if client.ingesteld() and persoon_ids:
        ids = list(persoon_ids)
        # robust: whatever goes wrong after the commit is logged, never the user's error.
        transaction.on_commit(lambda: werk_bij(ids), robust=True)


def na_wijziging_casus(casus: Casus) -> None:
    """The same for all persons of a case (closed): no query at all when no middenvelder is set."""
    if client.ingesteld():
        na_wijziging(casus.personen.values_list("pk", flat=True))


@dataclass(frozen=True)
class Bekendheid:
    """The answer of the middenvelder: the other houses that know the person, with their contact point."""

    bereikbaar: bool
    bekend_bij: list[dict] = field(default_factory=list)

    @property
    def melding(self) -> str:
        if not self.bereikbaar:
            return NIET_BEREIKBAAR
        return "; ".join(f"Ook bekend bij {h['huis']}, contactpunt {h['contactpunt']}" for h in self.bekend_bij)

    def als_dict(self) -> dict:
        return {"bereikbaar": self.bereikbaar, "bekend_bij": list(self.bekend_bij), "melding": self.melding}


def _geldig_antwoord(antwoord: dict) -> list[dict]:
    lijst = antwoord.get("bekend_bij")
    if not isinstance(lijst, list) or not all(
        isinstance(h, dict) and isinstance(h.get("huis"), str) and isinstance(h.get("contactpunt"), str) for h in lijst
    ):
        raise client.Onbereikbaar("onverwacht antwoord")
    return [{"huis": h["huis"], "contactpunt": h["contactpunt"]} for h in lijst]


def vraag(user, *, bsn: str | None, persoon_ids, aanleiding: str) -> Bekendheid | None:
    """Ask once which other houses know the person with this BSN. None when there is nothing to ask
    (no middenvelder configured, no BSN). Logged in the access log with the person(s) found here,
    never the BSN or the pseudonym."""
    if not client.ingesteld() or not bsn:
        return None
    try:
        antwoord = Bekendheid(True, _geldig_antwoord(client.verstuur("POST", "/v1/vraag", {"pseudoniem": pseudoniem(bsn)})))
        doel = f"Bekendheidscheck ({aanleiding}): bekend bij {len(antwoord.bekend_bij)} andere huizen"
    except client.Onbereikbaar as e:
        logger.warning("bekendheidscheck: middenvelder niet bereikbaar bij een vraag (%s)", e)
        antwoord = Bekendheid(False)
        doel = f"Bekendheidscheck ({aanleiding}): niet bereikbaar"
    ids = list(persoon_ids or [])
    items = [(pk, [pk]) for pk in ids] if ids else [(0, [])]
    log_toegang(user, Toegangslog.Actie.BEKENDHEIDSCHECK, "persoon" if ids else "bekendheidscheck", items, doel)
    return antwoord
