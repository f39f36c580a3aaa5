"""The report as files (csv, xlsx, html, pdf), the annual report with its charts, the municipal
factsheet without names and with small numbers suppressed, and the ketenmanager's pages."""
import csv
import io
import json
import re
from datetime import date, datetime
from html import unescape
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from schakel.briefing.models import Briefing
from schakel.briefing.services import agendeer, maak_briefing
from schakel.casussen.models import AfsluitUitkomst, Afsluiting
from schakel.casussen.services import sluit_casus_af
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding, Thema
from schakel.meldingen.services import registreer_melding
from schakel.opschaling.models import Escalatieniveau, Opschaling
from schakel.partners.models import Organisatie
from schakel.personen.models import Persoon
from schakel.rapportage.grafieken import grafieken
from schakel.rapportage.indicatoren import Periode, bereken, pct
from schakel.rapportage.jaarrapport import maak_rapport, opmaak
from schakel.rapportage.rapport import zoek_gemeente
from schakel.rapportage.uitvoer import CSV_KOP, exporteer

from .scenario import weeg_focus
from .queries import tel

JAAR = 2025
PERIODE = Periode.jaar(JAAR)
# Names that must never reach a report: the person the first melding is about, and its melder.
VOORNAAM, ACHTERNAAM = "Zebedeus", "Quackenbosch-IJpma"
MELDER = "Xylofoonberg"
FORMATEN = ["csv", "xlsx", "html", "pdf", "json"]


def moment(maand: int, dag: int = 10) -> datetime:
    return timezone.make_aware(datetime(JAAR, maand, dag, 10, 0))


def bouw(users, *, zoeterwoude=3, leiden=2, maand=3, jaar=JAAR, sluit=0, opschalingen=0):
    """Meldingen received and weighed into focus cases on one day of `jaar`: `zoeterwoude` of them in
    Zoeterwoude (the first about the person with the distinctive name), `leiden` in Leiden. `sluit`
    of the Leiden cases are closed a month later, and `opschalingen` escalations are recorded."""
    casussen = []
    with time_machine.travel(timezone.make_aware(datetime(jaar, maand, 10, 10, 0)), tick=False):
        briefing = maak_briefing(briefing=Briefing(datum=timezone.localdate()), weegploeg=[], door=users["pr"])
        for i in range(zoeterwoude + leiden):
            gemeente = Gemeente.objects.get(code="zoeterwoude" if i < zoeterwoude else "leiden")
            eerste = i == 0 and zoeterwoude
            persoon = Persoon(voornamen=VOORNAAM if eerste else "Jan", achternaam=ACHTERNAAM if eerste else f"Jansen{chr(65 + i % 26)}",
                              geboortedatum=date(1990, 1, 1), geslacht=Persoon.Geslacht.MAN, gemeente=gemeente)
            melding = registreer_melding(door=users["ic"], persoon=persoon, melding=Melding(
                ontvangen_op=timezone.now(), kanaal=Melding.Kanaal.MAIL, melder_organisatie=Organisatie.objects.get(code="politie"),
                melder_naam=f"P. {MELDER}", gemeente=gemeente, thema=Thema.objects.get(code="overlast"),
                omschrijving=f"Zorgen over {VOORNAAM} {ACHTERNAAM}." if eerste else "Overlast in de wijk.",
            ))
            agendeer(briefing=briefing, meldingen=[melding], door=users["pr"])
            casussen.append(weeg_focus(briefing, melding, users["pr"]).casus)
    leiden_casussen = casussen[zoeterwoude:]
    for casus in leiden_casussen[:sluit]:
        sluit_casus_af(casus=casus, afsluiting=Afsluiting(datum=date(jaar, maand + 1, 10), reden="doelen_behaald"),
                       uitkomsten=AfsluitUitkomst.objects.filter(code__in=["samenwerking", "voortgang"]), door=users["pr"])
    for casus in leiden_casussen[:opschalingen]:
        Opschaling.objects.create(casus=casus, niveau=Escalatieniveau.objects.get(code="regiekamer"), reden="Vastgelopen.",
                                  gevraagd_besluit="Doorbraak.", opgeschaald_op=date(jaar, maand, 20), door=users["pr"])
    return casussen


