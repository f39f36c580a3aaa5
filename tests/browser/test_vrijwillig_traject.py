"""A voluntary programme recorded from the case page in a real browser: the empty and the wrong
submit keep the focus on the linked error summary, the form works from the keyboard, and the saved
programme shows on the case page in Dutch notation."""
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from schakel.plannen.models import VrijwilligTraject
from tests.scenario import bouw_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_procesregisseur_records_a_programme_with_the_keyboard(login, screenshot, users):
    s = bouw_scenario(users)
    page = login(users["pr"])
    page.goto(f"/casussen/{s.casus.pk}/")
    page.get_by_role("link", name="Vrijwillig traject vastleggen").click()
    page.wait_for_load_state()
    screenshot(page, "traject-leeg")

    page.get_by_role("button", name="Traject vastleggen").click()
    page.wait_for_load_state()
    samenvatting = page.locator("#foutsamenvatting")
    expect(samenvatting).to_be_focused()
    expect(samenvatting).to_contain_text("Vul de aanbieder van het traject in.")
    expect(page.locator("#id_kosten_error")).to_contain_text("Vul de kosten in")
    expect(page.locator("#id_hulpvragen_error")).to_contain_text("Kies minstens één hulpvraag.")
    samenvatting.get_by_role("link", name="Kies minstens één hulpvraag.", exact=False).click()
    screenshot(page, "traject-fouten")

    page.fill("#id_aanbieder", "Exodus")
    page.fill("#id_kosten", "-5")
    page.locator("#id_kosten").press("Enter")
    page.wait_for_load_state()
    expect(page.locator("#id_kosten_error")).to_contain_text("De kosten kunnen niet negatief zijn.")
    assert not VrijwilligTraject.objects.exists()

    # Only the keyboard from here: the first help question with Space, then Enter in the cost field.
    page.locator("#id_hulpvragen_0").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.locator("#id_kosten").fill("12.845,35")
    page.locator("#id_kosten").press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Vrijwillige trajecten (Motie Van der Staaij)")).to_be_visible()
    expect(page.locator("#trajecten-kop + table")).to_contain_text("€ 12.845,35")
    screenshot(page, "traject-casus")
    traject = VrijwilligTraject.objects.get()
    assert traject.kosten == Decimal("12845.35")
    assert list(traject.hulpvragen.values_list("leefgebied", flat=True)) == ["huisvesting"]  # the second checkbox
