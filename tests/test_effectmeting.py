"""Every rule of docs/effectmeting.md on a small fixture worked out by hand: who is a client and from
when, the windows at their edges, detention at a window edge and overlapping, the huiselijk geweld
rule, too short a follow-up, too few days at risk, small groups. Cohort: starts in 2015, peildatum
31-12-2017, window 365 days. S = 1 March 2015, so the before-window is 1-3-2014 … 28-2-2015 and the
after-window 1-3-2015 … 28-2-2016 (S+365 is 29-2-2016, outside)."""
import json
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from zoneinfo import ZoneInfo

from schakel.effectmeting.cohort import verzamel
from schakel.effectmeting.effect import bereken, per_client_rijen
from schakel.effectmeting.risicotijd import Tijdlijn, vensters

from .effect_bouwer import EffectBouwer

S = date(2015, 3, 1)
T = date(2015, 5, 1)  # P7's plan
PEIL = date(2017, 12, 31)
VAN, TOT = date(2015, 1, 1), date(2015, 12, 31)


def d(n: int, vanaf: date = S) -> date:
    return vanaf + timedelta(days=n)


@pytest.fixture
def wereld(ref):
    b = EffectBouwer()
    p = {naam: b.personen(1)[0] for naam in ["P1", "P2", "P3", "P3b", "P4", "P5", "P6", "P7", "P8", "P8b", "P9"]}
    qs = b.personen(6)
    plan = ("integraal", S)
    for naam in ["P1", "P2", "P3", "P3b", "P6"]:
        b.casus(p[naam], "veelplegers", d(-20), plan=plan)
    b.casussen(qs, "veelplegers", d(-20), plan=plan)
    b.casus(p["P4"], "huiselijk-geweld", d(-20), plan=("huisverbod", S), overlegtype="huiselijk_geweld")
    b.casus(p["P5"], "veelplegers", date(2015, 11, 1), plan=("justitieel", date(2015, 12, 1)))
    # P7: an earlier case (start 1-6-2014, before the cohort period), then two in it: counts once, from 1-5-2015.
    b.casus(p["P7"], "jeugd", date(2014, 5, 1), plan=("zorg", date(2014, 6, 1)))
    b.casus(p["P7"], "veelplegers", date(2015, 4, 1), plan=("integraal", T))
    b.casus(p["P7"], "overlast", date(2015, 8, 1))
    # Radicalisation never counts: not by thema, not by a conference type that is left out of the reports.
    b.casus(p["P8"], "radicalisering", d(-20), plan=plan)
    b.casus(p["P8b"], "overlast", d(-20), plan=plan, overlegtype="radicalisering")
    # No plan: the case's start is the Dutch date it was opened, 23:30 on 30 April (21:30 UTC).
    b.casus(p["P9"], "overlast", timezone.make_aware(datetime(2015, 4, 30, 23, 30), ZoneInfo("Europe/Amsterdam")))

    # P1: the edges. S−366 out, S−365 and S−1 before, S and S+364 after, S+365 out; a witness role never counts.
    for n in (-366, -365, -1, 0, 364, 365):
        b.registratie(p["P1"], d(n))
    b.registratie(p["P1"], d(90), rol="getuige")
    # P2: detention S−10 … S+19 crosses the start: 10 days before, 20 after.
    b.detentie(p["P2"], d(-10), d(19))
    b.registratie(p["P2"], d(25))
    # P3: S+100 … S+199 and S+150 … S+249 overlap: merged S+100 … S+249 = 150 days, not 200.
    b.detentie(p["P3"], d(100), d(199))
    b.detentie(p["P3"], d(150), d(249))
    b.registratie(p["P3"], d(-100))
    # P3b: still detained since S+300: 65 days of the after-window (S+300 … S+364).
    b.detentie(p["P3b"], d(300), None)
    b.registratie(p["P3b"], d(10))
    # P4, huiselijk geweld: only the registration about it counts (1 before, 0 after).
    b.registratie(p["P4"], d(-90), huiselijk_geweld=True)
    b.registratie(p["P4"], d(-89))
    b.registratie(p["P4"], d(-55))
    b.registratie(p["P4"], d(61))
    b.registratie(p["P4"], d(92))
    # P5 starts 1-12-2015: its after-window's last day is 29-11-2016 (2016 has 29 February).
    b.registratie(p["P5"], date(2015, 6, 1))
    # P6: in detention S−400 … S−30, which leaves S−29 … S−1 = 29 days at risk before: left out of b.
    b.detentie(p["P6"], d(-400), d(-30))
    b.registratie(p["P7"], d(-399, T))
    b.registratie(p["P7"], d(-30, T))
    for q in qs:
        b.registratie(q, d(-50))
    b.opslaan()
    return p, qs


