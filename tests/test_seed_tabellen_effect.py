"""The seed tables the report could not produce, rebuilt from imported records: seed 003 (Midden-Limburg
2009) table 2, meldingen per doelgroep × gemeente, and table 4, clients with a plan per doelgroep ×
gemeente (table 5 in clients), seed 001 §5.6's 2014 focus results in a year with nazorg closings too,
the client at the table (§5.10) and the cost per help question of the Motie Van der Staaij (§5.13)."""
import csv
import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from schakel.casussen.models import Casus
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Thema
from schakel.overleggen.models import Bespreking, Overleg, Overlegtype
from schakel.personen.models import Persoon
from schakel.plannen.models import Hulpvraag, VrijwilligTraject
from schakel.rapportage.indicatoren import Periode, bereken
from schakel.rapportage.jaarrapport import Labels, jaarrapport_uit
from schakel.rapportage.uitvoer import exporteer

GEMEENTEN = ["Roermond", "Weert", "Leudal", "Echt-Susteren", "Maasgouw", "Roerdalen", "Nederweert"]

# Seed 003 table 2: meldingen 2009 per doelgroep (Schakel's thema code) per municipality.
TABEL_2 = {
    "veelplegers": [65, 37, 18, 13, 0, 7, 6],  # 146
    "jeugd": [56, 23, 8, 5, 2, 10, 4],  # 108
    "huiselijk-geweld": [105, 84, 28, 31, 18, 25, 12],  # 303
    "overig": [170, 102, 24, 36, 13, 9, 15],  # 369, "zonder doelgroep"
    "nazorg": [225, 72, 12, 20, 9, 6, 4],  # 348, ex-gedetineerden
}
# Seed 003 table 4: clients with a plan van aanpak since 2007, cumulative at the end of 2009.
TABEL_4 = {
    "veelplegers": [59, 28, 1, 2, 10, 1, 3],  # 104
    "jeugd": [34, 7, 5, 4, 0, 2, 0],  # 52
    "huiselijk-geweld": [31, 25, 12, 9, 6, 6, 6],  # 95
    "nazorg": [18, 6, 0, 1, 0, 2, 0],  # 27
}
OVERLEG_VAN = {"veelplegers": "focus", "jeugd": "jeugd", "huiselijk-geweld": "huiselijk_geweld", "nazorg": "nazorg"}
KOP = ["melding_id", "ontvangen_op", "bron", "gemeente", "thema", "persoon_id", "overlegtype", "casus_start",
       "casus_einde", "uitkomsten", "plan_vastgesteld", "plantype"]


@pytest.fixture
def midden_limburg(ref):
    for naam in GEMEENTEN:
        Gemeente.objects.create(code=naam.lower(), naam=naam)


def importeer(pad, rijen):
    with pad.open("w", newline="", encoding="utf-8") as f:
        schrijver = csv.DictWriter(f, fieldnames=KOP, restval="")
        schrijver.writeheader()
        schrijver.writerows(rijen)
    call_command("import-history", str(pad), stdout=StringIO(), stderr=StringIO())


def dag(rng, van: date, tot: date) -> date:
    return van + timedelta(days=rng.randint(0, (tot - van).days))


def test_seed_003_tabel_2_meldingen_per_doelgroep_en_gemeente(midden_limburg, tmp_path):
    rng = random.Random(2009)
    rijen = []

    def melding(ontvangen, gemeente, thema):
        rijen.append({"melding_id": f"VH-{len(rijen) + 1}", "ontvangen_op": ontvangen.isoformat(), "bron": "politie",
                      "gemeente": gemeente, "thema": thema, "persoon_id": f"P{rng.randint(1, 900)}"})

    for thema, aantallen in TABEL_2.items():
        for gemeente, n in zip(GEMEENTEN, aantallen):
            for _ in range(n):
                melding(dag(rng, date(2009, 1, 1), date(2009, 12, 31)), gemeente, thema)
    # Not in the 2009 table: meldingen of 2008 and 2010, and radicalisation, which never counts.
    for ontvangen in (date(2008, 12, 31), date(2010, 1, 1)):
        melding(ontvangen, "Roermond", "veelplegers")
    for _ in range(4):
        melding(dag(rng, date(2009, 1, 1), date(2009, 12, 31)), "Weert", "radicalisering")
    rng.shuffle(rijen)
    importeer(tmp_path / "midden-limburg-2009.csv", rijen)

    m = bereken(Periode.jaar(2009))["meldingen"]
    assert m["totaal"] == 1274  # 146 + 108 + 303 + 369 + 348, table 1's total
    tabel = {thema: [m["per_thema_per_gemeente"][thema][g] for g in GEMEENTEN] for thema in TABEL_2}
    assert tabel == TABEL_2
    # Every other thema and municipality is there with zero, and radicalisation is no row at all.
    assert "radicalisering" not in m["per_thema_per_gemeente"]
    assert sum(sum(rij.values()) for rij in m["per_thema_per_gemeente"].values()) == 1274
    assert [m["per_gemeente"][g] for g in GEMEENTEN] == [621, 318, 90, 105, 42, 57, 41]  # the table's column sums


