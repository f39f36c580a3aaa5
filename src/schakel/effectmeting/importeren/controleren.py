"""Checking a whole file before anything is written: every row on its own, numbers that repeat,
the persons, and what the database already holds. One bad row and nothing is written; every bad row
is reported with its line."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TextIO

from django.utils import timezone

from schakel.core.bestanden import Lezer, RegelFouten, tekst, voortgangsbalk
from schakel.core.kopie import zoek

from . import personen, regels
from .regels import Rij, Soort


@dataclass
class Plan:
    """What the file will do, once every check has passed."""

    soort: Soort
    naam: str
    sha256: str
    regels: int
    # (number, person id, *the model's own values), in file order
    nieuw: list[tuple] = field(default_factory=list)
    al_aanwezig: int = 0
    onbekend: int = 0
    # Detention periods that were open and get their end date: (id in Schakel, einde)
    afsluiten: list[tuple[int, date]] = field(default_factory=list)


def controleer(soort: Soort, pad, voortgang: TextIO | None = None) -> Plan:
    """Raises BestandFout (the file as a whole) or RegelFouten (rows); then nothing is written."""
    lezer = Lezer(pad, soort.kop)
    regels.controleer_kolommen(lezer.kolommen)
    cellen = regels.Cellen(timezone.localdate())
    fouten: list[tuple[int, str]] = []
    rijen: list[Rij] = []
    eerste: dict[str, int] = {}
    paren: dict[tuple, personen.Paar] = {}
    with voortgangsbalk(lezer.schatting, "Lezen en controleren", voortgang) as rijbalk:
        for lijn, w in lezer:
            # On the raw number, so a repeat is reported even when one of the two rows has other faults.
            nummer = tekst(w[soort.nummer])
            if nummer:
                eerder = eerste.setdefault(nummer, lijn)
                if eerder != lijn:
                    fouten.append((lijn, f"{soort.nummer} '{nummer}' komt al voor op regel {eerder}"))
            rij, rij_fouten = regels.controleer_rij(soort, lijn, w, cellen)
            if rij is None:
                fouten.extend((lijn, f) for f in rij_fouten)
            else:
                rijen.append(rij)
                paar = paren.get((rij.persoon_id, rij.bsn))
                if paar is None:
                    paren[(rij.persoon_id, rij.bsn)] = personen.Paar(lijn)
                else:
                    paar.regels += 1
            rijbalk.update(1)
    fouten[:0] = lezer.fouten
    del eerste

    persoon_van = personen.koppel(paren, fouten)
    bestaand = _bestaand(soort, [r.nummer for r in rijen])
    plan = Plan(soort=soort, naam=lezer.naam, sha256=lezer.sha256, regels=lezer.aantal + len(lezer.fouten))
    for r in rijen:
        paar = (r.persoon_id, r.bsn)
        if paar not in persoon_van:
            continue  # its person contradicts itself or Schakel; reported above
        eerder = bestaand.get(r.nummer)
        if eerder is not None:
            _al_aanwezig(plan, r, eerder, fouten)
        elif persoon_van[paar] is None:
            plan.onbekend += 1
        else:
            plan.nieuw.append((r.nummer, persoon_van[paar], *r.waarden))
    if fouten:
        fouten.sort(key=lambda f: f[0])
        raise RegelFouten(fouten, len({lijn for lijn, _ in fouten}))
    return plan


def _bestaand(soort: Soort, nummers: list[str]) -> dict[str, tuple]:
    """The rows already in Schakel with one of these numbers: detention periods with their dates,
    so an open one can be closed; registrations need only be known to exist."""
    kolommen = [soort.nummer, "id", "begin", "einde"] if soort is regels.DETENTIES else [soort.nummer]
    return {rij[0]: rij[1:] for rij in zoek(soort.model, soort.nummer, nummers, kolommen)}


def _al_aanwezig(plan: Plan, r: Rij, eerder: tuple, fouten: list) -> None:
    """An import never changes what an earlier one brought, except that an open detention period
    gets the end date a later export gives it (the period has ended since)."""
    plan.al_aanwezig += 1
    if plan.soort is not regels.DETENTIES:
        return
    pk, begin, einde = eerder
    nieuw_begin, nieuw_einde = r.waarden
    if nieuw_begin != begin:
        fouten.append((r.lijn, f"detentie_id '{r.nummer}' is eerder geïmporteerd met begin {begin.isoformat()}; "
                               "een import wijzigt geen bestaande periode"))
    elif einde is None and nieuw_einde is not None:
        plan.al_aanwezig -= 1
        plan.afsluiten.append((pk, nieuw_einde))
    elif einde is not None and nieuw_einde != einde:
        fouten.append((r.lijn, f"detentie_id '{r.nummer}' is eerder geïmporteerd met einde {einde.isoformat()}; "
                               "een import wijzigt geen bestaande periode"))