def test_who_is_a_client_and_from_when(wereld):
    p, qs = wereld
    g = verzamel(VAN, TOT, 365, [], PEIL)
    c = g.clienten
    start = {int(pid): date.fromordinal(int(s)) for pid, s in zip(c.persoon, c.start)}
    doelgroep = dict(zip(c.persoon.tolist(), c.doelgroep.tolist()))
    # 5 named veelplegers + 6 more, P4, P5, P6 (in the cohort; left out of some measures later), P7, P9.
    assert len(c) == 15
    assert p["P8"].pk not in start and p["P8b"].pk not in start
    assert start[p["P7"].pk] == T and doelgroep[p["P7"].pk] == "veelplegers"
    assert start[p["P9"].pk] == date(2015, 4, 30)
    assert start[p["P5"].pk] == date(2015, 12, 1)


def test_windows_detention_and_huiselijk_geweld_per_subject(wereld):
    p, qs = wereld
    g = verzamel(VAN, TOT, 365, [], PEIL)
    v = vensters(Tijdlijn(g.registraties, g.detenties), g.clienten, 365, PEIL.toordinal())
    rij = {int(pid): i for i, pid in enumerate(g.clienten.persoon)}

    def van(naam):
        i = rij[p[naam].pk]
        return int(v.voor_n[i]), int(v.voor_dagen[i]), int(v.na_n[i]), int(v.na_dagen[i])

    assert van("P1") == (2, 365, 2, 365)
    assert van("P2") == (0, 355, 1, 345)
    assert van("P3") == (1, 365, 0, 215)  # 365 − 150 merged days
    assert van("P3b") == (0, 365, 1, 300)
    assert van("P4") == (1, 365, 0, 365)
    assert van("P6")[1] == 29 and not v.genoeg_vrij[rij[p["P6"].pk]]
    assert van("P7") == (1, 365, 0, 365)


