"""A case from the briefing decision to closing, through real pages in a real browser: weging → focusoverleg
with a guest (refused until the geheimhoudingsverklaring is recorded) → plan van aanpak with actions for
Reclassering and GGZ → the +1 week monitoring contact (eight days later, clock moved) → escalation to the
regiekamer → closing with two outcome flags. After every step the reclassering user sees the case and a GGZ
professional of another organisation does not. One test, because each step builds on the previous one;
each step is a separate block so a failure names the step."""
import re
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from schakel.briefing.models import Briefing
from schakel.briefing.services import agendeer, maak_briefing
from schakel.casussen.models import Afsluiting, Casus, CasusBetrokkenheid, CasusStatus
from schakel.gemeenten.models import Gemeente
from schakel.monitoring.models import Monitoringcontact
from schakel.monitoring.tasks import verstuur_herinneringen
from schakel.opschaling.models import Opschaling
from schakel.overleggen.models import Deelnemer, Geheimhoudingsverklaring, Overleg
from schakel.personen.models import Persoon
from schakel.plannen.models import PlanVanAanpak
from schakel.privacy.models import Toegangslog

from ..scenario import nieuwe_melding
from .conftest import weeg_abc_focus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BSN = "123456782"  # passes the eleven-test
VOORNAMEN = "Hendrik Willem"
ACHTERNAAM = "Verhoeckx"
PR_MAIL = "pr@zvh-hollands-midden.example"
GEHEIMHOUDING_WEIGERING = (
    "Eerst de geheimhoudingsverklaring vastleggen voor {gast}: hun organisatie heeft het convenant niet ondertekend. "
    "Er is niets opgeslagen."
)


def berichten(page):
    return page.locator(".meldingen-berichten")


def casus_url(casus) -> str:
    return f"/casussen/{casus.pk}/"


def controleer_need_to_know(login, users, casus, stap: str) -> None:
    """The reclassering user (brought the case in) sees it; a GGZ professional of another organisation
    gets a 403 on the case page and does not find the case in his list. Fresh logins each time: after the
    clock moved eight days, earlier sessions have expired."""
    page = login(users["reclassering"])
    response = page.goto(casus_url(casus))
    assert response.status == 200, f"{stap}: reclassering krijgt {response.status} op de casuspagina"
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Casus {casus.nummer}")

    page = login(users["ggz_ander"])
    response = page.goto(casus_url(casus))
    assert response.status == 403, f"{stap}: GGZ Parnassia krijgt {response.status} op de casuspagina"
    expect(page.get_by_role("heading", level=1)).to_have_text("Geen toegang")
    inhoud = page.content()
    assert ACHTERNAAM not in inhoud and BSN not in inhoud, f"{stap}: de 403-pagina toont persoonsgegevens"
    page.goto("/casussen/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Casussen")
    expect(page.locator(f"a[href='{casus_url(casus)}']")).to_have_count(0)
    lijst = page.locator("main").inner_text()
    assert casus.nummer not in lijst and ACHTERNAAM not in lijst, f"{stap}: GGZ Parnassia vindt de casus in de lijst"


def status_van(page):
    return page.locator("h1 .status")


