"""The ketenmanager's reports in a real browser: the annual report with its charts drawn, the PDF
download, and a municipality's factsheet without names; a partner is refused."""
import pytest
from playwright.sync_api import expect

from schakel.rapportage.indicatoren import bereken

from ..test_rapportage_uitvoer import ACHTERNAAM, JAAR, PERIODE, bouw

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ketenmanager_reads_the_annual_report_downloads_the_pdf_and_a_factsheet(login, users, screenshot):
    bouw(users, sluit=1, opschalingen=1)
    verwacht = bereken(PERIODE)
    page = login(users["ketenmanager"])

    page.get_by_role("link", name="Rapportage", exact=True).click()
    page.fill("#id_van", f"{JAAR}-01-01")
    page.fill("#id_tot", f"{JAAR}-12-31")
    page.get_by_role("button", name="Tonen").click()
    rapport = page.get_by_role("article")
    bron = rapport.get_by_role("table", name="Instroom per bron")
    expect(bron).to_be_visible()
    expect(bron.locator("tfoot td").first).to_have_text(str(verwacht["meldingen"]["totaal"]))
    # Every chart is a real, decoded image, not a broken link.
    afbeeldingen = rapport.locator("img")
    assert afbeeldingen.count() >= 5
    assert page.evaluate("() => [...document.querySelectorAll('article img')].every(i => i.complete && i.naturalWidth > 0)")
    screenshot(page, "rapportage-jaar")

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").click()
    pdf = open(download.value.path(), "rb").read()
    assert pdf.startswith(b"%PDF-") and pdf.count(b"/Subtype /Image") >= 5

    page.select_option("#id_gemeente", label="Zoeterwoude")
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_role("heading", name="Factsheet", exact=False).first).to_be_visible()
    expect(page.get_by_text("<5").first).to_be_visible()  # 3 meldingen in Zoeterwoude
    assert ACHTERNAAM not in page.content()
    screenshot(page, "rapportage-factsheet")


def test_partner_gets_no_reports(login, users):
    page = login(users["reclassering"])
    expect(page.get_by_role("link", name="Rapportage")).to_have_count(0)
    response = page.goto("/rapportage/")
    assert response.status == 403
