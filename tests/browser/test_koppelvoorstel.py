"""The review queue of the daily feeds in a real browser, as the informatiecoördinator: from the menu to
the list, the comparison side by side, an empty submit that keeps the focus on the linked error
summary, and a decision made with the keyboard only."""
import pytest
from playwright.sync_api import expect

from schakel.koppelingen.models import Koppelvoorstel
from schakel.meldingen.models import MeldingPersoon
from tests.test_koppelvoorstellen import voorstellen  # noqa: F401  (the fixture: three proposals)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_informatiecoordinator_beoordeelt_een_voorstel_met_het_toetsenbord(login, screenshot, users, voorstellen):  # noqa: F811
    page = login(users["ic"])
    page.get_by_role("link", name="Koppelvoorstellen").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Koppelvoorstellen uit de dagelijkse feeds")).to_be_visible()
    screenshot(page, "koppelvoorstellen-lijst")
    eerste = voorstellen[0]
    page.get_by_role("link", name=eerste.nummer).click()
    page.wait_for_load_state()
    tabel = page.get_by_role("table", name="De persoon uit de feed naast de bekende persoon")
    expect(tabel).to_contain_text("Jansen")
    expect(tabel).to_contain_text("20-04-1980")

    page.get_by_role("button", name="Besluit vastleggen").click()
    page.wait_for_load_state()
    samenvatting = page.locator("#foutsamenvatting")
    expect(samenvatting).to_be_focused()
    expect(samenvatting).to_contain_text("Kies of dit dezelfde persoon is.")
    screenshot(page, "koppelvoorstel-fout")
    assert Koppelvoorstel.objects.get(pk=eerste.pk).status == Koppelvoorstel.Status.OPEN

    # Keyboard only: into the radio group, the first choice with Space, submit with Enter.
    samenvatting.get_by_role("link").first.click()
    page.locator("#id_besluit_0").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_text(f"{eerste.nummer}: De melding is gekoppeld aan de bekende persoon.")).to_be_visible()
    screenshot(page, "koppelvoorstel-gekoppeld")
    eerste.refresh_from_db()
    assert eerste.status == Koppelvoorstel.Status.GEKOPPELD
    assert MeldingPersoon.objects.get(melding=eerste.melding).persoon_id == eerste.kandidaat_id


def test_gemeente_ziet_de_doorgezette_detentiemeldingen(login, screenshot, users, voorstellen):  # noqa: F811
    from schakel.gemeenten.models import Gemeente
    from tests.factories import GebruikerFactory

    katwijk = GebruikerFactory(username="contact.katwijk", rollen=["gemeente_contact"])
    katwijk.contactgemeenten.add(Gemeente.objects.get(code="katwijk"))
    page = login(katwijk)
    page.get_by_role("link", name="Eigen nazorg").click()
    page.wait_for_load_state()
    expect(page.get_by_role("table")).to_contain_text("PI Den Haag")
    screenshot(page, "eigen-nazorg")
    page.goto("/feeds/eigen-nazorg/?van=gisteren")
    expect(page.locator(".fout").first).to_be_visible()