def test_casus_van_briefing_tot_afsluiting(login, screenshot, users, mailoutbox):
    ic, pr, reclassering, ggz, gast = users["ic"], users["pr"], users["reclassering"], users["ggz"], users["gast"]
    pr.email = PR_MAIL  # the monitoring reminder goes to the case's procesregisseur
    pr.save(update_fields=["email"])

    # 1. Setup through the services: a melding brought in by Reclassering about a new person, on a briefing.
    melding = nieuwe_melding(
        ic, melder="reclassering",
        persoon=Persoon(bsn=BSN, voornamen=VOORNAMEN, achternaam=ACHTERNAAM, geboortedatum=date(1979, 11, 2),
                        gemeente=Gemeente.objects.get(code="leiden")),
    )
    persoon = Persoon.objects.get(bsn=BSN)
    briefing = maak_briefing(briefing=Briefing(datum=timezone.localdate()), weegploeg=[], door=pr)
    assert agendeer(briefing=briefing, meldingen=[melding], door=pr) == 1

    # 2. The procesregisseur weighs the melding on the briefing: A, B and C, agenderen focus → a case opens.
    page = login(pr)
    page.goto(f"/briefings/{briefing.pk}/")
    agenda = page.locator("table.compact tbody tr").filter(has_text=melding.nummer)
    expect(agenda).to_have_count(1)
    agenda.get_by_role("link", name="Wegen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Weging melding {melding.nummer}")
    weeg_abc_focus(page, {
        "a": "Problemen op schulden, wonen en psychische gezondheid.",
        "b": "Reclassering en GGZ moeten samen optrekken; geen van beide komt alleen verder.",
        "c": "Ernstige overlast en dreiging richting buren.",
    })
    expect(berichten(page)).to_contain_text(f"Melding {melding.nummer} gewogen: Agenderen focus/Top-X. Landelijk Kader: voldoet.")
    expect(berichten(page)).to_contain_text(re.compile(r"Casus C-\d{7} \(Focusoverleg\)\."))
    nummer = re.search(r"C-\d{7}", berichten(page).inner_text()).group(0)
    casus = Casus.objects.get(pk=int(nummer[2:]))
    assert casus.nummer == nummer and list(casus.personen.all()) == [persoon]

    page.goto(casus_url(casus))
    expect(status_van(page)).to_have_text("Aangemeld voor overleg")
    # Not on any agenda yet: GGZ Rivierduinen (a standing partner of the focusoverleg) is not involved yet.
    assert login(ggz).goto(casus_url(casus)).status == 403
    controleer_need_to_know(login, users, casus, "na de weging")

    # 3. Focusoverleg today, the case on its agenda, a guest of an organisation without covenant.
    page.goto("/overleggen/nieuw/")
    page.select_option("#id_overlegtype", label="Focusoverleg")
    expect(page.locator("#id_datum")).to_have_value(re.compile(rf"^{timezone.localdate().isoformat()}T\d\d:\d\d$"))
    page.fill("#id_locatie", "Veiligheidshuis Leiden, zaal 2")
    page.get_by_role("button", name="Overleg aanmaken").click()
    overleg = Overleg.objects.get()
    expect(berichten(page)).to_contain_text(f"{overleg} is aangemaakt. Zet nu casussen op de agenda.")
    expect(page).to_have_url(re.compile(rf"/overleggen/{overleg.pk}/$"))
    assert timezone.localtime(overleg.datum).date() == timezone.localdate() and overleg.voorzitter == pr

    page.get_by_role("link", name="Casussen agenderen").click()
    page.check(f"#agenderen-{casus.pk}")
    page.get_by_role("button", name="Op de agenda zetten").click()
    expect(berichten(page)).to_contain_text("1 casus(sen) op de agenda gezet.")
    expect(page.get_by_role("link", name=nummer, exact=True)).to_be_visible()

    page.select_option("#id_soort", label="Incidentele gast")
    page.select_option("#id_organisatie", label="Woningcorporatie Rijnhart Wonen")
    page.select_option("#id_gebruiker", value=str(gast.pk))
    # Invited per agenda item: only the case ticked here.
    page.get_by_role("group", name="Uitnodigen voor de agendapunten").get_by_label(re.compile(f"Casus {nummer}")).check()
    page.get_by_role("button", name="Uitnodigen").click()
    expect(berichten(page)).to_contain_text(
        f"{gast} is toegevoegd aan de deelnemers, uitgenodigd voor casus {nummer}. "
        "Leg de geheimhoudingsverklaring vast voordat de gast aanschuift."
    )
    deelnemer = Deelnemer.objects.get(overleg=overleg, gebruiker=gast)
    assert deelnemer.soort == Deelnemer.Soort.GAST
    rij_gast = page.locator("tbody tr").filter(has=page.locator(f"#aanwezig-{deelnemer.pk}"))
    expect(rij_gast).to_contain_text("Woningcorporatie Rijnhart Wonen")
    expect(rij_gast).to_contain_text("Incidentele gast")

    # Marking the guest present before the geheimhoudingsverklaring is refused, and nothing is stored.
    page.check(f"#aanwezig-{deelnemer.pk}")
    with page.expect_navigation() as navigatie:
        page.get_by_role("button", name="Aanwezigheid opslaan").click()
    assert navigatie.value.status == 400
    expect(page.locator("#aanwezigheid-fout")).to_have_text(GEHEIMHOUDING_WEIGERING.format(gast=gast))
    deelnemer.refresh_from_db()
    assert deelnemer.aanwezig is False

    pagina_gast = login(gast)
    response = pagina_gast.goto(casus_url(casus))
    assert response.status == 403, "de gast ziet de casus zonder geheimhoudingsverklaring"
    assert ACHTERNAAM not in pagina_gast.content()

    page.goto(f"/overleggen/{overleg.pk}/")
    page.check(f"#ghv-{deelnemer.pk}-{overleg.besprekingen.get().pk}")
    page.fill(f"#ghv-{deelnemer.pk}", timezone.localdate().isoformat())
    page.get_by_role("button", name=f"Verklaring vastleggen voor {gast}").click()
    expect(berichten(page)).to_contain_text(f"De geheimhoudingsverklaring van {gast} is vastgelegd voor casus {nummer}.")
    expect(rij_gast).to_contain_text(f"{nummer}: getekend op {timezone.localdate():%d-%m-%Y}")
    page.check(f"#aanwezig-{deelnemer.pk}")
    page.get_by_role("button", name="Aanwezigheid opslaan").click()
    expect(berichten(page)).to_contain_text("De aanwezigheid is vastgelegd.")
    expect(page.locator(f"#aanwezig-{deelnemer.pk}")).to_be_checked()
    deelnemer.refresh_from_db()
    assert deelnemer.aanwezig is True

    response = pagina_gast.goto(casus_url(casus))
    assert response.status == 200, "de gast ziet de casus niet na de geheimhoudingsverklaring"
    expect(pagina_gast.get_by_role("heading", level=1)).to_contain_text(f"Casus {nummer}")
    controleer_need_to_know(login, users, casus, "na het focusoverleg")

    # 4. The plan van aanpak: casushouder reclassering, integraal, one goal, actions for Reclassering and GGZ.
    page.goto(casus_url(casus))
    page.get_by_role("link", name="Plan van aanpak vaststellen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Plan van aanpak vaststellen voor casus {nummer}")
    page.select_option("#id_type", label="Integraal")
    page.select_option("#id_casushouder", value=str(reclassering.pk))
    expect(page.locator("#id_vastgesteld_op")).to_have_value(timezone.localdate().isoformat())
    page.select_option("#id_vastgesteld_in", value=str(overleg.pk))
    page.select_option("#id_doelen-0-leefgebied", label="Schulden")
    page.fill("#id_doelen-0-omschrijving", "Schulden in beeld en een stabiel budgetbeheer.")
    acties = (
        ("Reclassering Nederland", reclassering, "Toezicht en wekelijkse meldplicht.", 14),
        ("GGZ Rivierduinen", ggz, "Intake en behandeling bij de FACT-GGZ.", 21),
    )
    for i, (organisatie, eigenaar, omschrijving, dagen) in enumerate(acties):
        page.select_option(f"#id_acties-{i}-organisatie", label=organisatie)
        page.select_option(f"#id_acties-{i}-eigenaar", value=str(eigenaar.pk))
        page.fill(f"#id_acties-{i}-omschrijving", omschrijving)
        page.fill(f"#id_acties-{i}-deadline", (timezone.localdate() + timedelta(days=dagen)).isoformat())
    page.get_by_role("button", name="Plan vaststellen").click()
    expect(berichten(page)).to_contain_text(
        f"Het plan van aanpak voor casus {nummer} is vastgesteld; de monitoring is ingepland."
    )
    expect(page).to_have_url(re.compile(rf"{casus_url(casus)}$"))
    expect(status_van(page)).to_have_text("In behandeling")
    betrokken = page.locator("h2:text-is('Betrokken organisaties') + ul")
    expect(betrokken).to_contain_text(f"Reclassering Nederland – Casushouder ({reclassering})")
    expect(betrokken).to_contain_text(f"Reclassering Nederland – Houdt een actie ({reclassering})")
    expect(betrokken).to_contain_text(f"GGZ Rivierduinen – Houdt een actie ({ggz})")
    plan_sectie = page.locator("section[aria-labelledby='plan-kop']")
    expect(plan_sectie).to_contain_text("Integraal")
    for organisatie, _, omschrijving, _ in acties:
        expect(plan_sectie.locator("tbody tr").filter(has_text=omschrijving)).to_contain_text(organisatie)
    monitoring = page.locator("section[aria-labelledby='monitoring-kop']")
    vastgesteld_op = PlanVanAanpak.objects.values_list("vastgesteld_op", flat=True).get(casus=casus)
    week = vastgesteld_op + timedelta(days=7)
    expect(monitoring.locator("tbody tr").filter(has_text="Na 1 week")).to_contain_text(f"{week:%d-%m-%Y}")

    response = login(ggz).goto(casus_url(casus))
    assert response.status == 200, "GGZ Rivierduinen houdt een actie maar ziet de casus niet"
    controleer_need_to_know(login, users, casus, "na het plan van aanpak")

    # 5-7 happen eight days later: the clock moves for the whole process, the live server's thread included.
    # Noon of that day, so a run near midnight or across a DST change still lands exactly eight dates on.
    acht_dagen_later = timezone.make_aware(datetime.combine(vastgesteld_op + timedelta(days=8), time(12, 0)))
    with time_machine.travel(acht_dagen_later, tick=True):
        vandaag = timezone.localdate()
        assert vandaag == week + timedelta(days=1)

        # 5. The daily task mails the procesregisseur about the +1 week contact, once.
        voor = len(mailoutbox)
        assert verstuur_herinneringen() == 1
        assert verstuur_herinneringen() == 0, "een tweede run stuurt opnieuw een herinnering"
        nieuw = mailoutbox[voor:]
        assert len(nieuw) == 1
        mail = nieuw[0]
        contact_week = Monitoringcontact.objects.get(casus=casus, termijn="Na 1 week")
        assert mail.to == [PR_MAIL]
        assert mail.subject == f"Monitoring casus {nummer}: na 1 week"
        assert f"/monitoring/contact/{contact_week.pk}/" in mail.body and f"{week:%d-%m-%Y}" in mail.body
        assert ACHTERNAAM not in mail.body + mail.subject and BSN not in mail.body, "de herinnering bevat persoonsgegevens"

        page = login(pr)  # the session of eight days ago has expired
        page.goto("/monitoring/")
        rij = page.locator("tbody tr").filter(has_text=nummer)
        expect(rij).to_have_count(1)
        expect(rij).to_contain_text("Na 1 week")
        expect(rij).to_contain_text(f"{week:%d-%m-%Y} (achterstallig)")
        expect(rij).to_contain_text(f"{reclassering} (Reclassering Nederland)")
        rij.get_by_role("link", name="Contact vastleggen").click()
        expect(page).to_have_url(re.compile(rf"/monitoring/contact/{contact_week.pk}/$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(nummer)
        expect(page.locator("#id_uitgevoerd_op")).to_have_value(vandaag.isoformat())
        page.get_by_label("Op koers", exact=True).check()
        page.fill("#id_toelichting", "Casushouder gesproken: meldplicht nagekomen, intake GGZ gepland.")
        page.get_by_role("button", name="Contact vastleggen").click()
        expect(berichten(page)).to_contain_text(f"Het monitoringcontact van casus {nummer} is vastgelegd.")
        expect(page).to_have_url(re.compile(r"/monitoring/$"))
        expect(page.locator("tbody tr").filter(has_text=nummer)).to_have_count(0)
        controleer_need_to_know(login, users, casus, "na het monitoringcontact")

        # 6. Escalation to the regiekamer.
        page.goto(casus_url(casus))
        page.get_by_role("link", name="Opschalen", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Casus {nummer} opschalen")
        page.select_option("#id_niveau", label="Regiekamer")
        page.fill("#id_reden", "Passende huisvesting met begeleiding is via de reguliere route niet beschikbaar.")
        page.fill("#id_gevraagd_besluit", "Voorrang op een woning met begeleiding binnen vier weken.")
        expect(page.locator("#id_opgeschaald_op")).to_have_value(vandaag.isoformat())
        page.get_by_role("button", name="Opschalen", exact=True).click()
        expect(berichten(page)).to_contain_text(f"Casus {nummer} is opgeschaald naar Regiekamer.")
        expect(page).to_have_url(re.compile(rf"{casus_url(casus)}$"))
        opschaling = page.locator("section[aria-labelledby='opschaling-kop']")
        expect(opschaling).to_contain_text(f"{vandaag:%d-%m-%Y}: opgeschaald naar Regiekamer")
        expect(opschaling).to_contain_text("Gevraagd besluit: Voorrang op een woning met begeleiding binnen vier weken.")
        expect(opschaling).to_contain_text("Nog geen besluit.")
        controleer_need_to_know(login, users, casus, "na de opschaling")

        # 7. Closing with two outcome flags.
        page.goto(casus_url(casus))
        page.get_by_role("link", name="Casus afsluiten").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Casus {nummer} afsluiten")
        expect(page.locator("#id_datum")).to_have_value(vandaag.isoformat())
        page.select_option("#id_reden", label="Doelen behaald")
        page.get_by_label("Alle partijen werken samen", exact=True).check()
        page.get_by_label("Er is voortgang geboekt", exact=True).check()
        page.get_by_role("button", name="Casus afsluiten").click()
        duur = (vandaag - timezone.localtime(casus.geopend_op).date()).days
        assert duur == 8
        expect(berichten(page)).to_contain_text(f"Casus {nummer} is afgesloten na {duur} dagen.")
        expect(page).to_have_url(re.compile(rf"{casus_url(casus)}$"))
        expect(status_van(page)).to_have_text("Afgesloten")
        afsluiting = page.locator("section[aria-labelledby='afsluiting-kop'] dl.gegevens")
        expect(afsluiting.locator("dt:text-is('Duur') + dd")).to_have_text(f"{duur} dagen")
        expect(afsluiting.locator("dt:text-is('Reden') + dd")).to_have_text("Doelen behaald")
        expect(afsluiting.locator("dt:text-is('Uitkomsten') + dd")).to_have_text(
            "Alle partijen werken samen; Er is voortgang geboekt"
        )
        expect(page.get_by_role("link", name="Casus afsluiten")).to_have_count(0)
        expect(page.get_by_role("link", name="Opschalen", exact=True)).to_have_count(0)
        historie = page.locator("h2:text-is('Statushistorie') + ul")
        expect(historie.locator("li")).to_have_count(3)
        screenshot(page, "casusverloop-afgesloten")
        controleer_need_to_know(login, users, casus, "na de afsluiting")

    # 9. The database agrees with what the pages said.
    assert list(CasusStatus.objects.filter(casus=casus).values_list("van", "naar")) == [
        ("", Casus.Status.AANGEMELD),
        (Casus.Status.AANGEMELD, Casus.Status.IN_BEHANDELING),
        (Casus.Status.IN_BEHANDELING, Casus.Status.AFGESLOTEN),
    ]
    casus.refresh_from_db()
    assert casus.status == Casus.Status.AFGESLOTEN

    assert Geheimhoudingsverklaring.objects.filter(uitnodiging__deelnemer=deelnemer, vastgelegd_door=pr).exists()

    plan = PlanVanAanpak.objects.get(casus=casus)
    assert (plan.type, plan.casushouder, plan.vastgesteld_in) == (PlanVanAanpak.Type.INTEGRAAL, reclassering, overleg)
    assert plan.doelen.count() == 1
    assert sorted(plan.acties.values_list("organisatie__code", "eigenaar__username")) == [
        ("ggz", ggz.username), ("reclassering", reclassering.username)
    ]
    betrokken_orgs = set(CasusBetrokkenheid.objects.filter(casus=casus).values_list("organisatie__code", flat=True))
    assert {"reclassering", "ggz"} <= betrokken_orgs
    assert not betrokken_orgs & {"ggz-parnassia", "woningcorporatie"}

    contact_week.refresh_from_db()
    assert contact_week.uitgevoerd_op == vandaag and contact_week.uitkomst == Monitoringcontact.Uitkomst.OP_KOERS
    assert contact_week.door == pr and contact_week.herinnering_verstuurd_op is not None
    assert not Monitoringcontact.objects.filter(casus=casus, uitgevoerd_op__isnull=False).exclude(pk=contact_week.pk).exists()

    opschaling_db = Opschaling.objects.select_related("niveau").get(casus=casus)
    assert opschaling_db.niveau.code == "regiekamer" and opschaling_db.opgeschaald_op == vandaag and opschaling_db.door == pr

    afsluiting_db = Afsluiting.objects.get(casus=casus)
    assert afsluiting_db.reden == Afsluiting.Reden.DOELEN_BEHAALD and afsluiting_db.datum == vandaag
    assert sorted(afsluiting_db.uitkomsten.values_list("code", flat=True)) == ["samenwerking", "voortgang"]

    over_persoon = Toegangslog.objects.filter(persoon_id=persoon.pk)
    assert over_persoon.filter(gebruiker=reclassering).exists(), "geen toegangslog van reclassering over de persoon"
    assert over_persoon.filter(gebruiker=gast).exists(), "geen toegangslog van de gast over de persoon"
    assert not over_persoon.filter(gebruiker=users["ggz_ander"]).exists(), "GGZ Parnassia staat in de toegangslog van de persoon"
