from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model

from schakel.core.tijd import dagbegin
from schakel.personen.models import Persoon, bsn_geldig

from .models import Toegangslog


class ToegangslogFilter(forms.Form):
    """The privacy officer's two questions: who saw person X (BSN), what did user Y see (user, period)."""

    gebruiker = forms.ModelChoiceField(get_user_model().objects.order_by("username"), required=False, empty_label="Alle gebruikers")
    bsn = forms.CharField(
        label="BSN van de persoon", required=False, max_length=9, validators=[bsn_geldig],
        help_text="Wie heeft de gegevens van deze persoon gezien? (Wordt per formulier verstuurd, niet in de adresbalk.)",
    )
    van = forms.DateField(label="Vanaf", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(label="Tot en met", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("van") and data.get("tot") and data["van"] > data["tot"]:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")
        data["persoon_id"] = None
        if data.get("bsn"):
            data["persoon_id"] = Persoon.objects.filter(bsn=data["bsn"]).values_list("pk", flat=True).first()
        return data

    @property
    def persoon_onbekend(self) -> bool:
        return bool(self.cleaned_data.get("bsn")) and self.cleaned_data.get("persoon_id") is None

    def regels(self):
        """The matching log rows (call after is_valid())."""
        d = self.cleaned_data
        qs = Toegangslog.objects.all()
        if d.get("gebruiker"):
            qs = qs.filter(gebruiker=d["gebruiker"])
        if d.get("bsn"):
            # An unknown BSN matches nothing (not the rows that have no person).
            qs = qs.filter(persoon_id=d["persoon_id"]) if d["persoon_id"] is not None else qs.none()
        if d.get("van"):
            qs = qs.filter(tijdstip__gte=dagbegin(d["van"]))
        if d.get("tot"):
            qs = qs.filter(tijdstip__lt=dagbegin(d["tot"] + timedelta(days=1)))
        return qs

    def omschrijving(self) -> str:
        """The filter for the log line of an export: ids and dates only, never a name or BSN."""
        d = self.cleaned_data
        delen = []
        if d.get("gebruiker"):
            delen.append(f"gebruiker-id {d['gebruiker'].pk}")
        if d.get("persoon_id") is not None:
            delen.append(f"persoon-id {d['persoon_id']}")
        if d.get("van"):
            delen.append(f"vanaf {d['van'].isoformat()}")
        if d.get("tot"):
            delen.append(f"tot en met {d['tot'].isoformat()}")
        return "filter: " + (", ".join(delen) if delen else "geen")


class ToegangslogExport(ToegangslogFilter):
    """The same filter, sent by one of the export buttons (which carries `formaat`)."""

    FORMATEN = ("csv", "json")

    formaat = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if data.get("formaat") not in self.FORMATEN:
            self.add_error(None, "Kies het exportformaat: CSV of JSON.")
        if self.persoon_onbekend:
            self.add_error("bsn", "Er is geen persoon met dit BSN geregistreerd; er is niets te exporteren.")
        return data
