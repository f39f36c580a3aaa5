import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

# A '<' directly followed by a letter, '/', '!' or '?' opens a tag; "a < b" in prose stays allowed.
_TAG = re.compile(r"<\s*[A-Za-z/!?]")


def geen_html(value: str) -> None:
    """Free text is shown to many partners; markup in it is refused rather than silently altered."""
    if value and _TAG.search(value):
        raise ValidationError(
            "HTML-code of scripts zijn niet toegestaan in dit veld. Verwijder de tekens '<' en '>' rond de tekst.",
            code="html",
        )


def niet_in_toekomst(value) -> None:
    if value and value > timezone.localdate():
        raise ValidationError("Deze datum ligt in de toekomst.", code="toekomst")


def niet_in_toekomst_tijd(value) -> None:
    if value and value > timezone.now() + timezone.timedelta(minutes=5):
        raise ValidationError("Dit tijdstip ligt in de toekomst.", code="toekomst")


# Dates a house can have records on. Outside this range Python's date arithmetic overflows (one day
# after 9999-12-31), and PostgreSQL turns year 1 in local time into a BC date that breaks pages.
VROEGSTE_DATUM, LAATSTE_DATUM = date(1900, 1, 1), date(2999, 12, 31)
DATUM_BEREIK_FOUT = "Kies een datum tussen 1900 en 2999."
# The database's integer columns (bigint): a larger id cannot be looked up, only crash the query.
GROOTSTE_GETAL = 2**63 - 1


def datum_in_bereik(value) -> None:
    if value and not VROEGSTE_DATUM <= (value.date() if isinstance(value, datetime) else value) <= LAATSTE_DATUM:
        raise ValidationError(DATUM_BEREIK_FOUT, code="datum_bereik")


_GETAL = re.compile(r"\s*[-+]?(\d+)\s*")
_DATUM_JAAR_EERST = re.compile(r"\s*[-+]?(\d{4,})[-/.]\d{1,2}[-/.]\d{1,2}(?:[T ].*)?", re.S)
_DATUM_JAAR_LAATST = re.compile(r"\s*\d{1,2}[-/.]\d{1,2}[-/.](\d{4,})(?:[T ].*)?", re.S)


def ongeldige_invoer(waarde) -> str | None:
    """Why a value sent to Schakel can never be valid, in Dutch; None if it may be. For what no form
    field should have to think of: a NUL byte (PostgreSQL refuses it in text), a number beyond the
    database's integer range (an id in a multi-select), a date outside 1900-2999."""
    if isinstance(waarde, bool):
        return None
    if isinstance(waarde, int):
        return None if abs(waarde) <= GROOTSTE_GETAL else "Een getal is te groot: gebruik hoogstens 18 cijfers."
    if not isinstance(waarde, str):
        return None
    if "\x00" in waarde:
        return "Een veld bevat een onzichtbaar NUL-teken. Verwijder het (plak de tekst opnieuw als platte tekst)."
    if m := _GETAL.fullmatch(waarde):
        cijfers = m.group(1).lstrip("0")
        if len(cijfers) > 19 or (cijfers and int(cijfers) > GROOTSTE_GETAL):
            return "Een getal is te groot: gebruik hoogstens 18 cijfers."
        return None
    if m := _DATUM_JAAR_EERST.fullmatch(waarde) or _DATUM_JAAR_LAATST.fullmatch(waarde):
        if not VROEGSTE_DATUM.year <= int(m.group(1)) <= LAATSTE_DATUM.year:
            return DATUM_BEREIK_FOUT
    return None
