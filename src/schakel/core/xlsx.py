"""One spreadsheet writer for the tables of the annual report (rapportage) and of the effect measurement
(effectmeting): a sheet per section, a table as its title, a header row on a light fill above a rule,
its rows, a bold total row and a note in italics; numbers as numbers. Each caller says only which number
types get which number format, and how a value reads as a number and as text."""
from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Border, Font, PatternFill, Side

from .uitvoer import formule_veilig

VET = Font(bold=True)
KOPVULLING = PatternFill("solid", fgColor="E6ECF4")
LIJN = Side(style="thin", color="1A1A1A")


class Werkboek:
    def __init__(self, titel: str, formaten: Sequence[tuple[type, str | None]],
                 getal: Callable[[object], object] = lambda x: x, tekst: Callable[[object], str] = str):
        """A table value x is written as the number `getal(x)` with the format of the first type in
        `formaten` it is an instance of; any other value as the text `tekst(x)`."""
        self.wb = Workbook()
        self.wb.remove(self.wb.active)
        self.wb.properties.title, self.wb.properties.creator = titel, "Schakel"
        self.formaten, self.getal, self.als_tekst = formaten, getal, tekst

    def blad(self, naam: str, kop: str, onder: str):
        """A new sheet with its heading in A1 and the house and period in A2."""
        ws = self.wb.create_sheet(naam[:31])
        self.tekst(ws, 1, kop, font=Font(bold=True, size=13))
        self.tekst(ws, 2, onder)
        return ws

    @staticmethod
    def tekst(ws, rij: int, regel: str, **stijl):
        c = ws.cell(rij, 1, formule_veilig(regel))
        for naam, w in stijl.items():
            setattr(c, naam, w)
        return c

    def cel(self, ws, rij: int, kolom: int, x, **stijl):
        n = self.getal(x)
        formaat = next((f for soort, f in self.formaten if isinstance(n, soort)), False)
        if formaat is False or isinstance(n, bool):
            c = ws.cell(rij, kolom, formule_veilig(self.als_tekst(x)))
        else:
            # A plain float: openpyxl does not know the subclasses that say how a figure reads.
            c = ws.cell(rij, kolom, float(n) if isinstance(n, float) else n)
            if formaat:
                c.number_format = formaat
        for naam, w in stijl.items():
            setattr(c, naam, w)
        return c

    def tabellen(self, ws, rij: int, tabellen: Iterable, eerste_kolom: int) -> int:
        """Write the tables one under the other from row `rij`; returns the first free row. The first
        column (the labels) is `eerste_kolom` characters wide, the figures 16."""
        breedte = 1
        for t in tabellen:
            self.tekst(ws, rij, t.titel, font=Font(bold=True, size=11))
            rij += 1
            for k, kop in enumerate(t.kop, start=1):
                c = ws.cell(rij, k, formule_veilig(kop))
                c.font, c.fill, c.border = VET, KOPVULLING, Border(bottom=LIJN)
            breedte = max(breedte, len(t.kop))
            rij += 1
            for rij_waarden in t.rijen:
                for k, x in enumerate(rij_waarden, start=1):
                    self.cel(ws, rij, k, x)
                rij += 1
            if t.totaal:
                for k, x in enumerate(t.totaal, start=1):
                    self.cel(ws, rij, k, x, font=VET, border=Border(top=LIJN))
                rij += 1
            if t.noot:
                self.tekst(ws, rij, t.noot, font=Font(italic=True, color="595959"))
                rij += 1
            rij += 1
        ws.column_dimensions["A"].width = eerste_kolom
        for k in range(2, breedte + 1):
            ws.column_dimensions[ws.cell(1, k).column_letter].width = 16
        return rij

    def als_bytes(self) -> bytes:
        uit = io.BytesIO()
        self.wb.save(uit)
        return uit.getvalue()
