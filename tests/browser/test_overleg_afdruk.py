"""Agenda and minutes in the browser, as the procesregisseur and as an invited partner; and a plan with
five goals and five actions entered without JavaScript through "Nog een doel/actie toevoegen"."""
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from schakel.overleggen.models import Bespreking
from schakel.plannen.models import PlanVanAanpak

from ..test_uitnodigingen import NAAM_B, Opzet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pdf_tekst(page, link_naam) -> str:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_naam).click()
    inhoud = open(download.value.path(), "rb").read()
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(inhoud)).pages).split())


def test_agenda_and_minutes_as_staff_and_as_invited_partner(login, screenshot, users):
    o = Opzet(users)
    Bespreking.objects.filter(pk=o.punt_a.pk).update(notulen="Woonsituatie besproken.", besluiten="Plan opstellen.",
                                                       verslag_afgerond=True)
    Bespreking.objects.filter(pk=o.punt_b.pk).update(notulen="Schulden besproken.", besluiten="Schuldhulp inschakelen.")
    page = login(users["pr"])
    page.goto(f"/overleggen/{o.overleg.pk}/")
    page.get_by_role("link", name="Agenda afdrukken of als PDF").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Agenda")
    expect(page.locator("main")).to_contain_text(o.b.nummer)
    screenshot(page, "overleg-agenda-procesregisseur")
    page.emulate_media(media="print")
    expect(page.locator(".kop")).to_be_hidden()
    screenshot(page, "overleg-agenda-procesregisseur-print")
    page.emulate_media(media="screen")
    tekst = _pdf_tekst(page, "Download als PDF")
    assert o.a.nummer in tekst and o.b.nummer in tekst
    page.get_by_role("link", name="Naar het verslag").click()
    expect(page.locator("main")).to_contain_text("Schulden besproken.")
    screenshot(page, "overleg-verslag-procesregisseur")

    from schakel.overleggen import services
    from schakel.overleggen.models import Deelnemer
    from schakel.partners.models import Organisatie

    services.voeg_deelnemer_toe(
        deelnemer=Deelnemer(overleg=o.overleg, organisatie=Organisatie.objects.get(code="svg")),
        besprekingen=[o.punt_a], door=users["pr"],
    )
    partner = login(o.svg)
    partner.goto(f"/casussen/{o.a.pk}/")
    partner.get_by_role("link", name="Agenda", exact=False).first.click()
    expect(partner.locator("main")).to_contain_text(o.a.nummer)
    expect(partner.locator("main")).not_to_contain_text(o.b.nummer)
    screenshot(partner, "overleg-agenda-partner")
    partner.get_by_role("link", name="Naar het verslag").click()
    expect(partner.locator("main")).to_contain_text("Woonsituatie besproken.")
    expect(partner.locator("main")).not_to_contain_text("Schulden besproken.")
    screenshot(partner, "overleg-verslag-partner")
    tekst = _pdf_tekst(partner, "Download als PDF")
    assert o.a.nummer in tekst and o.b.nummer not in tekst and NAAM_B not in tekst and "Schulden" not in tekst
    assert partner.goto(f"/overleggen/{o.overleg.pk}/").status == 403


def test_plan_with_five_goals_and_five_actions_without_javascript(login, screenshot, users):
    o = Opzet(users)
    page = login(users["pr"])
    page.goto(f"/plannen/casus/{o.a.pk}/vaststellen/")
    page.select_option("#id_type", label="Integraal")
    page.select_option("#id_casushouder", index=1)
    leefgebieden = ["Huisvesting", "Schulden", "Zorg (psychisch, verslaving, somatisch)", "Gezin en sociaal netwerk",
                    "Justitie en veiligheid"]
    for i, leefgebied in enumerate(leefgebieden):
        if i >= 3:
            page.get_by_role("button", name="Nog een doel toevoegen").click()
            page.wait_for_load_state()
            expect(page.locator(f"#id_doelen-{i}-leefgebied")).to_be_focused()
        page.select_option(f"#id_doelen-{i}-leefgebied", label=leefgebied)
        page.fill(f"#id_doelen-{i}-omschrijving", f"Doel {i + 1}")
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    for i in range(5):
        if i >= 3:
            page.get_by_role("button", name="Nog een actie toevoegen").click()
            page.wait_for_load_state()
        page.select_option(f"#id_acties-{i}-organisatie", index=1)
        page.fill(f"#id_acties-{i}-omschrijving", f"Actie {i + 1}")
        page.fill(f"#id_acties-{i}-deadline", deadline)
    # What was typed before the extra rows is still there.
    expect(page.locator("#id_doelen-0-omschrijving")).to_have_value("Doel 1")
    screenshot(page, "overleg-plan-vijf-doelen-procesregisseur")
    # Enter in a field submits the plan (the main button), it does not add yet another row.
    page.focus("#id_acties-4-omschrijving")
    page.focus("#id_acties-4-deadline")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/casussen/{o.a.pk}/")
    plan = PlanVanAanpak.objects.get(casus=o.a)
    assert plan.doelen.count() == 5 and plan.acties.count() == 5
    # The case holder (a partner) reads the adopted plan on the case page; the form itself is the house's.
    partner = login(users["reclassering"])
    partner.goto(f"/casussen/{o.a.pk}/")
    for i in range(1, 6):
        expect(partner.locator("main")).to_contain_text(f"Doel {i}")
        expect(partner.locator("main")).to_contain_text(f"Actie {i}")
    screenshot(partner, "overleg-plan-vijf-doelen-partner")
    assert partner.goto(f"/plannen/{plan.pk}/wijzigen/").status == 403
