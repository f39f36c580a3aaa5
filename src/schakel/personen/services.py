"""The duplicate safeguard: is this person already known to the house?

It looks across *all* persons on purpose: a partner must learn that the person is known and whom to
call, even where need-to-know hides the earlier meldingen themselves. It returns counts and a contact,
never content, and every hit is written to the access log."""
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from schakel.casussen.models import Casus
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from .models import Persoon, zoeknaam


HUIS_CONTACT = "de informatiecoördinator van het Zorg- en Veiligheidshuis"


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


def dubbelingstreffers(user, *, bsn: str | None, achternaam: str, geboortedatum) -> list[Dubbelingstreffer]:
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
