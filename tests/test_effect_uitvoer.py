"""The effect measurement where people see it: `schakel effect` in four formats, the ketenmanager's
page with its charts, texts and downloads, and the procesregisseur's list of his own cases. Every
figure comes from the real effect.bereken on records built here; the tests check that each output
shows those figures, hides small groups and names nobody."""
import base64
import io
import json
import re
from datetime import date, datetime, timedelta
from html import unescape
from html.parser import HTMLParser

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse_lazy
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from schakel.briefing.models import BesluitOptie, Briefing, Weging
from schakel.casussen.models import Casus
from schakel.effectmeting.models import Bronbestand, Detentie, Kosteninvoer, Mutatie
from schakel.effectmeting.uitvoer import meet
from schakel.gebruikers.rollen import Rol
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding, MeldingPersoon, Thema
from schakel.overleggen.models import Overlegtype
from schakel.personen.models import Persoon
from schakel.plannen.models import PlanVanAanpak
from schakel.privacy.models import Toegangslog

from .factories import GebruikerFactory
from .queries import tel

VAN, TOT = date(2024, 1, 1), date(2024, 12, 31)
PEILDATUM = date(2026, 6, 30)
COHORT = {"van": VAN.isoformat(), "tot": TOT.isoformat(), "peildatum": PEILDATUM.isoformat()}
# Names that must never reach an effect figure, a file or the per-client list.
ACHTERNAAM = "Vlinderhaag-Oosterbroek"
BSN = "123456782"
# Each overlast client: three registrations as suspect in the year before his start, and after it
# 0, 1 or 2 in turn (one on average); each comparison person three before and 1, 2 or 3 after.
VOOR, NA, NA_VERGELIJKING = 3, (0, 1, 2), (1, 2, 3)


def moment(d: date) -> datetime:
    return timezone.make_aware(datetime(d.year, d.month, d.day, 10, 0))


