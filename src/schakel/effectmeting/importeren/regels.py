"""Checking one row on its own: the columns each kind of file has and what each value must look like.
Whether the person exists and whether the number was imported before is decided for the whole file
at once (personen.py, controleren.py)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from schakel.core import bestanden
from schakel.core.bestanden import Kopregel, tekst
from schakel.core.validators import geen_html

from ..models import Bronbestand, Detentie, Mutatie

MAX_NUMMER = 100
MAX_DELICT = Mutatie._meta.get_field("delict").max_length
ROLLEN = {r.lower(): r for r in Mutatie.Rol.values}
JA_NEE = {"ja": True, "nee": False, "": False}


class Cellen:
    """Date and BSN cells checked once per distinct text: a million registrations fall on a few
    thousand days and name a few ten thousand persons."""

    def __init__(self, vandaag: date):
        self.vandaag = vandaag
        self._datums: dict[tuple[str, str], tuple[date | None, list[str]]] = {}
        self._bsns: dict[str, str | None] = {}

    def datum(self, waarde, kolom: str, fouten: list[str]) -> date | None:
        if isinstance(waarde, date):
            return bestanden.datum(waarde, kolom, fouten, self.vandaag)
        uitkomst = self._datums.get((kolom, waarde))
        if uitkomst is None:
            eigen: list[str] = []
            uitkomst = self._datums[(kolom, waarde)] = (bestanden.datum(waarde, kolom, eigen, self.vandaag), eigen)
        if uitkomst[1]:
            fouten.extend(uitkomst[1])
        return uitkomst[0]

    def bsn(self, waarde: str) -> str | None:
        try:
            return self._bsns[waarde]
        except KeyError:
            nummer = self._bsns[waarde] = bestanden.bsn(waarde)
            return nummer


@dataclass(slots=True)
class Rij:
    """A valid row: its number, the person as the file names them, and the model's own values in
    the order of `Soort.velden`."""

    lijn: int
    nummer: str
    persoon_id: str
    bsn: str | None
    waarden: tuple


@dataclass(frozen=True)
class Soort:
    """One kind of file: its header, the model its rows become and how a row's own values are checked."""

    code: str
    model: type
    nummer: str  # the column (and model field) that identifies a row
    kop: Kopregel
    velden: tuple[str, ...]
    waarden: Callable[[dict, list[str], Cellen], tuple]


def _mutatie(w: dict, fouten: list[str], cellen: Cellen) -> tuple:
    ruwe = w["datum"]
    datum = cellen.datum(ruwe, "datum", fouten)
    if ruwe == "":
        fouten.append("datum is leeg (verplicht)")
    rol_tekst = tekst(w["rol"])
    rol = ROLLEN.get(rol_tekst.lower())
    if not rol_tekst:
        fouten.append("rol is leeg (verplicht)")
    elif rol is None:
        fouten.append(f"onbekende rol '{rol_tekst}'; kies uit {', '.join(Mutatie.Rol.values)}")
    delict = tekst(w.get("delict", ""))
    if len(delict) > MAX_DELICT:
        fouten.append(f"delict is langer dan {MAX_DELICT} tekens")
    if "<" in delict:
        try:
            geen_html(delict)
        except ValidationError:
            fouten.append("delict bevat HTML-code")
    hg_tekst = tekst(w.get("huiselijk_geweld", "")).lower()
    huiselijk_geweld = JA_NEE.get(hg_tekst)
    if huiselijk_geweld is None:
        fouten.append(f"huiselijk_geweld '{hg_tekst}' moet ja of nee zijn (leeg is nee)")
    return datum, rol, delict, huiselijk_geweld


def _detentie(w: dict, fouten: list[str], cellen: Cellen) -> tuple:
    begin = cellen.datum(w["begin"], "begin", fouten)
    if w["begin"] == "":
        fouten.append("begin is leeg (verplicht)")
    einde = cellen.datum(w.get("einde", ""), "einde", fouten)
    if begin and einde and einde < begin:
        fouten.append(f"einde {einde.isoformat()} ligt voor begin {begin.isoformat()}")
    return begin, einde


MUTATIES = Soort(
    code=Bronbestand.Soort.MUTATIES,
    model=Mutatie,
    nummer="mutatie_id",
    kop=Kopregel(
        kolommen=("mutatie_id", "datum", "persoon_id", "bsn", "rol", "delict", "huiselijk_geweld"),
        verplicht=("mutatie_id", "datum", "rol"), enkelvoud="registratie", meervoud="registraties",
    ),
    velden=("datum", "rol", "delict", "huiselijk_geweld"),
    waarden=_mutatie,
)

DETENTIES = Soort(
    code=Bronbestand.Soort.DETENTIES,
    model=Detentie,
    nummer="detentie_id",
    kop=Kopregel(
        kolommen=("detentie_id", "persoon_id", "bsn", "begin", "einde"),
        verplicht=("detentie_id", "begin"), enkelvoud="detentieperiode", meervoud="detentieperioden",
    ),
    velden=("begin", "einde"),
    waarden=_detentie,
)


def controleer_kolommen(kolommen: list[str]) -> None:
    """persoon_id or bsn: either may be missing from the header, not both."""
    if "persoon_id" not in kolommen and "bsn" not in kolommen:
        raise bestanden.BestandFout(
            "De kopregel klopt niet: er is geen kolom persoon_id en geen kolom bsn; één van beide is verplicht. "
            "Er is niets geïmporteerd."
        )


def controleer_rij(soort: Soort, lijn: int, w: dict, cellen: Cellen) -> tuple[Rij | None, list[str]]:
    fouten: list[str] = []
    nummer = tekst(w[soort.nummer])
    if not nummer:
        fouten.append(f"{soort.nummer} is leeg (verplicht)")
    elif len(nummer) > MAX_NUMMER:
        fouten.append(f"{soort.nummer} is langer dan {MAX_NUMMER} tekens")
    persoon_id = tekst(w.get("persoon_id", ""))
    if len(persoon_id) > MAX_NUMMER:
        fouten.append(f"persoon_id is langer dan {MAX_NUMMER} tekens")
    bsn_tekst = tekst(w.get("bsn", ""))
    bsn = None
    if bsn_tekst:
        bsn = cellen.bsn(bsn_tekst)
        if bsn is None:
            fouten.append("bsn is geen geldig BSN (9 cijfers en de elfproef)")
    elif not persoon_id:
        fouten.append("persoon_id en bsn zijn allebei leeg; één van beide is verplicht")
    waarden = soort.waarden(w, fouten, cellen)
    if fouten:
        return None, fouten
    return Rij(lijn, nummer, persoon_id, bsn, waarden), fouten
