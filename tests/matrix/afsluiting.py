"""Closing a case: house staff only."""
from django.urls import reverse

from . import STAF


def urls(s, users):
    c = s.casus.pk
    return [
        ("casus afsluiten", reverse("casussen:afsluiten", args=[c]), "get", STAF, 200),
        ("casus afsluiten opslaan", reverse("casussen:afsluiten", args=[c]), "post", STAF, 400),
    ]
