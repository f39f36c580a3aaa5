"""The cost inputs in beheer, in a real browser: empty and wrong values are refused with the message at
the field, the Dutch notation is accepted, and the saved year shows its calculation with formulas."""
from datetime import date

import pytest
from playwright.sync_api import expect

from schakel.effectmeting.models import Kosteninvoer
from tests.test_effect_kosten import AANTALLEN_2015, weeg_veel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_beheerder_enters_the_costs_of_a_year(login, screenshot, users):
    weeg_veel(AANTALLEN_2015, date(2015, 6, 15))
    page = login(users["beheerder"])
    page.goto("/beheer/")
    page.get_by_role("link", name="Kosteninvoer").first.click()
    page.get_by_role("link", name="Kosteninvoer toevoegen").click()
    page.wait_for_load_state()
    screenshot(page, "kosteninvoer-leeg")

    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    expect(page.locator("#id_budget_error")).to_contain_text("Dit veld is verplicht.")
    expect(page.locator("#id_jaar_error")).to_contain_text("Dit veld is verplicht.")

    page.fill("#id_jaar", "2015")
    page.fill("#id_budget", "zevenhonderdduizend")
    page.fill("#id_minuten_focus", "-240")
    page.fill("#id_landelijke_recidive_pct", "147")
    page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    expect(page.locator("#id_budget_error")).to_contain_text("Vul een getal in, zoals 700.000 of 202,65.")
    expect(page.locator("#id_minuten_focus_error")).to_contain_text("Mag niet negatief zijn.")
    expect(page.locator("#id_landelijke_recidive_pct_error")).to_contain_text("Een percentage ligt tussen 0 en 100.")
    screenshot(page, "kosteninvoer-fouten")
    assert not Kosteninvoer.objects.exists()

    for veld, waarde in {
        "budget": "700.000", "minuten_focus": "240", "minuten_nazorg": "120", "minuten_bilateraal": "20",
        "minuten_geen_vervolg": "10", "programmakosten_focus": "250.000", "programmakosten_nazorg": "151.620",
        "dagprijs_detentie": "202,65", "gemiddelde_detentiedagen": "102", "landelijke_recidive_pct": "47",
        "eigen_recidive_pct": "17", "unieke_personen": "537",
    }.items():
        page.fill(f"#id_{veld}", waarde)
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    berekening = page.locator("#kosten")
    expect(berekening).to_contain_text("€ 700.000 × (240 min × 58) ÷ 53.030 min = € 183.745")
    expect(berekening).to_contain_text("€ 3.329.985,33")
    screenshot(page, "kosteninvoer-berekening")
    assert Kosteninvoer.objects.get().budget == 700000
