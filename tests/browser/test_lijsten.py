"""The big lists in a real browser as the procesregisseur: filter, sort and page by keyboard, and a
refused filter value says why."""
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from schakel.briefing.models import Briefing
from schakel.briefing.services import maak_briefing
from schakel.core import pagination
from schakel.gemeenten.models import Gemeente
from schakel.overleggen.models import Overleg
from tests.scenario import bouw_scenario
from tests.test_lijsten import maak_casussen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIJSTEN = [
    ("/casussen/", "Casussen", "casussen"), ("/meldingen/", "Meldingen", "meldingen"), ("/briefings/", "Briefings", "briefings"),
    ("/overleggen/", "Overleggen", "overleggen"), ("/uitvragen/", "Informatie-uitvragen", "uitvragen"),
    ("/opschaling/", "Opschalingen", "opschalingen"), ("/monitoring/", "Werklijst monitoring", "contacten"),
]


def test_lists_filter_sort_and_page_by_keyboard(login, screenshot, users, monkeypatch):
    monkeypatch.setattr(pagination, "PAGE_SIZE", 5)
    s = bouw_scenario(users)
    casussen = maak_casussen(s, users, 14)
    for i in range(3):
        maak_briefing(briefing=Briefing(datum=timezone.localdate() - timedelta(days=7 * (i + 1))), weegploeg=[], door=users["pr"])
        Overleg.objects.create(overlegtype=s.casus.overlegtype, datum=timezone.now() + timedelta(days=3 * i - 4), voorzitter=users["pr"])
    page = login(users["pr"])
    for url, kop, _ in LIJSTEN:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_have_text(kop)
        screenshot(page, f"lijsten-{url.strip('/')}")

    # Casussen: 15 in all, newest first, three pages.
    page.goto("/casussen/")
    expect(page.locator(".paginering .telling")).to_have_text("15 casussen, pagina 1 van 3")
    expect(page.locator("tbody tr").first).to_contain_text(s.casus.nummer)
    # Page 2 by keyboard: the current page is marked for screen readers too.
    page.get_by_role("link", name="Pagina 2").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".paginering .telling")).to_have_text("15 casussen, pagina 2 van 3")
    expect(page.locator('.paginering a[aria-current="page"]')).to_have_text("Pagina 2")
    # Sort on number by keyboard: the column says how it is sorted.
    page.get_by_role("link", name="Nummer").focus()
    page.keyboard.press("Enter")
    expect(page.locator('th[aria-sort="descending"]')).to_contain_text("Nummer")
    expect(page.locator("tbody tr").first).to_contain_text(casussen[-1].nummer)

    # Filter on municipality and status with the keyboard; the sort stays.
    gouda = Gemeente.objects.get(code="gouda")
    page.get_by_label("Gemeente").select_option(str(gouda.pk))
    page.get_by_label("Status").select_option("afgesloten")
    page.get_by_role("button", name="Toepassen").focus()
    page.keyboard.press("Enter")
    verwacht = [c for c in casussen if c.gemeente_id == gouda.pk and c.status == "afgesloten"]
    expect(page.locator(".paginering .telling")).to_have_text(f"{len(verwacht)} casussen")
    expect(page.locator('th[aria-sort="descending"]')).to_contain_text("Nummer")
    screenshot(page, "lijsten-casussen-gefilterd")

    # A name in the search box never leaves the browser: the pattern stops the submit.
    page.goto("/casussen/")
    page.get_by_label("Zoek op nummer").fill("Jansen")
    page.get_by_label("Zoek op nummer").press("Enter")
    assert "Jansen" not in page.url
    page.get_by_label("Zoek op nummer").fill(casussen[3].nummer)
    page.get_by_label("Zoek op nummer").press("Enter")
    expect(page.locator(".paginering .telling")).to_have_text("1 casus")

    # Bad values, as a tampered or stale link would bring them: a Dutch message, the list still there.
    page.goto("/casussen/?gemeente=abc&van=2025-02-01&tot=2025-01-01&sortering=personen&pagina=x")
    expect(page.locator("#foutsamenvatting")).to_contain_text("Een filter met een fout is niet toegepast")
    expect(page.locator("#foutsamenvatting")).to_contain_text("Op deze kolom kan niet worden gesorteerd")
    expect(page.locator("#foutsamenvatting")).to_be_focused()
    expect(page.locator("#id_tot_error")).to_contain_text("De einddatum ligt vóór de begindatum.")
    # The summary links to the field, by keyboard too.
    page.get_by_role("link", name="Geopend tot en met: De einddatum ligt vóór de begindatum.").press("Enter")
    expect(page.locator("#id_tot")).to_be_focused()
    expect(page.locator("tbody tr").first).to_contain_text(s.casus.nummer)
    screenshot(page, "lijsten-casussen-foute-filters")

    # Meetings: the next one first.
    page.goto("/overleggen/")
    expect(page.locator("tbody tr").first).to_contain_text("komend")
    page.wait_for_load_state("networkidle")