class Bouwer:
    """Records as the imports and the process leave them, written in bulk."""

    def __init__(self, users):
        self.users = users
        self.gemeente = Gemeente.objects.get(code="leiden")
        self.focus = Overlegtype.objects.get(code="focus")
        self.bron = Bronbestand.objects.create(
            soort=Bronbestand.Soort.MUTATIES, bestandsnaam="mutaties.csv", sha256="0" * 64, regels=0, toegevoegd=0,
            al_aanwezig=0, onbekende_personen=0, door=users["ic"],
        )
        self.volgnummer = 0

    def personen(self, n: int, prefix: str, eerste_naam: str | None = None) -> list[Persoon]:
        return Persoon.objects.bulk_create([
            Persoon(voornamen="Kees", achternaam=eerste_naam if i == 0 and eerste_naam else f"{prefix}{i}",
                    bsn=BSN if i == 0 and eerste_naam else None, geboortedatum=date(1990, 1, 1), gemeente=self.gemeente)
            for i in range(n)
        ])

    def registraties(self, persoon: Persoon, dagen: list[date], *, huiselijk_geweld=False, rol=Mutatie.Rol.VERDACHTE):
        rijen = []
        for d in dagen:
            self.volgnummer += 1
            rijen.append(Mutatie(mutatie_id=f"BVH-{self.bron.pk}-{self.volgnummer}", datum=d, persoon=persoon, rol=rol,
                                 huiselijk_geweld=huiselijk_geweld, bronbestand=self.bron))
        Mutatie.objects.bulk_create(rijen)

    def clienten(self, n: int, thema: str, *, eerste: date, regisseur="pr", voor=VOOR, na=NA, naam=None,
                 huiselijk_geweld=False) -> list[Casus]:
        """n clients of `thema`, one focus case each with a plan adopted on day `eerste` + i (the start)."""
        personen = self.personen(n, f"Client{thema[:3]}", naam)
        thema = Thema.objects.get(code=thema)
        casussen = Casus.objects.bulk_create([
            Casus(overlegtype=self.focus, gemeente=self.gemeente, thema=thema, status=Casus.Status.IN_BEHANDELING,
                  procesregisseur=self.users[regisseur], geopend_door=self.users["ic"],
                  geopend_op=moment(eerste + timedelta(days=i - 20)))
            for i in range(n)
        ])
        Casus.personen.through.objects.bulk_create(
            [Casus.personen.through(casus=c, persoon=p) for c, p in zip(casussen, personen)]
        )
        PlanVanAanpak.objects.bulk_create([
            PlanVanAanpak(casus=c, type="integraal", casushouder=self.users["pr"], vastgesteld_op=eerste + timedelta(days=i))
            for i, c in enumerate(casussen)
        ])
        for i, p in enumerate(personen):
            start = eerste + timedelta(days=i)
            self.registraties(p, [start - timedelta(days=10 + 90 * k) for k in range(voor)], huiselijk_geweld=huiselijk_geweld)
            self.registraties(p, [start + timedelta(days=50 + 90 * k) for k in range(na[i % len(na)])], huiselijk_geweld=huiselijk_geweld)
            # A witness statement is no offending: it must not count anywhere.
            self.registraties(p, [start + timedelta(days=5)], rol=Mutatie.Rol.GETUIGE)
        return casussen

    def vergelijking(self, n: int, thema: str, *, dag: date, voor=VOOR, na=NA_VERGELIJKING) -> list[Persoon]:
        """n persons weighed 'geen vervolg' on `dag` (no case), with `voor`/`na` registrations around it."""
        personen = self.personen(n, f"Gewogen{thema[:3]}")
        thema = Thema.objects.get(code=thema)
        briefing = Briefing.objects.create(datum=dag, voorzitter=self.users["pr"])
        meldingen = Melding.objects.bulk_create([
            Melding(ontvangen_op=moment(dag - timedelta(days=7)), kanaal=Melding.Kanaal.MAIL, gemeente=self.gemeente,
                    thema=thema, omschrijving="Overlast.", status=Melding.Status.GEWOGEN, geregistreerd_door=self.users["ic"])
            for _ in personen
        ])
        MeldingPersoon.objects.bulk_create([MeldingPersoon(melding=m, persoon=p) for m, p in zip(meldingen, personen)])
        besluit = BesluitOptie.objects.get(code="geen_vervolg")
        Weging.objects.bulk_create([
            Weging(briefing=briefing, melding=m, besluit=besluit, gewogen_door=self.users["pr"], gewogen_op=moment(dag))
            for m in meldingen
        ])
        for i, p in enumerate(personen):
            self.registraties(p, [dag - timedelta(days=20 + 90 * k) for k in range(voor)])
            self.registraties(p, [dag + timedelta(days=30 + 90 * k) for k in range(na[i % len(na)])])
        return personen


def bouw_effect(users, *, overlast=12, huiselijk_geweld=4, vergelijking=12, detentie=True, na=NA, naam=ACHTERNAAM):
    """12 overlast clients (the first with the distinctive name), 4 huiselijk geweld clients (a group
    under 10) and 12 overlast persons weighed without a case, registrations as in VOOR, NA and
    NA_VERGELIJKING. One overlast client spent 100 days in detention in his after-window."""
    b = Bouwer(users)
    casussen = b.clienten(overlast, "overlast", eerste=date(2024, 3, 1), naam=naam, na=na)
    casussen += b.clienten(huiselijk_geweld, "huiselijk-geweld", eerste=date(2024, 5, 1), regisseur="ic", huiselijk_geweld=True)
    b.vergelijking(vergelijking, "overlast", dag=date(2024, 4, 1))
    if detentie:
        persoon = casussen[1].personen.get()
        start = date(2024, 3, 2)
        bron = Bronbestand.objects.create(soort=Bronbestand.Soort.DETENTIES, bestandsnaam="detenties.csv", sha256="1" * 64,
                                          regels=1, toegevoegd=1, al_aanwezig=0, onbekende_personen=0, door=users["ic"])
        Detentie.objects.create(detentie_id=f"DJI-{bron.pk}", persoon=persoon, begin=start + timedelta(days=200),
                                einde=start + timedelta(days=299), bronbestand=bron)
    return casussen