def tabel_4_rijen(rng):
    """One person per client of table 4, each with one case and an integral plan adopted 2007-2009,
    plus persons who must not count. Returns (rows, first plan dates of the 2009 clients per thema)."""
    rijen = []
    nieuw_2009 = dict.fromkeys(TABEL_4, 0)

    def casus(persoon, gemeente, thema, start, plan=None, plantype="integraal", overlegtype=None):
        rijen.append({
            "melding_id": f"VH-{len(rijen) + 1}", "ontvangen_op": (start - timedelta(days=7)).isoformat(), "bron": "politie",
            "gemeente": gemeente, "thema": thema, "persoon_id": persoon, "overlegtype": overlegtype or OVERLEG_VAN[thema],
            "casus_start": start.isoformat(), "plan_vastgesteld": plan.isoformat() if plan else "",
            "plantype": plantype if plan else "",
        })

    for thema, aantallen in TABEL_4.items():
        for gemeente, n in zip(GEMEENTEN, aantallen):
            for i in range(n):
                start = dag(rng, date(2007, 1, 15), date(2009, 10, 1))
                plan = start + timedelta(days=rng.randint(0, 60))
                casus(f"{thema}-{gemeente}-{i}", gemeente, thema, start, plan)
                nieuw_2009[thema] += plan.year == 2009
    # Five Roermond adults get a second focus case in Weert in 2009 with a care plan: they stay one
    # client each, counted in Roermond where their first plan was adopted (and in table 5 under both types).
    for i in range(5):
        casus(f"veelplegers-Roermond-{i}", "Weert", "veelplegers", date(2009, 11, 1), date(2009, 11, 20), "zorg")
    # Not counted at the end of 2009: a plan adopted in 2010, radicalisation, cases without a plan.
    for i in range(3):
        casus(f"later-{i}", "Roermond", "veelplegers", date(2009, 12, 20), date(2010, 1, 5))
    for i in range(2):
        casus(f"radicaal-{i}", "Weert", "radicalisering", date(2008, 3, 1), date(2008, 3, 20), overlegtype="radicalisering")
    for i in range(4):
        casus(f"zonder-plan-{i}", "Leudal", "jeugd", date(2009, 2, 1))
    return rijen, nieuw_2009


def test_seed_003_tabel_4_en_5_clienten_met_een_plan(midden_limburg, tmp_path):
    rijen, nieuw_2009 = tabel_4_rijen(random.Random(2007))
    importeer(tmp_path / "trajecten.csv", rijen)

    p = bereken(Periode.jaar(2009))["plannen"]
    tabel = {thema: [p["clienten_per_thema_per_gemeente"][thema][g] for g in GEMEENTEN] for thema in TABEL_4}
    assert tabel == TABEL_4
    assert p["clienten_totaal"] == 278  # 104 + 52 + 95 + 27
    assert p["clienten_uniek"] == 278  # nobody is a client in two doelgroepen here
    assert {t: p["clienten_per_thema"][t] for t in TABEL_4} == {"veelplegers": 104, "jeugd": 52, "huiselijk-geweld": 95, "nazorg": 27}
    assert "radicalisering" not in p["clienten_per_thema"]
    # Table 5 in clients: every client has an integral plan (the seed's "Integraal" column: 104, 52,
    # 95, 27); the five adults with a second, care plan count under zorg as well.
    per_type = p["clienten_per_thema_per_plantype"]
    assert {t: per_type[t]["integraal"] for t in TABEL_4} == {"veelplegers": 104, "jeugd": 52, "huiselijk-geweld": 95, "nazorg": 27}
    assert {t: per_type[t]["zorg"] for t in TABEL_4} == {"veelplegers": 5, "jeugd": 0, "huiselijk-geweld": 0, "nazorg": 0}
    assert sum(per_type[t]["justitieel"] for t in TABEL_4) == 0
    # New in 2009: clients whose first plan in the doelgroep was adopted in 2009 (the second case of
    # the five adults is no new client).
    assert {t: p["nieuw_per_thema"][t] for t in TABEL_4} == nieuw_2009

    # At the end of 2008 only the plans adopted by then count.
    eerder = bereken(Periode.jaar(2008))["plannen"]
    assert eerder["clienten_totaal"] == 278 - sum(nieuw_2009.values())


