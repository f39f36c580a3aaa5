"""The main flow through real pages in a real browser: registreren → uitvraag → briefing en weging →
terugkoppeling, and need-to-know for an uninvolved partner. One test, because each step builds on the
data of the previous one; each step is a separate block so a failure names the step."""
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from schakel.briefing.models import Weging
from schakel.casussen.models import Casus
from schakel.meldingen.models import Melding, Terugkoppeling
from schakel.personen.models import Persoon
from schakel.privacy.models import Toegangslog
from schakel.uitvragen.models import InformatieUitvraag
from .conftest import weeg_abc_focus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BSN = "111222333"  # passes the eleven-test
VOORNAMEN = "Johannes Petrus"
ACHTERNAAM = "Bakkerink"
MINIMALE_NAAM = "J.P. Bakkerink"
ANTWOORD = "Bekend bij schuldhulpverlening sinds 2024; wijkteam Leiden-Noord heeft contact."
TERUGKOPPELING = "Melder gebeld: de casus is geagendeerd op het focusoverleg."


def berichten(page):
    return page.locator(".meldingen-berichten")


def test_melding_tot_terugkoppeling_en_need_to_know(login, screenshot, users):
    ic, pr, contact, politie = users["ic"], users["pr"], users["contact"], users["politie"]

    # 1. The informatiecoördinator registers a melding about a new person.
    page = login(ic)
    page.goto("/meldingen/nieuw/")
    page.select_option("#id_kanaal", label="Telefoon")
    page.select_option("#id_soort", label="Casus (vastgelopen of complex)")
    page.select_option("#id_melder_organisatie", label="Reclassering Nederland")
    page.fill("#id_melder_naam", "Anouk de Wit")
    page.fill("#id_melder_contact", "06-12345678")
    page.select_option("#id_gemeente", label="Leiden")
    page.select_option("#id_thema", label="Overlast en woonoverlast")
    page.fill("#id_omschrijving", "Escalerende overlast, schulden en verslaving; meerdere ketens betrokken.")
    page.fill("#id_persoon-bsn", BSN)
    page.fill("#id_persoon-voornamen", VOORNAMEN)
    page.fill("#id_persoon-achternaam", ACHTERNAAM)
    page.fill("#id_persoon-geboortedatum", "1985-03-14")
    page.select_option("#id_persoon-geslacht", label="Man")
    page.select_option("#id_persoon-gemeente", label="Leiden")
    page.get_by_role("button", name="Melding registreren").click()

    expect(berichten(page)).to_contain_text(re.compile(r"Melding M-\d{7} is geregistreerd\."))
    nummer = re.search(r"M-\d{7}", berichten(page).inner_text()).group(0)
    melding = Melding.objects.get(pk=int(nummer[2:]))
    persoon = Persoon.objects.get(bsn=BSN)
    assert list(melding.personen.all()) == [persoon]
    expect(page).to_have_url(re.compile(rf"/meldingen/{melding.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(nummer)
    expect(page.get_by_role("link", name=f"{VOORNAMEN} {ACHTERNAAM}")).to_be_visible()
    expect(page.locator("main")).to_contain_text("geboren 14-03-1985, Leiden")

    # 2. The IC asks the municipality of Leiden for information.
    page.get_by_role("link", name="Informatie-uitvraag aan gemeente").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Informatie-uitvraag bij melding {nummer}")
    expect(page.locator("#id_gemeente option:checked")).to_have_text("Leiden")
    page.select_option("#id_persoon", value=str(persoon.pk))
    page.fill("#id_afdelingen", "Werk & Inkomen, schuldhulp, wijkteam")
    page.fill("#id_vraag", "Is de persoon bekend bij de gemeente, en zo ja bij welke afdelingen?")
    page.get_by_role("button", name="Uitvraag versturen").click()
    expect(berichten(page)).to_contain_text(re.compile(r"Uitvraag U-\d{7} is verstuurd naar de contactpersonen van Leiden\."))
    uitvraag = InformatieUitvraag.objects.get(melding=melding)
    assert uitvraag.persoon == persoon and uitvraag.gemeente.code == "leiden"
    expect(page.locator("main")).to_contain_text(f"Leiden – Open – over {MINIMALE_NAAM}")

    # 3. The municipal contact answers, seeing only the minimal person data.
    page = login(contact)
    page.goto("/uitvragen/")
    page.get_by_role("link", name=uitvraag.nummer).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(uitvraag.nummer)
    hoofd = page.locator("main")
    expect(hoofd).to_contain_text(f"{MINIMALE_NAAM}, geboren 14-03-1985")
    inhoud = hoofd.inner_text()
    assert "Johannes" not in inhoud and BSN not in inhoud, "de gemeente ziet meer dan initialen en achternaam"
    assert "Escalerende overlast" not in inhoud, "de gemeente ziet de omschrijving van de melding"
    page.fill("#id_antwoord", ANTWOORD)
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(berichten(page)).to_contain_text("Uw antwoord is opgeslagen en is zichtbaar op de briefing.")
    expect(page).to_have_url(re.compile(r"/uitvragen/$"))

    # 4. The procesregisseur creates a briefing, puts the melding on the agenda and weighs it.
    page = login(pr)
    page.goto("/briefings/nieuw/")
    page.get_by_label("Reclassering Nederland").check()
    page.get_by_label("Politie eenheid Den Haag").check()
    page.get_by_role("button", name="Briefing aanmaken").click()
    expect(berichten(page)).to_contain_text("is aangemaakt. Zet nu meldingen op de agenda.")
    expect(page).to_have_url(re.compile(r"/briefings/\d+/agenderen/$"))
    page.check(f"#agenderen-{melding.pk}")
    page.get_by_role("button", name="Op de agenda zetten").click()
    expect(berichten(page)).to_contain_text("1 melding(en) op de agenda gezet.")

    agenda = page.locator("table.compact tbody tr").filter(has_text=nummer)
    expect(agenda).to_have_count(1)
    expect(agenda).to_contain_text("J.P. Bakkerink (1985)")
    expect(agenda).to_contain_text(f"Leiden: {ANTWOORD}")
    assert VOORNAMEN not in page.locator("table.compact").inner_text(), "de compacte agenda toont volledige voornamen"
    screenshot(page, "briefing-agenda")

    agenda.get_by_role("link", name="Wegen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Weging melding {nummer}")
    expect(page.locator("dl.gegevens")).to_contain_text(ANTWOORD)
    weeg_abc_focus(page, {
        "a": "Schulden, verslaving en woonproblematiek.",
        "b": "Reclassering, gemeente en verslavingszorg moeten samenwerken.",
        "c": "Overlast voor de directe buren.",
    })

    expect(berichten(page)).to_contain_text(f"Melding {nummer} gewogen: Agenderen focus/Top-X. Landelijk Kader: voldoet.")
    expect(berichten(page)).to_contain_text(re.compile(r"Casus C-\d{7} \(Focusoverleg\)\."))
    casusnummer = re.search(r"C-\d{7}", berichten(page).inner_text()).group(0)
    # The weighing result comes first (feedback and the next melding); the agenda is one link away.
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Melding {nummer} gewogen")
    page.get_by_role("link", name="Terug naar de agenda").click()
    expect(page.locator("table.compact tbody tr").filter(has_text=nummer)).to_contain_text(
        f"Agenderen focus/Top-X ({casusnummer})"
    )
    screenshot(page, "weging-resultaat")

    # 5. Feedback to the reporter: on the worklist until the PR records it.
    page.goto("/meldingen/terugkoppeling-open/")
    page.get_by_role("link", name=nummer).click()
    expect(page).to_have_url(re.compile(rf"/meldingen/{melding.pk}/$"))
    expect(page.locator("main")).to_contain_text("Landelijk Kader (A en B en C) of D: voldoet")
    formulier = page.locator(f"form[action='/meldingen/{melding.pk}/terugkoppeling/']")
    expect(formulier).to_be_visible()  # <details> is open while the reporter has not heard back
    formulier.locator("#id_datum").fill(timezone.localdate().isoformat())
    formulier.locator("#id_kanaal").select_option(label="Telefoon")
    formulier.locator("#id_tekst").fill(TERUGKOPPELING)
    formulier.get_by_role("button", name="Terugkoppeling vastleggen").click()
    expect(berichten(page)).to_contain_text("De terugkoppeling aan de melder is vastgelegd.")
    expect(page.locator("main")).to_contain_text(TERUGKOPPELING)
    expect(page.locator("main")).to_contain_text("via Telefoon door")
    page.goto("/meldingen/terugkoppeling-open/")
    expect(page.locator("main")).not_to_contain_text(nummer)
    expect(page.get_by_role("link", name=nummer)).to_have_count(0)

    # 6. An uninvolved partner (police; the reporter was Reclassering) sees none of it.
    page = login(politie)
    response = page.goto(f"/meldingen/{melding.pk}/")
    assert response.status == 403
    assert ACHTERNAAM not in page.content()
    page.goto("/meldingen/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert nummer not in page.locator("main").inner_text()
    for zoekterm in (ACHTERNAAM, BSN, nummer):
        page.goto("/personen/zoeken/")
        page.get_by_label("Zoek op BSN, achternaam of meldingnummer").fill(zoekterm)
        page.get_by_role("button", name="Zoeken", exact=True).click()
        expect(page.get_by_role("heading", name="Resultaten")).to_be_visible()
        # The result of a POST cannot be fetched again for the accessibility check: let its load event
        # (held until axe has answered) pass before the next goto leaves the page.
        page.wait_for_load_state("load")
        expect(page.locator("main")).to_contain_text("Geen resultaten die u mag inzien.")
        expect(page.locator(f"a[href='/meldingen/{melding.pk}/']")).to_have_count(0)
        expect(page.locator(f"a[href='/personen/{persoon.pk}/']")).to_have_count(0)

    # The database agrees with what the pages said.
    weging = Weging.objects.select_related("besluit", "casus").get(melding=melding)
    assert weging.voldoet_aan_kader is True
    assert (weging.criterium_a, weging.criterium_b, weging.criterium_c, weging.criterium_d) == (True, True, True, False)
    assert weging.besluit.code == "focus"
    assert weging.casus.nummer == casusnummer
    assert Casus.objects.filter(pk=weging.casus_id, personen=persoon).exists()
    melding.refresh_from_db()
    assert melding.status == Melding.Status.GEWOGEN and melding.casus_id == weging.casus_id
    terugkoppeling = Terugkoppeling.objects.get(melding=melding)
    assert (terugkoppeling.kanaal, terugkoppeling.tekst, terugkoppeling.door) == ("telefoon", TERUGKOPPELING, pr)
    uitvraag.refresh_from_db()
    assert uitvraag.status == InformatieUitvraag.Status.BEANTWOORD and uitvraag.beantwoord_door == contact

    over_persoon = Toegangslog.objects.filter(persoon_id=persoon.pk)
    for wie in (ic, contact, pr):
        assert over_persoon.filter(gebruiker=wie).exists(), f"geen toegangslog van {wie.username} over de persoon"
    assert over_persoon.filter(gebruiker=contact, objecttype="uitvraag", actie=Toegangslog.Actie.BEKEKEN).exists()
    assert over_persoon.filter(gebruiker=pr, doel="Weging op briefing").exists()
    assert not over_persoon.filter(gebruiker=politie).exists(), "de politie staat in de toegangslog van de persoon"
