"""A deterministic police feed for the tests and the benchmark (bench/feeds.py).

`Bouwer(aantal)` plans known persons and a file whose every row is of a kind whose outcome is known
by construction (not by asking the matcher):

- eerder: rows of an earlier delivery, repeated (counted "al ontvangen");
- dubbel: an exact repeat of another row of the same file;
- bsn: the BSN of a known person (linked automatically, whatever the name says);
- naam: no BSN, the known person's name in other capitals and without accents (linked automatically);
- tikfout / omgedraaid / zonder_tussenvoegsel / datum_tikfout: near misses (review queue);
- onbekend: persons the house does not know, two rows each, half of them with a BSN (new persons).

Every person has a birth date of their own, so a row is only ever compared with the one person it was
made from. Names stay under 25 characters: one typed letter then scores below the automatic threshold
(96) and above the review threshold (85); docs/koppelingen.md explains the thresholds.
"""
from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

KOLOMMEN = ["bron_id", "datum", "soort", "bsn", "voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "gemeente"]
VOORNAMEN = ["Jan", "Piet", "Kees", "Ahmed", "Mohamed", "Sanne", "Fleur", "Eva", "Daan", "Bram", "Noah", "Lotte",
             "Yusuf", "Emre", "Ravi", "Anouk", "Sem", "Luuk", "Milan", "Iris"]
ACHTERNAMEN = ["Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters", "Hendriks",
               "Dekker", "Brouwer", "Koster", "Prins", "Huisman", "Kok", "Yilmaz", "Kaya", "Öztürk", "Çelik"]
ONBEKENDE_ACHTERNAMEN = ["Verbeek", "Lammers", "Wolters", "Gerritsen", "Driessen", "Kuipers", "Zwart", "Schouten",
                         "Timmermans", "Groen", "Wouters", "Kramer", "Postma", "Bosman", "Maas", "Bijl"]
GEMEENTEN = ["leiden", "Gouda", "Leiderdorp", "waddinxveen", "noordwijk"]


def bsn(n: int) -> str:
    """The n-th valid BSN of a range no seed uses (eleven-test)."""
    while True:
        basis = f"{70_000_000 + n * 7:08d}"
        som = sum(int(c) * (9 - i) for i, c in enumerate(basis))
        controle = som % 11
        if controle < 10:
            return basis + str(controle)
        n += 1_000_003


@dataclass
class Bekende:
    bsn: str | None
    voornamen: str
    tussenvoegsel: str
    achternaam: str
    geboortedatum: date
    gemeente: str = "leiden"


@dataclass
class Verwachting:
    regels: int = 0
    nieuw: int = 0
    al_ontvangen: int = 0
    dubbel: int = 0
    automatisch_gekoppeld: int = 0
    ter_beoordeling: int = 0
    nieuwe_personen: int = 0
    per_soort: dict = field(default_factory=dict)


class Datums:
    """Birth dates, each used once. `gewoon` has day 13 or later (one typo away from no other birth
    date of this file); `tikbaar` has month < day <= 12, so swapping day and month gives a date with
    day < month that no other person has."""

    def __init__(self):
        self._gewoon = self._reeks(lambda d: d.day >= 13)
        self._tikbaar = self._reeks(lambda d: d.month < d.day <= 12)

    @staticmethod
    def _reeks(goed):
        # 10,000 rows fit in these years without reusing a date; the benchmark's 100,000 wrap around,
        # so there some persons share a birth date and the counts may differ slightly from the plan.
        d = date(1940, 1, 1)
        while True:
            if goed(d):
                yield d
            d += timedelta(days=1)
            if d.year > 2008:
                d = date(1940, 1, 1)

    def gewoon(self) -> date:
        return next(self._gewoon)

    def tikbaar(self) -> date:
        return next(self._tikbaar)


def _zonder_accenten(tekst: str) -> str:
    return tekst.translate(str.maketrans("ÖÇöç", "OCoc")).upper()


def _tikfout(naam: str, rng: random.Random) -> str:
    """One letter of the surname replaced by another."""
    i = rng.randrange(1, len(naam))
    letter = "x" if naam[i].lower() != "x" else "q"
    return naam[:i] + letter + naam[i + 1:]


class Bouwer:
    def __init__(self, aantal: int = 10_000, seed: int = 13, prefix: str = "BVH"):
        self.rng = rng = random.Random(seed)
        self.prefix = prefix
        datums = Datums()
        schaal = aantal / 10_000
        n = {k: round(v * schaal) for k, v in {
            "eerder": 1000, "dubbel": 500, "bsn": 2000, "naam": 1500, "tikfout": 400, "omgedraaid": 300,
            "zonder_tussenvoegsel": 300, "datum_tikfout": 200}.items()}
        n["onbekend"] = aantal - sum(n.values())
        self.bekenden: list[Bekende] = []
        self.eerdere_rijen: list[dict] = []
        rijen: list[tuple[str, dict]] = []
        volgnummer = iter(range(1, 10 * aantal + 10))
        bsn_nummer = iter(range(1, 10 * aantal + 10))

        def naam() -> tuple[str, str]:
            return rng.choice(VOORNAMEN), rng.choice(ACHTERNAMEN)

        def rij(soort: str, p: Bekende, **anders) -> dict:
            w = {"bron_id": f"{prefix}-{next(volgnummer):07d}", "datum": (date(2026, 1, 1) + timedelta(days=rng.randrange(300))).isoformat(),
                 "soort": rng.choice(["aanhouding", "mutatie"]), "bsn": p.bsn or "", "voornamen": p.voornamen,
                 "tussenvoegsel": p.tussenvoegsel, "achternaam": p.achternaam, "geboortedatum": p.geboortedatum.isoformat(),
                 "gemeente": rng.choice(GEMEENTEN)}
            w.update(anders)
            rijen.append((soort, w))
            return w

        def bekende(met_bsn: bool, datum: date | None = None, tussenvoegsel: str = "") -> Bekende:
            voornaam, achternaam = naam()
            p = Bekende(bsn(next(bsn_nummer)) if met_bsn else None, voornaam, tussenvoegsel, achternaam, datum or datums.gewoon())
            self.bekenden.append(p)
            return p

        for _ in range(n["eerder"]):
            self.eerdere_rijen.append(rij("eerder", bekende(True)))
        for _ in range(n["bsn"]):
            p = bekende(True)
            # The police may spell the name otherwise: the BSN decides.
            rij("bsn", p, voornamen=p.voornamen[0] + ".")
        for _ in range(n["naam"]):
            p = bekende(False)
            rij("naam", p, voornamen=_zonder_accenten(p.voornamen), achternaam=_zonder_accenten(p.achternaam))
        for _ in range(n["tikfout"]):
            p = bekende(False)
            rij("tikfout", p, achternaam=_tikfout(p.achternaam, rng))
        for _ in range(n["omgedraaid"]):
            p = bekende(False)
            rij("omgedraaid", p, voornamen=p.achternaam, achternaam=p.voornamen)
        for _ in range(n["zonder_tussenvoegsel"]):
            p = bekende(False, tussenvoegsel="van der")
            rij("zonder_tussenvoegsel", p, tussenvoegsel="")
        for _ in range(n["datum_tikfout"]):
            p = bekende(False, datum=datums.tikbaar())
            d = p.geboortedatum
            rij("datum_tikfout", p, geboortedatum=date(d.year, d.day, d.month).isoformat())
        onbekenden = n["onbekend"] // 2
        for i in range(onbekenden):
            p = Bekende(bsn(next(bsn_nummer)) if i % 2 else None, rng.choice(VOORNAMEN), "", rng.choice(ONBEKENDE_ACHTERNAMEN),
                        datums.gewoon())
            rij("onbekend", p)
            rij("onbekend", p)
        if n["onbekend"] % 2:
            rij("onbekend", Bekende(None, "Els", "", "Wolters", datums.gewoon()))
            onbekenden += 1
        gewone = [w for _, w in rijen]
        for _ in range(n["dubbel"]):
            rijen.append(("dubbel", dict(rng.choice(gewone))))
        rng.shuffle(rijen)
        self.rijen = rijen
        self.verwachting = Verwachting(
            regels=aantal, nieuw=aantal - n["eerder"] - n["dubbel"], al_ontvangen=n["eerder"], dubbel=n["dubbel"],
            automatisch_gekoppeld=n["bsn"] + n["naam"],
            ter_beoordeling=n["tikfout"] + n["omgedraaid"] + n["zonder_tussenvoegsel"] + n["datum_tikfout"],
            nieuwe_personen=onbekenden, per_soort=n,
        )

    def maak_bekenden(self, gemeente_id: int) -> None:
        """The known persons, in bulk (as earlier registrations or imports would have made them)."""
        from schakel.personen.models import Persoon, zoeknaam

        Persoon.objects.bulk_create(
            [Persoon(bsn=p.bsn, voornamen=p.voornamen, tussenvoegsel=p.tussenvoegsel, achternaam=p.achternaam,
                     zoeknaam=zoeknaam(p.achternaam), geboortedatum=p.geboortedatum, gemeente_id=gemeente_id)
             for p in self.bekenden],
            batch_size=2_000,
        )

    def schrijf(self, pad, rijen: list[dict] | None = None) -> None:
        with open(pad, "w", newline="", encoding="utf-8") as f:
            schrijver = csv.DictWriter(f, fieldnames=KOLOMMEN)
            schrijver.writeheader()
            schrijver.writerows(self.rijen_van_bestand() if rijen is None else rijen)

    def rijen_van_bestand(self) -> list[dict]:
        return [w for _, w in self.rijen]