# --- Reading what a page or a file shows.


class _Tabellen(HTMLParser):
    """Every <table> of a page by its caption: rows of cell texts, header row included."""

    def __init__(self):
        super().__init__()
        self.tabellen, self._tabel, self._rij, self._cel, self._caption = {}, None, None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._tabel = []
        elif tag == "caption":
            self._caption = ""
        elif tag == "tr" and self._tabel is not None:
            self._rij = []
        elif tag in ("td", "th") and self._rij is not None:
            self._cel = ""

    def handle_endtag(self, tag):
        if tag == "table" and self._tabel is not None:
            self.tabellen[self._titel] = self._tabel
            self._tabel = None
        elif tag == "caption":
            self._titel, self._caption = self._caption.strip(), None
        elif tag == "tr" and self._rij is not None:
            self._tabel.append(self._rij)
            self._rij = None
        elif tag in ("td", "th") and self._cel is not None:
            self._rij.append(" ".join(self._cel.split()))
            self._cel = None

    def handle_data(self, data):
        if self._caption is not None:
            self._caption += data
        elif self._cel is not None:
            self._cel += data


def tabellen(html: str) -> dict[str, list[list[str]]]:
    p = _Tabellen()
    p.feed(html)
    return p.tabellen


def rij(tabel, label) -> list[str]:
    for r in tabel:
        if r[0] == label:
            return r[1:]
    raise AssertionError(f"geen rij '{label}'")


def nl(waarde, decimalen=2) -> str:
    """A JSON number as the page prints it: 3.0 → '3,00', -0.98 → '−0,98', 4380 → '4.380'."""
    if isinstance(waarde, int):
        return f"{waarde:,}".replace(",", ".").replace("-", "\u2212")
    return f"{waarde:.{decimalen}f}".replace(".", ",").replace("-", "\u2212")


def pct(waarde) -> str:
    return f"{waarde:+.1f}%".replace(".", ",").replace("-", "\u2212")


def tekst_van(formaat: str, inhoud: bytes) -> str:
    if formaat == "xlsx":
        wb = load_workbook(io.BytesIO(inhoud))
        return "\n".join(str(c.value) for ws in wb for r in ws.iter_rows() for c in r if c.value is not None)
    if formaat == "pdf":
        return inhoud.decode("latin-1")
    return unescape(inhoud.decode())


PAGINA = reverse_lazy("effectmeting:overzicht")
DOWNLOAD = reverse_lazy("effectmeting:download")
EIGEN = reverse_lazy("effectmeting:eigen")
JAREN = [2023, 2024, 2025]


def verwacht(**extra) -> dict:
    return meet(VAN, TOT, 365, JAREN, PEILDATUM, **extra)


# --- The page.