def pdf_paginas(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def tekst_van(formaat: str, inhoud: bytes) -> str:
    """Everything a reader of the file could see, as text (xlsx: every cell of every sheet)."""
    if formaat == "xlsx":
        wb = load_workbook(io.BytesIO(inhoud))
        return "\n".join(str(c.value) for ws in wb for rij in ws.iter_rows() for c in rij if c.value is not None)
    if formaat == "html":
        return unescape(inhoud.decode())
    return inhoud.decode("latin-1" if formaat == "pdf" else "utf-8")


def zoek_rij(ws, label):
    for rij in ws.iter_rows():
        if rij[0].value == label:
            return rij
    raise AssertionError(f"geen rij '{label}' op blad {ws.title}")


# --- The annual report of the demo data: the acceptance criterion.


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_jaarrapport_pdf_van_de_demodata_heeft_paginas_en_grafieken():
    call_command("seed", "--demo", stdout=StringIO())
    periode = Periode.jaar(timezone.localdate().year - 1)
    rapport = maak_rapport(periode)
    charts = grafieken(rapport)
    # The demo holds two years up to today, so the year before the chosen one is there to compare.
    assert len(rapport.kolommen) >= 2
    assert len(charts) >= 6

    pdf = exporteer("pdf", periode)

    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    assert pdf_paginas(pdf) >= 2
    assert pdf.count(b"/Subtype /Image") >= len(charts)
    tekst = pdf.decode("latin-1")
    assert f"(Jaarrapportage {periode.van.year}) Tj" in tekst
    assert f"({opmaak(rapport.data['meldingen']['totaal'])}) Tj" in tekst
    assert "(Radicalisering telt" in tekst


# --- Files of a small, known dataset.


@pytest.mark.django_db
def test_xlsx_en_csv_geven_dezelfde_getallen_als_het_json_rapport(users, tmp_path):
    bouw(users, sluit=1, opschalingen=1)
    uit = StringIO()
    call_command("report", "--from", "2025-01-01", "--to", "2025-12-31", stdout=uit)
    data = json.loads(uit.getvalue())
    assert data["meldingen"]["totaal"] == 5

    pad = tmp_path / "rapport.xlsx"
    call_command("report", "--from", "2025-01-01", "--to", "2025-12-31", "--format", "xlsx", "--output", str(pad), stderr=StringIO())
    wb = load_workbook(pad)
    assert wb.sheetnames == ["Samenvatting", "Meldingen", "Briefing", "Personen", "Casussen", "Plannen van aanpak", "Afsluiting",
                             "Cliënt aan tafel", "Opschalingen", "Vrijwillige trajecten", "Toelichting"]
    kerncijfers = zoek_rij(wb["Samenvatting"], "Meldingen")
    assert kerncijfers[1].value == data["meldingen"]["totaal"] and isinstance(kerncijfers[1].value, int)
    politie = zoek_rij(wb["Meldingen"], "Politie")
    assert politie[1].value == data["meldingen"]["per_bron"]["politie"]
    assert politie[2].value == pct(data["meldingen"]["per_bron"]["politie"], data["meldingen"]["totaal"])
    assert politie[2].number_format == '0.0"%"'
    assert zoek_rij(wb["Afsluiting"], "Afgesloten casussen")[1].value == data["afsluiting"]["totaal"] == 1
    assert zoek_rij(wb["Opschalingen"], "Opschalingen")[1].value == data["opschalingen"]["totaal"] == 1
    # The closed Leiden focus case: samenwerking as a share of the focus closings (1 of 1).
    focus = data["afsluiting"]["naar_overlegtype"]["focus"]
    samenwerking = zoek_rij(wb["Afsluiting"], "Alle partijen werken samen")
    assert [samenwerking[1].value, samenwerking[2].value] == [focus["uitkomsten"]["samenwerking"], focus["uitkomsten_pct"]["samenwerking"]] == [1, 100.0]
    assert any("Radicalisering telt in deze rapportage niet mee" in (c.value or "") for rij in wb["Toelichting"].iter_rows() for c in rij)

    rijen = list(csv.reader(io.StringIO(exporteer("csv", PERIODE).decode("utf-8"))))
    assert rijen[0] == CSV_KOP
    assert ["meldingen", "totaal", "", str(data["meldingen"]["totaal"])] in rijen
    assert ["meldingen", "per_gemeente", "Zoeterwoude", "3"] in rijen
    assert ["casussen", "per_gemeente_per_overlegtype", "Leiden/focus", "2"] in rijen
    assert ["briefing", "actie_percentage", "", str(data["briefing"]["actie_percentage"])] in rijen
    assert ["afsluiting", "naar_overlegtype", "focus/uitkomsten_pct/samenwerking", "100.0"] in rijen
    assert ["meldingen", "per_thema_per_gemeente", "overlast/Zoeterwoude", "3"] in rijen
    assert all(len(r) == 4 for r in rijen)


@pytest.mark.django_db
def test_html_is_een_zelfstandig_document_met_de_grafieken(users):
    bouw(users, sluit=1)
    rapport = maak_rapport(PERIODE)
    charts = grafieken(rapport)
    assert len(charts) >= 5

    html = exporteer("html", PERIODE).decode()

    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert html.count('<img src="data:image/png;base64,') == len(charts)
    assert "Instroom per bron" in html and "Uitkomsten bij afsluiting" in html
    assert "Radicalisering telt in deze rapportage niet mee" in html and "docs/" not in html


@pytest.mark.django_db
def test_vergelijkingsjaren_alleen_als_er_gegevens_zijn(users):
    bouw(users, zoeterwoude=0, leiden=1)
    assert maak_rapport(PERIODE).kolommen == ["2025"]
    bouw(users, zoeterwoude=0, leiden=2, jaar=2023)
    rapport = maak_rapport(PERIODE)
    assert rapport.kolommen == ["2023", "2025"]  # 2024 holds nothing, 2023 does
    kerncijfers = rapport.tabellen[0]
    assert kerncijfers.kop == ["Indicator", "2023", "2025"]
    assert kerncijfers.rijen[0] == ["Meldingen", 2, 1]
    maart = maak_rapport(Periode(date(2025, 3, 1), date(2025, 3, 31)))
    assert maart.kolommen == ["1-3-2023 t/m 31-3-2023", "1-3-2025 t/m 31-3-2025"]
    assert maart.titel == "Rapportage 1-3-2025 t/m 31-3-2025"


@pytest.mark.django_db
def test_onbekend_formaat_is_een_fout(ref):
    with pytest.raises(ValueError, match="Onbekend formaat"):
        exporteer("docx", PERIODE)


@pytest.mark.django_db
@pytest.mark.parametrize("formaat", FORMATEN)
def test_factsheet_schermt_kleine_aantallen_af_en_noemt_geen_namen(users, formaat):
    bouw(users, zoeterwoude=3, leiden=6)
    zoeterwoude = zoek_gemeente("Zoeterwoude")

    tekst = tekst_van(formaat, exporteer(formaat, PERIODE, zoeterwoude))

    assert "Zoeterwoude" in tekst  # the report is there and readable by this check...
    assert "<5" in tekst  # ...3 meldingen and 3 cases show as '<5'...
    for naam in (VOORNAAM, ACHTERNAAM, MELDER):  # ...and no name, of the person or of the melder
        assert naam not in tekst
    # Nor in the region's report, where the counts are not suppressed.
    regio = tekst_van(formaat, exporteer(formaat, PERIODE))
    assert "Zoeterwoude" in regio
    for naam in (VOORNAAM, ACHTERNAAM, MELDER):
        assert naam not in regio


@pytest.mark.django_db
def test_factsheet_drempel_is_instelbaar(users, settings):
    bouw(users, zoeterwoude=3, leiden=0)
    zoeterwoude = zoek_gemeente("zoeterwoude")
    assert "<5" in exporteer("csv", PERIODE, zoeterwoude).decode()
    settings.RAPPORTAGE_DREMPEL = 3
    csv_drempel_3 = exporteer("csv", PERIODE, zoeterwoude).decode()
    assert "<5" not in csv_drempel_3 and "meldingen,totaal,,3" in csv_drempel_3
    pdf = exporteer("pdf", PERIODE, zoeterwoude)
    assert pdf.count(b"/Subtype /Image") >= 1 and pdf_paginas(pdf) >= 1


# --- The pages.



@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["ketenmanager", "pr", "ic"])
def test_ketenmanager_en_staf_zien_het_jaarrapport_met_de_cijfers_van_bereken(client_for, users, rol):
    bouw(users, sluit=1)
    verwacht = bereken(PERIODE)

    response = client_for(users[rol]).get(reverse("rapportage:overzicht"), {"van": "2025-01-01", "tot": "2025-12-31"})

    assert response.status_code == 200
    html = response.content.decode()
    meldingen = re.search(r'<th scope="row">Meldingen</th><td class="getal">([^<]+)</td>', html)
    assert meldingen and meldingen.group(1) == opmaak(verwacht["meldingen"]["totaal"]) == "5"
    uniek = re.search(r'<th scope="row">Unieke personen</th><td class="getal">([^<]+)</td>', html)
    assert uniek.group(1) == opmaak(verwacht["personen"]["uniek"])
    assert 'src="data:image/png;base64,' in html
    assert "style=" not in html and "<style" not in html  # the app's CSP allows neither
    assert f'{reverse("rapportage:download")}?van=2025-01-01&amp;tot=2025-12-31&amp;formaat=pdf' in html
    for naam in (VOORNAAM, ACHTERNAAM, MELDER):
        assert naam not in html


