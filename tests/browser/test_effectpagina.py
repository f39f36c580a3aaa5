"""The effect page in a real browser: the ketenmanager measures a cohort, the charts are decoded
images, every number in the tables is the number of the JSON download of the same question, bad
values are refused at their field and can be corrected by keyboard; the procesregisseur opens his
own cases by number; a partner gets 403."""
import json

import pytest
from playwright.sync_api import expect

from schakel.effectmeting.models import Kosteninvoer

from ..test_effect_uitvoer import ACHTERNAAM, BSN, KOSTEN_2024, bouw_effect, nl, pct, rij

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABEL_PER_CLIENT = "Registraties per 365 dagen vrij, vóór en na de start"
TABEL_NETTO = "Cliënten naast de vergelijkingsgroep: het netto verschil"


def vul_cohort(page, venster="365"):
    page.fill("#id_van", "2024-01-01")
    page.fill("#id_tot", "2024-12-31")
    page.fill("#id_venster", venster)
    page.fill("#id_peildatum", "2026-06-30")
    page.fill("#id_jaren", "2023,2024,2025")


def tabel(page, titel) -> list[list[str]]:
    return page.get_by_role("table", name=titel).evaluate(
        "t => [...t.rows].map(r => [...r.cells].map(c => c.textContent.trim().replace(/\\s+/g, ' ')))"
    )


def test_ketenmanager_measures_charts_decode_and_numbers_match_the_json(login, users, screenshot):
    bouw_effect(users)
    Kosteninvoer.objects.create(jaar=2024, **KOSTEN_2024)
    page = login(users["ketenmanager"])

    page.get_by_role("link", name="Effectmeting", exact=True).click()
    vul_cohort(page)
    page.get_by_role("button", name="Meten").click()
    page.wait_for_load_state()

    verslag = page.get_by_role("article")
    expect(verslag.get_by_role("table", name=TABEL_PER_CLIENT)).to_be_visible()
    # Both charts are decoded images, not broken links.
    afbeeldingen = verslag.locator("img")
    expect(afbeeldingen).to_have_count(2)
    assert page.evaluate("() => [...document.querySelectorAll('article img')].every(i => i.complete && i.naturalWidth > 0)")
    screenshot(page, "effectmeting-ketenmanager")

    # The JSON download of the same question: every figure on the page is one of its figures.
    href = page.get_by_role("link", name="JSON").get_attribute("href")
    antwoord = page.request.get(href)
    assert antwoord.ok and antwoord.headers["content-type"].startswith("application/json")
    data = json.loads(antwoord.body())
    per_client = tabel(page, TABEL_PER_CLIENT)
    for code, naam in (("overlast", "Overlast en woonoverlast"), ("totaal", "Totaal")):
        g = data["per_client"][code]
        assert rij(per_client, naam) == [
            nl(g["clienten"]), nl(g["voor"]["registraties"]), nl(g["voor"]["dagen_vrij"]), nl(g["voor"]["per_365"]),
            nl(g["na"]["registraties"]), nl(g["na"]["dagen_vrij"]), nl(g["na"]["per_365"]), pct(g["verschil_pct"]),
        ], naam
    assert data["per_client"]["huiselijk-geweld"]["clienten"] == "<10"
    assert rij(per_client, "Huiselijk geweld") == ["<10"] + ["–"] * 7
    vg = data["vergelijking"]["overlast"]
    laag, hoog = vg["interval_95"]
    assert rij(tabel(page, TABEL_NETTO), "Overlast en woonoverlast") == [
        nl(vg["clienten_n"]), nl(vg["clienten_voor_per_365"]), nl(vg["clienten_na_per_365"]), nl(vg["controle_n"]),
        nl(vg["controle_voor_per_365"]), nl(vg["controle_na_per_365"]), nl(vg["netto_per_365"]), f"{nl(laag)} tot {nl(hoog)}",
    ]
    kj = data["kalenderjaren"]["totaal"]
    assert rij(tabel(page, "Registraties als verdachte per kalenderjaar"), "Totaal") == [
        nl(kj["clienten"]), nl(kj["2023"]), nl(kj["2024"]), nl(kj["2025"]), pct(kj["verschil_pct"]),
    ]
    ov = data["overleving"]["totaal"]
    assert rij(tabel(page, "Eerste registratie als verdachte binnen 1 en 2 jaar vrij"), "Totaal") == [
        f"{nl(ov[g][f'binnen_{j}_jaar_pct'], 1)}%" for g in ("clienten", "controle") for j in (1, 2)
    ]
    # The costs: each amount with its formula, and the house's earlier savings figure beside the computed one.
    kosten = data["kosten"]
    regel = kosten["kosten"]["geen_vervolg"]
    expect(verslag.get_by_role("cell", name=regel["formule"], exact=True)).to_be_visible()
    verschil = rij(tabel(page, "Verschil met de cijfers die het huis eerder publiceerde"), "Besparing")
    assert verschil[:2] == ["€ 2.647.227,42", "€ 3.329.985,33"] and kosten["besparing"]["bedrag"] == 3329985.33
    inhoud = page.content()
    assert ACHTERNAAM not in inhoud and BSN not in inhoud
    assert ACHTERNAAM not in antwoord.text()


