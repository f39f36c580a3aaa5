"""One row of a feed file on its own: the columns of each source and what each value must look
like. Who the row is about (matchen.py) and whether its number came before (feed.py) are decided
for the whole file at once."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from schakel.core.bestanden import Kopregel, tekst
from schakel.core.validators import geen_html
from schakel.effectmeting.importeren.regels import Cellen

from .models import Bron, Detentiegegevens

MAX_NUMMER = 100
MAX_NAAM = 200
MAX_TUSSENVOEGSEL = 20
MAX_OMSCHRIJVING = 1_000
MAX_INRICHTING = Detentiegegevens._meta.get_field("inrichting").max_length
# The expected release date lies ahead; a date cell is otherwise refused when it is in the future.
GEEN_GRENS = date(9999, 12, 31)

PERSOONSKOLOMMEN = ("bsn", "voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "gemeente")

KOPPEN = {
    Bron.POLITIE: Kopregel(
        kolommen=("bron_id", "datum", "soort", *PERSOONSKOLOMMEN, "thema", "omschrijving"),
        verplicht=("bron_id", "datum", "achternaam", "geboortedatum", "gemeente"),
        enkelvoud="politiemutatie", meervoud="politiemutaties", aliassen={"mutatie_id": "bron_id", "voornaam": "voornamen"},
    ),
    Bron.DJI: Kopregel(
        kolommen=("bron_id", *PERSOONSKOLOMMEN, "inrichting", "begin", "verwachte_einddatum", "thema"),
        verplicht=("bron_id", "achternaam", "geboortedatum", "gemeente", "inrichting", "begin"),
        enkelvoud="detentiemelding", meervoud="detentiemeldingen", aliassen={"detentie_id": "bron_id", "voornaam": "voornamen"},
    ),
}
SOORTEN_POLITIE = {"aanhouding": "Aanhouding", "mutatie": "Politiemutatie", "": "Politiemutatie"}
STANDAARD_THEMA = {Bron.POLITIE: "overig", Bron.DJI: "nazorg"}

_SCHEIDING = re.compile(r"[\s\-'’.,]+")


def normaal(tekst_: str) -> str:
    """Lower case without accents, hyphens or apostrophes, single spaces: 'Ait-Ben  Çelik' = 'ait ben celik'."""
    ontleed = unicodedata.normalize("NFKD", tekst_ or "")
    zonder = "".join(c for c in ontleed if not unicodedata.combining(c)).lower()
    return _SCHEIDING.sub(" ", zonder).strip()


def naam_sleutel(voornamen: str, tussenvoegsel: str, achternaam: str) -> str:
    return normaal(" ".join((voornamen, tussenvoegsel, achternaam)))


@dataclass(slots=True)
class Rij:
    """A valid row: the source's number, the person as the file names them, and what the melding needs."""

    lijn: int
    bron_id: str
    bsn: str | None
    voornamen: str
    tussenvoegsel: str
    achternaam: str
    geboortedatum: date
    gemeente_id: int
    thema_id: int
    omschrijving: str
    # Detention notices only.
    inrichting: str = ""
    begin: date | None = None
    verwachte_einddatum: date | None = None
    # The row's values as read, to tell a repeated row from another one with the same number.
    vingerafdruk: tuple = ()

    @property
    def naam(self) -> str:
        return naam_sleutel(self.voornamen, self.tussenvoegsel, self.achternaam)

    def opgave(self) -> dict:
        """The person as the feed gave them, kept on the pending link (MeldingPersoon.opgave)."""
        return {
            "bsn": self.bsn or "", "voornamen": self.voornamen, "tussenvoegsel": self.tussenvoegsel,
            "achternaam": self.achternaam, "geboortedatum": self.geboortedatum.isoformat(),
        }


class Referentie:
    """Municipalities and themes by code or name, read once per file."""

    def __init__(self, gemeenten: list[tuple[int, str, str]], themas: list[tuple[int, str]]):
        self.gemeenten: dict[str, int] = {}
        for pk, code, naam in gemeenten:
            self.gemeenten[normaal(code)] = pk
            self.gemeenten[normaal(naam)] = pk
        self.themas = {code: pk for pk, code in themas}


def _tekstveld(w: dict, kolom: str, lengte: int, fouten: list[str], verplicht: bool = False) -> str:
    waarde = tekst(w.get(kolom, ""))
    if not waarde:
        if verplicht:
            fouten.append(f"{kolom} is leeg (verplicht)")
        return ""
    if len(waarde) > lengte:
        fouten.append(f"{kolom} is langer dan {lengte} tekens")
    elif "<" in waarde:
        try:
            geen_html(waarde)
        except ValidationError:
            fouten.append(f"{kolom} bevat HTML-code")
    return waarde