@pytest.mark.django_db
def test_page_shows_the_figures_of_bereken_small_groups_as_under_ten(client, users):
    bouw_effect(users)
    data = json.loads(json.dumps(verwacht(), default=str))
    client.force_login(users["ketenmanager"])

    response = client.get(PAGINA, {**COHORT, "jaren": "2023,2024,2025"})

    assert response.status_code == 200
    html = response.content.decode()
    t = tabellen(html)
    pc = data["per_client"]["overlast"]
    # By hand: 12 clients × 3 registrations before = 36 in 12 × 365 = 4.380 days → 36 ÷ 4.380 × 365 = 3,00;
    # after 4 × (0 + 1 + 2) = 12, in 4.380 − 100 days in detention = 4.280 days → 12 ÷ 4.280 × 365 = 1,02;
    # change 1,0234 ÷ 3 − 1 = −65,9 %.
    assert (pc["voor"]["registraties"], pc["voor"]["dagen_vrij"], pc["na"]["registraties"], pc["na"]["dagen_vrij"]) == (36, 4380, 12, 4280)
    assert rij(t["Registraties per 365 dagen vrij, vóór en na de start"], "Overlast en woonoverlast") == [
        "12", "36", "4.380", "3,00", "12", "4.280", "1,02", "\u221265,9%",
    ]
    totaal = data["per_client"]["totaal"]
    assert rij(t["Registraties per 365 dagen vrij, vóór en na de start"], "Totaal") == [
        nl(totaal["clienten"]), nl(totaal["voor"]["registraties"]), nl(totaal["voor"]["dagen_vrij"]), nl(totaal["voor"]["per_365"]),
        nl(totaal["na"]["registraties"]), nl(totaal["na"]["dagen_vrij"]), nl(totaal["na"]["per_365"]), pct(totaal["verschil_pct"]),
    ]
    # 4 huiselijk geweld clients: '<10', and no figure beside it in any table.
    for titel in ("Registraties per 365 dagen vrij, vóór en na de start", "Per cliënt: gemiddelde, mediaan en cliënten zonder registratie",
                  "Registraties als verdachte per kalenderjaar"):
        cellen = rij(t[titel], "Huiselijk geweld")
        assert cellen[0] == "<10" and set(cellen[1:]) == {"–"}, titel
    # The net difference, by hand: clients (12 ÷ 4.280 × 365 − 3) − comparison (24 ÷ 4.380 × 365 − 3) = −1,977 + 1,000 = −0,98.
    vg = data["vergelijking"]["overlast"]
    laag, hoog = vg["interval_95"]
    assert rij(t["Cliënten naast de vergelijkingsgroep: het netto verschil"], "Overlast en woonoverlast") == [
        "12", "3,00", "1,02", "12", "3,00", "2,00", "\u22120,98", f"{nl(laag)} tot {nl(hoog)}",
    ]
    assert laag < -0.98 < hoog < 0  # a real effect in this data: the interval stays below zero
    ov = data["overleving"]["overlast"]
    assert rij(t["Eerste registratie als verdachte binnen 1 en 2 jaar vrij"], "Overlast en woonoverlast") == [
        f"{nl(ov[g]['binnen_{}_jaar_pct'.format(j)], 1)}%" for g in ("clienten", "controle") for j in (1, 2)
    ]
    # By hand: 8 of the 12 clients have a registration after the start (the 4 with none: 0 after) = 66,7 %.
    assert ov["clienten"]["binnen_1_jaar_pct"] == 66.7
    # The old method: each calendar year's registrations of the 12 overlast clients, as bereken counts them.
    kj = data["kalenderjaren"]["overlast"]
    assert rij(t["Registraties als verdachte per kalenderjaar"], "Overlast en woonoverlast") == [
        "12", *(nl(kj[str(j)]) for j in JAREN), pct(kj["verschil_pct"]),
    ]
    # A paragraph per measure on what it cannot show; the conclusion of the comparison in words.
    assert html.count("Wat dit niet kan laten zien") == 4
    assert "Voor 2024 is geen kosteninvoer vastgelegd" in html
    assert "dark number" in html and "regressie naar het gemiddelde" in html and "meer aandacht van politie" in html
    assert unescape(vg["conclusie"]) in unescape(html)
    # The two charts are real PNG images.
    afbeeldingen = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="([^"]+)"', html)
    assert len(afbeeldingen) == 2
    for inhoud, _ in afbeeldingen:
        Image.open(io.BytesIO(base64.b64decode(inhoud))).verify()
    assert ACHTERNAAM not in html and BSN not in html


@pytest.mark.django_db
def test_page_says_so_when_the_interval_includes_zero(client, users):
    # No effect: the clients' 'after' is the comparison's (1, 2 or 3), only the drop both share.
    bouw_effect(users, na=NA_VERGELIJKING)
    vg = verwacht()["vergelijking"]["overlast"]
    assert vg["interval_95"][0] <= 0 <= vg["interval_95"][1]
    client.force_login(users["ketenmanager"])

    html = unescape(client.get(PAGINA, COHORT).content.decode())

    zin = html[html.index("Overlast en woonoverlast: "):]
    assert "bevat nul" in zin[:400]
    assert "past ook bij toeval of bij regressie naar het gemiddelde" in zin[:400]


