"""The report as a file: csv, xlsx, html, pdf (and json, for the UI's download button).

csv and json are the indicator dict of the period as `schakel report` prints it (codes as keys);
xlsx, html and pdf are the annual report or factsheet of jaarrapport.py with Dutch labels, and
html and pdf carry the charts. None of them holds a person's name: every figure is a count."""
from __future__ import annotations

import csv
import io
import struct
from dataclasses import dataclass

from django.template.loader import render_to_string

from schakel.core.uitvoer import formule_veilig

from .indicatoren import Periode
from .jaarrapport import Euro, Pct, Rapport, Tabel, is_getal, maak_rapport, opmaak
from .rapport import als_json, rapport

FORMATEN = {
    "pdf": ("application/pdf", "pdf"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json; charset=utf-8", "json"),
    "html": ("text/html; charset=utf-8", "html"),
}
CSV_KOP = ["sectie", "indicator", "sleutel", "waarde"]
BREED_VANAF = 6  # columns


def exporteer(formaat: str, periode: Periode, gemeente=None, drempel: int | None = None) -> bytes:
    if formaat not in FORMATEN:
        raise ValueError(f"Onbekend formaat '{formaat}'; kies uit {', '.join(FORMATEN)}.")
    if formaat == "json":
        return (als_json(rapport(periode, gemeente, drempel)) + "\n").encode()
    if formaat == "csv":
        return als_csv(rapport(periode, gemeente, drempel))
    r = maak_rapport(periode, gemeente, drempel)
    if formaat == "xlsx":
        return als_xlsx(r)
    from .grafieken import grafieken

    return als_html(r, grafieken(r)) if formaat == "html" else als_pdf(r, grafieken(r))


def bestandsnaam(formaat: str, periode: Periode, gemeente=None) -> str:
    soort = f"factsheet-{gemeente.code}" if gemeente else "jaarrapportage"
    return f"{soort}-{periode.van.isoformat()}-{periode.tot.isoformat()}.{FORMATEN[formaat][1]}"


# --- csv: one row per number of the JSON report.


def _plat(data: dict, pad=()):
    for sleutel, waarde in data.items():
        if isinstance(waarde, dict):
            yield from _plat(waarde, (*pad, sleutel))
        else:
            yield (*pad, sleutel), waarde


def csv_rijen(data: dict):
    """(sectie, indicator, sleutel, waarde): 'meldingen, per_bron, politie, 530'; deeper keys joined
    with '/' ('Gouda/focus'); the report's own fields (periode, gemeente) under sectie 'rapport'."""
    for pad, waarde in _plat(data):
        if len(pad) == 1:
            sectie, indicator, sleutel = "rapport", pad[0], ""
        elif pad[0] == "periode":
            sectie, indicator, sleutel = "rapport", f"periode_{pad[1]}", "/".join(pad[2:])
        else:
            sectie, indicator, sleutel = pad[0], pad[1], "/".join(str(p) for p in pad[2:])
        yield sectie, indicator, sleutel, "" if waarde is None else waarde


def als_csv(data: dict) -> bytes:
    uit = io.StringIO()
    schrijver = csv.writer(uit)
    schrijver.writerow(CSV_KOP)
    # Keys are names from reference data (municipalities, themes): never a live formula.
    schrijver.writerows([formule_veilig(w) for w in rij] for rij in csv_rijen(data))
    return uit.getvalue().encode("utf-8")


# --- What html, the page and pdf show: the tables with their cells formatted.


@dataclass
class Cel:
    tekst: str
    getal: bool


@dataclass
class Weergave:
    titel: str
    kop: list[str]
    rijen: list[list[Cel]]
    totaal: list[Cel] | None
    noot: str
    # Many columns may not fit the page: the page makes such a table a scrollable region a keyboard can reach.
    breed: bool = False

    @property
    def koppen(self) -> list[tuple[str, bool]]:
        """Each heading with whether its column holds figures: all but the first (the labels)."""
        return [(k, i > 0) for i, k in enumerate(self.kop)]


def _cellen(rij) -> list[Cel]:
    return [Cel(opmaak(w) if i else str(w), bool(i) and is_getal(w)) for i, w in enumerate(rij)]


def weergave(tabel: Tabel) -> Weergave:
    return Weergave(tabel.titel, tabel.kop, [_cellen(r) for r in tabel.rijen],
                    _cellen(tabel.totaal) if tabel.totaal else None, tabel.noot, len(tabel.kop) > BREED_VANAF)


def onderdelen(r: Rapport, grafieken=()) -> list[dict]:
    """Per section: its tables ready to print, each followed by the charts that illustrate it, and
    the section's other charts at its end; in report order."""
    uit = []
    for naam, tabellen in r.secties():
        eigen = [g for g in grafieken if g.sectie == naam]
        titels = {t.titel for t in tabellen}
        uit.append({
            "naam": naam,
            "tabellen": [{"tabel": weergave(t), "grafieken": [g for g in eigen if g.tabel == t.titel]} for t in tabellen],
            "grafieken": [g for g in eigen if g.tabel not in titels],
        })
    return uit


def als_html(r: Rapport, grafieken) -> bytes:
    return render_to_string(
        "rapportage/document.html", {"rapport": r, "document": r, "onderdelen": onderdelen(r, grafieken)}
    ).encode()


# --- xlsx: a sheet per section, numbers as numbers.


def als_xlsx(r: Rapport) -> bytes:
    from openpyxl.styles import Font

    from schakel.core.xlsx import Werkboek

    formaten = ((Pct, '0.0"%"'), (Euro, '"€" #,##0.00'), (float, "0.0"), (int, None))
    boek = Werkboek(r.titel, formaten, tekst=opmaak)
    for naam, tabellen in r.secties():
        ws = boek.blad(naam, f"{r.titel} – {naam}", f"{r.huis} · periode {r.periode_tekst}")
        if r.waarschuwingen and naam == "Samenvatting":
            # The first sheet says it too: the Toelichting sheet is the last one a reader opens.
            boek.tekst(ws, 3, "Let op: " + " ".join(r.waarschuwingen), font=Font(bold=True))
        boek.tabellen(ws, 4, tabellen, eerste_kolom=46)
    ws = boek.wb.create_sheet("Toelichting")
    ws.column_dimensions["A"].width = 120
    for i, regel in enumerate([r.titel, r.huis, *(f"Let op: {w}" for w in r.waarschuwingen), *r.toelichting, f"Opgesteld op {opmaak_datum(r)} door Schakel."], start=1):
        boek.tekst(ws, i, regel, font=Font(bold=i == 1))
    return boek.als_bytes()


def opmaak_datum(r: Rapport) -> str:
    return f"{r.opgesteld_op.day}-{r.opgesteld_op.month}-{r.opgesteld_op.year}"


# --- pdf: fpdf2, core Helvetica (Latin-1, as the inzage PDF), the charts as images.

A4_BREEDTE_MM, MARGE_MM = 210, 15
GRAFIEK_MM = 165


def _png_maat(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def als_pdf(r: Rapport, grafieken) -> bytes:
    from fpdf import FPDF

    from schakel.avg.pdf import latin1
    from schakel.avg.pdf import tabel as pdf_tabel

    class Document(FPDF):
        def footer(self):
            self.set_y(-12)
            self.set_font("Helvetica", "", 7)
            self.set_text_color(89, 89, 89)
            self.cell(0, 5, latin1(f"{r.titel} · {r.huis} · pagina {self.page_no()} van {{nb}}"), align="C")
            self.set_text_color(0, 0, 0)

    pdf = Document(format="A4")
    # Uncompressed page content: the text stays findable by simple tools (and by the tests that check
    # no name is in it); the chart images are compressed PNG data either way.
    pdf.set_compression(False)
    pdf.set_title(latin1(r.titel))
    pdf.set_author("Schakel")
    pdf.set_margins(MARGE_MM, MARGE_MM, MARGE_MM)
    pdf.set_auto_page_break(auto=True, margin=18)
    breedte = A4_BREEDTE_MM - 2 * MARGE_MM

    def regel(tekst, grootte=9, stijl="", hoogte=None, kleur=(0, 0, 0)):
        pdf.set_font("Helvetica", stijl, grootte)
        pdf.set_text_color(*kleur)
        pdf.multi_cell(breedte, hoogte or grootte * 0.5, latin1(tekst), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)

    def ruimte(mm):
        if pdf.get_y() + mm > pdf.page_break_trigger:
            pdf.add_page()

    def tabel(t: Weergave):
        n = len(t.kop) - 1
        getal_mm = min(22.0, (breedte - 50) / max(n, 1))
        label_mm = min(80.0, breedte - n * getal_mm)
        # A short table stays on one page; a long one starts with at least a few rows under its title.
        rijen = len(t.rijen) + 1 + bool(t.totaal)
        ruimte(10 + 5.2 * (rijen if rijen <= 16 else 4))
        regel(t.titel, 10, "B", 6)
        pdf_tabel(
            pdf, t, breedte=label_mm + n * getal_mm, kolombreedtes=(label_mm, *([getal_mm] * n)),
            uitlijning=("LEFT", *(["RIGHT"] * n)), grootte=7.5, regelhoogte=4.2, opvulling=(0.8, 1.2),
        )
        if t.noot:
            regel(t.noot, 7, "I", 3.5, (89, 89, 89))
        pdf.ln(4)

    def grafiek(g):
        b, h = _png_maat(g.png)
        hoogte = GRAFIEK_MM * h / b
        ruimte(hoogte + 4)
        pdf.image(io.BytesIO(g.png), x=MARGE_MM, w=GRAFIEK_MM, h=hoogte, alt_text=latin1(g.alt))
        pdf.ln(5)

    pdf.add_page()
    regel("Schakel · managementinformatie", 9, "", 5, (89, 89, 89))
    regel(r.titel, 20, "B", 10)
    regel(r.huis, 12, "", 7)
    pdf.ln(2)
    for tekst in r.waarschuwingen:
        regel(f"Let op: {tekst}", 9, "B", 4.6)
        pdf.ln(1)
    for tekst in r.toelichting:
        regel(tekst, 9, "", 4.6)
        pdf.ln(1)
    regel(f"Opgesteld op {opmaak_datum(r)}.", 9, "", 4.6)
    pdf.ln(4)
    for i, deel in enumerate(onderdelen(r, grafieken)):
        if i:
            if pdf.get_y() > pdf.page_break_trigger * 0.55:
                pdf.add_page()
            else:
                pdf.ln(4)
            regel(deel["naam"], 15, "B", 9, (21, 66, 115))
        for t in deel["tabellen"]:
            tabel(t["tabel"])
            for g in t["grafieken"]:
                grafiek(g)
        for g in deel["grafieken"]:
            grafiek(g)
    return bytes(pdf.output())
