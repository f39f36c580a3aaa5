from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from schakel.core.validators import geen_html
from schakel.personen.models import bsn_geldig

from .models import Beperking, Bewaarplicht, Verzoek

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersoonZoekenForm(forms.Form):
    """Find the data subject of a request: by BSN, or by surname and birth date. Sent in the form
    body, never in the address bar. The reason (the kind of request) goes to the access log."""

    reden = forms.ChoiceField(
        label="Waarvoor zoekt u?", choices=[("", "Kies het soort verzoek")] + list(Verzoek.Soort.choices),
        help_text="Het soort verzoek dat de betrokkene deed; dit komt in het toegangslog bij de zoekvraag.",
    )
    bsn = forms.CharField(
        label="BSN", max_length=9, required=False, validators=[bsn_geldig],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text="Vul het BSN in, of anders achternaam en geboortedatum.",
    )
    achternaam = forms.CharField(
        label="Achternaam", max_length=200, required=False, validators=[geen_html],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    geboortedatum = forms.DateField(label="Geboortedatum", required=False, widget=DATUM)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        achternaam = (data.get("achternaam") or "").strip()
        if data.get("bsn"):
            if achternaam or data.get("geboortedatum"):
                raise ValidationError("Zoek op BSN of op achternaam en geboortedatum, niet op beide.")
        elif not (achternaam and data.get("geboortedatum")):
            raise ValidationError("Vul het BSN in, of de achternaam én de geboortedatum.")
        data["achternaam"] = achternaam
        return data


class ExportForm(forms.Form):
    formaat = forms.ChoiceField(label="Formaat", choices=[("pdf", "PDF"), ("json", "JSON")])


class VerzoekForm(forms.ModelForm):
    class Meta:
        model = Verzoek
        fields = ["soort", "ontvangen_op", "toelichting"]
        widgets = {"ontvangen_op": DATUM, "toelichting": forms.Textarea(attrs={"rows": 3, "maxlength": 4000})}

    def clean_ontvangen_op(self):
        # The legal deadline (one month) runs from receipt: a date ahead would hide an overdue request.
        datum = self.cleaned_data["ontvangen_op"]
        if datum and datum > timezone.localdate():
            raise ValidationError("Een verzoek kan niet in de toekomst zijn ontvangen. Vul de datum van ontvangst in.")
        return datum


class AfhandelForm(forms.ModelForm):
    class Meta:
        model = Verzoek
        fields = ["besluit", "afgehandeld_op", "toelichting"]
        widgets = {"afgehandeld_op": DATUM, "toelichting": forms.Textarea(attrs={"rows": 3, "maxlength": 4000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["besluit"].required = True
        self.fields["afgehandeld_op"].required = True

    def clean(self):
        data = super().clean()
        if data.get("afgehandeld_op") and data["afgehandeld_op"] < self.instance.ontvangen_op:
            self.add_error("afgehandeld_op", "De afhandeling ligt vóór de ontvangst van het verzoek.")
        elif data.get("afgehandeld_op") and data["afgehandeld_op"] > timezone.localdate():
            self.add_error("afgehandeld_op", "Een verzoek kan niet in de toekomst zijn afgehandeld.")
        return data


class BeperkingForm(forms.ModelForm):
    class Meta:
        model = Beperking
        fields = ["sinds", "tot", "reden"]
        widgets = {"sinds": DATUM, "tot": DATUM, "reden": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}

    def clean(self):
        data = super().clean()
        if data.get("sinds") and data.get("tot") and data["tot"] < data["sinds"]:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")
        return data


class WissenForm(forms.Form):
    reden = forms.CharField(
        label="Reden van de wissing", max_length=2000, validators=[geen_html], widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bijvoorbeeld: verzoek van betrokkene, gegevens niet meer nodig voor het doel.",
    )
    verzoek = forms.ModelChoiceField(label="Naar aanleiding van verzoek", queryset=Verzoek.objects.none(), required=False)
    bevestig = forms.BooleanField(
        label="Ik begrijp dat naam, BSN, geboortedatum en de vrije teksten definitief verdwijnen.", required=True
    )

    def __init__(self, *args, persoon=None, **kwargs):
        super().__init__(*args, **kwargs)
        if persoon is not None:
            self.fields["verzoek"].queryset = Verzoek.objects.filter(persoon=persoon, soort=Verzoek.Soort.WISSING, afgehandeld_op__isnull=True)


class BewaarplichtForm(forms.ModelForm):
    casus_nummer = forms.CharField(label="Casusnummer", max_length=12, help_text="Bijvoorbeeld C-0000012.")

    class Meta:
        model = Bewaarplicht
        fields = ["reden", "tot"]
        widgets = {"tot": DATUM, "reden": forms.Textarea(attrs={"rows": 2, "maxlength": 2000})}

    field_order = ["casus_nummer", "reden", "tot"]

    def clean_casus_nummer(self):
        from schakel.casussen.models import Casus

        nummer = self.cleaned_data["casus_nummer"].strip().upper().removeprefix("C-")
        casus = Casus.objects.filter(pk=int(nummer)).first() if nummer.isdigit() else None
        if casus is None:
            raise ValidationError("Er is geen casus met dit nummer.")
        self.casus = casus
        return nummer
