"""The duplicate safeguard: is this person already known to the house?

It looks across *all* persons on purpose. House staff get the hits with counts, an active case and
its procesregisseur, and pick the person. A partner learns one thing only: "known here, contact the
house" (no person, no count, no case number: two BSNs with one case number would link two people),
so the safeguard is no BSN oracle; its checks are rate-limited per user and every hit is written to
the access log with the person found (never the BSN)."""
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q

from schakel.casussen.models import Casus
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from .models import Persoon, zoeknaam


HUIS_CONTACT = "de informatiecoördinator van het Zorg- en Veiligheidshuis"
BEKEND_BIJ_HUIS = (
    "Deze persoon is bekend bij het Zorg- en Veiligheidshuis. Neem contact op met het huis "
    f"({HUIS_CONTACT}); het huis koppelt uw melding aan de juiste persoon."
)
# Checks per partner user per window (seconds); enough for a busy day of real registrations, far too
# few to walk a list of BSNs. Settings may override both (read per call, so tests can too).
CONTROLE_LIMIET = 20
CONTROLE_VENSTER = 3600


class TeVeelControles(Exception):
    """Raised before the check runs: the user has used up the checks of this window."""

    boodschap = (
        "U heeft in korte tijd te veel personen gecontroleerd. Uw melding is niet opgeslagen. "
        f"Probeer het later opnieuw of neem contact op met {HUIS_CONTACT}."
    )


@dataclass
class Dubbelingstreffer:
    persoon: Persoon
    aantal_meldingen: int
    actieve_casus: bool
    contact: str
    mag_inzien: bool
    reden: str


def zoek_bekende_personen(*, bsn: str | None, achternaam: str, geboortedatum) -> list[Persoon]:
    voorwaarden = Q()
    if bsn:
        voorwaarden |= Q(bsn=bsn)
    if achternaam and geboortedatum:
        voorwaarden |= Q(zoeknaam=zoeknaam(achternaam), geboortedatum=geboortedatum)
    if not voorwaarden:
        return []
    actief = Casus.objects.actief().filter(personen=OuterRef("pk"))
    return list(
        Persoon.objects.filter(voorwaarden)
        .annotate(aantal_meldingen=Count("meldingkoppelingen"), heeft_actieve_casus=Exists(actief))
        .order_by("pk")[:10]
    )


def _contact(persoon: Persoon) -> str:
    casus = (
        Casus.objects.actief().filter(personen=persoon, procesregisseur__isnull=False).select_related("procesregisseur").first()
    )
    if casus is not None:
        return f"procesregisseur {casus.procesregisseur} (casus {casus.nummer})"
    return HUIS_CONTACT


def tel_controle(user) -> None:
    """Fixed-window counter in the configured cache (Redis in production, local memory in tests).
    House staff are not limited: they see every person anyway, so their checks reveal nothing new."""
    if user.is_processtaf:
        return
    limiet = getattr(settings, "DUBBELINGSCONTROLE_LIMIET", CONTROLE_LIMIET)
    duur = getattr(settings, "DUBBELINGSCONTROLE_VENSTER", CONTROLE_VENSTER)
    sleutel = f"dubbelingscontrole:{user.pk}:{int(time.time() // duur)}"
    cache.add(sleutel, 0, duur)
    try:
        aantal = cache.incr(sleutel)
    except ValueError:  # evicted between add and incr
        cache.set(sleutel, 1, duur)
        aantal = 1
    if aantal > limiet:
        raise TeVeelControles


def partnercontrole(user, *, bsn: str | None, achternaam: str, geboortedatum) -> list[Persoon]:
    """The partner's check: the persons found, for the caller to store a pending link and to log;
    the partner itself is told only BEKEND_BIJ_HUIS. Rate-limited (TeVeelControles)."""
    tel_controle(user)
    return zoek_bekende_personen(bsn=bsn, achternaam=achternaam, geboortedatum=geboortedatum)


def log_controle(user, objecttype: str, object_id: int, personen) -> None:
    """One access-log row per person found, against the melding the check was made for."""
    log_toegang(
        user, Toegangslog.Actie.DUBBELINGSTREFFER, objecttype, [(object_id, [p.pk for p in personen])],
        "Dubbelingscontrole bij registratie",
    )


def dubbelingstreffers(user, *, bsn: str | None, achternaam: str, geboortedatum) -> list[Dubbelingstreffer]:
    """The staff answer: who, how often, which case and whom to call."""
    if not user.is_processtaf:
        raise PermissionDenied("Alleen medewerkers van het huis zien wie er bekend is.")
    gevonden = zoek_bekende_personen(bsn=bsn, achternaam=achternaam, geboortedatum=geboortedatum)
    if not gevonden:
        return []
    zichtbaar = set(Persoon.objects.for_user(user).filter(pk__in=[p.pk for p in gevonden]).values_list("pk", flat=True))
    treffers = [
        Dubbelingstreffer(
            persoon=p,
            aantal_meldingen=p.aantal_meldingen,
            actieve_casus=p.heeft_actieve_casus,
            contact=_contact(p) if p.heeft_actieve_casus else HUIS_CONTACT,
            mag_inzien=p.pk in zichtbaar,
            reden="zelfde BSN" if bsn and p.bsn == bsn else "zelfde achternaam en geboortedatum",
        )
        for p in gevonden
    ]
    log_toegang(
        user, Toegangslog.Actie.DUBBELINGSTREFFER, "persoon", [(p.pk, [p.pk]) for p in gevonden], "Dubbelingscontrole bij registratie"
    )
    return treffers
