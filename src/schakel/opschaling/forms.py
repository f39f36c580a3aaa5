import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from schakel.casussen.models import Casus
from schakel.core.validators import niet_in_toekomst
from schakel.privacy.formulier import soort_informatie

from .models import Escalatieniveau, Knelpunt, Opschaling

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OpschalingForm(forms.ModelForm):
    class Meta:
        model = Opschaling
        fields = ["niveau", "reden", "gevraagd_besluit", "categorie", "opgeschaald_op"]
        widgets = {
            "reden": forms.Textarea(attrs={"rows": 4, "maxlength": 4000}),
            "gevraagd_besluit": forms.Textarea(attrs={"rows": 3, "maxlength": 4000}),
            "opgeschaald_op": DATUM,
        }
        help_texts = {
            "reden": "Welke inzet is nodig die binnen de bestaande processen en procedures formeel niet kan?",
            "gevraagd_besluit": "Wat moet het gekozen niveau besluiten?",
            "categorie": "Noemt de reden zorg (bijvoorbeeld een GGZ-opname) of Veilig Thuis? Kies dan die soort: de ketenmanager "
                         "en partijen die de convenantbijlage niet noemt, zien reden, besluit en uitkomst dan niet.",
        }
        labels = {"categorie": "Soort informatie"}

    def __init__(self, *args, casus: Casus, **kwargs):
        super().__init__(*args, **kwargs)
        self.casus = casus
        self.fields["niveau"].queryset = Escalatieniveau.objects.filter(actief=True)
        self.fields["niveau"].empty_label = "Kies …"
        soort_informatie(self.fields["categorie"])
        self.fields["opgeschaald_op"].validators.append(niet_in_toekomst)
        # The model default is a callable; Django would otherwise add a hidden "initial-" copy.
        self.fields["opgeschaald_op"].show_hidden_initial = False

    def clean_opgeschaald_op(self):
        datum = self.cleaned_data["opgeschaald_op"]
        if datum < timezone.localtime(self.casus.geopend_op).date():
            raise ValidationError("Deze datum ligt vóór de opening van de casus.")
        return datum


class BesluitForm(forms.ModelForm):
    class Meta:
        model = Opschaling
        fields = ["genomen_besluit", "besluit_op", "uitkomst"]
        widgets = {
            "genomen_besluit": forms.Textarea(attrs={"rows": 3, "maxlength": 4000}),
            "besluit_op": DATUM,
            "uitkomst": forms.Textarea(attrs={"rows": 3, "maxlength": 4000}),
        }
        help_texts = {"uitkomst": "Wat het besluit in de casus opleverde; mag later worden aangevuld."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["genomen_besluit"].required = True
        self.fields["genomen_besluit"].error_messages["required"] = "Vul het genomen besluit in."
        self.fields["besluit_op"].required = True
        self.fields["besluit_op"].error_messages["required"] = "Vul de datum van het besluit in."
        self.fields["besluit_op"].initial = timezone.localdate
        self.fields["besluit_op"].validators.append(niet_in_toekomst)

    def clean_besluit_op(self):
        datum = self.cleaned_data["besluit_op"]
        if datum < self.instance.opgeschaald_op:
            raise ValidationError("Het besluit kan niet vóór de opschaling zijn genomen.")
        return datum


_CASUSNUMMER = re.compile(r"^\s*(?:C-?)?0*(\d{1,12})\s*$", re.IGNORECASE)


class KnelpuntForm(forms.ModelForm):
    # A number, not a dropdown of all cases: the ketenmanager sees no case content, and the list could be long.
    casusnummer = forms.CharField(
        label="Aanleiding (casusnummer)", required=False, max_length=20, help_text="Optioneel, bijvoorbeeld C-0000123."
    )

    class Meta:
        model = Knelpunt
        fields = ["omschrijving", "gemeld_op"]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 4, "maxlength": 4000}), "gemeld_op": DATUM}
        help_texts = {"omschrijving": "Een structureel probleem voor de stuurgroep; geen namen of andere persoonsgegevens."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeld_op"].validators.append(niet_in_toekomst)
        self.fields["gemeld_op"].show_hidden_initial = False

    def clean_casusnummer(self):
        waarde = self.cleaned_data["casusnummer"]
        if not waarde.strip():
            return None
        match = _CASUSNUMMER.match(waarde)
        casus = Casus.objects.filter(pk=int(match.group(1))).first() if match else None
        if casus is None:
            raise ValidationError("Er is geen casus met dit nummer. Gebruik de vorm C-0000123.")
        return casus

    def save(self, commit=True):
        self.instance.casus = self.cleaned_data.get("casusnummer")
        return super().save(commit=commit)


class KnelpuntWijzigForm(forms.ModelForm):
    class Meta:
        model = Knelpunt
        fields = ["status", "besluit"]
        widgets = {"besluit": forms.Textarea(attrs={"rows": 3, "maxlength": 4000})}

    def clean(self):
        data = super().clean()
        if data.get("status") == Knelpunt.Status.OPGELOST and not data.get("besluit"):
            self.add_error("besluit", "Vul het besluit van de stuurgroep in als het knelpunt is opgelost.")
        return data
