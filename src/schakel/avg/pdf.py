"""Schakel's PDFs (fpdf2, pure Python): the page setup, the writers and the table every PDF uses, and the
inzage. Core Helvetica: text outside Latin-1 is replaced."""
from fpdf import FPDF

_VERVANG = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u20ac": "EUR", "\u2212": "-"}


def latin1(tekst) -> str:
    tekst = "" if tekst is None else str(tekst)
    tekst = "".join(_VERVANG.get(c, c) for c in tekst)
    return tekst.encode("latin-1", "replace").decode("latin-1")


def nieuw_document(titel: str):
    """An A4 fpdf2 document with the two writers every Schakel PDF uses: (pdf, alinea, regel)."""
    pdf = FPDF(format="A4")
    pdf.set_compression(False)  # Small documents; uncompressed text stays searchable by simple tools.
    pdf.set_title(latin1(titel))
    pdf.set_author("Schakel")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    breedte = pdf.w - pdf.l_margin - pdf.r_margin

    def alinea(tekst, grootte=10, stijl="", hoogte=5):
        pdf.set_font("Helvetica", stijl, grootte)
        pdf.multi_cell(breedte, hoogte, latin1(tekst), new_x="LMARGIN", new_y="NEXT")

    def regel(onderwerp, tekst):
        if onderwerp:
            pdf.set_font("Helvetica", "B", 10)
            pdf.write(5, latin1(f"{onderwerp}: "))
        pdf.set_font("Helvetica", "", 10)
        pdf.write(5, latin1(tekst))
        pdf.ln(6)

    return pdf, alinea, regel


def tabel(pdf, t, *, breedte, kolombreedtes, uitlijning, grootte, regelhoogte, opvulling) -> None:
    """A report table (`t`: kop, rijen and totaal of cells with .tekst) the way every Schakel PDF
    draws one: light horizontal lines, a tinted bold heading, a bold total row."""
    from fpdf.fonts import FontFace

    pdf.set_font("Helvetica", "", grootte)
    pdf.set_draw_color(180, 180, 180)
    with pdf.table(
        width=breedte, col_widths=kolombreedtes, align="LEFT", text_align=uitlijning, borders_layout="HORIZONTAL_LINES",
        line_height=regelhoogte, headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 244)), padding=opvulling,
    ) as tab:
        kop = tab.row()
        for tekst in t.kop:
            kop.cell(latin1(tekst))
        for cellen in t.rijen:
            rij = tab.row()
            for c in cellen:
                rij.cell(latin1(c.tekst))
        if t.totaal:
            rij = tab.row()
            for c in t.totaal:
                rij.cell(latin1(c.tekst), style=FontFace(emphasis="BOLD"))
    pdf.set_draw_color(0, 0, 0)


def inzage_pdf(doc) -> bytes:
    """The readable inzage (avg.document.Document) as a PDF: headings, sentences, "subject: text" lines."""
    pdf, alinea, regel = nieuw_document(doc.titel)
    alinea(doc.titel, 16, "B", 8)
    for tekst in doc.inleiding:
        alinea(tekst)
        pdf.ln(1)
    pdf.ln(2)
    alinea(doc.weggelaten[0], 11, "B", 6)
    for tekst in doc.weggelaten[1:]:
        alinea(f"- {tekst}")
    for sectie in doc.secties:
        pdf.ln(4)
        alinea(sectie.titel, 14, "B", 8)
        for tekst in sectie.tekst:
            alinea(tekst)
            pdf.ln(1)
        for onderdeel in sectie.onderdelen:
            pdf.ln(2)
            alinea(onderdeel.titel, 11, "B", 6)
            for onderwerp, tekst in onderdeel.regels:
                regel(onderwerp, tekst)
    return bytes(pdf.output())