def test_per_client_figures_hand_computed(wereld):
    laatste_dag_p5 = date(2015, 12, 1) + timedelta(days=364)
    assert laatste_dag_p5 == date(2016, 11, 29)
    # A window that ends on the peildatum is complete.
    assert bereken(VAN, TOT, peildatum=laatste_dag_p5, trekkingen=50)["cohort"]["te_kort_gevolgd"] == 0
    r = bereken(VAN, TOT, peildatum=laatste_dag_p5 - timedelta(days=1), trekkingen=50)
    # One day earlier P5 is "nog te kort gevolgd"; the others' after-windows end on 28-2-2016
    # (P7: 30-4-2016, P9: 28-4-2016).
    assert r["cohort"]["clienten"] == 15
    assert r["cohort"]["te_kort_gevolgd"] == "<10"
    vp = r["per_client"]["veelplegers"]
    # Counted: P1, P2, P3, P3b, P7 and six more (P5 too short, P6 too few days at risk): 11.
    # Before: 2 + 0 + 1 + 0 + 1 + 6×1 = 10 in 11×365 − 10 (P2) = 4,005 days → 10×365/4,005 = 0.911.
    # After: 2 + 1 + 0 + 1 + 0 = 4 in 365 + 345 + 215 + 300 + 365 + 6×365 = 3,780 days → 0.386.
    assert vp["clienten"] == 11
    assert vp["voor"] == {"registraties": 10, "dagen_vrij": 4005, "per_365": 0.91}
    assert vp["na"] == {"registraties": 4, "dagen_vrij": 3780, "per_365": 0.39}
    assert vp["verschil_pct"] == -57.6  # (4/3,780)/(10/4,005) − 1 = −0.5762
    assert (vp["gemiddelde_voor"], vp["mediaan_voor"]) == (0.91, 1.0)  # 10/11; 0,0,1×8,2 → 1
    # After per client: 2, 365/345 = 1.058, 365/300 = 1.217, eight zeros → mean 4.2746/11 = 0.389, median 0.
    assert (vp["gemiddelde_na"], vp["mediaan_na"]) == (0.39, 0.0)
    assert vp["zonder_na_pct"] == 72.7  # 8 of 11
    assert vp["uitgesloten_te_weinig_vrij"] == "<10" and vp["te_kort_gevolgd"] == "<10"


def test_groups_under_ten_show_no_rates(wereld):
    r = bereken(VAN, TOT, peildatum=PEIL, jaren=[2014, 2015, 2016], trekkingen=50)
    # The result is plain JSON: string keys, no numpy numbers.
    assert json.loads(json.dumps(r)) == r
    hg = r["per_client"]["huiselijk-geweld"]
    assert hg["clienten"] == "<10" and hg["te_klein"] is True
    assert hg["voor"]["per_365"] is None and hg["verschil_pct"] is None and hg["mediaan_na"] is None
    assert r["kalenderjaren"]["huiselijk-geweld"]["2014"] is None
    assert r["per_plantype"]["huisverbod"]["clienten"] == "<10"
    assert r["vergelijking"]["veelplegers"]["netto_per_365"] is None  # no comparison group at all
    assert r["overleving"]["overlast"]["clienten"] == {
        "n": "<10", "te_klein": True, "binnen_1_jaar_pct": None, "binnen_2_jaar_pct": None, "curve": []
    }


def test_calendar_years_count_whole_years_and_the_whole_cohort(wereld):
    r = bereken(VAN, TOT, peildatum=PEIL, jaren=[2014, 2015, 2016], trekkingen=50)
    # Veelplegers (13 clients, P5 and P6 included: method a knows no windows):
    # 2014: P1 28-2 and 1-3, P3 21-11, P7 28-3 → 4. 2015: P1 28-2 and 1-3, P2, P3b, P7 1-4, P5 1-6,
    # six times 10-1 → 12. 2016: P1 28-2 and 29-2 → 2. (2 − 4)/4 = −50 %.
    assert r["kalenderjaren"]["veelplegers"] == {
        "clienten": 13, "2014": 4, "2015": 12, "2016": 2, "verschil_pct": -50, "te_klein": False
    }
    # The total adds P4's one registration about huiselijk geweld (1-12-2014) and nothing of P9: 5, 12, 2 → −60 %.
    assert r["kalenderjaren"]["totaal"] | {"clienten": None} == {
        "clienten": None, "2014": 5, "2015": 12, "2016": 2, "verschil_pct": -60, "te_klein": False
    }


def test_breakdowns_per_plan_type_and_conference_type(wereld):
    r = bereken(VAN, TOT, peildatum=PEIL, trekkingen=50)
    # Integraal: P1, P2, P3, P3b, P7, six more, and P6 left out → 11 counted; P9 has no plan.
    assert r["per_plantype"]["integraal"]["clienten"] == 11
    assert r["per_plantype"]["geen_plan"]["clienten"] == "<10"
    assert set(r["per_overlegtype"]) == {"focus", "huiselijk_geweld"}
    assert r["per_overlegtype"]["focus"]["clienten"] == 13  # 11 + P5 + P9 (P4 is huiselijk geweld)