def test_bad_values_are_refused_at_the_field_and_corrected_by_keyboard(login, users, screenshot):
    bouw_effect(users)
    page = login(users["ketenmanager"])
    page.goto("/effectmeting/")
    vul_cohort(page, venster="10")
    page.fill("#id_jaren", "2025,2023")
    with page.expect_response(lambda r: "/effectmeting/?" in r.url) as antwoord:
        page.get_by_role("button", name="Meten").click()
    assert antwoord.value.status == 400
    page.wait_for_load_state()

    expect(page.locator("#id_venster_error")).to_contain_text("Kies een venster van minstens 30 dagen.")
    expect(page.locator("#id_jaren_error")).to_contain_text("Zet de jaren oplopend")
    expect(page.get_by_role("article")).to_have_count(0)
    # The error summary has the focus; its first link takes the keyboard to the field.
    expect(page.locator("#foutsamenvatting")).to_be_focused()
    screenshot(page, "effectmeting-fouten")
    page.keyboard.press("Tab")
    expect(page.locator("#foutsamenvatting a").first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_venster")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("365")
    page.locator("#id_jaren").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("2023,2025")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("table", name=TABEL_PER_CLIENT)).to_be_visible()
    expect(page.locator(".foutmelding")).to_have_count(0)


def test_procesregisseur_opens_his_own_cases_by_number(login, users, screenshot):
    casussen = bouw_effect(users)
    page = login(users["pr"])

    page.get_by_role("link", name="Effectmeting", exact=True).click()
    page.get_by_role("link", name="Per cliënt: mijn eigen casussen").click()
    page.fill("#id_van", "2024-01-01")
    page.fill("#id_tot", "2024-12-31")
    page.fill("#id_peildatum", "2026-06-30")
    page.get_by_role("button", name="Tonen").click()
    page.wait_for_load_state()

    lijst = page.get_by_role("table")
    expect(lijst.locator("tbody tr")).to_have_count(12)
    for casus in casussen:
        expect(lijst.get_by_role("link", name=casus.nummer, exact=True)).to_have_count(1 if casus.procesregisseur_id == users["pr"].pk else 0)
    assert ACHTERNAAM not in page.content() and BSN not in page.content()
    screenshot(page, "effectmeting-eigen-casussen")


def test_partner_gets_403_and_no_menu_entry(login, users):
    page = login(users["reclassering"])
    expect(page.get_by_role("link", name="Effectmeting")).to_have_count(0)
    assert page.goto("/effectmeting/?van=2024-01-01&tot=2024-12-31").status == 403
    assert page.goto("/effectmeting/download/?van=2024-01-01&tot=2024-12-31&formaat=json").status == 403
    assert page.goto("/effectmeting/eigen-casussen/").status == 403
