"""The effect measurement as a file: json (the dict of effect.bereken with the costs), html and pdf
(the layout of weergave.py with the charts), xlsx (a sheet per measure, numbers as numbers). None of
them names a person: every figure is a count or a rate of a group of at least 10."""
from __future__ import annotations

import io
import json
from datetime import date

from django.template.loader import render_to_string

from schakel.rapportage.uitvoer import GRAFIEK_MM, _png_maat

FORMATEN = {
    "json": ("application/json; charset=utf-8", "json"),
    "html": ("text/html; charset=utf-8", "html"),
    "pdf": ("application/pdf", "pdf"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def kosteninvoer_van(jaar: int):
    from .models import Kosteninvoer

    return Kosteninvoer.objects.filter(jaar=jaar).first()


def meet(van: date, tot: date, venster: int = 365, jaren=None, peildatum=None, kosteninvoer=None) -> dict:
    """effect.bereken of the cohort, with the costs of `kosteninvoer` (a scenario file) or else of the
    year of `tot` as beheer holds them; no costs when neither exists."""
    from .effect import bereken
    from .kosten import bereken_kosten

    data = bereken(van, tot, venster=venster, jaren=jaren, peildatum=peildatum)
    invoer = kosteninvoer or kosteninvoer_van(tot.year)
    if invoer is not None:
        data["kosten"] = bereken_kosten(invoer, tot.year)
    return data


def als_json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n").encode()


def exporteer(formaat: str, data: dict) -> bytes:
    if formaat not in FORMATEN:
        raise ValueError(f"Onbekend formaat '{formaat}'; kies uit {', '.join(FORMATEN)}.")
    if formaat == "json":
        return als_json(data)
    from .grafieken import grafieken
    from .weergave import verslag

    v = verslag(data, grafieken(data) if formaat in ("html", "pdf") else ())
    return {"html": als_html, "pdf": als_pdf, "xlsx": als_xlsx}[formaat](v)


def bestandsnaam(formaat: str, van: date, tot: date) -> str:
    return f"effectmeting-{van.isoformat()}-{tot.isoformat()}.{FORMATEN[formaat][1]}"


def als_html(v) -> bytes:
    return render_to_string("effectmeting/document.html", {"verslag": v, "document": v}).encode()


# --- xlsx: a sheet per measure; its paragraphs under the tables, so the numbers never travel without them.


def als_xlsx(v) -> bytes:
    from schakel.core.xlsx import VET, Werkboek

    from .weergave import Aandeel, Pct, Tempo

    formaten = ((Tempo, "0.00"), (Pct, '+0.0"%";-0.0"%";0.0"%"'), (Aandeel, '0.0"%"'), (float, "#,##0.00"), (int, None))
    boek = Werkboek(v.titel, formaten, getal=lambda c: c.waarde, tekst=lambda c: c.tekst)
    for o in v.onderdelen:
        ws = boek.blad(o.blad, f"{v.titel} – {o.naam}", f"{v.huis} · {v.periode_tekst}")
        rij = boek.tabellen(ws, 4, o.tabellen, eerste_kolom=40)
        for regel in o.inleiding:
            boek.tekst(ws, rij, regel)
            rij += 1
        if o.kan_niet:
            boek.tekst(ws, rij, "Wat dit niet kan laten zien:", font=VET)
            rij += 1
            for regel in o.kan_niet:
                boek.tekst(ws, rij, f"– {regel}")
                rij += 1
    return boek.als_bytes()


# --- pdf: the house's PDF setup (avg.pdf), tables and charts as in the report's PDF.

LABEL_MM = 38


def als_pdf(v) -> bytes:
    from schakel.avg.pdf import latin1, nieuw_document
    from schakel.avg.pdf import tabel as pdf_tabel

    pdf, alinea, _ = nieuw_document(f"{v.titel} – {v.huis}")
    breedte = pdf.w - pdf.l_margin - pdf.r_margin

    def ruimte(mm):
        if pdf.get_y() + mm > pdf.page_break_trigger:
            pdf.add_page()

    def tabel(t):
        n = len(t.kop) - 1
        tekstkolommen = [i for i, (_, getal) in enumerate(t.koppen) if i and not getal] if t.rijen else []
        getal_mm = min(22.0, (breedte - LABEL_MM) / max(n + 2 * len(tekstkolommen), 1))
        breedtes = [LABEL_MM] + [getal_mm * (3 if i in tekstkolommen else 1) for i in range(1, n + 1)]
        breedtes[0] = breedte - sum(breedtes[1:])
        ruimte(12 + 5 * min(len(t.rijen) + 2, 8))
        alinea(t.titel, 10, "B", 6)
        pdf_tabel(
            pdf, t, breedte=breedte, kolombreedtes=breedtes, grootte=7, regelhoogte=3.8, opvulling=(0.8, 1.0),
            uitlijning=["LEFT", *("LEFT" if i in tekstkolommen else "RIGHT" for i in range(1, n + 1))],
        )
        if t.noot:
            pdf.set_text_color(89, 89, 89)
            alinea(t.noot, 7, "I", 3.5)
            pdf.set_text_color(0, 0, 0)
        pdf.ln(3)

    def grafiek(g):
        b, h = _png_maat(g.png)
        hoogte = GRAFIEK_MM * h / b
        ruimte(hoogte + 4)
        pdf.image(io.BytesIO(g.png), x=pdf.l_margin, w=GRAFIEK_MM, h=hoogte, alt_text=latin1(g.alt))
        pdf.ln(4)

    pdf.set_text_color(89, 89, 89)
    alinea("Schakel · effectmeting", 9, "", 5)
    pdf.set_text_color(0, 0, 0)
    alinea(v.titel, 20, "B", 10)
    alinea(f"{v.huis} · {v.periode_tekst}", 12, "", 7)
    pdf.ln(2)
    for regel in v.samenvatting:
        alinea(regel, 9, "", 4.6)
        pdf.ln(1)
    alinea(f"Opgesteld op {v.opgesteld_op.day}-{v.opgesteld_op.month}-{v.opgesteld_op.year}.", 9, "", 4.6)
    for o in v.onderdelen:
        pdf.ln(4)
        ruimte(40)
        pdf.set_text_color(21, 66, 115)
        alinea(o.naam, 14, "B", 8)
        pdf.set_text_color(0, 0, 0)
        for regel in o.inleiding:
            alinea(regel, 9, "", 4.6)
            pdf.ln(1)
        for t in o.tabellen:
            tabel(t)
        for g in o.grafieken:
            grafiek(g)
        if o.kan_niet:
            alinea("Wat dit niet kan laten zien", 9, "B", 5)
            for regel in o.kan_niet:
                alinea(f"- {regel}", 8.5, "", 4.3)
    return bytes(pdf.output())
