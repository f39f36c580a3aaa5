from django import forms
from django.utils import timezone

from schakel.privacy.formulier import soort_informatie

from .models import Monitoringcontact, Verlenging

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContactForm(forms.ModelForm):
    class Meta:
        model = Monitoringcontact
        fields = ["uitgevoerd_op", "uitkomst", "toelichting", "categorie"]
        widgets = {"uitgevoerd_op": DATUM, "uitkomst": forms.RadioSelect, "toelichting": forms.Textarea(attrs={"rows": 4})}
        labels = {"uitgevoerd_op": "Contact gehad op"}
        help_texts = {"uitkomst": "Bij 'stagneert' komt de casus als kandidaat op de agenda van het volgende overleg."}

    def __init__(self, *args, begin=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Monitoring starts with the plan: a contact dated before its adoption belongs to no schedule.
        self.begin = begin
        f = self.fields
        f["uitgevoerd_op"].required = True
        f["uitgevoerd_op"].initial = timezone.localdate
        f["uitgevoerd_op"].error_messages["required"] = "Vul de datum van het contact in."
        f["uitkomst"].required = True
        f["uitkomst"].choices = Monitoringcontact.Uitkomst.choices
        f["uitkomst"].error_messages["required"] = "Kies de uitkomst van het contact."
        soort_informatie(f["categorie"])

    def clean_uitgevoerd_op(self):
        datum = self.cleaned_data["uitgevoerd_op"]
        if datum > timezone.localdate():
            raise forms.ValidationError("Een contact kan niet in de toekomst hebben plaatsgevonden.")
        if self.begin is not None and datum < self.begin:
            raise forms.ValidationError(
                f"Deze datum ligt vóór de vaststelling van het plan van aanpak ({self.begin:%d-%m-%Y}); "
                "de monitoring begint pas daarna."
            )
        return datum


class VerlengingForm(forms.ModelForm):
    class Meta:
        model = Verlenging
        fields = ["tot", "reden", "categorie"]
        widgets = {"tot": DATUM, "reden": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"reden": "Waarom de casus langer dan zes maanden nodig heeft."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tot"].error_messages["required"] = "Vul in tot wanneer de casus wordt verlengd."
        self.fields["reden"].error_messages["required"] = "Geef de reden voor de verlenging."
        soort_informatie(self.fields["categorie"])

    def clean_tot(self):
        tot = self.cleaned_data["tot"]
        if tot <= timezone.localdate():
            raise forms.ValidationError("Kies een datum na vandaag.")
        return tot

    def clean_reden(self):
        reden = self.cleaned_data["reden"].strip()
        if not reden:
            raise forms.ValidationError("Geef de reden voor de verlenging.")
        return reden
