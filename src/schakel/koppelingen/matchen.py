"""Who a feed row is about (docs/koppelingen.md).

1. A valid BSN that a known person has: that person.
2. Otherwise the name, among the known persons born on the same day (blocking by birth date: a row is
   compared with a handful of persons, never with everyone). Names are compared normalised (case,
   accents, hyphens) with rapidfuzz:
   - `fuzz.ratio` of the names in order at or above FEED_KOPPEL_AUTOMATISCH: the same person, linked;
   - the best of `token_sort_ratio` (first and last name swapped) and `token_set_ratio` (a missing
     tussenvoegsel or second first name) at or above FEED_KOPPEL_VOORSTEL: probably the same person,
     a proposal for the review queue;
   - the same name (after normalisation) with a birth date that differs by one typed digit, or with
     day and month swapped: a proposal too (looked up by name, not compared with everyone).
   Never an automatic link below the threshold, and never to a person with another BSN.
3. Otherwise a new person.

Persons whose data was wiped (retention, erasure) are never candidates."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from rapidfuzz import fuzz

from schakel.avg.models import Geanonimiseerd
from schakel.core.kopie import zoek
from schakel.personen.models import Persoon

from .models import Koppelvoorstel
from .regels import Rij, naam_sleutel

BSN = "bsn"
NAAM = "naam"
VOORSTEL = "voorstel"
NIEUW = "nieuw"


@dataclass(frozen=True, slots=True)
class Uitslag:
    soort: str
    persoon_id: int | None = None
    score: int = 0
    reden: str = ""


def datum_tikfouten(d: date) -> set[date]:
    """The dates one typed digit away from `d` (in DDMMJJJJ), and `d` with day and month swapped."""
    cijfers = f"{d.day:02d}{d.month:02d}{d.year:04d}"
    uit = set()
    for i, oud in enumerate(cijfers):
        for nieuw in "0123456789":
            if nieuw == oud:
                continue
            c = cijfers[:i] + nieuw + cijfers[i + 1:]
            try:
                uit.add(date(int(c[4:]), int(c[2:4]), int(c[:2])))
            except ValueError:
                continue
    if d.day <= 12 and d.day != d.month:
        uit.add(date(d.year, d.day, d.month))
    uit.discard(d)
    return {x for x in uit if x.year >= 1900}


class Matcher:
    """The known persons the rows of one file could be, loaded in a few queries."""

    def __init__(self, rijen: list[Rij]):
        self.automatisch = settings.FEED_KOPPEL_AUTOMATISCH
        self.voorstel = settings.FEED_KOPPEL_VOORSTEL
        kolommen = ["id", "bsn", "voornamen", "tussenvoegsel", "achternaam", "geboortedatum"]
        bsns = {r.bsn for r in rijen if r.bsn}
        op_bsn = zoek(Persoon, "bsn", bsns, ["bsn", "id"])
        datums = {r.geboortedatum for r in rijen}
        self._tikfouten: dict[date, set[date]] = {d: datum_tikfouten(d) for d in datums}
        alle_datums = set(datums).union(*self._tikfouten.values()) if datums else set()
        kandidaten = zoek(Persoon, "geboortedatum", alle_datums, kolommen)
        gevonden = {k[0] for k in kandidaten} | {pk for _, pk in op_bsn}
        gewist = {pk for pk, soort in zoek(Geanonimiseerd, "object_id", gevonden, ["object_id", "objecttype"]) if soort == "persoon"}
        self.op_bsn = {b: pk for b, pk in op_bsn if pk not in gewist}
        self.per_datum: dict[date, list[tuple[int, str | None, str]]] = {}
        self.op_naam_datum: dict[tuple[str, date], list[tuple[int, str | None]]] = {}
        for pk, bsn, voornamen, tussenvoegsel, achternaam, geboortedatum in kandidaten:
            if pk not in gewist:
                naam = naam_sleutel(voornamen, tussenvoegsel, achternaam)
                if geboortedatum in datums:
                    self.per_datum.setdefault(geboortedatum, []).append((pk, bsn, naam))
                self.op_naam_datum.setdefault((naam, geboortedatum), []).append((pk, bsn))
        self._cache: dict[tuple, Uitslag] = {}

    def zoek(self, rij: Rij) -> Uitslag:
        if rij.bsn and rij.bsn in self.op_bsn:
            return Uitslag(BSN, self.op_bsn[rij.bsn], 100)
        sleutel = (rij.bsn, rij.naam, rij.geboortedatum)
        uitslag = self._cache.get(sleutel)
        if uitslag is None:
            uitslag = self._cache[sleutel] = self._op_naam(rij.bsn, rij.naam, rij.geboortedatum)
        return uitslag

    def _op_naam(self, bsn: str | None, naam: str, geboortedatum: date) -> Uitslag:
        # A known person with another BSN is another person, whatever the name.
        def mag(ander_bsn):
            return not (bsn and ander_bsn)

        beste_auto = (0, None)
        beste_voorstel = (0, None)
        for pk, ander_bsn, andere_naam in self.per_datum.get(geboortedatum, ()):
            if not mag(ander_bsn):
                continue
            score = fuzz.ratio(naam, andere_naam)
            if score > beste_auto[0]:
                beste_auto = (score, pk)
            if score < self.automatisch:
                score = max(fuzz.token_sort_ratio(naam, andere_naam), fuzz.token_set_ratio(naam, andere_naam))
            if score > beste_voorstel[0]:
                beste_voorstel = (score, pk)
        if beste_auto[0] >= self.automatisch:
            return Uitslag(NAAM, beste_auto[1], round(beste_auto[0]))
        if beste_voorstel[0] >= self.voorstel:
            return Uitslag(VOORSTEL, beste_voorstel[1], round(beste_voorstel[0]), Koppelvoorstel.Reden.NAAM_LIJKT)
        for dag in sorted(self._tikfouten.get(geboortedatum, ())):
            for pk, ander_bsn in self.op_naam_datum.get((naam, dag), ()):
                if mag(ander_bsn):
                    return Uitslag(VOORSTEL, pk, 100, Koppelvoorstel.Reden.DATUM_TIKFOUT)
        return Uitslag(NIEUW)
