"""Four eyes on roles in a real browser, by keyboard: a beheerder proposes, the FG confirms."""
import pytest
from playwright.sync_api import expect

from schakel.gebruikers.models import Gebruiker, Rolvoorstel
from schakel.gebruikers.rollen import Rol

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_beheerder_proposes_fg_confirms_by_keyboard(login, screenshot, users):
    zonder = users["zonder_rol"]

    page = login(users["beheerder"])
    page.get_by_role("link", name="Rolvoorstellen").click()
    page.get_by_role("link", name="Een rol voorstellen of intrekken").click()
    # Own account is not offered. (all_inner_texts does not wait: a click returns when the next page
    # commits, so wait for the form before reading its options.)
    expect(page.get_by_role("combobox", name="Gebruiker:")).to_be_visible()
    opties = page.locator("#id_gebruiker option").all_inner_texts()
    assert str(users["beheerder"]) not in opties and str(zonder) in opties
    page.get_by_role("combobox", name="Gebruiker:").focus()
    page.get_by_role("combobox", name="Gebruiker:").select_option(str(zonder.pk))
    page.keyboard.press("Tab")
    page.get_by_role("combobox", name="Rol:", exact=True).select_option(label="Procesregisseur")
    page.keyboard.press("Tab")
    page.keyboard.type("Nieuwe procesregisseur per 1 december")
    page.keyboard.press("Enter")
    expect(page.locator(".meldingen-berichten")).to_contain_text("gaat pas in")
    expect(page.get_by_role("table").first).to_contain_text("Procesregisseur")
    screenshot(page, "rollen-lijst-beheerder")
    assert Gebruiker.objects.get(pk=zonder.pk).rollen == frozenset()
    # The proposer sees it but has no decision form.
    voorstel = Rolvoorstel.objects.get()
    page.goto(f"/rollen/{voorstel.pk}/")
    expect(page.get_by_text("U hebt dit voorstel zelf gedaan")).to_be_visible()
    assert page.get_by_role("button", name="Besluit vastleggen").count() == 0
    # No request of this page may still be reading when the next login writes (SQLite in memory).
    page.wait_for_load_state("networkidle")
    page.context.close()

    fg = login(users["fg"])
    fg.get_by_role("link", name="Rolvoorstellen").click()
    fg.get_by_role("link", name="Beoordelen").click()
    expect(fg.get_by_role("heading", level=1)).to_contain_text("Procesregisseur")
    screenshot(fg, "rolvoorstel-beoordelen")
    fg.get_by_label("Bevestigen").focus()
    fg.keyboard.press("Space")
    fg.get_by_role("button", name="Besluit vastleggen").focus()
    fg.keyboard.press("Enter")
    expect(fg.locator(".meldingen-berichten")).to_contain_text("heeft nu de rol Procesregisseur")
    assert Gebruiker.objects.get(pk=zonder.pk).rollen == {Rol.PROCESREGISSEUR}

    fg.get_by_role("link", name="Account- en rolwijzigingen").click()
    expect(fg.get_by_role("table")).to_contain_text("rolvoorstel")
    screenshot(fg, "account-en-rolwijzigingen")
