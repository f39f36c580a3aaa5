from django import forms
from django.utils import timezone

from schakel.gemeenten.models import Gemeente

from .indicatoren import LAATSTE, VROEGSTE, Periode
from .uitvoer import FORMATEN

DATUM_FOUT = "Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2025-12-31."


def vorig_jaar() -> dict:
    jaar = Periode.jaar(timezone.localdate().year - 1)
    return {"van": jaar.van.isoformat(), "tot": jaar.tot.isoformat()}


class RapportForm(forms.Form):
    """The period and, for a factsheet, the municipality. Sent as GET: a report is a question, and its
    address can be bookmarked or shared (it carries no personal data). The suppression threshold is
    not a field: it is configuration (settings.RAPPORTAGE_DREMPEL), and a `drempel` in the address is
    ignored, so nobody switches suppression off by editing a link."""

    van = forms.DateField(
        label="Van", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Vul de eerste dag van de periode in.", "invalid": DATUM_FOUT},
    )
    tot = forms.DateField(
        label="Tot en met", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Vul de laatste dag van de periode in.", "invalid": DATUM_FOUT},
    )
    gemeente = forms.ModelChoiceField(
        Gemeente.objects.order_by("soort", "naam"), to_field_name="code", required=False,
        empty_label="Hele regio (jaarrapportage)", label="Gemeente (factsheet)",
        error_messages={"invalid_choice": "Kies een gemeente uit de lijst."},
        help_text="Met een gemeente: de factsheet zonder namen, kleine aantallen afgeschermd.",
    )
    def clean(self):
        data = super().clean()
        van, tot = data.get("van"), data.get("tot")
        if van and van < VROEGSTE:
            self.add_error("van", "Kies een begindatum vanaf 1900.")
        if tot and tot > LAATSTE:
            self.add_error("tot", "Kies een einddatum vóór het jaar 3000.")
        elif van and tot and tot < van:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")
        return data

    @property
    def periode(self) -> Periode:
        return Periode(self.cleaned_data["van"], self.cleaned_data["tot"])


class DownloadForm(RapportForm):
    formaat = forms.ChoiceField(
        choices=[(f, f.upper()) for f in FORMATEN], label="Formaat",
        error_messages={"required": "Kies een formaat.", "invalid_choice": f"Kies een formaat: {', '.join(FORMATEN)}."},
    )
