"""Registering a melding with the keyboard only (Tab, Shift+Tab, Space, arrows, Enter and typing; no
clicks, no fill): log in, open 'Nieuwe melding' from the menu, submit it empty (the error summary takes the
focus and links to the fields), fill it in, pass the duplicate check by choosing the known person, and
register."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from schakel.meldingen.models import Melding

from ..scenario import BSN_P1, bouw_scenario
from .test_weging_toetsenbord import KNOP, enter, inloggen_met_toetsenbord, kies, tab_naar

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def actief(page) -> str:
    return page.evaluate("() => document.activeElement.id")


def typ_in(page, selector: str, tekst: str) -> None:
    tab_naar(page, selector)
    page.keyboard.type(tekst)


def test_register_a_melding_through_the_duplicate_check_by_keyboard(browser, live_server, users, screenshot):
    from tests.conftest import bevestigd_apparaat

    s = bouw_scenario(users)  # Karel Jan Jansen, BSN_P1, is known to the house
    ic = users["ic"]
    bevestigd_apparaat(ic)
    voor = set(Melding.objects.values_list("pk", flat=True))
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    inloggen_met_toetsenbord(page, ic)

    tab_naar(page, f'a[href="{reverse("meldingen:nieuw")}"]')
    enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuwe melding registreren")

    # Empty: the summary has the focus, says what is missing, and its first link leads to the field.
    tab_naar(page, KNOP)
    enter(page)
    assert actief(page) == "foutsamenvatting"
    samenvatting = page.locator("#foutsamenvatting")
    expect(samenvatting).to_contain_text("De melding is niet opgeslagen.")
    expect(samenvatting.get_by_role("link", name="Kanaal: Dit veld is verplicht.")).to_have_attribute("href", "#id_kanaal")
    expect(page.locator("#id_kanaal")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_kanaal")).to_have_attribute("aria-describedby", "id_kanaal_error")
    page.keyboard.press("Tab")  # from the summary, the first thing reached is its first link
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#id_kanaal"
    screenshot(page, "registratie-toetsenbord-leeg")
    assert set(Melding.objects.values_list("pk", flat=True)) == voor

    # Filled in by keyboard: selects with the arrow keys, text by typing.
    kies(page, "#id_kanaal", "Telefoon")
    kies(page, "#id_melder_organisatie", str(s.melding.melder_organisatie))
    typ_in(page, "#id_melder_naam", "Rik Agent")
    kies(page, "#id_gemeente", "Leiden")
    kies(page, "#id_thema", "Overlast en woonoverlast")
    typ_in(page, "#id_omschrijving", "Overlast in de straat, mogelijk verward gedrag.")
    typ_in(page, "#id_persoon-bsn", BSN_P1)
    typ_in(page, "#id_persoon-voornamen", "Karel")
    typ_in(page, "#id_persoon-achternaam", "Jansen")
    tab_naar(page, KNOP)
    enter(page)

    # The duplicate check: the known person is offered; choose him with the keyboard and register.
    treffers = page.get_by_role("region", name="Deze persoon is mogelijk al bekend")
    expect(treffers).to_contain_text("Karel Jan Jansen")
    assert set(Melding.objects.values_list("pk", flat=True)) == voor
    screenshot(page, "registratie-toetsenbord-dubbeling")
    tab_naar(page, f"#keuze-{s.persoon.pk}")
    page.keyboard.press("Space")
    assert page.is_checked(f"#keuze-{s.persoon.pk}")
    tab_naar(page, KNOP)
    enter(page)

    expect(page.locator(".meldingen-berichten")).to_contain_text("is geregistreerd")
    [nieuw] = Melding.objects.exclude(pk__in=voor)
    assert list(nieuw.personen.all()) == [s.persoon]
    assert nieuw.kanaal == "telefoon" and nieuw.gemeente.naam == "Leiden" and nieuw.melder_naam == "Rik Agent"
    screenshot(page, "registratie-toetsenbord-klaar")
