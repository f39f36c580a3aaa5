"""Shared pieces of the management commands."""
from datetime import date

from django.core.management.base import CommandError


def datum(tekst: str | None) -> date | None:
    """A JJJJ-MM-DD argument as a date (None when not given), or a clear refusal."""
    if not tekst:
        return None
    try:
        return date.fromisoformat(tekst)
    except ValueError:
        raise CommandError(f"'{tekst}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2015-12-31.") from None
