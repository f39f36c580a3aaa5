"""Beheer's change forms in Chromium, as the functioneel beheerder: sent empty and with wrong values, each
answers 400 with one error summary that has the focus and links to every field in error, nothing is
saved, and axe-core finds nothing (every page a browser test loads is checked, see conftest). The cost
inputs have their own test (test_kosteninvoer.py); these are the reference-data forms next to it."""
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import expect

from schakel.gemeenten.models import Gemeente
from schakel.overleggen.models import Overlegtype
from schakel.partners.models import Organisatie
from schakel.privacy.models import Convenant, ConvenantBijlage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VERPLICHT = "Dit veld is verplicht."


@dataclass
class Formulier:
    naam: str
    pad: str
    model: type
    # Empty: the fields the summary must link to.
    leeg_verplicht: list[str]
    # Wrong values: what to type (#id -> value) or choose (#id -> label), and what the summary must say.
    typen: dict = field(default_factory=dict)
    kiezen: dict = field(default_factory=dict)
    fouten: list[str] = field(default_factory=list)


def formulieren():
    convenant = Convenant.objects.order_by("pk").first()
    bestaand = ConvenantBijlage.objects.filter(convenant=convenant).select_related("overlegtype").first()
    return [
        Formulier(
            "organisatie", "/beheer/partners/organisatie/add/", Organisatie, ["id_code", "id_naam", "id_keten"],
            typen={"#id_code": "met spaties!", "#id_naam": Organisatie.objects.order_by("pk").first().naam},
            kiezen={"#id_keten": "Zorgketen"},
            fouten=["Code:", "Naam:"],
        ),
        Formulier(
            "gemeente", "/beheer/gemeenten/gemeente/add/", Gemeente, ["id_code", "id_naam"],
            typen={"#id_code": "Leiden/Oost", "#id_naam": Gemeente.objects.get(code="leiden").naam},
            fouten=["Code:", "Naam:"],
        ),
        Formulier(
            "overlegtype", "/beheer/overleggen/overlegtype/add/", Overlegtype, ["id_code", "id_naam"],
            typen={"#id_code": "focus", "#id_naam": "Nieuw overleg", "#id_geldig_van": "31-02-2026", "#id_volgorde": "-1"},
            fouten=["Code:", "In gebruik vanaf:", "Volgorde:"],
        ),
        Formulier(
            "convenantbijlage", "/beheer/privacy/convenantbijlage/add/", ConvenantBijlage, ["id_convenant", "id_overlegtype"],
            # The annex for this covenant and meeting type exists already.
            kiezen={"#id_convenant": str(convenant), "#id_overlegtype": str(bestaand.overlegtype)},
            fouten=["bestaat al"],
        ),
    ]


def versturen(page):
    with page.expect_response(lambda r: r.request.method == "POST") as antwoord:
        page.locator("input[name=_save]").click()
    page.wait_for_load_state()
    return antwoord.value.status


def controleer_samenvatting(page, velden_met_links):
    samenvatting = page.locator("#foutsamenvatting")
    expect(samenvatting).to_be_focused()
    expect(samenvatting).to_contain_text("Er is niets opgeslagen; controleer de gemarkeerde velden.")
    assert page.title().startswith("Fout: ")
    links = samenvatting.get_by_role("link")
    doelen = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert {f"#{v}" for v in velden_met_links} <= set(doelen), doelen
    for doel in doelen:
        assert page.locator(doel).count() == 1, f"{doel} bestaat niet"
    # The keyboard: from the summary, Tab reaches its first link and Enter puts the focus in that field.
    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(doelen[0])).to_be_focused()
    return samenvatting


def test_beheer_forms_refuse_empty_and_wrong_values_with_a_linked_summary(login, users, screenshot):
    page = login(users["beheerder"])
    for f in formulieren():
        aantal = f.model.objects.count()
        page.goto(f.pad)
        expect(page.locator("#foutsamenvatting")).to_have_count(0)

        # Empty.
        assert versturen(page) == 400, f.naam
        samenvatting = controleer_samenvatting(page, f.leeg_verplicht)
        expect(samenvatting).to_contain_text(VERPLICHT)
        for veld in f.leeg_verplicht:
            expect(page.locator(f"#{veld}")).to_have_attribute("aria-invalid", "true")
        screenshot(page, f"beheer-{f.naam}-leeg")

        # Wrong values.
        for selector, waarde in f.typen.items():
            page.fill(selector, waarde)
        for selector, label in f.kiezen.items():
            page.select_option(selector, label=label)
        assert versturen(page) == 400, f.naam
        samenvatting = page.locator("#foutsamenvatting")
        expect(samenvatting).to_be_focused()
        for tekst in f.fouten:
            expect(samenvatting).to_contain_text(tekst)
        screenshot(page, f"beheer-{f.naam}-fout")
        assert f.model.objects.count() == aantal, f"{f.naam}: toch opgeslagen"
