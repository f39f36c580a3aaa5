"""Costs with their formulas: the 2015 cost table of a house, recomputed from its own inputs, and the
savings of aftercare. The expected figures are worked out by hand in the comments; the house's printed
table had two errors (a wrong total weight for two lines, and a wrong day price), which the result
must show as differences, not repeat."""
import json
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from schakel.briefing.models import BesluitOptie, Briefing, Weging
from schakel.effectmeting.kosten import bereken_kosten, euro, getal, tel_besluiten
from schakel.effectmeting.kosten_invoer import KostenbestandFout, lees_kostenbestand
from schakel.effectmeting.models import Kosteninvoer
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding, Thema
from schakel.partners.models import Organisatie
from schakel.rapportage.indicatoren import Periode

from .factories import GebruikerFactory

# Weighings per decision in 2015: focus 58, nazorg 166, bilateraal 674, geen vervolg ("niet in VH") 571.
AANTALLEN_2015 = {"focus": 58, "nazorg": 166, "bilateraal": 674, "geen_vervolg": 571}
MINUTEN_2015 = {"focus": 240, "nazorg": 120, "bilateraal": 20, "geen_vervolg": 10}
OUDE_REGELS = {"focus": 183745, "nazorg": 262946, "bilateraal": 203757, "geen_vervolg": 86310}


def _moment(d: date):
    return timezone.make_aware(datetime.combine(d, time(10)))


def weeg_veel(aantallen: dict, dag: date, thema: str = "overlast"):
    """One melding and one weighing per count, in three bulk inserts (a weighing per melding: the
    report counts the last weighing of each melding)."""
    door = GebruikerFactory()
    briefing = Briefing.objects.create(datum=dag, voorzitter=door)
    org, gemeente, th = Organisatie.objects.get(code="reclassering"), Gemeente.objects.get(code="leiden"), Thema.objects.get(code=thema)
    besluiten = {o.code: o for o in BesluitOptie.objects.filter(code__in=aantallen)}
    totaal = sum(aantallen.values())
    meldingen = Melding.objects.bulk_create([
        Melding(ontvangen_op=_moment(dag), kanaal=Melding.Kanaal.MAIL, melder_organisatie=org, gemeente=gemeente, thema=th,
                omschrijving="Test.", geregistreerd_door=door)
        for _ in range(totaal)
    ])
    if meldingen[0].pk is None:  # backends without RETURNING
        meldingen = list(Melding.objects.order_by("-pk")[:totaal])
    codes = [code for code, n in aantallen.items() for _ in range(n)]
    Weging.objects.bulk_create([
        Weging(briefing=briefing, melding=m, besluit=besluiten[code], gewogen_op=_moment(dag), gewogen_door=door)
        for m, code in zip(meldingen, codes)
    ])


def invoer_2015(**anders) -> Kosteninvoer:
    velden = dict(
        jaar=2015, budget=Decimal("700000"), minuten=MINUTEN_2015,
        programmakosten={"focus": 250000, "nazorg": 151620},
        dagprijs_detentie=Decimal("202.65"), gemiddelde_detentiedagen=Decimal("102"),
        landelijke_recidive_pct=Decimal("47"), eigen_recidive_pct=Decimal("17"), unieke_personen=537,
        eerder_gerapporteerd={"kosten": OUDE_REGELS, "totaal": 700000, "besparing": 2647227.42},
    )
    velden.update(anders)
    return Kosteninvoer.objects.create(**velden)


@pytest.fixture
def jaar_2015(ref):
    weeg_veel(AANTALLEN_2015, date(2015, 6, 15))


