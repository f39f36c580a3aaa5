"""The drop folder of the daily feeds (`schakel feeds --map DIR`).

Convention (docs/koppelingen.md): a source delivers into DIR/politie/ or DIR/dji/. A file is
written under a temporary name ending in `.part` and renamed to `.csv` or `.xlsx` when it is
complete; a rename within one file system is atomic, so only complete files ever carry those
endings. Only `*.csv` and `*.xlsx` directly in the source's folder are read; anything else (a
`.part` still being copied, hidden files) is left alone.

A file that was read goes to `verwerkt/`; a refused one to `fout/` with `<name>.fouten.txt` next to
it ("Regel N: reden"). Running again reads what is new: a file moved away is not seen again, and a
file delivered twice adds nothing the second time. One run at a time per folder (a lock file)."""
from __future__ import annotations

import fcntl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from schakel.core.bestanden import BestandFout, RegelFouten

from .feed import verwerk
from .models import Bron, Feedlevering

ENDINGEN = (".csv", ".xlsx")
VERWERKT = "verwerkt"
FOUT = "fout"
SLOT = ".feeds.lock"


class AlBezig(Exception):
    pass


@dataclass
class Resultaat:
    bron: str
    bestand: str
    gelukt: bool
    tekst: str


def _doel(map_: Path, naam: str) -> Path:
    map_.mkdir(exist_ok=True)
    doel = map_ / naam
    if doel.exists():
        # The same name delivered again (a later day's export): keep both.
        stam, punt, eind = naam.rpartition(".")
        doel = map_ / f"{stam}.{timezone.now():%Y%m%d%H%M%S%f}.{eind}"
    return doel


def te_verwerken(map_: Path) -> Iterator[tuple[str, Path]]:
    for bron in Bron.values:
        bronmap = map_ / bron
        if not bronmap.is_dir():
            continue
        for pad in sorted(bronmap.iterdir()):
            if pad.is_file() and not pad.name.startswith(".") and pad.suffix.lower() in ENDINGEN:
                yield bron, pad


def verwerk_map(map_, voortgang=None) -> list[Resultaat]:
    map_ = Path(map_)
    if not map_.is_dir():
        raise BestandFout(f"De afleverfolder {map_} bestaat niet.")
    with open(map_ / SLOT, "w") as slot:
        try:
            fcntl.flock(slot, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlBezig(f"De afleverfolder {map_} wordt al verwerkt door een andere run; probeer het later opnieuw.")
        return [_verwerk_bestand(bron, pad, voortgang) for bron, pad in list(te_verwerken(map_))]


def _verwerk_bestand(bron: str, pad: Path, voortgang) -> Resultaat:
    try:
        uitkomst = verwerk(bron, pad, route=Feedlevering.Route.MAP, voortgang=voortgang)
    except (BestandFout, RegelFouten) as fout:
        regels = [str(fout)] + (fout.fouten if isinstance(fout, RegelFouten) else [])
        doel = _doel(pad.parent / FOUT, pad.name)
        pad.rename(doel)
        doel.with_name(doel.name + ".fouten.txt").write_text("\n".join(regels) + "\n", encoding="utf-8")
        return Resultaat(bron, pad.name, False, str(fout))
    pad.rename(_doel(pad.parent / VERWERKT, pad.name))
    return Resultaat(bron, pad.name, True, uitkomst.samenvatting())
