"""Hole 13: a factsheet's hidden numbers stay hidden. Secondary suppression means no hidden cell can
be recomputed from its group's total and the visible cells (checked here by an independent brute
force, not by the interval reasoning the code uses), and the threshold is configuration: not a URL
parameter, and the command may only raise it."""
from itertools import product
from types import SimpleNamespace

import pytest
from django.core.management import CommandError
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from schakel.rapportage import factsheet as fs_module
from schakel.rapportage.factsheet import AFGESCHERMD, _Blad, factsheet
from schakel.rapportage.indicatoren import Periode

PERIODE = Periode.jaar(2025)


# --- The oracle: which values can a hidden cell take, given only what the sheet shows?


def _domein(getoond, drempel: int, grens: int) -> range:
    if isinstance(getoond, int):
        return range(getoond, getoond + 1)
    if getoond == f"<{drempel}":
        return range(1, drempel)
    assert getoond == AFGESCHERMD, getoond
    return range(0, grens + 1)


def _verdelingen(som: int, domeinen: list[range]):
    """Every assignment of the cells that adds up to `som` (depth-first, pruned)."""
    if not domeinen:
        if som == 0:
            yield ()
        return
    for v in domeinen[0]:
        if v > som:
            break
        for rest in _verdelingen(som - v, domeinen[1:]):
            yield (v, *rest)


def mogelijke_waarden(getoond: dict, groepen: list, drempel: int, grens: int) -> dict:
    """For every shown cell, the values it can have given every group's sum. Groups share one total."""
    totalen = {t for t, _ in groepen}
    assert len(totalen) == 1, "the oracle handles groups that share one total"
    totaal = next(iter(totalen))
    mogelijk = {k: set() for k in getoond}
    for t in _domein(getoond[totaal], drempel, grens):
        per_groep = []
        for _, cellen in groepen:
            oplossingen = list(_verdelingen(t, [_domein(getoond[c], drempel, grens) for c in cellen]))
            per_groep.append((cellen, oplossingen))
        if all(oplossingen for _, oplossingen in per_groep):
            mogelijk[totaal].add(t)
            for cellen, oplossingen in per_groep:
                for oplossing in oplossingen:
                    for c, v in zip(cellen, oplossing):
                        mogelijk[c].add(v)
    return mogelijk


def herleidbaar(getoond: dict, groepen: list, drempel: int, grens: int) -> list:
    """Hidden cells whose value the shown numbers pin down."""
    mogelijk = mogelijke_waarden(getoond, groepen, drempel, grens)
    return [k for k, v in getoond.items() if not isinstance(v, int) and len(mogelijk[k]) <= 1]


def toon_blad(totaal_cellen: dict[str, list[int]], drempel: int) -> tuple[dict, list]:
    """A sheet of groups sharing one total (as meldingen per bron and per soort), as the factsheet shows it."""
    b = _Blad(drempel)
    eerste = next(iter(totaal_cellen.values()))
    totaal = b.tel("totaal", sum(eerste))
    groepen = []
    for naam, cellen in totaal_cellen.items():
        assert sum(cellen) == sum(eerste)
        sleutels = [b.tel(f"{naam}.{i}", n) for i, n in enumerate(cellen)]
        b.groep(totaal, sleutels)
        groepen.append((totaal, sleutels))
    b.schermaf()
    return {k: b.toon(k) for k in b.waarden}, groepen


def test_het_voorbeeld_uit_het_issue_is_niet_meer_te_herleiden():
    # Zoeterwoude: total 12, casus 10, two zeros, one '<5' (2).
    getoond, groepen = toon_blad({"soort": [10, 0, 0, 2]}, 5)
    assert getoond["soort.3"] == "<5"
    assert herleidbaar(getoond, groepen, 5, 12) == []
    assert getoond["totaal"] == 12  # the total itself stays: hiding one more cell is enough


def test_de_oracle_ziet_het_oude_lek():
    """The check can fail: with primary suppression only (the old factsheet) the '<5' is recomputed."""
    getoond = {"totaal": 12, "soort.0": 10, "soort.1": 0, "soort.2": 0, "soort.3": "<5"}
    groepen = [("totaal", ["soort.0", "soort.1", "soort.2", "soort.3"])]
    assert herleidbaar(getoond, groepen, 5, 12) == ["soort.3"]


cellen = st.lists(st.integers(0, 7), min_size=1, max_size=4)


@st.composite
def blad(draw):
    """A total split two ways (per source and per kind), with small numbers everywhere."""
    bron = draw(cellen)
    totaal, soort, rest = sum(bron), [], sum(bron)
    for _ in range(draw(st.integers(0, 3))):
        n = draw(st.integers(0, rest))
        soort.append(n)
        rest -= n
    soort.append(rest)
    return {"bron": bron, "soort": draw(st.permutations(soort))}, draw(st.integers(2, 6)), totaal


@settings(max_examples=250, derandomize=True, deadline=None, database=None)
@given(blad())
def test_geen_afgeschermd_aantal_is_te_herleiden_uit_zijn_groep(voorbeeld):
    groepen_cellen, drempel, totaal = voorbeeld
    getoond, groepen = toon_blad(groepen_cellen, drempel)
    # Every count from 1 up to the threshold is hidden...
    for k, v in getoond.items():
        waarde = totaal if k == "totaal" else groepen_cellen[k.split(".")[0]][int(k.split(".")[1])]
        if 0 < waarde < drempel:
            assert not isinstance(v, int), (k, getoond)
    # ...and no hidden cell follows from the rest (an 'x' is at most the sum of all cells).
    assert herleidbaar(getoond, groepen, drempel, max(totaal, 1) * 2) == [], getoond