@pytest.mark.django_db
def test_cost_table_2015_recomputed_from_the_inputs(jaar_2015):
    uit = bereken_kosten(invoer_2015())
    k = uit["kosten"]
    # Σ minutes × count = 240×58 + 120×166 + 20×674 + 10×571 = 13,920 + 19,920 + 13,480 + 5,710 = 53,030
    assert uit["totaal"]["gewogen_minuten"] == 53030
    # focus: 700,000 × 13,920 ÷ 53,030 = 183,745.05 → €183,745; per case ÷ 58 = 3,168.02 → €3,168
    assert (k["focus"]["aantal"], k["focus"]["kosten"], k["focus"]["per_casus"]) == (58, 183745, 3168)
    # nazorg: 700,000 × 19,920 ÷ 53,030 = 262,945.50 → €262,946; ÷ 166 = 1,584.01 → €1,584
    assert (k["nazorg"]["aantal"], k["nazorg"]["kosten"], k["nazorg"]["per_casus"]) == (166, 262946, 1584)
    # bilateraal: 700,000 × 13,480 ÷ 53,030 = 177,937.02 → €177,937 (the printed €203,757 used 4,631 as total weight)
    assert (k["bilateraal"]["aantal"], k["bilateraal"]["kosten"], k["bilateraal"]["per_casus"]) == (674, 177937, 264)
    # niet in VH: 700,000 × 5,710 ÷ 53,030 = 75,372.43 → €75,372; ÷ 571 = 132.00
    assert (k["geen_vervolg"]["aantal"], k["geen_vervolg"]["kosten"], k["geen_vervolg"]["per_casus"]) == (571, 75372, 132)
    # 183,745 + 262,946 + 177,937 + 75,372 = 700,000 exactly, also rounded line by line
    assert sum(k[c]["kosten"] for c in AANTALLEN_2015) == 700000 == uit["totaal"]["kosten"]
    assert uit["totaal"]["aantal"] == 58 + 166 + 674 + 571
    # % of the programme cost of the conference the decision leads to: 3,168.02 ÷ 250,000 = 1.27 %;
    # 1,584.01 ÷ 151,620 = 1.045 % → 1.04 %
    assert k["focus"]["pct_programmakosten"] == 1.27 and k["focus"]["overlegtype"] == "focus"
    assert k["nazorg"]["pct_programmakosten"] == 1.04
    assert k["bilateraal"]["pct_programmakosten"] is None  # opens no case, so has no programme

    # The formulas carry their inputs, in Dutch notation.
    assert k["focus"]["formule"] == "€ 700.000 × (240 min × 58) ÷ 53.030 min = € 183.745"
    assert k["focus"]["formule_per_casus"] == "€ 183.745 ÷ 58 = € 3.168"
    assert k["focus"]["formule_pct_programmakosten"] == "€ 3.168 ÷ € 250.000 × 100 = 1,27 %"
    assert uit["totaal"]["formule"] == "€ 183.745 + € 262.946 + € 177.937 + € 75.372 = € 700.000"
    assert uit["totaal"]["formule_gewogen_minuten"] == (
        "240 min × 58 + 120 min × 166 + 20 min × 674 + 10 min × 571 = 53.030 min"
    )
    json.dumps(uit)  # the result goes into the JSON report as it is


@pytest.mark.django_db
def test_savings_formula_and_what_the_house_printed(jaar_2015):
    uit = bereken_kosten(invoer_2015())
    b = uit["besparing"]
    # (47 − 17) % × 537 = 161.1 avoided recidivists; 202.65 × 102 × 161.1 = 20,670.30 × 161.1 = 3,329,985.33
    assert b["vermeden_recidivisten"] == 161.1
    assert b["bedrag"] == 3329985.33
    assert b["formule"] == (
        "€ 202,65 × 102 dagen × (47 % − 17 %) × 537 personen = € 202,65 × 102 × 161,1 = € 3.329.985,33"
    )
    v = uit["verschillen"]["besparing"]
    # printed 2,647,227.42 − computed 3,329,985.33 = −682,757.91
    assert (v["eerder"], v["berekend"], v["verschil"]) == (2647227.42, 3329985.33, -682757.91)
    # 2,647,227.42 ÷ (102 × 161.1) = 161.10: the printed figure used 161.1 as the day price
    assert v["afgeleide_dagprijs"] == 161.1
    assert "€ 2.647.227,42" in v["formule"] and "€ 161,10" in v["formule"] and "eerder te laag" in v["formule"]


