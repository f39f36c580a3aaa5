"""The briefing loop beyond the foundation's rows: the weighing result with the feedback to the reporter."""
from django.urls import reverse

from . import STAF


def urls(s, users):
    b, m = s.briefing.pk, s.melding.pk
    return [
        ("uitslag weging", reverse("briefing:uitslag", args=[b, m]), "get", STAF, 200),
        # An empty feedback: refused with the form again, nothing stored.
        ("uitslag terugkoppeling", reverse("briefing:uitslag", args=[b, m]), "post", STAF, 400),
        ("wegen opslaan", reverse("briefing:wegen", args=[b, m]), "post", STAF, 400),
    ]
