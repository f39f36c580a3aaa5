"""Importing police registrations (`schakel import-mutaties`) and detention periods
(`schakel import-detenties`) for the effect measurement.

Reading is shared with the historical import (core.bestanden), checking is regels.py (one row),
personen.py (who a row is about) and controleren.py (the file as a whole), writing is schrijven.py.

The rules:
- All or nothing per file: every bad row is reported as "Regel N: reden" and nothing is written.
- A row about a person Schakel does not know (or whose data was wiped) is not stored, only counted:
  the house keeps no police data about people it does not work with.
- Idempotent by number: a mutatie_id or detentie_id that was imported before is skipped and counted
  as "al aanwezig". An import never changes an earlier row, with one exception: an open detention
  period (no einde) gets the einde a later export gives it. A stored registration with other values
  in a later file is left as it is.
- A number twice in one file is an error, even when both rows are the same: the column is the
  police's or DJI's own unique number, so a repeat means the export went wrong, and which of two
  different rows is right cannot be decided here.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TextIO

from django.db import IntegrityError, transaction

from schakel.core.bestanden import BestandFout, RegelFouten

from ..models import Bronbestand
from . import controleren, schrijven
from .regels import DETENTIES, MUTATIES, Soort

__all__ = ["BestandFout", "RegelFouten", "Uitkomst", "importeer_detenties", "importeer_mutaties"]


@dataclass
class Uitkomst:
    soort: Soort
    bestandsnaam: str
    regels: int
    toegevoegd: int = 0
    al_aanwezig: int = 0
    onbekend: int = 0
    afgesloten: int = 0
    bronbestand: Bronbestand | None = None

    def samenvatting(self) -> str:
        s = self.soort
        tekst = (
            f"{self.bestandsnaam}: {self.regels} {s.kop.enkelvoud if self.regels == 1 else s.kop.meervoud} gelezen; "
            f"{self.toegevoegd} toegevoegd, {self.al_aanwezig} al aanwezig, {self.onbekend} over personen die "
            "Schakel niet kent (niet opgeslagen)"
        )
        if s is DETENTIES:
            tekst += f", {self.afgesloten} open {'periode' if self.afgesloten == 1 else 'perioden'} afgesloten"
        return tekst + "."


def importeer(soort: Soort, pad, voortgang: TextIO | None = None) -> Uitkomst:
    """Raises BestandFout or RegelFouten, in which case nothing was written."""
    plan = controleren.controleer(soort, pad, voortgang)
    uitkomst = Uitkomst(
        soort=soort, bestandsnaam=plan.naam, regels=plan.regels, toegevoegd=len(plan.nieuw), al_aanwezig=plan.al_aanwezig,
        onbekend=plan.onbekend, afgesloten=len(plan.afsluiten),
    )
    if not (plan.nieuw or plan.afsluiten):
        return uitkomst
    try:
        with transaction.atomic():
            uitkomst.bronbestand = schrijven.schrijf(plan, voortgang)
    except IntegrityError as e:
        # Checked a moment ago, so something else wrote meanwhile (the same file imported twice at once).
        raise BestandFout(f"Er is niets geïmporteerd: de database weigerde een regel ({e}). Draait er tegelijk een andere import?")
    schrijven.ververs_statistieken(soort.model)
    return uitkomst


def importeer_mutaties(pad, voortgang: TextIO | None = None) -> Uitkomst:
    return importeer(MUTATIES, pad, voortgang)


def importeer_detenties(pad, voortgang: TextIO | None = None) -> Uitkomst:
    return importeer(DETENTIES, pad, voortgang)
