"""What a report table is made of: the table itself and the typed cells every output formats the
same way (a percentage, an amount in euro). Shared by the annual report and its extra tables."""
from __future__ import annotations

from dataclasses import dataclass

from .indicatoren import pct


class Pct(float):
    """A percentage (65.4 means 65,4%), so every output formats it as one."""


class Euro(float):
    """An amount in euro with cents, so every output formats it as one."""


@dataclass
class Tabel:
    sectie: str
    titel: str
    kop: list[str]
    rijen: list[list]
    totaal: list | None = None
    noot: str = ""


def als_pct(deel, geheel) -> Pct | None:
    waarde = pct(deel, geheel)
    return None if waarde is None else Pct(waarde)


def alle_sleutels(dicts, volgorde=()) -> list:
    """Every key of the periods' dicts: first in `volgorde`, then as the dicts list them."""
    alle = []
    for d in dicts:
        alle.extend(k for k in d if k not in alle)
    return [k for k in volgorde if k in alle] + [k for k in alle if k not in volgorde]
