from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from schakel.core.validators import niet_in_toekomst
from schakel.privacy.formulier import soort_informatie

from .models import AfsluitUitkomst, Afsluiting, Casus


class AfsluitingForm(forms.ModelForm):
    uitkomsten = forms.ModelMultipleChoiceField(
        AfsluitUitkomst.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label="Uitkomsten",
        help_text="Vanuit het gezichtspunt van de casushouder; meerdere keuzes mogelijk.",
    )

    class Meta:
        model = Afsluiting
        fields = ["datum", "reden", "uitkomsten", "overgedragen_aan", "overdracht_contact", "toelichting", "categorie"]
        widgets = {
            "datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "toelichting": forms.Textarea(attrs={"rows": 4, "maxlength": 4000}),
        }

    def __init__(self, *args, casus: Casus, **kwargs):
        super().__init__(*args, **kwargs)
        self.casus = casus
        self.fields["uitkomsten"].queryset = AfsluitUitkomst.objects.filter(actief=True)
        self.fields["datum"].initial = timezone.localdate
        self.fields["datum"].validators.append(niet_in_toekomst)
        self.fields["reden"].choices = [("", "Kies …"), *Afsluiting.Reden.choices]
        self.fields["overgedragen_aan"].empty_label = "Niet overgedragen"
        soort_informatie(self.fields["categorie"])

    def clean_datum(self):
        datum = self.cleaned_data["datum"]
        geopend = timezone.localtime(self.casus.geopend_op).date()
        if datum < geopend:
            raise ValidationError(f"De casus kan niet vóór de opening ({geopend:%d-%m-%Y}) worden afgesloten.")
        return datum

    def clean(self):
        data = super().clean()
        if data.get("reden") == Afsluiting.Reden.AFGESCHAALD and not data.get("overgedragen_aan"):
            self.add_error("overgedragen_aan", "Kies de partij waaraan de casus bij afschaling is overgedragen.")
        if data.get("overdracht_contact") and not data.get("overgedragen_aan"):
            self.add_error("overgedragen_aan", "Kies de organisatie bij de contactpersoon voor de overdracht.")
        return data
