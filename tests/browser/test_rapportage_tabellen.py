"""The report's tables by doelgroep, plan, conference type, client at the table and voluntary programme
in a real browser, as the ketenmanager reads them: the figures are those of bereken()."""
import csv
from datetime import date, datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from schakel.casussen.models import Casus
from schakel.overleggen.models import Bespreking, Overleg, Overlegtype
from schakel.personen.models import Persoon
from schakel.plannen.models import Hulpvraag, VrijwilligTraject
from schakel.rapportage.indicatoren import Periode, bereken

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

JAAR = 2025
KOP = ["melding_id", "ontvangen_op", "bron", "gemeente", "thema", "persoon_id", "overlegtype", "casus_start",
       "casus_einde", "uitkomsten", "plan_vastgesteld", "plantype"]


def bouw(tmp_path, door):
    """12 focus cases in Leiden and Gouda with an integral plan, 9 of them closed (8 with samenwerking),
    4 nazorg cases closed without it; one focus case discussed with the client at the decision, and
    two voluntary programmes."""
    rijen = []
    for i in range(12):
        rijen.append({"melding_id": f"B-{i}", "ontvangen_op": f"{JAAR}-01-0{1 + i % 9}", "bron": "politie",
                      "gemeente": "Leiden" if i % 3 else "Gouda", "thema": "veelplegers", "persoon_id": f"P-{i}",
                      "overlegtype": "focus", "casus_start": f"{JAAR}-02-01", "plan_vastgesteld": f"{JAAR}-02-15",
                      "plantype": "integraal", "casus_einde": f"{JAAR}-06-30" if i < 9 else "",
                      "uitkomsten": "samenwerking" if i < 8 else ""})
    for i in range(4):
        rijen.append({"melding_id": f"N-{i}", "ontvangen_op": f"{JAAR}-03-01", "bron": "dji", "gemeente": "Leiden",
                      "thema": "nazorg", "persoon_id": f"N-{i}", "overlegtype": "nazorg", "casus_start": f"{JAAR}-03-10",
                      "casus_einde": f"{JAAR}-05-01"})
    pad = tmp_path / "historie.csv"
    with pad.open("w", newline="", encoding="utf-8") as f:
        schrijver = csv.DictWriter(f, fieldnames=KOP, restval="")
        schrijver.writeheader()
        schrijver.writerows(rijen)
    call_command("import-history", str(pad), stdout=StringIO(), stderr=StringIO())

    overleg = Overleg.objects.create(overlegtype=Overlegtype.objects.get(code="focus"), voorzitter=door,
                                     datum=timezone.make_aware(datetime(JAAR, 2, 15, 10)))
    for casus, stappen in zip(Casus.objects.filter(overlegtype__code="focus").order_by("pk")[:2], (["besluit"], [])):
        Bespreking.objects.create(overleg=overleg, casus=casus, client_stappen=stappen)
    for soort, kosten in (("traject", "1200.00"), ("gesprek_pi", "300.00")):
        t = VrijwilligTraject.objects.create(persoon=Persoon.objects.create(achternaam="Traject"), aanbieder="Exodus",
                                             soort=soort, gestart_op=date(JAAR, 4, 1), kosten=Decimal(kosten))
        Hulpvraag.objects.create(traject=t, leefgebied="huisvesting")


def test_ketenmanager_ziet_de_tabellen_per_doelgroep_plan_en_overlegtype(login, users, screenshot, tmp_path):
    bouw(tmp_path, users["pr"])
    verwacht = bereken(Periode.jaar(JAAR))
    page = login(users["ketenmanager"])
    page.goto(f"/rapportage/?van={JAAR}-01-01&tot={JAAR}-12-31")
    rapport = page.get_by_role("article")

    focus = rapport.get_by_role("table", name="Uitkomsten bij afsluiting: Focusoverleg")
    expect(focus).to_be_visible()
    # 8 of the 9 focus closings, not 8 of all 13 closings.
    assert verwacht["afsluiting"]["naar_overlegtype"]["focus"]["uitkomsten_pct"]["samenwerking"] == 88.9
    expect(focus.get_by_role("row", name="Alle partijen werken samen")).to_contain_text("88,9%")

    plannen = rapport.get_by_role("table", name=f"Cliënten met een plan van aanpak per gemeente en doelgroep (t/m 31-12-{JAAR})")
    expect(plannen.locator("tfoot td").last).to_have_text(str(verwacht["plannen"]["clienten_totaal"]))
    assert verwacht["plannen"]["clienten_totaal"] == 12
    expect(rapport.get_by_role("table", name="Cliënt aan tafel").get_by_role("row", name="Waarvan met de cliënt aan tafel")
           ).to_contain_text("1")
    # Each kind spreads its own cost; together a housing question cost € 1.200 + € 300.
    trajecten = rapport.get_by_role("table", name=f"Hulpvragen en kosten per hulpvraag: alle soorten ({JAAR})")
    expect(trajecten.get_by_role("row", name="Huisvesting")).to_contain_text("€ 1.500,00")
    assert page.evaluate("() => [...document.querySelectorAll('article img')].every(i => i.complete && i.naturalWidth > 0)")
    screenshot(page, "rapportage-tabellen")
