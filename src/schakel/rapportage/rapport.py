"""One entry point for a report: the region's indicators, or a municipality's factsheet."""
from __future__ import annotations

import json

from schakel.gemeenten.models import Gemeente

from .factsheet import factsheet
from .indicatoren import Periode, bereken


class OnbekendeGemeente(ValueError):
    pass


def zoek_gemeente(naam: str) -> Gemeente:
    """By name or code, without regard to case ('gouda', 'Buiten regio', 'geen-gba')."""
    naam = naam.strip()
    gemeente = Gemeente.objects.filter(naam__iexact=naam).first() or Gemeente.objects.filter(code__iexact=naam).first()
    if gemeente is None:
        bekend = ", ".join(Gemeente.objects.order_by("naam").values_list("naam", flat=True))
        raise OnbekendeGemeente(f"Onbekende gemeente '{naam}'. Bekend zijn: {bekend}.")
    return gemeente


def rapport(periode: Periode, gemeente: Gemeente | None = None, drempel: int | None = None) -> dict:
    return factsheet(periode, gemeente, drempel) if gemeente else bereken(periode)


def als_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