@pytest.mark.django_db
def test_old_table_lines_are_shown_against_the_computed_ones(jaar_2015):
    v = bereken_kosten(invoer_2015())["verschillen"]
    # 183,745 + 262,946 + 203,757 + 86,310 = 736,758, against the budget 700,000: 36,758 too much
    assert (v["regels_opgeteld"]["eerder"], v["regels_opgeteld"]["berekend"], v["regels_opgeteld"]["verschil"]) == (
        736758, 700000, 36758
    )
    assert "€ 736.758" in v["regels_opgeteld"]["formule"]
    # per line: focus and nazorg match; bilateraal 203,757 − 177,937.02 = 25,819.98 → 25,820;
    # niet in VH 86,310 − 75,372.43 = 10,937.57 → 10,938
    assert v["kosten"]["focus"]["verschil"] == 0 and "(gelijk)" in v["kosten"]["focus"]["formule"]
    assert v["kosten"]["nazorg"]["verschil"] == 0
    assert v["kosten"]["bilateraal"]["verschil"] == 25820
    assert v["kosten"]["geen_vervolg"]["verschil"] == 10938
    # The printed total equals the computed one, but not the printed lines: the result says so.
    assert v["totaal"]["verschil"] == 0
    assert "tellen op tot € 736.758" in v["totaal"]["formule"]


@pytest.mark.django_db
def test_only_the_year_counts_and_radicalisation_never(ref):
    weeg_veel({"focus": 2, "bilateraal": 1}, date(2015, 12, 31))
    weeg_veel({"focus": 5}, date(2016, 1, 1))  # next year
    weeg_veel({"focus": 7}, date(2015, 3, 1), thema="radicalisering")  # never counted
    assert tel_besluiten(Periode.jaar(2015)) == {"focus": 2, "bilateraal": 1}
    uit = bereken_kosten(invoer_2015(eerder_gerapporteerd={}, minuten={"focus": 30, "bilateraal": 15}, budget=Decimal("1000")))
    # Σ = 30×2 + 15×1 = 75; focus 1,000 × 60 ÷ 75 = 800, per case 400; bilateraal 1,000 × 15 ÷ 75 = 200
    assert uit["kosten"]["focus"]["kosten"] == 800 and uit["kosten"]["focus"]["per_casus"] == 400
    assert uit["kosten"]["bilateraal"]["kosten"] == 200
    assert uit["verschillen"] == {}
    # The same inputs over 2016: only the five focus weighings, so focus carries the whole budget.
    assert bereken_kosten(Kosteninvoer.objects.get(jaar=2015), 2016)["kosten"]["focus"]["per_casus"] == 200


@pytest.mark.django_db
def test_decisions_without_minutes_and_missing_savings_inputs(ref):
    weeg_veel({"focus": 1, "opschalen": 3}, date(2015, 5, 1))
    uit = bereken_kosten(invoer_2015(minuten={"focus": 60, "nazorg": 30}, dagprijs_detentie=None, eerder_gerapporteerd={}))
    # opschalen has weighings but no minutes: shown, not in the distribution; nazorg has minutes, no weighings.
    assert uit["kosten"]["opschalen"]["aantal"] == 3 and uit["kosten"]["opschalen"]["kosten"] is None
    assert "Geen minuten" in uit["kosten"]["opschalen"]["formule"]
    assert uit["kosten"]["nazorg"]["kosten"] == 0 and uit["kosten"]["nazorg"]["per_casus"] is None
    assert uit["kosten"]["focus"]["kosten"] == 700000
    assert uit["besparing"]["bedrag"] is None and "dagprijs detentie" in uit["besparing"]["formule"]


@pytest.mark.django_db
def test_nothing_weighed_gives_no_distribution(ref):
    uit = bereken_kosten(invoer_2015(eerder_gerapporteerd={"totaal": 700000}))
    assert all(regel["kosten"] is None for regel in uit["kosten"].values())
    assert uit["totaal"]["kosten"] is None and "Niet te verdelen" in uit["totaal"]["formule"]
    assert "totaal" not in uit["verschillen"]