def test_seed_003_tabel_4_staat_in_het_jaarrapport(midden_limburg, tmp_path):
    rijen, _ = tabel_4_rijen(random.Random(2007))
    importeer(tmp_path / "trajecten.csv", rijen)
    periode = Periode.jaar(2009)
    r = jaarrapport_uit([periode], [bereken(periode)], Labels.laad())
    tabel = next(t for t in r.tabellen if t.titel.startswith("Cliënten met een plan van aanpak per gemeente"))
    namen = Labels.laad().thema
    assert tabel.kop[0] == "Gemeente" and tabel.kop[-1] == "Totaal"
    kolom = {naam: i for i, naam in enumerate(tabel.kop)}
    roermond = next(rij for rij in tabel.rijen if rij[0] == "Roermond")
    assert roermond[kolom[namen["veelplegers"]]] == 59 and roermond[-1] == 142  # 59 + 34 + 31 + 18
    assert tabel.totaal[-1] == 278


def test_seed_001_focusresultaten_2014_naast_nazorgafsluitingen(ref, tmp_path):
    """Seed 001 §5.6, 2014: 77 focus cases closed; samenwerking 76 (98.7 %), casushouder verder 73
    (94.8 %), beheersbaar 36 (46.8 %), voortgang 31 (40.3 %), doorbraak 10 (13.0 %). The same year
    40 nazorg cases closed, 10 of them with samenwerking: over all 117 closings samenwerking would be
    86 / 117 = 73.5 %, which is why each overlegtype is divided by its own closings."""
    rng = random.Random(2014)
    rijen = []

    def gesloten(overlegtype, thema, start, einde, uitkomsten):
        rijen.append({
            "melding_id": f"F-{len(rijen) + 1}", "ontvangen_op": (start - timedelta(days=10)).isoformat(), "bron": "politie",
            "gemeente": "Leiden", "thema": thema, "persoon_id": f"P-{len(rijen) + 1}", "overlegtype": overlegtype,
            "casus_start": start.isoformat(), "casus_einde": einde.isoformat(), "uitkomsten": "|".join(uitkomsten),
        })

    for i in range(77):
        uitkomsten = [naam for naam, aantal in (("samenwerking", 76), ("casushouder_verder", 73), ("beheersbaar", 36),
                                                ("voortgang", 31), ("doorbraak", 10)) if i < aantal]
        # 6 of the 77 closed within six months (6 / 77 = 7.8 %): opened 3 months before closing;
        # the others were opened in 2013, more than six months before.
        einde = dag(rng, date(2014, 7, 1), date(2014, 12, 31))
        start = einde - timedelta(days=90) if i % 13 == 0 else dag(rng, date(2013, 1, 1), date(2013, 6, 30))
        gesloten("focus", "veelplegers", start, einde, uitkomsten)
    for i in range(40):
        einde = dag(rng, date(2014, 4, 1), date(2014, 12, 31))
        gesloten("nazorg", "nazorg", einde - timedelta(days=30), einde, ["samenwerking"] if i < 10 else [])
    # Closed in 2015: another year.
    gesloten("focus", "veelplegers", date(2014, 11, 1), date(2015, 1, 10), ["doorbraak"])
    rng.shuffle(rijen)
    importeer(tmp_path / "focus-2014.csv", rijen)

    a = bereken(Periode.jaar(2014))["afsluiting"]
    focus, nazorg = a["naar_overlegtype"]["focus"], a["naar_overlegtype"]["nazorg"]
    assert focus["totaal"] == 77 and nazorg["totaal"] == 40
    assert focus["uitkomsten"] == {"samenwerking": 76, "casushouder_verder": 73, "beheersbaar": 36, "voortgang": 31, "doorbraak": 10}
    assert focus["uitkomsten_pct"] == {"samenwerking": 98.7, "casushouder_verder": 94.8, "beheersbaar": 46.8,
                                       "voortgang": 40.3, "doorbraak": 13.0}
    assert focus["binnen_6_maanden_pct"] == 7.8  # i = 0, 13, 26, 39, 52, 65: 6 / 77
    assert nazorg["uitkomsten_pct"]["samenwerking"] == 25.0 and nazorg["binnen_6_maanden_pct"] == 100.0
    # The key over all closings is kept, and shows the mixed figure.
    assert a["totaal"] == 117 and a["uitkomsten_pct"]["samenwerking"] == 73.5

    r = jaarrapport_uit([Periode.jaar(2014)], [bereken(Periode.jaar(2014))], Labels.laad())
    tabel = next(t for t in r.tabellen if t.titel == "Uitkomsten bij afsluiting: Focusoverleg")
    samenwerking = next(rij for rij in tabel.rijen if rij[0] == Labels.laad().uitkomst["samenwerking"])
    assert samenwerking[1:] == [76, 98.7] and tabel.totaal[1] == 77