@pytest.mark.django_db
@pytest.mark.parametrize("waarden, veld, melding", [
    ({"venster": "10"}, "venster", "Kies een venster van minstens 30 dagen."),
    ({"venster": "een jaar"}, "venster", "Vul een heel aantal dagen in"),
    ({"van": "2024-02-30"}, "van", "Vul een datum in als JJJJ-MM-DD"),
    ({"tot": "2023-12-31"}, "tot", "De einddatum ligt vóór de begindatum."),
    ({"peildatum": "2023-12-31"}, "peildatum", "De peildatum ligt vóór het begin van de cohortperiode"),
    ({"venster": "3651"}, "venster", "Kies een venster van hoogstens 3650 dagen."),
    ({"jaren": "2007;2009"}, "jaren", "Schrijf de jaren als 2007,2008,2009"),
    ({"jaren": "2009,2007"}, "jaren", "Zet de jaren oplopend"),
    ({"jaren": "2009"}, "jaren", "Kies minstens twee jaren"),
])
def test_bad_values_give_400_with_the_message_at_the_field_and_measure_nothing(client, users, waarden, veld, melding):
    client.force_login(users["ketenmanager"])
    response = client.get(PAGINA, {**COHORT, **waarden})
    assert response.status_code == 400
    html = unescape(response.content.decode())
    fout = re.search(rf'id="id_{veld}_error">(.*?)</div>', html, re.S)
    assert fout and melding in fout.group(1)
    assert "<article" not in html and "Downloaden" not in html
    assert client.get(DOWNLOAD, {**COHORT, **waarden, "formaat": "json"}).status_code == 400


@pytest.mark.django_db
def test_only_the_ketenmanager_and_house_staff_see_the_figures_a_partner_gets_403(client, users):
    bouw_effect(users)
    for rol, status in {"ketenmanager": 200, "ic": 200, "pr": 200, "reclassering": 403, "politie": 403, "contact": 403,
                        "zsm": 403, "fg": 403, "beheerder": 403}.items():
        client.force_login(users[rol])
        assert client.get(PAGINA, COHORT).status_code == status, rol
        assert client.get(DOWNLOAD, {**COHORT, "formaat": "json"}).status_code == status, rol
        assert client.get(EIGEN, COHORT).status_code == (200 if rol == "pr" else 403), rol


@pytest.mark.django_db
def test_page_takes_a_fixed_number_of_queries(client, users):
    client.force_login(users["ketenmanager"])
    bouw_effect(users, overlast=12, vergelijking=12)
    klein_aantal = tel(client, PAGINA, COHORT)
    bouw_effect(users, overlast=24, vergelijking=24, naam=None)
    assert tel(client, PAGINA, COHORT) == klein_aantal
    client.force_login(users["pr"])
    eigen = tel(client, EIGEN, COHORT)
    bouw_effect(users, overlast=12, vergelijking=0, detentie=False, naam=None)
    assert tel(client, EIGEN, COHORT) == eigen


# --- The files.


