"""Reading an import file (CSV UTF-8 or XLSX) into rows with the line number the user sees, for
every command that imports a list (the historical import, police registrations, detention periods).

A file that cannot be read as a whole raises BestandFout; a row that cannot even be split into
columns is collected with its line number, so the caller reports it with its own row errors and
writes nothing. The rows come as a stream (`Lezer`): a million-row file need not be held as dicts.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from stdnum.nl import bsn as stdnum_bsn
from tqdm import tqdm

from schakel.core.validators import VROEGSTE_DATUM


class BestandFout(Exception):
    """The file as a whole cannot be imported (unreadable, wrong header, empty)."""


class RegelFouten(Exception):
    """One or more rows are wrong; nothing has been written."""

    def __init__(self, fouten: list[tuple[int, str]], regels_fout: int):
        self.fouten = [f"Regel {lijn}: {tekst}" for lijn, tekst in fouten]
        self.regels_fout = regels_fout
        woord = "regel" if regels_fout == 1 else "regels"
        super().__init__(f"Niets geïmporteerd: {regels_fout} {woord} met fouten.")


@dataclass(frozen=True)
class Kopregel:
    """The columns a kind of file may have. `enkelvoud`/`meervoud` name what one row is, for the
    messages about an empty file ("geen enkele melding")."""

    kolommen: tuple[str, ...]
    verplicht: tuple[str, ...]
    enkelvoud: str
    meervoud: str
    # Another name a column may carry in the header: {alias: column}.
    aliassen: dict[str, str] = field(default_factory=dict)


@dataclass
class Bestand:
    naam: str
    sha256: str
    rijen: list[tuple[int, dict]]
    # Rows that cannot even be split into columns; reported together with the other row errors.
    fouten: list[tuple[int, str]] = field(default_factory=list)


class Lezer:
    """An opened import file: its header is checked on opening; iterating yields (line, {column: value})
    for every non-empty row. Rows that cannot be split go to `fouten`. Values are stripped text, or a
    `date` where an Excel cell holds one."""

    def __init__(self, pad, kop: Kopregel):
        pad = Path(pad)
        try:
            data = pad.read_bytes()
        except OSError as e:
            raise BestandFout(f"Kan {pad} niet lezen: {e.strerror or e}.")
        self.naam = pad.name
        self.kop = kop
        leeg = f"{pad.name} is leeg: er is geen kopregel en geen enkele {kop.enkelvoud}."
        if not data.strip():
            raise BestandFout(leeg)
        # A row is searched for NUL bytes only when the file holds one (a million rows of CSV otherwise).
        self._nul_mogelijk = True
        if data.startswith(b"PK\x03\x04"):
            self._ruwe = _lees_xlsx(data)
        elif data.startswith(b"\xd0\xcf\x11\xe0"):
            raise BestandFout(f"{pad.name} is een oud Excel-bestand (.xls). Sla het op als .xlsx of als CSV UTF-8.")
        else:
            self._ruwe = _lees_csv(data)
            self._nul_mogelijk = b"\x00" in data
        # For a progress bar: the lines of a CSV (a quoted line break is refused anyway); unknown for Excel.
        self.schatting = None if data.startswith(b"PK") else max(data.count(b"\n") - 1, 0)
        self.sha256 = hashlib.sha256(data).hexdigest()
        eerste = next(self._ruwe, None)
        if eerste is None:
            raise BestandFout(leeg)
        self.kolommen = controleer_kop(eerste[1], kop)
        self.fouten: list[tuple[int, str]] = []
        self.aantal = 0

    def __iter__(self) -> Iterator[tuple[int, dict]]:
        kolommen = self.kolommen
        breedte = len(kolommen)
        leeg = dict.fromkeys(kolommen, "")
        nul_mogelijk = self._nul_mogelijk
        for lijn, waarden in self._ruwe:
            if nul_mogelijk and any("\x00" in tekst(w) for w in waarden):
                # PostgreSQL refuses a NUL byte in text: reported here, not as a traceback while writing.
                self.fouten.append((lijn, "de regel bevat een onzichtbaar NUL-teken; verwijder het en exporteer opnieuw"))
                continue
            if len(waarden) > len(kolommen) and any(tekst(w) for w in waarden[len(kolommen):]):
                self.fouten.append((lijn, f"de regel heeft {len(waarden)} waarden, de kopregel maar {len(kolommen)} kolommen"))
                continue
            if len(waarden) == breedte:
                rij = dict(zip(kolommen, waarden))
            else:
                rij = dict(leeg)
                rij.update(zip(kolommen, waarden))
            self.aantal += 1
            yield lijn, rij
        if not self.aantal and not self.fouten:
            raise BestandFout(f"{self.naam} bevat alleen een kopregel, geen {self.kop.meervoud}.")


def lees_bestand(pad, kop: Kopregel) -> Bestand:
    """The whole file at once, for callers that go over the rows more than once."""
    lezer = Lezer(pad, kop)
    rijen = list(lezer)
    return Bestand(naam=lezer.naam, sha256=lezer.sha256, rijen=rijen, fouten=lezer.fouten)


def _lees_csv(data: bytes) -> Iterator[tuple[int, list]]:
    try:
        inhoud = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        regel = data[: e.start].count(b"\n") + 1
        raise BestandFout(
            f"Het bestand is geen UTF-8 (eerste onleesbare teken op regel {regel}). Sla het in Excel op als "
            "'CSV UTF-8 (door komma's gescheiden)'."
        )
    # csv.reader rather than DictReader: the line a record starts on is what the user sees in an
    # editor, and a quoted field may span several lines.
    # strict: a stray quote is an error, not a field that runs on to the end of the file. No column
    # holds more than one line, so a line break inside a field means a quote was never closed.
    reader = csv.reader(io.StringIO(inhoud, newline=""), strict=True)
    while True:
        lijn = reader.line_num + 1
        try:
            waarden = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            raise BestandFout(f"Regel {lijn}: het bestand is geen geldige CSV ({e}). Staat er een "
                              "aanhalingsteken (\") zonder afsluitend aanhalingsteken?")
        # Only a record that spans several lines of the file can hold a line break.
        if reader.line_num > lijn and any("\n" in w or "\r" in w for w in waarden):
            raise BestandFout(
                f"Regel {lijn}: een aanhalingsteken (\") wordt pas op een volgende regel gesloten, zodat de rest "
                "van de regel in één kolom zou vallen. Sluit het aanhalingsteken op dezelfde regel."
            )
        waarden = [w.strip() for w in waarden]
        if any(waarden):
            yield lijn, waarden


def _lees_xlsx(data: bytes) -> Iterator[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        werkmap = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises a handful of unrelated types for a damaged file
        raise BestandFout(f"Het Excel-bestand kan niet worden gelezen ({e}).")
    try:
        blad = werkmap.worksheets[0]
        # Some tools write a wrong dimension tag; without it every row comes back with its own cells.
        blad.reset_dimensions()
        for lijn, waarden in enumerate(blad.iter_rows(values_only=True), start=1):
            waarden = [_cel(w) for w in waarden]
            if any(w != "" for w in waarden):
                yield lijn, waarden
    finally:
        werkmap.close()


def _cel(waarde):
    """Excel gives typed cells: dates as datetime, numbers as int or float, TRUE/FALSE as bool."""
    if waarde is None:
        return ""
    if isinstance(waarde, datetime):
        return waarde.date()
    if isinstance(waarde, date):
        return waarde
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    if isinstance(waarde, str):
        return waarde.strip()
    return str(waarde)


def tekst(waarde) -> str:
    """Cells are stripped when read; only an Excel date in a text column still needs turning into text."""
    if type(waarde) is str:
        return waarde
    if isinstance(waarde, date):
        return waarde.isoformat()
    return str(waarde).strip()


def controleer_kop(kop: list, spec: Kopregel) -> list[str]:
    namen = [tekst(k).lower() for k in kop]
    # Excel keeps formatted but empty cells to the right of the header.
    while namen and not namen[-1]:
        namen.pop()
    kolommen = [spec.aliassen.get(n, n) for n in namen]
    problemen = []
    if len(namen) == 1 and ";" in namen[0]:
        problemen.append("de kopregel is met puntkomma's gescheiden; het bestand moet komma-gescheiden zijn (CSV UTF-8)")
    else:
        zonder_naam = [str(i) for i, n in enumerate(namen, start=1) if not n]
        if zonder_naam:
            problemen.append(f"kolom {', '.join(zonder_naam)} heeft geen naam")
        onbekend = [n for n, k in zip(namen, kolommen) if n and k not in spec.kolommen]
        if onbekend:
            aliassen = "".join(f"; {alias} mag voor {kolom}" for alias, kolom in spec.aliassen.items())
            problemen.append(
                "onbekende kolommen: " + ", ".join(f"'{n}'" for n in onbekend)
                + " (toegestaan: " + ", ".join(spec.kolommen) + aliassen + ")"
            )
        dubbel = sorted({k for k in kolommen if k and kolommen.count(k) > 1})
        if dubbel:
            uitleg = "".join(
                f" ({kolom} en {alias} zijn dezelfde kolom)" for alias, kolom in spec.aliassen.items() if kolom in dubbel
            )
            problemen.append("dubbele kolommen: " + ", ".join(dubbel) + uitleg)
        ontbrekend = [k for k in spec.verplicht if k not in kolommen]
        if ontbrekend:
            problemen.append("verplichte kolommen ontbreken: " + ", ".join(ontbrekend))
    if problemen:
        raise BestandFout("De kopregel klopt niet: " + "; ".join(problemen) + ". Er is niets geïmporteerd.")
    return kolommen


VOORTGANG_VANAF = 1_000


def voortgangsbalk(totaal: int | None, omschrijving: str, uit: TextIO | None) -> tqdm:
    """A progress bar on `uit` (the command's error stream) for long files; none for short ones or
    when the caller passes no stream (tests, calls from code)."""
    return tqdm(
        total=totaal, desc=omschrijving, file=uit or sys.stderr, disable=uit is None or (totaal or 0) < VOORTGANG_VANAF,
        unit=" rijen", unit_scale=True, mininterval=0.5, leave=False,
    )


# --- Cells that several imports share -----------------------------------------------------------

_DATUM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BSN = re.compile(r"[0-9]{8,9}")
_BSN_SCHEIDING = re.compile(r"[ .-]")


def datum(waarde, kolom: str, fouten: list[str], vandaag: date) -> date | None:
    """A date cell: an Excel date or JJJJ-MM-DD text, from 1900 up to today. None when empty or wrong
    (then `fouten` says why)."""
    if isinstance(waarde, date):
        d = waarde
    else:
        if not waarde:
            return None
        try:
            if not _DATUM.fullmatch(waarde):
                raise ValueError
            d = date.fromisoformat(waarde)
        except ValueError:
            fouten.append(f"{kolom} '{waarde}' is geen geldige datum; gebruik JJJJ-MM-DD")
            return None
    if d < VROEGSTE_DATUM:
        # Year 1 would become a BC date on PostgreSQL (local midnight is the year before in UTC).
        fouten.append(f"{kolom} {d.isoformat()} ligt voor 1900; kies een datum tussen 1900 en vandaag")
        return None
    if d > vandaag:
        fouten.append(f"{kolom} {d.isoformat()} ligt in de toekomst")
        return None
    return d


def bsn(waarde: str) -> str | None:
    """The number as stored, or None when it is no BSN. Excel drops the leading zero of a BSN that
    starts with 0, so eight digits get it back; shorter numbers are not guessed at."""
    if not _BSN.fullmatch(waarde):
        waarde = _BSN_SCHEIDING.sub("", waarde)
        if not _BSN.fullmatch(waarde):
            return None
    nummer = waarde.zfill(9)
    # The eleven-test of python-stdnum, without its generic clean-up (a third of the check time).
    if int(nummer) == 0 or stdnum_bsn.checksum(nummer) != 0:
        return None
    return nummer