def _datum(w: dict, kolom: str, fouten: list[str], cellen: Cellen, verplicht: bool = True) -> date | None:
    ruwe = w.get(kolom, "")
    if ruwe == "":
        if verplicht:
            fouten.append(f"{kolom} is leeg (verplicht)")
        return None
    return cellen.datum(ruwe, kolom, fouten)


def controleer_rij(bron: str, lijn: int, w: dict, cellen: Cellen, ref: Referentie,
                   toekomst: Cellen) -> tuple[Rij | None, list[str]]:
    fouten: list[str] = []
    bron_id = _tekstveld(w, "bron_id", MAX_NUMMER, fouten, verplicht=True)
    bsn = None
    bsn_tekst = tekst(w.get("bsn", ""))
    if bsn_tekst:
        bsn = cellen.bsn(bsn_tekst)
        if bsn is None:
            fouten.append("bsn is geen geldig BSN (9 cijfers en de elfproef)")
    voornamen = _tekstveld(w, "voornamen", MAX_NAAM, fouten)
    tussenvoegsel = _tekstveld(w, "tussenvoegsel", MAX_TUSSENVOEGSEL, fouten)
    achternaam = _tekstveld(w, "achternaam", MAX_NAAM, fouten, verplicht=True)
    geboortedatum = _datum(w, "geboortedatum", fouten, cellen)
    gemeente_tekst = tekst(w.get("gemeente", ""))
    gemeente_id = ref.gemeenten.get(normaal(gemeente_tekst))
    if not gemeente_tekst:
        fouten.append("gemeente is leeg (verplicht)")
    elif gemeente_id is None:
        fouten.append(f"onbekende gemeente '{gemeente_tekst[:60]}'; gebruik de naam of code van een gemeente in Schakel")
    thema_tekst = tekst(w.get("thema", "")).lower() or STANDAARD_THEMA[bron]
    thema_id = ref.themas.get(thema_tekst)
    if thema_id is None:
        fouten.append(f"onbekend thema '{thema_tekst[:60]}'; kies uit {', '.join(sorted(ref.themas))}")
    rij_extra = {}
    if bron == Bron.POLITIE:
        datum = _datum(w, "datum", fouten, cellen)
        soort_tekst = tekst(w.get("soort", "")).lower()
        soort = SOORTEN_POLITIE.get(soort_tekst)
        if soort is None:
            fouten.append(f"soort '{soort_tekst[:60]}' moet aanhouding of mutatie zijn (leeg is mutatie)")
        eigen = _tekstveld(w, "omschrijving", MAX_OMSCHRIJVING, fouten)
        if datum and soort:
            rij_extra["omschrijving"] = f"{soort} van {datum:%d-%m-%Y} (politie, nummer {bron_id})." + (f" {eigen}" if eigen else "")
    else:
        inrichting = _tekstveld(w, "inrichting", MAX_INRICHTING, fouten, verplicht=True)
        begin = _datum(w, "begin", fouten, cellen)
        einde = _datum(w, "verwachte_einddatum", fouten, toekomst, verplicht=False)
        if begin and einde and einde < begin:
            fouten.append(f"verwachte_einddatum {einde.isoformat()} ligt voor begin {begin.isoformat()}")
        if begin:
            tot = f", verwachte einddatum {einde:%d-%m-%Y}" if einde else ""
            rij_extra.update(
                inrichting=inrichting, begin=begin, verwachte_einddatum=einde,
                omschrijving=f"Detentie in {inrichting} sinds {begin:%d-%m-%Y}{tot} (DJI, nummer {bron_id}).",
            )
    if fouten:
        return None, fouten
    return Rij(lijn, bron_id, bsn, voornamen, tussenvoegsel, achternaam, geboortedatum, gemeente_id, thema_id,
               vingerafdruk=tuple(tekst(v) for v in w.values()), **rij_extra), fouten


def nieuwe_cellen(vandaag: date) -> tuple[Cellen, Cellen]:
    """Date cells up to today, and those that may lie ahead (the expected release date)."""
    return Cellen(vandaag), Cellen(GEEN_GRENS)


__all__ = ["KOPPEN", "Referentie", "Rij", "controleer_rij", "naam_sleutel", "nieuwe_cellen", "normaal"]
