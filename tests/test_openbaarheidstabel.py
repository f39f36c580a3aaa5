"""The disclosure table in docs/architectuur.md names, per feature, the test that proves what it
reveals. A renamed or removed test would leave a row without proof; this keeps the table honest."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tabel() -> str:
    tekst = (ROOT / "docs" / "architectuur.md").read_text(encoding="utf-8")
    begin = tekst.index("## Wat elke functie over een persoon onthult")
    return tekst[begin:tekst.index("\n## ", begin + 1)]


def test_every_test_named_in_the_disclosure_table_exists():
    rijen = [r for r in _tabel().splitlines() if r.startswith("| ") and not r.startswith("| Functie") and "---" not in r]
    assert len(rijen) >= 15
    genoemd = 0
    for rij in rijen:
        bewijs = rij.rstrip(" |").rsplit(" | ", 1)[-1]
        bestand = None
        for deel in re.findall(r"`([^`]+)`", bewijs):
            pad, _, naam = deel.partition("::")
            if pad.endswith(".py"):
                bestand = ROOT / "tests" / pad.removeprefix("tests/")
                assert bestand.exists(), f"{pad} bestaat niet (rij: {rij[:60]})"
            if naam:
                assert bestand is not None
                assert re.search(rf"def {re.escape(naam)}\(", bestand.read_text(encoding="utf-8")), f"{naam} niet in {bestand.name}"
                genoemd += 1
        assert bestand is not None, f"rij zonder test: {rij[:60]}"
    assert genoemd >= 25
