"""The FG in a real browser, keyboard only: a person's page is closed without a request; the search by
BSN answers bad input in Dutch and shows name and birth date only; recording a request opens the page;
the inzage PDF holds the person's own data and not the other person's or the reporter's."""
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from schakel.meldingen.models import Melding
from schakel.meldingen.services import koppel_persoon
from schakel.personen.models import Persoon
from schakel.uitvragen.models import InformatieUitvraag
from schakel.uitvragen.services import beantwoord, vraag_uit

from ..scenario import BSN_P1, bouw_scenario
from .conftest import SCREENSHOT_DIR

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_naar(page, element_id: str, max_tabs: int = 60) -> None:
    """Press Tab until the element has focus, as a keyboard user would. First the page's load event:
    a form's answer to a POST is checked by axe before it fires and cannot be fetched again to check
    it later, so moving on earlier (on a busy machine) would leave it unchecked."""
    page.wait_for_load_state("load")
    for _ in range(max_tabs):
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} is met Tab niet te bereiken")


def test_fg_records_a_request_before_seeing_a_person_and_exports_without_third_parties(login, users, screenshot):
    s = bouw_scenario(users)
    a = s.persoon
    b = Persoon.objects.create(bsn="123456782", voornamen="Bianca", achternaam="Visser", geboortedatum="1992-07-14")
    Melding.objects.filter(pk=s.melding.pk).update(
        melder_naam="Wijkagent Pieter Bakkerus", melder_contact="06-12345678",
        omschrijving="Karel slaapt in de auto; zijn zus Bianca Visser belt de melder op 06-12345678.",
    )
    koppel_persoon(melding=s.melding, persoon=b, door=users["ic"])
    u = vraag_uit(uitvraag=InformatieUitvraag(gemeente=s.melding.gemeente, persoon=b, vraag="Bekend bij schuldhulp?"),
                  melding=s.melding, door=users["ic"])
    beantwoord(uitvraag=u, antwoord="Ja: een betalingsregeling.", door=users["contact"])
    page = login(users["fg"])

    # By id, without a request: closed, with a Dutch explanation and no name.
    page.goto(reverse("avg:persoon", args=[a.pk]))
    expect(page.get_by_role("heading", name="Leg eerst een verzoek vast")).to_be_visible()
    assert "Jansen" not in page.content()
    screenshot(page, "avg-geen-verzoek")

    # The search, keyboard only: empty, then a bad BSN, then the right one.
    page.goto(reverse("avg:inzage"))
    tab_naar(page, "id_bsn")
    page.keyboard.press("Enter")
    expect(page.locator("#id_reden_error")).to_have_text("Fout: Dit veld is verplicht.")
    screenshot(page, "avg-zoeken-leeg")
    tab_naar(page, "id_reden")
    page.keyboard.press("ArrowDown")  # Inzage (art. 15)
    tab_naar(page, "id_bsn")
    page.keyboard.press("Enter")
    expect(page.locator("#foutsamenvatting")).to_contain_text("Vul het BSN in, of de achternaam én de geboortedatum.")

    tab_naar(page, "id_bsn")
    page.keyboard.type("123")
    page.keyboard.press("Enter")
    expect(page.locator("#id_bsn_error")).to_contain_text("Dit is geen geldig BSN")
    assert page.locator("#id_reden").input_value() == "inzage"

    tab_naar(page, "id_bsn")
    page.keyboard.press("Control+A")
    page.keyboard.type(BSN_P1)
    page.keyboard.press("Enter")
    treffers = page.get_by_role("table")
    expect(treffers).to_contain_text("Karel Jan Jansen")
    expect(treffers).to_contain_text("01-05-1990")
    assert "Herhaalde overlast" not in page.content() and "slaapt in de auto" not in page.content()
    screenshot(page, "avg-zoeken-treffer")
    page.wait_for_load_state("load")  # the answer to a POST: checked by axe before leaving it

    # Follow the link by keyboard, record the request (first an empty date), land on the person.
    page.get_by_role("link", name="Verzoek vastleggen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="AVG-verzoek vastleggen")).to_be_visible()
    assert page.locator("#id_soort").input_value() == "inzage"
    tab_naar(page, "id_ontvangen_op")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    tab_naar(page, "id_toelichting")
    page.keyboard.type("Brief van betrokkene")
    page.get_by_role("button", name="Verzoek vastleggen").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_ontvangen_op_error")).to_have_text("Fout: Dit veld is verplicht.")
    screenshot(page, "avg-verzoek-fout")
    expect(page.get_by_text("Karel Jan Jansen")).to_be_visible()  # still the right person, nothing recorded
    page.wait_for_load_state("load")
    page.goto(page.url)  # fresh form (the date field's default is today)
    page.get_by_role("button", name="Verzoek vastleggen").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="AVG: Karel Jan Jansen")).to_be_visible()
    screenshot(page, "avg-persoon-met-verzoek")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").focus()
        page.keyboard.press("Enter")
    pad = download.value.path()
    inhoud = open(pad, "rb").read()
    tekst = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(inhoud)).pages).split())
    assert "Karel Jan Jansen" in tekst and "Gegevens van anderen zijn weggelaten" in tekst
    for geheim in ("Bianca", "Visser", "123456782", "betalingsregeling", "Bakkerus", "06-12345678"):
        assert geheim not in tekst, geheim
    # Look at it: the PDF as images next to the screenshots (poppler's pdftoppm, when installed).
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    (SCREENSHOT_DIR / "avg-inzage.pdf").write_bytes(inhoud)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(SCREENSHOT_DIR / "avg-inzage.pdf"), str(SCREENSHOT_DIR / "avg-inzage")],
                       check=True)