# --- The factsheet itself, on the issue's numbers (the sections are stubbed: this is about the sheet).


def _sectie(**velden):
    return lambda periode, gemeente=None: velden


@pytest.fixture
def zoeterwoude(monkeypatch, settings):
    settings.RAPPORTAGE_DREMPEL = 5
    eigen = {"totaal": 12, "per_bron": {"politie": 12, "zorg": 0}, "per_soort": {"casus": 10, "advies": 0, "informatievraag": 0, "contactverzoek": 2}}
    regio = {"totaal": 300, "per_bron": {"politie": 200, "zorg": 100}, "per_soort": {"casus": 290, "advies": 4, "informatievraag": 4, "contactverzoek": 2}}
    monkeypatch.setattr(fs_module, "meldingen_sectie", lambda p, g=None: eigen if g else regio)
    lopend = {"focus": 6, "nazorg": 3, "top_x": 0}
    monkeypatch.setattr(fs_module, "casussen_sectie", lambda p, g=None: {
        "in_behandeling_per_overlegtype": lopend if g else {"focus": 60, "nazorg": 30, "top_x": 9},
        "gestart_per_overlegtype": {"focus": 2, "nazorg": 0, "top_x": 0} if g else {"focus": 20, "nazorg": 3, "top_x": 1},
    })
    monkeypatch.setattr(fs_module, "afsluiting_sectie", _sectie(
        totaal=7, uitkomsten={"doorbraak": 6, "voortgang": 1}, uitkomsten_pct={"doorbraak": 85.7, "voortgang": 14.3},
        binnen_6_maanden_pct=85.7,
    ))
    monkeypatch.setattr(fs_module, "opschalingen_sectie", _sectie(totaal=0))
    return SimpleNamespace(naam="Zoeterwoude")


def test_factsheet_laat_geen_verborgen_aantal_herleiden(zoeterwoude):
    f = factsheet(PERIODE, zoeterwoude)
    m = f["meldingen"]
    assert m["per_soort"]["contactverzoek"] == "<5"
    getoond = {"totaal": m["totaal"], **{f"soort.{k}": v for k, v in m["per_soort"].items()},
               **{f"bron.{k}": v for k, v in m["per_bron"].items()}}
    groepen = [("totaal", [f"soort.{k}" for k in m["per_soort"]]), ("totaal", [f"bron.{k}" for k in m["per_bron"]])]
    assert herleidbaar(getoond, groepen, 5, 300) == []
    c = f["casussen"]
    assert c["in_behandeling_per_overlegtype"]["nazorg"]["aantal"] == "<5"
    getoond = {"totaal": c["totaal_in_behandeling"]["aantal"],
               **{k: w["aantal"] for k, w in c["in_behandeling_per_overlegtype"].items()}}
    assert herleidbaar(getoond, [("totaal", ["focus", "nazorg", "top_x"])], 5, 99) == []
    # A hidden count's share of the region is left out (it would give the count away).
    for w in c["in_behandeling_per_overlegtype"].values():
        assert (w["aandeel_regio_pct"] is None) == (not isinstance(w["aantal"], int))
    # Closed within six months: 85.7% of 7 is 6, so 1 was not; the percentage goes.
    assert f["afsluiting"]["binnen_6_maanden_pct"] is None
    assert f["afsluiting"]["uitkomsten_pct"] == {"doorbraak": 85.7, "voortgang": None}


def test_de_drempel_kan_alleen_omhoog(zoeterwoude):
    assert factsheet(PERIODE, zoeterwoude, drempel=1)["meldingen"]["per_soort"]["contactverzoek"] == "<5"
    hoger = factsheet(PERIODE, zoeterwoude, drempel=11)
    assert hoger["drempel"] == 11 and hoger["meldingen"]["per_soort"]["casus"] == "<11"


@pytest.mark.django_db
def test_drempel_in_de_url_zet_de_afscherming_niet_uit(client_for, users):
    from .test_rapportage_uitvoer import bouw

    bouw(users, zoeterwoude=3, leiden=6)
    client = client_for(users["ketenmanager"])
    for url in (reverse("rapportage:overzicht"), reverse("rapportage:download")):
        response = client.get(url, {"van": "2025-01-01", "tot": "2025-12-31", "gemeente": "zoeterwoude",
                                     "drempel": "1", "formaat": "csv"})
        assert response.status_code == 200
        tekst = response.content.decode()
        assert "&lt;5" in tekst or "<5" in tekst
        assert "meldingen,totaal,,3" not in tekst


@pytest.mark.django_db
def test_report_weigert_een_lagere_drempel(ref, settings):
    from .test_report_command import report

    settings.RAPPORTAGE_DREMPEL = 5
    with pytest.raises(CommandError, match="alleen hoger dan de ingestelde drempel"):
        report("--from", "2025-01-01", "--to", "2025-12-31", "--gemeente", "Gouda", "--drempel", "2")
    assert '"drempel": 8' in report("--from", "2025-01-01", "--to", "2025-12-31", "--gemeente", "Gouda", "--drempel", "8")
