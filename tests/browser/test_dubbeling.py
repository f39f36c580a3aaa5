"""The duplicate check and the reporter's own melding in a real browser: a partner reports a person
the house knows, learns only "bekend bij het huis", the informatiecoördinator links it, and the
reporter still sees only what it typed (issue 9, holes 2, 4 and 6)."""
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from schakel.casussen.zichtbaarheid import herbereken_alles
from schakel.meldingen.models import Melding
from schakel.privacy.models import Convenant
from tests.scenario import BSN_P1, bouw_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def berichten(page):
    return page.locator(".meldingen-berichten")


def vul_melding_in(page, *, bsn="", voornamen="Kees", achternaam="Jansen", geboren="", melder=None):
    """`melder`: the reporting organisation, for house staff (a partner's is fixed)."""
    page.goto("/meldingen/nieuw/")
    page.select_option("#id_kanaal", label="Telefoon")
    if melder:
        page.select_option("#id_melder_organisatie", label=melder)
    page.fill("#id_melder_naam", "Rik Agent")
    page.select_option("#id_gemeente", label="Leiden")
    page.select_option("#id_thema", label="Overlast en woonoverlast")
    page.fill("#id_omschrijving", "Overlast in de straat, mogelijk verward gedrag.")
    page.fill("#id_persoon-bsn", bsn)
    page.fill("#id_persoon-voornamen", voornamen)
    page.fill("#id_persoon-achternaam", achternaam)
    page.fill("#id_persoon-geboortedatum", geboren)
    page.get_by_role("button", name="Melding registreren").click()
    page.wait_for_load_state()


def test_partner_meldt_bekende_persoon_en_het_huis_koppelt(login, screenshot, users):
    s = bouw_scenario(users)  # Karel Jan Jansen, BSN_P1, in an active case
    politie, ic = users["politie"], users["ic"]

    # 1. Empty and bad values: refused in Dutch, nothing stored.
    page = login(politie)
    page.goto("/meldingen/nieuw/")
    page.get_by_role("button", name="Melding registreren").click()
    expect(page.locator("main")).to_contain_text("De melding is niet opgeslagen.")
    screenshot(page, "dubbeling-1-partner-leeg")
    vul_melding_in(page, bsn="123456789")
    expect(page.locator("main")).to_contain_text("elfproef")
    screenshot(page, "dubbeling-2-partner-ongeldig-bsn")
    assert Melding.objects.count() == 1

    # 2. A known BSN: registered, "known, contact the house", nothing about the person.
    vul_melding_in(page, bsn=BSN_P1)
    expect(berichten(page)).to_contain_text("Deze persoon is bekend bij het Zorg- en Veiligheidshuis.")
    hoofd = page.locator("body").inner_text()
    assert "Karel" not in hoofd and s.casus.nummer not in hoofd and "eerdere" not in hoofd
    expect(page.locator("main")).to_contain_text("Kees Jansen")
    screenshot(page, "dubbeling-3-partner-melding-bekend")
    melding = Melding.objects.exclude(pk=s.melding.pk).get()

    # 3. The informatiecoördinator links it: empty choice refused, then the known person.
    page = login(ic)
    page.goto("/meldingen/")
    screenshot(page, "dubbeling-4-ic-lijst")
    page.goto(f"/meldingen/{melding.pk}/")
    page.get_by_role("link", name="Mogelijke dubbele persoon: koppelen").click()
    expect(page.locator("main")).to_contain_text("Kees Jansen")
    expect(page.locator("main")).to_contain_text("Karel Jan Jansen")
    page.get_by_role("button", name="Koppelen").click()
    expect(page.locator("main")).to_contain_text("Kies een bekende persoon of een nieuwe persoon.")
    screenshot(page, "dubbeling-5-ic-koppelen-leeg")
    page.check(f"#keuze-{s.persoon.pk}")
    page.get_by_role("button", name="Koppelen").click()
    expect(berichten(page)).to_contain_text("De opgegeven persoon is gekoppeld")
    screenshot(page, "dubbeling-6-ic-gekoppeld")

    # 4. The reporter still sees only what it typed.
    page = login(politie)
    page.goto(f"/meldingen/{melding.pk}/")
    tekst = page.locator("body").inner_text()
    assert "Kees Jansen" in tekst and "Karel" not in tekst and s.casus.nummer not in tekst
    screenshot(page, "dubbeling-7-partner-na-koppelen")
    page.goto("/personen/zoeken/")
    page.fill("#id_q", BSN_P1)
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("link", name=re.compile(r"Melding M-"))).to_be_visible()
    assert "Karel" not in page.locator("body").inner_text()
    screenshot(page, "dubbeling-8-partner-zoekt-bsn")

    # 5. The reporter of the first melding after its covenant ended: only what it reported.
    Convenant.objects.update(geldig_tot=timezone.localdate() - timedelta(days=1))
    herbereken_alles()  # a queryset update passes no signals (casussen.zichtbaarheid)
    page = login(users["reclassering"])
    page.goto(f"/meldingen/{s.melding.pk}/")
    tekst = page.locator("body").inner_text()
    assert s.casus.nummer not in tekst and "Is betrokkene bekend bij W&I?" not in tekst
    expect(page.locator("main")).to_contain_text("geen geldig convenant meer")
    screenshot(page, "dubbeling-9-melder-na-convenant")