def test_dutch_notation():
    assert getal(Decimal("53030")) == "53.030"
    assert getal(Decimal("202.65")) == "202,65"
    assert getal(161.1) == "161,1"
    assert euro(Decimal("3329985.325"), cent=True) == "€ 3.329.985,33"  # half up
    assert euro(Decimal("-682757.91"), cent=True) == "€ −682.757,91"
    assert euro(Decimal("262945.50")) == "€ 262.946"


# --- The scenario file.


def _bestand(tmp_path, inhoud) -> str:
    pad = tmp_path / "kosten.json"
    pad.write_text(inhoud if isinstance(inhoud, str) else json.dumps(inhoud), encoding="utf-8")
    return str(pad)


GOED = {
    "budget": 700000, "minuten": MINUTEN_2015, "programmakosten": {"focus": 250000, "nazorg": 151620},
    "dagprijs_detentie": 202.65, "gemiddelde_detentiedagen": 102, "landelijke_recidive_pct": 47,
    "eigen_recidive_pct": 17, "unieke_personen": 537, "eerder_gerapporteerd": {"besparing": 2647227.42},
}


@pytest.mark.django_db
def test_cost_file_gives_the_same_figures_as_beheer(jaar_2015, tmp_path):
    invoer = lees_kostenbestand(_bestand(tmp_path, GOED))
    assert invoer.pk is None and invoer.dagprijs_detentie == Decimal("202.65")
    uit = bereken_kosten(invoer, 2015)
    assert uit["kosten"]["focus"]["kosten"] == 183745 and uit["besparing"]["bedrag"] == 3329985.33
    assert uit["verschillen"]["besparing"]["verschil"] == -682757.91
    assert Kosteninvoer.objects.count() == 0  # a scenario is not stored


@pytest.mark.django_db
@pytest.mark.parametrize("wijziging, melding", [
    ({"budget": None}, "'budget': verwacht een getal, gevonden null."),
    ({"budget": "700000"}, "'budget': verwacht een getal, gevonden de tekst \"700000\"."),
    ({"budget": -1}, "'budget': mag niet negatief zijn (gevonden -1)."),
    ({"minuten": {"focus": 240, "top60": 5}}, "'minuten': onbekende besluitcode 'top60'"),
    ({"minuten": {"past_niet": 5}}, "'minuten': onbekende besluitcode 'past_niet'"),  # a sub-reason, not a decision
    ({"minuten": [240, 120]}, "'minuten': verwacht een object {code: getal}, gevonden een lijst."),
    ({"minuten": {"focus": True}}, "'minuten.focus': verwacht een getal, gevonden true/false."),
    ({"programmakosten": {"fokus": 1}}, "'programmakosten': onbekende overlegtypecode 'fokus'"),
    ({"landelijke_recidive_pct": 147}, "'landelijke_recidive_pct': een percentage ligt tussen 0 en 100 (gevonden 147)."),
    ({"eigen_recidive_pct": -3}, "'eigen_recidive_pct': mag niet negatief zijn (gevonden -3)."),
    ({"unieke_personen": 53.7}, "'unieke_personen': verwacht een geheel getal, gevonden 53.7."),
    ({"dagprijs": 202.65}, "'dagprijs': onbekende sleutel"),
    ({"eerder_gerapporteerd": {"kosten": {"focus": "veel"}}}, "'eerder_gerapporteerd.kosten.focus': verwacht een getal"),
])
def test_cost_file_errors_name_the_key(ref, tmp_path, wijziging, melding):
    with pytest.raises(KostenbestandFout) as fout:
        lees_kostenbestand(_bestand(tmp_path, {**GOED, **wijziging}))
    assert melding in str(fout.value)


