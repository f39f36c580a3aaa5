"""Benchmark of the historical import: a realistic GCOS export of 100,000 rows, imported twice.

    .venv/bin/python bench/historie.py                      # SQLite, a scratch file under var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/schakel_bench_import .venv/bin/python bench/historie.py

Migrates and loads the reference data, writes the CSV (`maak_bestand`), then times
`schakel import-history` on it: the first run adds everything, the second must add nothing (the same
file, recognised by its hash; then the same rows in other bytes, checked row by row), and then the
JSON report of 2015 on the imported records. The
database must not hold imported meldingen yet; `--leegmaken` empties it first (all tables, so only
point it at a scratch database). Without DATABASE_URL the scratch SQLite file is recreated each run.
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

RIJEN = 100_000
SEED = 20140101
BEGIN, EIND = date(2014, 1, 1), date(2016, 12, 31)

KOLOMMEN = [
    "melding_id", "ontvangen_op", "bron", "soort", "gemeente", "thema", "persoon_id", "bsn", "voornaam",
    "achternaam", "geslacht", "geboortedatum", "weging_datum", "besluit", "subreden", "overlegtype",
    "casus_start", "casus_einde", "uitkomsten", "opgeschaald",
]
# Roughly seed 001's tables: where meldingen come from and what the briefing decided.
BRONNEN = {"politie": 36, "dji": 19, "gemeente": 25, "om": 4, "reclassering": 4, "zorg": 6, "veilig_thuis": 2,
           "zsm": 3, "overig": 1}
SOORTEN = {"casus": 85, "informatievraag": 8, "advies": 5, "contactverzoek": 2}
# Names as a GCOS export writes them: mixed case, and the two special municipalities in words.
GEMEENTEN = {
    "Leiden": 230, "Gouda": 140, "Alphen aan den Rijn": 110, "Katwijk": 65, "Krimpenerwaard": 55, "Zuidplas": 45,
    "Noordwijk": 45, "Teylingen": 38, "Bodegraven-Reeuwijk": 35, "Waddinxveen": 32, "Nieuwkoop": 28,
    "Kaag en Braassem": 28, "Leiderdorp": 28, "Oegstgeest": 25, "Voorschoten": 25, "Hillegom": 22, "Lisse": 22,
    "Zoeterwoude": 9, "Noordwijkerhout": 4, "buiten regio": 20, "geen GBA": 12,
}
THEMAS = {"veelplegers": 22, "huiselijk-geweld": 16, "verward-gedrag": 18, "jeugd": 10, "overlast": 10,
          "nazorg": 14, "high-impact-crime": 5, "ex-partnerstalking": 2, "mensenhandel": 1, "radicalisering": 1, "": 1}
BESLUITEN = {"focus": 4, "nazorg": 13, "bilateraal": 44, "vrijwillig_traject": 0.5, "opschalen": 0.2, "geen_vervolg": 38.3}
SUBREDENEN = {"belegd": 45, "uitgesteld": 15, "informeren": 25, "past_niet": 15}
GESLACHTEN = {"man": 72, "vrouw": 24, "gezin": 2, "onbekend": 2}
UITKOMSTEN = ["doorbraak", "samenwerking", "voortgang", "beheersbaar", "casushouder_verder"]
VOORNAMEN = ["Jan", "Mohamed", "Kevin", "Dennis", "Sanne", "Fatima", "Mehmet", "Lisa", "Ricardo", "Priya", "Tom",
             "Anouk", "Youssef", "Bram", "Emre", "Joyce", "Marco", "Naima", "Stefan", "Demi"]
ACHTERNAMEN = ["de Jong", "Jansen", "de Vries", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "El Amrani",
               "Yılmaz", "Çelik", "Bouzid", "Ramdin", "Kowalski", "Nguyen", "de Boer", "Mulder", "Bos", "Vos", "Peters"]


def _gewogen(rng: random.Random, gewichten: dict) -> str:
    return rng.choices(list(gewichten), weights=list(gewichten.values()))[0]


def _bsn(rng: random.Random, gebruikt: set[str]) -> str:
    """A random number that passes the eleven-test, never handed out twice."""
    while True:
        cijfers = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        controle = sum(c * (9 - i) for i, c in enumerate(cijfers)) % 11
        bsn = "".join(map(str, cijfers)) + str(controle)
        if controle < 10 and bsn not in gebruikt:
            gebruikt.add(bsn)
            return bsn


def maak_bestand(pad, rijen: int = RIJEN, seed: int = SEED) -> dict:
    """Write a GCOS-like export of `rijen` rows to `pad` (CSV, UTF-8, header row) and return what is in it.

    Meldingen spread over 2014-2016; about 60% of the rows bring a new person, the rest a known one
    (a few often), so people repeat. About 70% is weighed with seed 001's decision mix; focus and
    nazorg decisions open a case (a person's later melding during that case joins it), about half of
    the cases are closed with outcomes, and a few are escalated."""
    rng = random.Random(seed)
    dagen = (EIND - BEGIN).days
    datums = sorted(BEGIN + timedelta(days=rng.randrange(dagen + 1)) for _ in range(rijen))
    bsns: set[str] = set()
    personen: list[dict] = []
    lopend: dict[tuple[int, str], dict] = {}
    telling = {"rijen": rijen, "personen": 0, "wegingen": 0, "casussen": 0, "afgesloten": 0, "opgeschaald": 0}
    vandaag = date.today()

    def nieuw_persoon() -> int:
        geslacht = _gewogen(rng, GESLACHTEN)
        gemeente = _gewogen(rng, GEMEENTEN)
        personen.append({
            "persoon_id": f"P{len(personen) + 1:07d}",
            "bsn": _bsn(rng, bsns) if gemeente != "geen GBA" and rng.random() < 0.72 else "",
            "voornaam": "" if geslacht == "gezin" else rng.choice(VOORNAMEN),
            "achternaam": rng.choice(ACHTERNAMEN) if rng.random() < 0.97 else "",
            "geslacht": geslacht,
            "geboortedatum": "" if rng.random() < 0.05 else (date(1945, 1, 1) + timedelta(days=rng.randrange(365 * 60))).isoformat(),
            "gemeente": gemeente,
        })
        return len(personen) - 1

    with open(pad, "w", newline="", encoding="utf-8") as uit:
        schrijver = csv.DictWriter(uit, fieldnames=KOLOMMEN)
        schrijver.writeheader()
        for i, ontvangen in enumerate(datums):
            if not personen or rng.random() < 0.6:
                p = nieuw_persoon()
            elif rng.random() < 0.3:
                p = rng.randrange(max(1, len(personen) // 20))  # the frequent visitors
            else:
                p = rng.randrange(len(personen))
            persoon = personen[p]
            rij = {k: "" for k in KOLOMMEN}
            rij.update(persoon)
            rij.update({
                "melding_id": f"GCOS-{ontvangen.year}-{i + 1:06d}",
                "ontvangen_op": ontvangen.isoformat(),
                "bron": _gewogen(rng, BRONNEN),
                "soort": _gewogen(rng, SOORTEN) if rng.random() < 0.5 else "",
                "thema": _gewogen(rng, THEMAS),
            })
            # A person who moved: the melding's municipality is not always the first one.
            if rng.random() < 0.05:
                rij["gemeente"] = _gewogen(rng, GEMEENTEN).upper()
            if rng.random() < 0.70:
                telling["wegingen"] += 1
                weging = ontvangen + timedelta(days=rng.randint(2, 21))
                besluit = _gewogen(rng, BESLUITEN)
                rij.update({"weging_datum": weging.isoformat(), "besluit": besluit})
                if besluit == "geen_vervolg":
                    rij["subreden"] = _gewogen(rng, SUBREDENEN)
                if besluit == "opschalen":
                    rij["opgeschaald"] = "ja"
                    telling["opgeschaald"] += 1
                if besluit in ("focus", "nazorg"):
                    casus = lopend.get((p, besluit))
                    if casus is None or (casus["einde"] and casus["einde"] < weging):
                        start = weging + timedelta(days=rng.randint(1, 14))
                        einde = start + timedelta(days=rng.randint(30, 540)) if rng.random() < 0.5 else None
                        if einde and einde > vandaag:
                            einde = None
                        casus = lopend[(p, besluit)] = {
                            "start": start, "einde": einde,
                            "uitkomsten": "|".join(rng.sample(UITKOMSTEN, rng.randint(1, 3))) if einde and rng.random() < 0.8 else "",
                            "opgeschaald": "ja" if rng.random() < 0.03 else "",
                        }
                        telling["casussen"] += 1
                        telling["afgesloten"] += bool(einde)
                        telling["opgeschaald"] += bool(casus["opgeschaald"])
                    rij.update({
                        "overlegtype": besluit, "casus_start": casus["start"].isoformat(),
                        "casus_einde": casus["einde"].isoformat() if casus["einde"] else "",
                        "uitkomsten": casus["uitkomsten"], "opgeschaald": casus["opgeschaald"],
                    })
            schrijver.writerow(rij)
    telling["personen"] = len(personen)
    return telling


def main() -> int:
    parser = argparse.ArgumentParser(description="Meet de historische import op een groot bestand.")
    parser.add_argument("--rijen", type=int, default=RIJEN)
    parser.add_argument("--leegmaken", action="store_true", help="Database eerst helemaal leegmaken (alleen een scratch-database!).")
    args = parser.parse_args()
    django_op_scratch("bench_historie.sqlite3")
    from django.core.management import call_command

    from schakel.meldingen.models import Melding

    if args.leegmaken:
        from django.test.utils import override_settings

        # Schakel's flush refuses outside DEBUG (it lifts the append-only triggers); the benchmark runs
        # with DEBUG off, and --leegmaken is documented for a scratch database only.
        with override_settings(DEBUG=True):
            call_command("flush", verbosity=0, interactive=False)
    if Melding.objects.exclude(extern_id=None).exists():
        print("Deze database bevat al geïmporteerde meldingen; gebruik een lege scratch-database of --leegmaken.", file=sys.stderr)
        return 2
    call_command("seed", "--reference", verbosity=0)

    with tempfile.TemporaryDirectory() as map_:
        pad = Path(map_) / "gcos_2014_2016.csv"
        start = time.perf_counter()
        inhoud = maak_bestand(pad, args.rijen)
        print(f"Bestand: {inhoud} in {time.perf_counter() - start:.1f} s ({pad.stat().st_size / 1e6:.1f} MB)")
        # The same rows with other line endings: other bytes, so the full check runs and skips every
        # row by melding_id instead of recognising the file by its hash.
        kopie = Path(map_) / "gcos_2014_2016_lf.csv"
        kopie.write_bytes(pad.read_bytes().replace(b"\r\n", b"\n"))
        for ronde, bestand in (("eerste import", pad), ("tweede import, zelfde bestand", pad),
                               ("tweede import, zelfde regels in een ander bestand", kopie)):
            meet_commando(ronde, args.rijen, "import-history", str(bestand))
    # The year's report on what was just imported, as `schakel report --format json` produces it.
    for jaar in (2015,):
        uit = Path(tempfile.gettempdir()) / f"bench_rapport_{jaar}.json"
        start = time.perf_counter()
        call_command("report", "--from", f"{jaar}-01-01", "--to", f"{jaar}-12-31", "--format", "json", "--output", str(uit))
        print(f"jaarrapport {jaar} (JSON): {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