def test_client_aan_tafel(users):
    door = users["pr"]
    focus, nazorg, radicaal = (Overlegtype.objects.get(code=c) for c in ("focus", "nazorg", "radicalisering"))

    def casus(overlegtype, thema="overlast"):
        return Casus.objects.create(overlegtype=overlegtype, gemeente=Gemeente.objects.get(code="leiden"),
                                    thema=Thema.objects.get(code=thema), geopend_op=timezone.now(), geopend_door=door)

    def overleg(overlegtype, d):
        return Overleg.objects.create(overlegtype=overlegtype, datum=timezone.make_aware(datetime(d.year, d.month, d.day, 10)),
                                      voorzitter=door)

    f1, f2, n1 = overleg(focus, date(2016, 3, 1)), overleg(focus, date(2016, 9, 1)), overleg(nazorg, date(2016, 5, 1))
    # Focus: 4 agenda items; the client joined at the decision in 2 and for the whole meeting in 1.
    Bespreking.objects.create(overleg=f1, casus=casus(focus), client_stappen=["besluit"])
    Bespreking.objects.create(overleg=f1, casus=casus(focus), client_stappen=["vraag", "beeld", "oordeel", "besluit"])
    Bespreking.objects.create(overleg=f1, casus=casus(focus))
    Bespreking.objects.create(overleg=f2, casus=casus(focus), client_stappen=["besluit"])
    # Nazorg: 1 round-table conversation with the client, 1 without.
    Bespreking.objects.create(overleg=n1, casus=casus(nazorg), client_stappen=["beeld", "besluit"])
    Bespreking.objects.create(overleg=n1, casus=casus(nazorg), client_stappen=[])
    # Never counted: radicalisation, and a meeting of 2015.
    Bespreking.objects.create(overleg=overleg(radicaal, date(2016, 4, 1)), casus=casus(radicaal, "radicalisering"),
                              client_stappen=["besluit"])
    Bespreking.objects.create(overleg=overleg(focus, date(2015, 12, 31)), casus=casus(focus), client_stappen=["besluit"])

    c = bereken(Periode.jaar(2016))["client_aan_tafel"]
    assert c["per_overlegtype"]["focus"] == {
        "besprekingen": 4, "met_client": 3, "met_client_pct": 75.0,  # 3 / 4
        "per_stap": {"vraag": 1, "beeld": 1, "oordeel": 1, "besluit": 3},
    }
    assert c["per_overlegtype"]["nazorg"]["met_client"] == 1 and c["per_overlegtype"]["nazorg"]["met_client_pct"] == 50.0
    assert "radicalisering" not in c["per_overlegtype"]
    assert c["totaal"]["besprekingen"] == 6 and c["totaal"]["met_client"] == 4  # 4 of 6 = 66.7 %
    assert c["totaal"]["met_client_pct"] == 66.7 and c["totaal"]["per_stap"]["besluit"] == 4


def trajecten(soort, aantal, hulpvragen: dict, kosten: Decimal, gestart: date, casus=None):
    """`aantal` programmes of one kind costing `kosten` together; help question i goes to the first
    n programmes, so each domain has exactly its count."""
    per_stuk = (kosten / aantal).quantize(Decimal("0.01"))
    for i in range(aantal):
        bedrag = kosten - per_stuk * (aantal - 1) if i == aantal - 1 else per_stuk
        t = VrijwilligTraject.objects.create(persoon=Persoon.objects.create(achternaam="Traject"), casus=casus,
                                             aanbieder="Exodus", soort=soort, gestart_op=gestart, kosten=bedrag)
        Hulpvraag.objects.bulk_create([Hulpvraag(traject=t, leefgebied=lg) for lg, n in hulpvragen.items() if i < n])