@pytest.mark.django_db
def test_cost_file_without_budget_and_broken_files(ref, tmp_path):
    zonder = {k: v for k, v in GOED.items() if k != "budget"}
    with pytest.raises(KostenbestandFout, match="'budget': ontbreekt"):
        lees_kostenbestand(_bestand(tmp_path, zonder))
    # All problems at once, not only the first.
    with pytest.raises(KostenbestandFout) as fout:
        lees_kostenbestand(_bestand(tmp_path, {**zonder, "unieke_personen": -1, "minuten": {"x": 1}}))
    assert len(fout.value.fouten) == 3
    with pytest.raises(KostenbestandFout, match=r"Regel 3: geen geldige JSON \(komma verwacht"):
        lees_kostenbestand(_bestand(tmp_path, '{\n  "budget": 1\n  "minuten": {}\n}'))
    with pytest.raises(KostenbestandFout, match="NaN is geen getal"):
        lees_kostenbestand(_bestand(tmp_path, '{"budget": NaN}'))
    with pytest.raises(KostenbestandFout, match="één JSON-object"):
        lees_kostenbestand(_bestand(tmp_path, "[1, 2]"))
    with pytest.raises(KostenbestandFout, match="bestaat niet"):
        lees_kostenbestand(tmp_path / "weg.json")


# --- Beheer: the inputs of a year.


def _formulier(**anders) -> dict:
    data = {
        "jaar": "2015", "budget": "700.000",
        "minuten_focus": "240", "minuten_nazorg": "120", "minuten_bilateraal": "20", "minuten_geen_vervolg": "10",
        "programmakosten_focus": "€ 250.000", "programmakosten_nazorg": "151.620",
        "dagprijs_detentie": "202,65", "gemiddelde_detentiedagen": "102", "landelijke_recidive_pct": "47",
        "eigen_recidive_pct": "17", "unieke_personen": "537",
        "eerder_kosten_focus": "183.745", "eerder_kosten_nazorg": "262.946", "eerder_kosten_bilateraal": "203.757",
        "eerder_kosten_geen_vervolg": "86.310", "eerder_totaal": "700.000", "eerder_besparing": "2.647.227,42",
    }
    data.update(anders)
    return data


@pytest.mark.django_db
def test_beheerder_enters_a_year_and_sees_the_calculation(client_for, users, jaar_2015):
    from django.urls import reverse

    client = client_for(users["beheerder"])
    leeg = client.get(reverse("beheer:effectmeting_kosteninvoer_add")).content.decode()
    # One minutes field per active decision of the briefing, not per sub-reason.
    for code in ("focus", "nazorg", "bilateraal", "vrijwillig_traject", "opschalen", "geen_vervolg"):
        assert f'name="minuten_{code}"' in leeg
    assert 'name="minuten_past_niet"' not in leeg
    assert 'name="programmakosten_focus"' in leeg and 'name="programmakosten_smd"' not in leeg

    response = client.post(reverse("beheer:effectmeting_kosteninvoer_add"), _formulier())
    assert response.status_code == 302, response.content.decode()[:3000]
    invoer = Kosteninvoer.objects.get(jaar=2015)
    # Dutch notation read as meant: 700.000 is seven hundred thousand, 202,65 has cents.
    assert invoer.budget == Decimal("700000") and invoer.dagprijs_detentie == Decimal("202.65")
    assert invoer.minuten == {"focus": 240, "nazorg": 120, "bilateraal": 20, "geen_vervolg": 10}
    assert invoer.programmakosten == {"focus": 250000, "nazorg": 151620}
    assert invoer.eerder_gerapporteerd == {"kosten": OUDE_REGELS, "totaal": 700000, "besparing": 2647227.42}

    pagina = client.get(reverse("beheer:effectmeting_kosteninvoer_change", args=[invoer.pk])).content.decode()
    assert "€ 183.745" in pagina and "€ 3.168" in pagina and "1,27 %" in pagina
    assert "€ 3.329.985,33" in pagina and "€ 2.647.227,42" in pagina and "€ 736.758" in pagina
    # The stored values come back in the fields as typed.
    assert 'value="202,65"' in pagina and 'value="700.000"' in pagina


