"""Person search as the procesregisseur uses it: empty, too short, and with hits, by keyboard; the result rows (written in Python since the rows template went) link to the person
and to each melding the searcher may see."""
import pytest
from playwright.sync_api import expect

from tests.factories import PersoonFactory
from tests.scenario import bouw_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_zoeken_leeg_fout_en_met_treffers_met_het_toetsenbord(login, screenshot, users):
    s = bouw_scenario(users)  # Karel Jan Jansen, with a melding
    PersoonFactory(voornamen="Anna", tussenvoegsel="de", achternaam="Jansen", geboortedatum=None, gemeente=None)
    page = login(users["pr"])
    page.goto("/personen/zoeken/")

    # Empty: refused in Dutch, nothing searched.
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("main")).to_contain_text("Er is niet gezocht")
    expect(page.locator("table.lijst")).to_have_count(0)
    screenshot(page, "zoeken-1-leeg")
    page.wait_for_load_state("load")  # a POST's answer: checked by axe before it is left

    # Too short: refused with the reason, still nothing searched.
    veld = page.get_by_label("Zoek op BSN, achternaam of meldingnummer")
    veld.fill("j")
    veld.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Geef minstens 2 tekens op.")
    expect(page.locator("table.lijst")).to_have_count(0)
    page.wait_for_load_state("load")

    # Typed and submitted with Enter only.
    veld = page.get_by_label("Zoek op BSN, achternaam of meldingnummer")
    veld.fill("jansen")
    veld.press("Enter")
    page.wait_for_load_state()
    rijen = page.locator("table.lijst tbody tr")
    expect(rijen).to_have_count(2)
    # (The order of two equal names puts an unknown birth date first on SQLite, last on PostgreSQL.)
    anna, karel = rijen.filter(has_text="Anna de Jansen"), rijen.filter(has_text="Karel Jan Jansen")
    expect(anna).to_contain_text("onbekend")
    expect(anna).to_contain_text("—")
    expect(karel).to_contain_text("01-05-1990")
    expect(karel.get_by_role("link", name=s.melding.nummer)).to_be_visible()
    screenshot(page, "zoeken-2-treffers")
    page.wait_for_load_state("load")

    # The person's name is a link reached by keyboard.
    link = karel.get_by_role("link", name="Karel Jan Jansen")
    link.focus()
    link.press("Enter")
    page.wait_for_url(f"**/personen/{s.persoon.pk}/")
    expect(page.locator("h1")).to_contain_text("Karel Jan Jansen")
