from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from schakel.core.validators import geen_html, niet_in_toekomst

from schakel.privacy.formulier import soort_informatie

from .models import ZsmAdvies
from .services import controleer_vraag, normaliseer_bsn


class ZsmAdviesForm(forms.ModelForm):
    class Meta:
        model = ZsmAdvies
        fields = ["schets", "gewenste_maatregelen", "categorie", "geldig_tot"]
        widgets = {
            "schets": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
            "gewenste_maatregelen": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
            "geldig_tot": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "schets": "Kort en zakelijk: de ZSM-tafel leest dit bij een nieuwe aanhouding.",
            "gewenste_maatregelen": "Welke afdoening of bijzondere voorwaarden passen bij het plan van aanpak.",
            "categorie": "Noemt het advies zorg of Veilig Thuis? Dan leest de ZSM-tafel alleen wat de convenantbijlage haar toestaat.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        soort_informatie(self.fields["categorie"])

    def clean_geldig_tot(self):
        datum = self.cleaned_data["geldig_tot"]
        if datum < timezone.localdate():
            raise ValidationError("Deze datum ligt in het verleden; een advies moet vandaag of later nog gelden.")
        return datum


class ZsmVraagForm(forms.Form):
    bsn = forms.CharField(
        label="BSN", required=False, max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    achternaam = forms.CharField(
        label="Achternaam", required=False, max_length=200, validators=[geen_html],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    geboortedatum = forms.DateField(
        label="Geboortedatum", required=False, validators=[niet_in_toekomst],
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "off"}, format="%Y-%m-%d"),
    )

    def clean_bsn(self):
        return normaliseer_bsn(self.cleaned_data.get("bsn"))

    def clean(self):
        data = super().clean()
        if not self.errors:
            controleer_vraag(bsn=data.get("bsn"), achternaam=data.get("achternaam"), geboortedatum=data.get("geboortedatum"))
        return data