@pytest.mark.django_db
def test_downloads_hold_the_same_figures_and_no_name(client, users):
    bouw_effect(users)
    data = json.loads(json.dumps(verwacht(), default=str))
    client.force_login(users["ketenmanager"])
    bestanden = {}
    for formaat in ("json", "pdf", "xlsx"):
        response = client.get(DOWNLOAD, {**COHORT, "jaren": "2023,2024,2025", "formaat": formaat})
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="effectmeting-2024-01-01-2024-12-31.{formaat}"'
        bestanden[formaat] = response.content
        assert ACHTERNAAM not in tekst_van(formaat, response.content) and BSN not in tekst_van(formaat, response.content)
    assert json.loads(bestanden["json"]) == data

    pdf = bestanden["pdf"]
    assert pdf.startswith(b"%PDF-") and pdf.count(b"/Subtype /Image") == 2
    assert b"(Effectmeting) Tj" in pdf and b"Wat dit niet kan laten zien" in pdf
    # Core Helvetica has no minus sign: it becomes a hyphen, not a question mark.
    pdftekst = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Overlast en woonoverlast 12 36 4.380 3,00 12 4.280 1,02 -65,9%" in pdftekst and "?" not in pdftekst

    wb = load_workbook(io.BytesIO(bestanden["xlsx"]))
    assert wb.sheetnames == ["Cohort", "Per kalenderjaar", "Per cliënt", "Vergelijking", "Eerste registratie", "Kosten"]
    ws = wb["Per cliënt"]
    rijen = {}
    for r in ws.iter_rows():  # the first table of the sheet is the one with the counts
        rijen.setdefault(r[0].value, [c.value for c in r[1:9]])
    # Numbers as numbers: the same figures as the page, for a spreadsheet to compute with.
    assert rijen["Overlast en woonoverlast"] == [12, 36, 4380, 3.0, 12, 4280, 1.02, -65.9]
    assert rijen["Huiselijk geweld"][0] == "<10" and set(rijen["Huiselijk geweld"][1:]) == {"–"}


@pytest.mark.django_db
def test_command_writes_every_format_and_refuses_bad_arguments_in_dutch(users, tmp_path):
    bouw_effect(users)
    argumenten = ["--van", "2024-01-01", "--tot", "2024-12-31", "--peildatum", "2026-06-30", "--jaren", "2023,2024,2025"]
    uit = io.StringIO()
    call_command("effect", *argumenten, "--format", "json", stdout=uit)
    assert json.loads(uit.getvalue()) == json.loads(json.dumps(verwacht(), default=str))
    for formaat in ("html", "pdf", "xlsx"):
        pad = tmp_path / f"effect.{formaat}"
        call_command("effect", *argumenten, "--format", formaat, "--output", str(pad), stderr=io.StringIO())
        inhoud = pad.read_bytes()
        assert "4.380" in tekst_van(formaat, inhoud) or formaat == "xlsx"
    html = (tmp_path / "effect.html").read_text()
    for inhoud in re.findall(r'src="data:image/png;base64,([^"]+)"', html):
        Image.open(io.BytesIO(base64.b64decode(inhoud))).verify()

    for fout, melding in [
        (["--venster", "10"], "--venster: Kies een venster van minstens 30 dagen."),
        (["--tot", "2023-01-01"], "--tot: De einddatum ligt vóór de begindatum."),
        (["--van", "2024-02-30"], "--van: Vul een datum in als JJJJ-MM-DD"),
        (["--jaren", "2024"], "--jaren: Kies minstens twee jaren"),
        (["--format", "doc"], "--format: Kies een formaat: json, html, pdf, xlsx."),
        (["--kosten", str(tmp_path / "bestaat-niet.json")], "Het bestand bestaat-niet.json bestaat niet."),
        (["--output", str(tmp_path / "geen-map" / "x.json")], "De map van"),
    ]:
        with pytest.raises(CommandError) as e:
            call_command("effect", *argumenten, *fout, stdout=io.StringIO())
        assert melding in str(e.value), fout


# --- Costs, from beheer or from a scenario file.

KOSTEN_2024 = {
    "budget": 700000, "minuten": {"geen_vervolg": 10, "focus": 240},
    "dagprijs_detentie": 202.65, "gemiddelde_detentiedagen": 102, "landelijke_recidive_pct": 47, "eigen_recidive_pct": 17,
    "unieke_personen": 537, "eerder_gerapporteerd": {"besparing": 2647227.42, "kosten": {"geen_vervolg": 650000}},
}