def test_survival_clock_counts_only_days_at_risk(wereld):
    from schakel.effectmeting.overleving import duur

    p, qs = wereld
    g = verzamel(VAN, TOT, 365, [], PEIL)
    duren, gebeurd = duur(Tijdlijn(g.registraties, g.detenties), g.clienten, PEIL.toordinal())
    rij = {int(pid): i for i, pid in enumerate(g.clienten.persoon)}

    def van(naam):
        return int(duren[rij[p[naam].pk]]), bool(gebeurd[rij[p[naam].pk]])

    assert van("P1") == (1, True)  # registered on the start day itself
    assert van("P2") == (25 - 20 + 1, True)  # S+25, of which S … S+19 in detention: 5 free days, the 6th
    assert van("P3b") == (11, True)
    # P4 has registrations after the start, none about huiselijk geweld: censored at the peildatum,
    # S … 31-12-2017 = 1,037 days.
    assert van("P4") == ((PEIL - S).days + 1, False)
    # P3: no registration after the start; 150 days in detention: 1,037 − 150.
    assert van("P3") == ((PEIL - S).days + 1 - 150, False)


def test_per_client_list_for_given_cases(wereld):
    p, qs = wereld
    casus = p["P2"].casussen.get()
    rijen = per_client_rijen([casus.pk], peildatum=PEIL)
    assert rijen == [{
        "casus_id": casus.pk, "persoon_id": p["P2"].pk, "start": "2015-03-01", "doelgroep": "veelplegers",
        "plantype": "integraal", "status": "geteld",
        "voor": {"registraties": 0, "dagen_vrij": 355, "per_365": 0.0},
        "na": {"registraties": 1, "dagen_vrij": 345, "per_365": 1.06},  # 365/345
    }]
    # P7's three cases each from their own start; the radicalisation case gives no row.
    rijen = per_client_rijen([c.pk for c in p["P7"].casussen.all()] + [p["P8"].casussen.get().pk], peildatum=PEIL)
    assert sorted(r["start"] for r in rijen) == ["2014-06-01", "2015-05-01", "2015-08-01"]
    # A procesregisseur without cases gets an empty list, not an error.
    assert per_client_rijen([], peildatum=PEIL) == []


def test_bad_parameters_are_refused_in_dutch(ref):
    with pytest.raises(ValueError, match="ligt voor de begindatum"):
        bereken(date(2016, 1, 1), date(2015, 1, 1))
    with pytest.raises(ValueError, match="venster"):
        bereken(VAN, TOT, venster=10)
    with pytest.raises(ValueError, match="twee kalenderjaren"):
        bereken(VAN, TOT, jaren=[2015])


def test_measure_uses_a_fixed_number_of_queries(wereld, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        bereken(VAN, TOT, peildatum=PEIL, jaren=[2014, 2015], trekkingen=20)


def test_an_empty_cohort_gives_zeros_and_no_rates(ref):
    r = bereken(VAN, TOT, jaren=[2014, 2015], trekkingen=20)
    # No registrations at all: the peildatum falls back to the cohort's end.
    assert r["cohort"] | {"jaren": None} == {
        "van": "2015-01-01", "tot": "2015-12-31", "venster_dagen": 365, "peildatum": "2015-12-31", "clienten": 0,
        "te_kort_gevolgd": 0, "uitgesloten_te_weinig_vrij": 0, "jaren": None,
    }
    assert r["per_client"]["totaal"]["clienten"] == 0 and r["per_client"]["totaal"]["voor"]["per_365"] is None
    assert r["vergelijking"]["totaal"]["netto_per_365"] is None
    assert r["overleving"]["totaal"]["clienten"]["n"] == 0
    assert r["kalenderjaren"]["totaal"]["2014"] is None
