"""The inzage as a PDF (fpdf2, pure Python). Core Helvetica: text outside Latin-1 is replaced."""
import json

from fpdf import FPDF

from .inzage import SECTIES

_VERVANG = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u20ac": "EUR"}


def latin1(tekst) -> str:
    tekst = "" if tekst is None else str(tekst)
    tekst = "".join(_VERVANG.get(c, c) for c in tekst)
    return tekst.encode("latin-1", "replace").decode("latin-1")


def _tekst(value) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def inzage_pdf(data: dict, *, kop: str, gegenereerd_op: str) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_compression(False)  # Small documents; uncompressed text stays searchable by simple tools.
    pdf.set_title(latin1(kop))
    pdf.set_author("Schakel")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    breedte = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font("Helvetica", "B", 15)
    pdf.multi_cell(breedte, 8, latin1(kop), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(
        breedte, 5,
        latin1(f"Overzicht van alle gegevens die Schakel over deze persoon bevat (art. 15 AVG), opgesteld op {gegenereerd_op}."),
        new_x="LMARGIN", new_y="NEXT",
    )
    for key, titel in SECTIES:
        rijen = data.get(key) or []
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 12)
        pdf.multi_cell(breedte, 7, latin1(f"{titel} ({len(rijen)})"), new_x="LMARGIN", new_y="NEXT")
        for rij in rijen:
            pdf.set_font("Helvetica", "B", 9)
            pdf.multi_cell(breedte, 5, latin1(f"{titel} - id {rij.get('id')}"), new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Helvetica", "", 8)
            for veld, value in rij.items():
                if veld == "id":
                    continue
                pdf.multi_cell(breedte, 4, latin1(f"{veld}: {_tekst(value)}"), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
    return bytes(pdf.output())
