from django import forms
from django.utils import timezone

from schakel.overleggen.models import Overlegtype
from schakel.partners.models import Organisatie
from schakel.privacy.formulier import soort_informatie

from .models import BesluitOptie, Briefing, Weging


class BriefingForm(forms.ModelForm):
    class Meta:
        model = Briefing
        fields = ["datum", "weegploeg"]
        widgets = {
            "datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "weegploeg": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["datum"].initial = timezone.localdate
        self.fields["weegploeg"].queryset = Organisatie.objects.filter(gemeente__isnull=True)


class AgenderenForm(forms.Form):
    meldingen = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="Meldingen voor deze briefing",
        error_messages={"required": "Kies minstens één melding.",
                        "invalid_choice": "Deze melding kan niet (meer) worden geagendeerd."},
    )

    def __init__(self, *args, kandidaten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meldingen"].queryset = kandidaten


class WegingForm(forms.ModelForm):
    overlegtype = forms.ModelChoiceField(
        Overlegtype.objects.filter(actief=True), required=False, label="Overleg (als afwijkend van het besluit)",
        empty_label="Zoals bij het besluit",
        help_text="Alleen bij een besluit dat agendeert, bijvoorbeeld Top-X in plaats van focus.",
    )

    class Meta:
        model = Weging
        fields = [
            "criterium_a", "motivatie_a", "criterium_b", "motivatie_b", "criterium_c", "motivatie_c",
            "criterium_d", "motivatie_d", "besluit", "subreden", "met_client", "toelichting", "categorie",
        ]
        widgets = {f"motivatie_{c}": forms.Textarea(attrs={"rows": 2}) for c in "abcd"} | {
            "toelichting": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["besluit"].queryset = BesluitOptie.objects.filter(actief=True, hoofdbesluit__isnull=True)
        self.fields["besluit"].empty_label = "Kies een besluit"
        self.fields["besluit"].error_messages["required"] = "Kies het besluit van de weegploeg."
        self.fields["subreden"].queryset = BesluitOptie.objects.filter(actief=True, hoofdbesluit__isnull=False).select_related("hoofdbesluit")
        self.fields["subreden"].label_from_instance = lambda o: f"{o.hoofdbesluit.naam}: {o.naam}"
        soort_informatie(self.fields["categorie"])
        self.fields["categorie"].help_text = "Geldt voor de motivaties en de toelichting; begint bij de soort van de melding."

    def clean(self):
        data = super().clean()
        besluit, subreden = data.get("besluit"), data.get("subreden")
        if besluit is None:
            return data
        heeft_subredenen = besluit.subredenen.filter(actief=True).exists()
        if heeft_subredenen and subreden is None:
            self.add_error("subreden", f"Kies bij '{besluit.naam}' ook de reden.")
        if subreden is not None and subreden.hoofdbesluit_id != besluit.pk:
            self.add_error("subreden", "Deze reden hoort niet bij het gekozen besluit.")
        if data.get("overlegtype") and not besluit.opent_casus:
            self.add_error("overlegtype", "Dit besluit agendeert niet op een overleg; laat het overleg leeg.")
        for c in "abcd":
            if data.get(f"criterium_{c}") and not (data.get(f"motivatie_{c}") or "").strip():
                self.add_error(f"motivatie_{c}", f"Motiveer waarom criterium {c.upper()} van toepassing is.")
        return data