@pytest.mark.django_db
def test_costs_show_each_formula_and_the_difference_with_the_earlier_figures(client, users, tmp_path):
    bouw_effect(users)
    Kosteninvoer.objects.create(jaar=2024, **{k: v for k, v in KOSTEN_2024.items()})
    client.force_login(users["ketenmanager"])

    html = unescape(client.get(PAGINA, COHORT).content.decode())

    t = tabellen(html)
    # By hand: the 12 comparison persons are the only weighings of 2024 (geen vervolg, 10 minutes each):
    # € 700.000 × (10 × 12) ÷ 120 minutes = € 700.000, per case € 700.000 ÷ 12 = € 58.333.
    assert rij(t["Kosten per besluit van de briefing (2024)"], "Casus krijgt (nog) geen vervolg")[:4] == [
        "12", "10", "€ 700.000", "€ 58.333",
    ]
    assert "€ 700.000 × (10 min × 12) ÷ 120 min = € 700.000" in html
    # Savings by hand: € 202,65 × 102 × (47 % − 17 %) × 537 = € 202,65 × 102 × 161,1 = € 3.329.985,33;
    # the house printed € 2.647.227,42, € 682.757,91 less.
    assert rij(t["Besparing"], "Besparing door vermeden detentie") == ["€ 3.329.985,33"]
    besparing = rij(t["Verschil met de cijfers die het huis eerder publiceerde"], "Besparing")
    assert besparing[:3] == ["€ 2.647.227,42", "€ 3.329.985,33", "€ −682.757,91"]
    assert "161,1" in besparing[3]
    assert rij(t["Verschil met de cijfers die het huis eerder publiceerde"], "Casus krijgt (nog) geen vervolg: kosten")[:3] == [
        "€ 650.000", "€ 700.000", "€ −50.000",
    ]

    # A scenario file instead of beheer's figures: half the budget.
    bestand = tmp_path / "scenario.json"
    bestand.write_text(json.dumps({**KOSTEN_2024, "budget": 350000}))
    uit = io.StringIO()
    call_command("effect", "--van", "2024-01-01", "--tot", "2024-12-31", "--kosten", str(bestand), stdout=uit)
    kosten = json.loads(uit.getvalue())["kosten"]
    assert kosten["kosten"]["geen_vervolg"]["kosten"] == 350000
    assert kosten["verschillen"]["besparing"]["eerder"] == 2647227.42


# --- The procesregisseur's own cases.


@pytest.mark.django_db
def test_procesregisseur_sees_only_his_own_cases_by_number_and_every_row_is_logged(client, users):
    casussen = bouw_effect(users)
    eigen = [c for c in casussen if c.procesregisseur_id == users["pr"].pk]
    anderen = [c for c in casussen if c.procesregisseur_id != users["pr"].pk]
    assert len(eigen) == 12 and len(anderen) == 4
    client.force_login(users["pr"])

    response = client.get(EIGEN, COHORT)

    html = response.content.decode()
    assert response.status_code == 200
    for c in eigen:
        assert c.nummer in html
    for c in anderen:
        assert c.nummer not in html
    assert ACHTERNAAM not in html and BSN not in html and "Kees" not in html
    lijst = next(iter(tabellen(html).values()))
    # The client with the detention: after 100 days in detention of 365, 265 days at risk; his 1 registration
    # after the start (i = 1: 0, 1, 2 in turn) → 1 ÷ 265 × 365 = 1,38.
    assert rij(lijst, casussen[1].nummer) == [
        "Overlast en woonoverlast", "2-3-2024", "3", "365", "3,00", "1", "265", "1,38", "telt mee",
    ]
    log = Toegangslog.objects.filter(gebruiker=users["pr"], actie=Toegangslog.Actie.LIJST, objecttype="casus")
    assert sorted(log.values_list("object_id", "persoon_id")) == sorted(
        (c.pk, c.personen.get().pk) for c in eigen
    )

    # Another procesregisseur sees none of them, and nothing is logged for him.
    ander = GebruikerFactory(username="pr2", organisatie=users["pr"].organisatie, rollen=[Rol.PROCESREGISSEUR])
    client.force_login(ander)
    html = client.get(EIGEN, COHORT).content.decode()
    assert not any(c.nummer in html for c in casussen)
    assert not Toegangslog.objects.filter(gebruiker=ander).exists()
