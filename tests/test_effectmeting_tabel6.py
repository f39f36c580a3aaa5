"""The annual report's table of offences by clients (Midden-Limburg 2009: adults 447/187/132, −70 %;
juveniles 55/65/63, +15 %; total 502/252/195, −61 %) rebuilt from registrations, and what the same
data say when measured per client relative to the days at risk.

The data: 104 adult clients (thema veelplegers) and 52 juveniles (thema jeugd), every plan adopted
on 1 July 2008. With a 365-day window the before-window is 2 July 2007 – 30 June 2008 (2008 has 29
February) and the after-window 1 July 2008 – 30 June 2009. Registrations fall on fixed days:
1 March 2007 and 1 September 2009 lie outside both windows; 1 September 2007 and 1 March 2008 before;
1 September 2008, 1 March 2009 and 1 May 2009 after.

Adults: 20 heavy offenders (H) and 84 others (R). H each: 5 on 1-3-2007, 15 on 1-9-2007, 5 on
1-3-2008, 4 on 1-5-2009, and in detention from 1-7-2008 to 31-3-2009 (274 days: 31+31+30+31+30+31
+31+28+31), so 91 days at risk after. R: R[0:47] one on 1-9-2007, R[37:84] one on 1-3-2008,
R[0:40] one on 1-9-2008, R[40:80] one on 1-3-2009, R[72:84] one on 1-9-2009.
  2007: 20×(5+15) + 47 = 447; 2008: 20×5 + 47 + 40 = 187; 2009: 20×4 + 40 + 12 = 132.
Juveniles J[0:52]: J[0:30] on 1-9-2007, J[27:52] on 1-3-2007, J[0:35] on 1-3-2008, J[22:52] on
1-9-2008, J[0:33] on 1-3-2009, J[22:52] on 1-9-2009.
  2007: 30 + 25 = 55; 2008: 35 + 30 = 65; 2009: 33 + 30 = 63."""
from datetime import date

import pytest

from schakel.effectmeting.effect import bereken
from schakel.effectmeting.models import Detentie

from .effect_bouwer import EffectBouwer

START = date(2008, 7, 1)


@pytest.fixture
def tabel6(ref):
    b = EffectBouwer()
    volwassenen = b.personen(104, geboren=date(1975, 5, 5))
    jongeren = b.personen(52, geboren=date(1993, 5, 5))
    b.casussen(volwassenen, "veelplegers", date(2008, 5, 1), plan=("integraal", START))
    b.casussen(jongeren, "jeugd", date(2008, 5, 1), plan=("integraal", START), overlegtype="jeugd")
    zwaar, rest = volwassenen[:20], volwassenen[20:]
    for p in zwaar:
        b.registratie(p, date(2007, 3, 1), 5)
        b.registratie(p, date(2007, 9, 1), 15)
        b.registratie(p, date(2008, 3, 1), 5)
        b.registratie(p, date(2009, 5, 1), 4)
        b.detentie(p, date(2008, 7, 1), date(2009, 3, 31))
    for groep, dag in ((rest[0:47], date(2007, 9, 1)), (rest[37:84], date(2008, 3, 1)), (rest[0:40], date(2008, 9, 1)),
                       (rest[40:80], date(2009, 3, 1)), (rest[72:84], date(2009, 9, 1))):
        for p in groep:
            b.registratie(p, dag)
    for groep, dag in ((jongeren[0:30], date(2007, 9, 1)), (jongeren[27:52], date(2007, 3, 1)), (jongeren[0:35], date(2008, 3, 1)),
                       (jongeren[22:52], date(2008, 9, 1)), (jongeren[0:33], date(2009, 3, 1)), (jongeren[22:52], date(2009, 9, 1))):
        for p in groep:
            b.registratie(p, dag)
    b.opslaan()
    return b


def meet():
    return bereken(date(2007, 1, 1), date(2009, 12, 31), jaren=[2007, 2008, 2009], trekkingen=200)


