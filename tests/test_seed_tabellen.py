"""Seed 001 §5.2, the briefing decision table of 2014 and 2015, rebuilt from an imported history file:
the counts come back exactly and the percentages as the document prints them."""
import csv
import random
from io import StringIO

from django.core.management import call_command

from schakel.rapportage.indicatoren import Periode, bereken

# Seed 001 §5.2 (L1784-1811): decision → (count, printed %), per year.
TABEL = {
    2015: {"focus": (58, 3.9), "nazorg": (166, 11.3), "bilateraal": (670, 45.6), "vrijwillig_traject": (1, 0.1),
           "opschalen": (3, 0.2), "geen_vervolg": (571, 38.9)},
    2014: {"focus": (92, 5.7), "nazorg": (247, 15.4), "bilateraal": (672, 42.0), "vrijwillig_traject": (15, 0.9),
           "opschalen": (0, 0.0), "geen_vervolg": (575, 35.9)},
}
TOTAAL = {2015: 1469, 2014: 1601}
ACTIE = {2015: 61.1, 2014: 64.1}  # "in 64.1% (2014) and 61.1% (2015) the house took action" (L1767-1772)


def geschiedenis(tmp_path):
    rng = random.Random(2015)
    rijen = []
    for jaar, besluiten in TABEL.items():
        for besluit, (aantal, _) in besluiten.items():
            for _ in range(aantal):
                maand, dag = rng.randint(1, 12), rng.randint(1, 28)
                rijen.append({
                    "melding_id": f"GCOS-{len(rijen) + 1}", "ontvangen_op": f"{jaar}-{maand:02d}-{dag:02d}",
                    "bron": rng.choice(["politie", "dji", "gemeente"]), "gemeente": rng.choice(["Leiden", "gouda", "Buiten regio"]),
                    "persoon_id": f"P{rng.randint(1, 1800)}", "weging_datum": f"{jaar}-{maand:02d}-{min(dag + 1, 28):02d}",
                    "besluit": besluit,
                })
    rng.shuffle(rijen)
    pad = tmp_path / "gcos-2014-2015.csv"
    with pad.open("w", newline="", encoding="utf-8") as f:
        schrijver = csv.DictWriter(f, fieldnames=list(rijen[0]))
        schrijver.writeheader()
        schrijver.writerows(rijen)
    return pad


def test_seed_2015_decision_table_from_imported_records(ref, tmp_path):
    call_command("import-history", str(geschiedenis(tmp_path)), stdout=StringIO(), stderr=StringIO())
    for jaar, besluiten in TABEL.items():
        briefing = bereken(Periode.jaar(jaar))["briefing"]
        assert briefing["totaal"] == TOTAAL[jaar]
        assert briefing["besluiten"] == {code: aantal for code, (aantal, _) in besluiten.items()}
        assert briefing["besluiten_pct"] == {code: procent for code, (_, procent) in besluiten.items()}
        assert briefing["actie_percentage"] == ACTIE[jaar]
