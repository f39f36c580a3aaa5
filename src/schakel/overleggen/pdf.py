"""The agenda and the minutes of a meeting as a PDF (fpdf2), from the same Afdruk as the print page."""
from django.utils import timezone

from schakel.avg.pdf import nieuw_document

from .afdruk import AGENDA, Afdruk


def _personen(personen) -> str:
    return "; ".join(
        f"{p.minimale_naam}{f' ({p.geboortedatum:%Y})' if p.geboortedatum else ''}" for p in personen
    ) or "-"


def _deelnemer(d) -> str:
    wie = d.gebruiker or d.naam
    return f"{d.organisatie}{f' ({wie})' if wie else ''}"


def afdruk_pdf(doc: Afdruk) -> bytes:
    pdf, alinea, regel = nieuw_document(doc.titel)

    o = doc.overleg
    alinea(doc.titel, 16, "B", 8)
    regel("Datum en tijd", f"{timezone.localtime(o.datum):%d-%m-%Y %H:%M}")
    regel("Locatie", o.locatie or "-")
    regel("Voorzitter", str(o.voorzitter))
    if not doc.volledig:
        alinea("Vertrouwelijk. U ziet alleen de agendapunten waarvoor u bent uitgenodigd of waarbij uw organisatie "
               "betrokken is.", 9, "I")
    pdf.ln(2)
    alinea("Deelnemers", 13, "B", 7)
    for d in doc.deelnemers:
        aanwezig = "" if doc.soort == AGENDA else (", aanwezig" if d.aanwezig else ", niet aanwezig")
        alinea(f"- {_deelnemer(d)}: {d.get_soort_display().lower()}{aanwezig}")
    if not doc.deelnemers:
        alinea("Nog geen deelnemers.")
    pdf.ln(2)
    alinea("Agenda" if doc.soort == AGENDA else "Besproken casussen", 13, "B", 7)
    if not doc.punten:
        alinea("Nog geen casussen op de agenda.")
    for p in doc.punten:
        b = p.bespreking
        pdf.ln(2)
        alinea(f"{p.nummer}. Casus {p.casus.nummer}", 11, "B", 6)
        regel("Personen", _personen(p.personen))
        regel("Gemeente en thema", f"{p.casus.gemeente}, {p.casus.thema}")
        regel("Reden", b.get_reden_display())
        if doc.soort == AGENDA:
            continue
        regel("Status verslag", "afgerond" if b.verslag_afgerond else "concept")
        if p.aan_tafel:
            regel("Aan tafel", "; ".join(_deelnemer(d) for d in p.aan_tafel))
        if b.client_stappen:
            regel("Cliënt aan tafel bij", ", ".join(b.client_stappen_labels).lower())
        if b.smd_indicatie:
            regel("SMD-uitkomst", b.get_smd_indicatie_display())
        pdf.ln(1)
        alinea("Besluiten", 10, "B")
        alinea(p.besluiten or "Nog niet vastgelegd.")
        pdf.ln(1)
        alinea("Notulen", 10, "B")
        alinea(p.notulen or "Nog niet vastgelegd.")
        if b.vertrokken_voor_besluit:
            regel("Vertrokken vóór het besluit", b.vertrokken_voor_besluit)
    pdf.ln(4)
    alinea(f"Opgemaakt op {timezone.localtime():%d-%m-%Y %H:%M}. Vertrouwelijk: niet doorsturen.", 8, "I")
    return bytes(pdf.output())