def test_motie_van_der_staaij_kosten_per_hulpvraag(users):
    # Seed 001 §5.13, 2014: 15 programmes, help questions onderdak 12, zorg 13, W&I 12, ID 1, schulden 6
    # (44), programme cost €11,950. Per help question 11,950 × n / 44: 3,259.09, 3,530.68, 3,259.09,
    # 271.59, 1,629.55 — the seed's €3,259, €3,531, €3,259, €272, €1,630 in whole euros.
    trajecten("traject", 15, {"huisvesting": 12, "zorg": 13, "inkomen_werk": 12, "identiteit": 1, "schulden": 6},
              Decimal("11950"), date(2014, 11, 1))
    # 2015 conversations in the PI only: 19, with 13, 13, 9, 2, 12 (49) help questions, €18,012:
    # 18,012 × 13 / 49 = 4,778.69; × 9 / 49 = 3,308.33; × 2 / 49 = 735.18; × 12 / 49 = 4,411.10.
    trajecten("gesprek_pi", 19, {"huisvesting": 13, "zorg": 13, "inkomen_werk": 9, "identiteit": 2, "schulden": 12},
              Decimal("18012"), date(2015, 3, 1))
    # Never counted: a programme from a radicalisation case.
    radicaal = Casus.objects.create(overlegtype=Overlegtype.objects.get(code="radicalisering"), gemeente=Gemeente.objects.get(code="leiden"),
                                    thema=Thema.objects.get(code="radicalisering"), geopend_op=timezone.now(), geopend_door=users["pr"])
    trajecten("traject", 1, {"zorg": 1}, Decimal("5000"), date(2014, 12, 1), casus=radicaal)

    t2014 = bereken(Periode.jaar(2014))["vrijwillige_trajecten"]
    traject = t2014["per_soort"]["traject"]
    assert traject["trajecten"] == 15 and traject["kosten"] == 11950.0 and traject["hulpvragen_totaal"] == 44
    assert traject["kosten_per_hulpvraag"] == {"huisvesting": 3259.09, "zorg": 3530.68, "inkomen_werk": 3259.09,
                                               "identiteit": 271.59, "schulden": 1629.55}
    assert {k: round(v) for k, v in traject["kosten_per_hulpvraag"].items()} == {
        "huisvesting": 3259, "zorg": 3531, "inkomen_werk": 3259, "identiteit": 272, "schulden": 1630}
    assert t2014["per_soort"]["gesprek_pi"]["trajecten"] == 0

    t2015 = bereken(Periode.jaar(2015))["vrijwillige_trajecten"]
    gesprek = t2015["per_soort"]["gesprek_pi"]
    assert gesprek["kosten_per_hulpvraag"] == {"huisvesting": 4778.69, "zorg": 4778.69, "inkomen_werk": 3308.33,
                                               "identiteit": 735.18, "schulden": 4411.10}
    assert t2015["totaal"]["hulpvragen_totaal"] == 49 and t2015["totaal"]["kosten"] == 18012.0

    # Both kinds in one period: the total per help question adds the kinds' own figures
    # (onderdak 3,259.09 + 4,778.69 = 8,037.78).
    beide = bereken(Periode(date(2014, 1, 1), date(2015, 12, 31)))["vrijwillige_trajecten"]["totaal"]
    assert beide["kosten_per_hulpvraag"]["huisvesting"] == 8037.78
    assert beide["trajecten"] == 34 and beide["kosten"] == 29962.0  # 11,950 + 18,012

    # The files show the same amounts: a number in euro in the spreadsheet, "EUR" in the PDF's Latin-1 text.
    wb = load_workbook(BytesIO(exporteer("xlsx", Periode.jaar(2014))))
    huisvesting = next(rij for rij in wb["Vrijwillige trajecten"].iter_rows() if rij[0].value == "Huisvesting")
    assert huisvesting[1].value == 12 and huisvesting[2].value == 3259.09 and "€" in huisvesting[2].number_format
    assert b"EUR 3.259,09" in exporteer("pdf", Periode.jaar(2014))


def test_bereken_neemt_een_vast_aantal_queries(midden_limburg, tmp_path, django_assert_num_queries):
    """Every section is a handful of grouped queries, whatever the data: the count with 300 imported
    clients is the count of an empty year. Measured: 39 = the older sections 25 + besluiten_per_thema 2
    (theme list, grouped count) + naar_overlegtype 3 (type list, closings and outcomes grouped by type)
    + plannen 5 (theme and municipality lists, first plans, plan types, unique clients) + client aan
    tafel 2 (type list, one grouped count) + vrijwillige trajecten 2."""
    jaar = Periode.jaar(2009)
    with django_assert_num_queries(39):
        bereken(jaar)
    rijen, _ = tabel_4_rijen(random.Random(2007))
    importeer(tmp_path / "trajecten.csv", rijen)
    with django_assert_num_queries(39):
        bereken(jaar)
