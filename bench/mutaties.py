"""Benchmark of `schakel import-mutaties`: a police export of 1,000,000 registrations over 10,000
persons Schakel knows and some it does not, imported twice, then detention periods.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/schakel_bench_mutaties .venv/bin/python bench/mutaties.py --leegmaken
    .venv/bin/python bench/mutaties.py --rijen 100000            # SQLite, a scratch file under var/

Migrates, makes the persons (as a historical import would have: an extern persoon_id, most with a
BSN), writes the CSV (`maak_bestand`) and times the command: the first run adds every row of a known
person, the second adds nothing. Prints seconds, rows per second and the machine's load average
before and after (os.getloadavg), since two cores are shared. The database must not hold
registrations yet; `--leegmaken` first deletes every registration, detention period and source file,
and the persons an earlier run made (only point it at a scratch database).
"""
import argparse
import csv
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from _gemeen import django_op_scratch, meet_commando

RIJEN = 1_000_000
PERSONEN = 10_000
ONBEKEND = 0.05  # share of rows about persons Schakel does not know
ALLEEN_BSN = 0.10  # share of rows of known persons that name them by BSN only
SEED = 20070101
BEGIN, EIND = date(2007, 1, 1), date(2016, 12, 31)
PREFIX = "BENCH-P"  # the persons this benchmark makes, apart from any others in the database
KOLOMMEN = ["mutatie_id", "datum", "persoon_id", "bsn", "rol", "delict", "huiselijk_geweld"]
ROLLEN = {"verdachte": 55, "slachtoffer": 15, "getuige": 8, "betrokkene": 20, "overig": 2}
DELICTEN = ["diefstal", "winkeldiefstal", "inbraak woning", "mishandeling", "bedreiging", "vernieling", "openlijk geweld",
            "drugs", "overlast", "verkeer", ""]


def _bsn(rng: random.Random, gebruikt: set[str]) -> str:
    """A random number that passes the eleven-test, never handed out twice."""
    while True:
        cijfers = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        controle = sum(c * (9 - i) for i, c in enumerate(cijfers)) % 11
        bsn = "".join(map(str, cijfers)) + str(controle)
        if controle < 10 and bsn not in gebruikt:
            gebruikt.add(bsn)
            return bsn


def maak_personen(aantal: int, seed: int = SEED) -> list[tuple[str, str | None]]:
    """(persoon_id, bsn or None) of the known persons; 80 % have a BSN."""
    rng = random.Random(seed)
    gebruikt: set[str] = set()
    return [(f"{PREFIX}{i:07d}", _bsn(rng, gebruikt) if rng.random() < 0.8 else None) for i in range(1, aantal + 1)]


def maak_bestand(pad, personen: list[tuple[str, str | None]], rijen: int = RIJEN, seed: int = SEED) -> dict:
    """Write `rijen` registrations; a few persons account for many of them, as with frequent offenders."""
    rng = random.Random(seed + 1)
    dagen = (EIND - BEGIN).days
    datums = [(BEGIN + timedelta(days=i)).isoformat() for i in range(dagen + 1)]
    rollen, gewichten = list(ROLLEN), list(ROLLEN.values())
    telling = {"rijen": rijen, "bekend": 0, "onbekend": 0}
    with open(pad, "w", newline="", encoding="utf-8") as uit:
        schrijver = csv.writer(uit)
        schrijver.writerow(KOLOMMEN)
        for i in range(rijen):
            if rng.random() < ONBEKEND:
                persoon_id, bsn = f"BENCH-X{rng.randrange(1, 50_000):07d}", ""
                telling["onbekend"] += 1
            else:
                # Half of the rows go to a heavy-tailed pick: a few persons get very many registrations.
                p = min(int(rng.paretovariate(1.2)) - 1, len(personen) - 1) if rng.random() < 0.5 else rng.randrange(len(personen))
                persoon_id, bsn = personen[p]
                bsn = bsn or ""
                if bsn and rng.random() < ALLEEN_BSN:
                    persoon_id = ""
                telling["bekend"] += 1
            schrijver.writerow([
                f"BVH-{i + 1:08d}", rng.choice(datums), persoon_id, bsn, rng.choices(rollen, gewichten)[0],
                rng.choice(DELICTEN), "ja" if rng.random() < 0.12 else "nee",
            ])
    return telling


def maak_detenties(pad, personen: list[tuple[str, str | None]], aantal: int, seed: int = SEED) -> None:
    rng = random.Random(seed + 2)
    with open(pad, "w", newline="", encoding="utf-8") as uit:
        schrijver = csv.writer(uit)
        schrijver.writerow(["detentie_id", "persoon_id", "bsn", "begin", "einde"])
        for i in range(aantal):
            persoon_id, _ = personen[rng.randrange(len(personen))]
            begin = BEGIN + timedelta(days=rng.randrange((EIND - BEGIN).days))
            einde = "" if rng.random() < 0.05 else (begin + timedelta(days=rng.randint(1, 400))).isoformat()
            schrijver.writerow([f"DJI-{i + 1:07d}", persoon_id, "", begin.isoformat(), einde])


def main() -> int:
    parser = argparse.ArgumentParser(description="Meet de import van politieregistraties op een groot bestand.")
    parser.add_argument("--rijen", type=int, default=RIJEN)
    parser.add_argument("--personen", type=int, default=PERSONEN)
    parser.add_argument("--leegmaken", action="store_true", help="Database eerst helemaal leegmaken (alleen een scratch-database!).")
    args = parser.parse_args()
    django_op_scratch("bench_mutaties.sqlite3")
    from django.core.management import call_command

    from schakel.effectmeting.models import Bronbestand, Detentie, Mutatie
    from schakel.personen.models import Persoon

    if args.leegmaken:
        Mutatie.objects.all().delete()
        Detentie.objects.all().delete()
        Bronbestand.objects.all().delete()
        Persoon.objects.filter(extern_id__startswith=PREFIX).delete()
    if Mutatie.objects.exists():
        print("Deze database bevat al registraties; gebruik een lege scratch-database of --leegmaken.", file=sys.stderr)
        return 2

    personen = maak_personen(args.personen)
    Persoon.objects.bulk_create(
        [Persoon(extern_id=p, bsn=b, achternaam="Bench", zoeknaam="bench") for p, b in personen], batch_size=5_000
    )
    with tempfile.TemporaryDirectory() as map_:
        pad = Path(map_) / "bvh.csv"
        start = time.perf_counter()
        inhoud = maak_bestand(pad, personen, args.rijen)
        print(f"Bestand: {inhoud}, {args.personen} bekende personen, in {time.perf_counter() - start:.1f} s "
              f"({pad.stat().st_size / 1e6:.1f} MB)")
        for ronde in ("eerste import", "tweede import, zelfde bestand"):
            meet_commando(ronde, args.rijen, "import-mutaties", str(pad))
        detenties = Path(map_) / "dji.csv"
        aantal = max(args.personen * 2, 1)
        maak_detenties(detenties, personen, aantal)
        meet_commando("detenties", aantal, "import-detenties", str(detenties))
    print(f"opgeslagen registraties: {Mutatie.objects.count()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