def test_method_a_gives_the_annual_reports_table_back(tabel6):
    r = meet()
    kj = r["kalenderjaren"]
    # (132−447)/447 = −70.47 % → −70; (63−55)/55 = +14.55 % → 15; (195−502)/502 = −61.16 % → −61.
    assert kj["veelplegers"] == {"clienten": 104, "2007": 447, "2008": 187, "2009": 132, "verschil_pct": -70, "te_klein": False}
    assert kj["jeugd"] == {"clienten": 52, "2007": 55, "2008": 65, "2009": 63, "verschil_pct": 15, "te_klein": False}
    assert kj["totaal"] == {"clienten": 156, "2007": 502, "2008": 252, "2009": 195, "verschil_pct": -61, "te_klein": False}
    # The peildatum defaults to the latest registration; every after-window (to 30-6-2009) ended before it.
    assert r["cohort"] | {"jaren": None} == {
        "van": "2007-01-01", "tot": "2009-12-31", "venster_dagen": 365, "peildatum": "2009-09-01", "clienten": 156,
        "te_kort_gevolgd": 0, "uitgesloten_te_weinig_vrij": 0, "jaren": None,
    }


def test_method_b_on_the_same_data_tells_another_story(tabel6):
    vw = meet()["per_client"]["veelplegers"]
    # Before: H 20×(15+5) = 400 plus R 47+47 = 94 → 494 in 104×365 = 37,960 days at risk: 4.75 per 365.
    assert vw["voor"] == {"registraties": 494, "dagen_vrij": 37960, "per_365": 4.75}
    # After: H 20×4 = 80 plus R 40+40 = 80 → 160, in 20×91 + 84×365 = 32,480 days at risk:
    # 160×365/32,480 = 1.798 per 365 days.
    assert vw["na"] == {"registraties": 160, "dagen_vrij": 32480, "per_365": 1.8}
    # (160/32,480)/(494/37,960) − 1 = −62.15 %: the calendar years said −70 %. Part of that gap is the
    # alignment (registrations outside the windows, 100 of H's on 1-3-2007, drop out); the rest is
    # detention: 20 heavy offenders were free 91 of their 365 days after the start.
    assert vw["verschil_pct"] == -62.1
    # Per client: H before 20 per 365, after 4/91×365 = 16.04; the mean after is (20×16.044 + 80)/104 = 3.85.
    assert (vw["gemiddelde_voor"], vw["gemiddelde_na"]) == (4.75, 3.85)
    # 74 clients with 1 before, 10 with 2, 20 with 20 → median 1; after 4 with 0, 80 with 1 → median 1.
    assert (vw["mediaan_voor"], vw["mediaan_na"]) == (1.0, 1.0)
    assert vw["zonder_na_pct"] == 3.8  # R[80:84]: 4 of 104
    # Juveniles: 30+35 = 65 before, 30+33 = 63 after, all 52×365 days at risk: 63/65 − 1 = −3.1 %, where
    # the calendar years said +15 %.
    jg = meet()["per_client"]["jeugd"]
    assert (jg["voor"]["registraties"], jg["na"]["registraties"], jg["verschil_pct"]) == (65, 63, -3.1)


def test_ignoring_detention_would_overstate_the_drop(tabel6):
    """The same registrations without the detention periods: the after rate falls from 1.80 to
    160/104 = 1.54 per 365 days and the drop grows from −62.1 % to 1.538/4.75 − 1 = −67.6 %. The 5,480
    days the heavy offenders spent inside (14 % of the after-days) would count as days they kept clean."""
    Detentie.objects.all().delete()
    vw = meet()["per_client"]["veelplegers"]
    assert vw["na"] == {"registraties": 160, "dagen_vrij": 37960, "per_365": 1.54}
    assert vw["verschil_pct"] == -67.6
    # Method a does not see detention at all: the table is unchanged.
    assert meet()["kalenderjaren"]["veelplegers"]["verschil_pct"] == -70