@pytest.mark.django_db
def test_zonder_periode_het_vorige_kalenderjaar(client_for, users):
    response = client_for(users["ketenmanager"]).get(reverse("rapportage:overzicht"))
    assert response.status_code == 200
    vorig = timezone.localdate().year - 1
    html = response.content.decode()
    assert f'value="{vorig}-01-01"' in html and f'value="{vorig}-12-31"' in html
    assert f"Jaarrapportage {vorig}" in html


@pytest.mark.django_db
def test_factsheet_pagina(client_for, users):
    bouw(users)
    response = client_for(users["ketenmanager"]).get(
        reverse("rapportage:overzicht"), {"van": "2025-01-01", "tot": "2025-12-31", "gemeente": "zoeterwoude"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Factsheet Zoeterwoude 2025" in html
    assert re.search(r'<th scope="row">Meldingen</th><td class="getal">&lt;5</td>', html)
    assert VOORNAAM not in html and ACHTERNAAM not in html


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["politie", "reclassering", "contact", "zsm", "fg", "beheerder", "zonder_rol"])
def test_anderen_krijgen_403(client_for, users, rol):
    client = client_for(users[rol])
    assert client.get(reverse("rapportage:overzicht")).status_code == 403
    assert client.get(reverse("rapportage:download"), {"van": "2025-01-01", "tot": "2025-12-31", "formaat": "csv"}).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("url,params,boodschap", [
    ("rapportage:overzicht", {"van": "2025-13-01", "tot": "2025-12-31"}, "Vul een datum in als JJJJ-MM-DD"),
    ("rapportage:overzicht", {"van": "2025-06-01", "tot": "2025-01-01"}, "De einddatum ligt vóór de begindatum."),
    ("rapportage:overzicht", {"van": "", "tot": "2025-01-01"}, "Vul de eerste dag van de periode in."),
    ("rapportage:overzicht", {"van": "0001-01-01", "tot": "2025-01-01"}, "Kies een datum tussen 1900 en 2999."),
    ("rapportage:overzicht", {"van": "2025-01-01", "tot": "9999-12-31"}, "Kies een datum tussen 1900 en 2999."),
    ("rapportage:overzicht", {"van": "2025-01-01", "tot": "2025-12-31", "gemeente": "atlantis"}, "Kies een gemeente uit de lijst."),
    ("rapportage:download", {"van": "2025-01-01", "tot": "2025-12-31", "formaat": "docx"}, "Kies een formaat: pdf"),
    ("rapportage:download", {"van": "2025-01-01", "tot": "2025-12-31"}, "Kies een formaat."),
    ("rapportage:download", {"van": "31-31-2025", "tot": "2025-12-31", "formaat": "pdf"}, "Vul een datum in als JJJJ-MM-DD"),
])
def test_foute_invoer_geeft_400_met_een_duidelijke_melding(client_for, users, url, params, boodschap):
    response = client_for(users["ketenmanager"]).get(reverse(url), params)
    assert response.status_code == 400
    html = response.content.decode()
    assert boodschap in html
    assert "data:image/png" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("formaat,soort,begin", [
    ("pdf", "application/pdf", b"%PDF-"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ("csv", "text/csv; charset=utf-8", b"sectie,indicator,sleutel,waarde"),
    ("json", "application/json; charset=utf-8", b"{"),
    ("html", "text/html; charset=utf-8", b"<!DOCTYPE html>"),
])
def test_download(client_for, users, formaat, soort, begin):
    bouw(users)
    response = client_for(users["ketenmanager"]).get(
        reverse("rapportage:download"), {"van": "2025-01-01", "tot": "2025-12-31", "gemeente": "leiden", "formaat": formaat}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == soort
    assert response["Content-Disposition"] == f'attachment; filename="factsheet-leiden-2025-01-01-2025-12-31.{formaat}"'
    assert response.content.startswith(begin)


@pytest.mark.django_db
@pytest.mark.parametrize("gemeente", ["", "leiden"])
def test_aantal_queries_van_de_pagina_hangt_niet_af_van_de_hoeveelheid_gegevens(client_for, users, gemeente):
    client = client_for(users["ketenmanager"])
    url = f"{reverse('rapportage:overzicht')}?van=2025-01-01&tot=2025-12-31&gemeente={gemeente}"
    bouw(users, zoeterwoude=1, leiden=1, sluit=1, opschalingen=1)
    klein = tel(client, url)
    bouw(users, zoeterwoude=4, leiden=12, maand=5, sluit=6, opschalingen=3)
    assert bereken(PERIODE)["meldingen"]["totaal"] == 18
    assert tel(client, url) == klein
