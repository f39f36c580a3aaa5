from django import forms

from schakel.gemeenten.models import Gemeente
from schakel.privacy.formulier import soort_informatie
from schakel.privacy.models import InformatieCategorie

from .models import InformatieUitvraag


class UitvraagForm(forms.ModelForm):
    class Meta:
        model = InformatieUitvraag
        fields = ["gemeente", "persoon", "afdelingen", "vraag"]
        widgets = {"vraag": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, melding, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = Gemeente.objects.filter(soort=Gemeente.Soort.GEMEENTE)
        # Only persons of this melding can be asked about: a forged id of anyone else is refused.
        self.fields["persoon"].queryset = melding.personen.all()
        self.fields["persoon"].empty_label = "Geen specifieke persoon"
        self.fields["gemeente"].initial = melding.gemeente_id


class AntwoordForm(forms.Form):
    antwoord = forms.CharField(
        label="Antwoord", widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Vul het antwoord in."},
    )
    categorie = forms.ModelChoiceField(
        InformatieCategorie.objects.none(), required=False,
        help_text="Noemt het antwoord zorg, schulden of Veilig Thuis? Kies die soort: dan lezen alleen het huis, uw "
                  "gemeente en de partijen die de convenantbijlage noemt het antwoord.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["antwoord"].validators.extend(InformatieUitvraag._meta.get_field("antwoord").validators)
        soort_informatie(self.fields["categorie"])
