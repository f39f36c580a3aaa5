"""The four screens that must tell the truth, in a real browser as the role that reads them: the case
timeline (a plan adopted today after the melding of today), the melding history in sentences, the ZSM
answer that repeats whom it is about, and the annual report of a running year with its warning."""
from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from schakel.plannen.models import PlanVanAanpak

from ..scenario import bouw_scenario
from ..test_rapport_onvolledig import melding_op

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_timeline_history_zsm_answer_and_report_tell_the_truth(login, users, screenshot):
    s = bouw_scenario(users)
    PlanVanAanpak.objects.create(casus=s.casus, type="integraal", casushouder=users["reclassering"],
                                 vastgesteld_op=timezone.localdate())
    vandaag = timezone.localdate()
    melding_op(users, date(vandaag.year - 1, 3, 2))

    page = login(users["pr"])
    page.goto(f"/casussen/{s.casus.pk}/tijdlijn/")
    rijen = page.get_by_role("row")
    teksten = [rijen.nth(i).inner_text() for i in range(rijen.count())]
    plan = next(i for i, t in enumerate(teksten) if "Plan (integraal) vastgesteld" in t)
    melding = next(i for i, t in enumerate(teksten) if s.melding.nummer in t)
    assert melding < plan and "00:00" not in teksten[plan]
    screenshot(page, "waarheid-tijdlijn")

    page.goto(f"/meldingen/{s.melding.pk}/")
    historie = page.get_by_role("table").last
    expect(historie).to_contain_text(f"Gekoppeld aan casus {s.casus.nummer}")
    expect(historie).to_contain_text("Gewogen in de briefing: besluit")
    screenshot(page, "waarheid-melding")

    zsm = login(users["zsm"])
    zsm.goto("/zsm/vraag/")
    zsm.get_by_label("BSN").fill("111 222 333")
    zsm.get_by_role("button", name="Vraag stellen").click()
    antwoord = zsm.get_by_role("region", name="Antwoord")
    expect(antwoord).to_contain_text("******333")
    expect(antwoord).not_to_contain_text("111222333")
    screenshot(zsm, "waarheid-zsm")

    km = login(users["ketenmanager"])
    # The report draws its charts on the server; on a busy test machine that takes a while.
    km.goto(f"/rapportage/?van={vandaag.year}-01-01&tot={vandaag.year}-12-31", timeout=60_000)
    expect(km.get_by_role("note")).to_contain_text(f"{vandaag.year} loopt nog")
    screenshot(km, "waarheid-rapport")