@pytest.mark.django_db
@pytest.mark.parametrize("veld, waarde, melding", [
    ("budget", "", "Dit veld is verplicht."),
    ("budget", "veel", "Vul een getal in, zoals 700.000 of 202,65."),
    ("budget", "-5", "Mag niet negatief zijn."),
    ("minuten_focus", "-240", "Mag niet negatief zijn."),
    ("minuten_nazorg", "twee uur", "Vul een getal in"),
    ("programmakosten_focus", "-1", "Mag niet negatief zijn."),
    ("landelijke_recidive_pct", "147", "Een percentage ligt tussen 0 en 100."),
    ("eigen_recidive_pct", "-17", "Een percentage ligt tussen 0 en 100."),
    ("unieke_personen", "-537", "Mag niet negatief zijn."),
    ("jaar", "1899", "minstens 2000"),
    ("unieke_personen", "53,7", "Vul een geheel getal in"),
    ("eerder_besparing", "-1", "Mag niet negatief zijn."),
])
def test_bad_values_are_refused_and_nothing_is_saved(client_for, users, veld, waarde, melding):
    from django.urls import reverse

    response = client_for(users["beheerder"]).post(reverse("beheer:effectmeting_kosteninvoer_add"), _formulier(**{veld: waarde}))
    assert response.status_code == 400
    html = response.content.decode()
    assert melding in html, html[html.find("errorlist"):][:500]
    assert html.count('<ul class="errorlist"') == 1  # one message, at the field, not the model's as well
    assert Kosteninvoer.objects.count() == 0


@pytest.mark.django_db
def test_an_empty_form_names_the_required_fields(client_for, users):
    from django.urls import reverse

    response = client_for(users["beheerder"]).post(reverse("beheer:effectmeting_kosteninvoer_add"), {})
    assert response.status_code == 400
    html = response.content.decode()
    # jaar and budget: once at the field, once in the summary that links to it.
    assert html.count("Dit veld is verplicht.") == 4
    samenvatting = html[html.index('id="foutsamenvatting"'):]
    samenvatting = samenvatting[:samenvatting.index("</div>")]
    assert samenvatting.count("<li>") == 2
    assert 'href="#id_jaar"' in samenvatting and 'href="#id_budget"' in samenvatting
    assert Kosteninvoer.objects.count() == 0


@pytest.mark.django_db
def test_editing_keeps_minutes_of_a_decision_switched_off_since(client_for, users):
    from django.urls import reverse

    invoer = Kosteninvoer.objects.create(jaar=2014, budget=1000, minuten={"focus": 60, "opschalen": 15})
    BesluitOptie.objects.filter(code="opschalen").update(actief=False)
    client = client_for(users["beheerder"])
    html = client.get(reverse("beheer:effectmeting_kosteninvoer_change", args=[invoer.pk])).content.decode()
    assert 'name="minuten_opschalen"' in html and 'name="minuten_vrijwillig_traject"' in html
    data = {"jaar": "2014", "budget": "1.500", "minuten_focus": "60", "minuten_opschalen": "15"}
    assert client.post(reverse("beheer:effectmeting_kosteninvoer_change", args=[invoer.pk]), data).status_code == 302
    invoer.refresh_from_db()
    assert invoer.budget == 1500 and invoer.minuten == {"focus": 60, "opschalen": 15}


@pytest.mark.parametrize("tekst, getal_tekst", [
    ("700.000", "700000"), ("€ 700.000", "700000"), ("202,65", "202.65"), ("202.65", "202.65"),
    ("1.584,01", "1584.01"), ("1,584.01", "1584.01"), ("47 %", "47"), ("2.647.227,42", "2647227.42"), ("0,5", "0.5"),
])
def test_dutch_numbers_are_read_as_meant(tekst, getal_tekst):
    from schakel.effectmeting.kosten_formulier import lees_nederlands_getal

    assert lees_nederlands_getal(tekst) == getal_tekst


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_weighings(ref, django_assert_num_queries):
    invoer = invoer_2015()
    weeg_veel({"focus": 1}, date(2015, 2, 1))
    # One GROUP BY over the weighings, one read of the decision list.
    with django_assert_num_queries(2):
        bereken_kosten(invoer)
    weeg_veel({"focus": 30, "nazorg": 40, "bilateraal": 50}, date(2015, 3, 1))
    with django_assert_num_queries(2):
        uit = bereken_kosten(invoer)
    assert uit["kosten"]["focus"]["aantal"] == 31
