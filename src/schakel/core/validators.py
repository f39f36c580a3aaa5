import re

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
