from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone

from schakel.gebruikers.models import Gebruiker
from schakel.overleggen.forms import soort_informatie
from schakel.overleggen.models import Overleg
from schakel.partners.models import Organisatie

from .models import Actie, Doel, PlanVanAanpak
from .services import houder_organisaties, mogelijke_houders

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _gebruiker_met_organisatie(u) -> str:
    return f"{u} – {u.organisatie}" if u.organisatie_id else str(u)


def _met_huidige(queryset, model, pk):
    # A holder chosen earlier stays selectable on the change form, so an untouched plan can still be
    # saved after a covenant changed; the service refuses him as a new holder.
    if pk is None:
        return queryset
    return model.objects.filter(pk__in=[*queryset.values_list("pk", flat=True), pk]).select_related(
        *(["organisatie"] if model is Gebruiker else [])
    ).order_by(*queryset.query.order_by)


class PlanForm(forms.ModelForm):
    class Meta:
        model = PlanVanAanpak
        fields = ["type", "casushouder", "vastgesteld_op", "vastgesteld_in", "client_akkoord", "toelichting", "categorie"]
        widgets = {"vastgesteld_op": DATUM, "toelichting": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, casus, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        f["type"].error_messages["required"] = "Kies het type plan."
        f["casushouder"].queryset = _met_huidige(mogelijke_houders(casus), Gebruiker, self.instance.casushouder_id)
        f["casushouder"].label_from_instance = _gebruiker_met_organisatie
        f["casushouder"].error_messages["required"] = "Kies de casushouder."
        f["casushouder"].error_messages["invalid_choice"] = (
            "Kies een casushouder van een organisatie die de convenantbijlage voor dit overleg noemt; anderen kunnen de casus niet zien."
        )
        f["vastgesteld_in"].queryset = Overleg.objects.filter(besprekingen__casus=casus).select_related("overlegtype").distinct()
        f["vastgesteld_in"].empty_label = "Niet in een vastgelegd overleg"
        soort_informatie(f["categorie"])
        if "vastgesteld_op" in f:
            f["vastgesteld_op"].initial = timezone.localdate
            f["vastgesteld_op"].error_messages["required"] = "Vul de datum van vaststelling in."

    def clean_vastgesteld_op(self):
        datum = self.cleaned_data["vastgesteld_op"]
        if datum > timezone.localdate():
            raise forms.ValidationError("De datum van vaststelling kan niet in de toekomst liggen.")
        return datum


class PlanWijzigForm(PlanForm):
    class Meta(PlanForm.Meta):
        # The adoption date anchors the monitoring schedule, so it is fixed once adopted.
        fields = ["type", "casushouder", "vastgesteld_in", "client_akkoord", "toelichting", "categorie"]


class DoelForm(forms.ModelForm):
    class Meta:
        model = Doel
        fields = ["leefgebied", "omschrijving", "categorie"]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leefgebied"].error_messages["required"] = "Kies het leefgebied."
        self.fields["omschrijving"].error_messages["required"] = "Omschrijf het doel."
        soort_informatie(self.fields["categorie"])


class ActieForm(forms.ModelForm):
    class Meta:
        model = Actie
        fields = ["organisatie", "eigenaar", "omschrijving", "categorie", "deadline"]
        widgets = {"deadline": DATUM, "omschrijving": forms.Textarea(attrs={"rows": 2})}
        labels = {"categorie": "Soort informatie"}
        help_texts = {
            "categorie": "Medische of Veilig Thuis-gegevens in de omschrijving ziet alleen wie de convenantbijlage "
                         "daarvoor noemt, en de organisatie die de actie houdt.",
        }

    def __init__(self, *args, casus, **kwargs):
        super().__init__(*args, **kwargs)
        f = self.fields
        # Only who can (and then will) see the case: an organisation the annex names, a professional of it.
        f["organisatie"].queryset = _met_huidige(
            houder_organisaties(casus).order_by("naam"), Organisatie, self.instance.organisatie_id
        )
        f["organisatie"].error_messages["required"] = "Kies de organisatie die de actie uitvoert."
        f["organisatie"].error_messages["invalid_choice"] = (
            "Alleen een convenantpartner die de convenantbijlage voor dit overleg noemt, kan een actie houden."
        )
        f["eigenaar"].queryset = _met_huidige(mogelijke_houders(casus), Gebruiker, self.instance.eigenaar_id)
        f["eigenaar"].error_messages["invalid_choice"] = (
            "Kies een eigenaar die de casus kan zien: een professional van een organisatie die de convenantbijlage noemt."
        )
        f["eigenaar"].label_from_instance = _gebruiker_met_organisatie
        f["eigenaar"].empty_label = "Nog niet bekend"
        f["omschrijving"].error_messages["required"] = "Omschrijf de actie."
        soort_informatie(f["categorie"])
        f["deadline"].error_messages["required"] = "Vul de deadline van de actie in."

    def clean(self):
        data = super().clean()
        organisatie, eigenaar = data.get("organisatie"), data.get("eigenaar")
        if organisatie and eigenaar and eigenaar.organisatie_id != organisatie.pk:
            self.add_error("eigenaar", f"{eigenaar} werkt niet bij {organisatie}.")
        return data


class MinstensEenFormSet(BaseInlineFormSet):
    minimum_melding = "Vul er minstens één in."

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        over = [f for f in self.forms if f.has_changed() and not self._should_delete_form(f)]
        over += [f for f in self.initial_forms if not f.has_changed() and not self._should_delete_form(f)]
        if not over:
            raise forms.ValidationError(self.minimum_melding)


class DoelenFormSet(MinstensEenFormSet):
    minimum_melding = "Geef minstens één doel op."


class ActiesFormSet(MinstensEenFormSet):
    minimum_melding = "Geef minstens één actie op."


def doelen_formset(extra=3, **kwargs):
    cls = inlineformset_factory(
        PlanVanAanpak, Doel, form=DoelForm, formset=DoelenFormSet, extra=extra, can_delete=kwargs.pop("can_delete", False)
    )
    return cls(prefix="doelen", **kwargs)


def acties_formset(extra=3, *, casus, **kwargs):
    cls = inlineformset_factory(PlanVanAanpak, Actie, form=ActieForm, formset=ActiesFormSet, extra=extra, can_delete=False)
    return cls(prefix="acties", form_kwargs={"casus": casus}, **kwargs)


class ActieStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", choices=Actie.Status.choices, error_messages={"invalid_choice": "Kies een geldige status."}
    )
    reden_niet_gedaan = forms.CharField(
        label="Reden (bij niet gedaan)", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        validators=Actie._meta.get_field("reden_niet_gedaan").validators,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].error_messages["required"] = "Kies de nieuwe status."

    def clean(self):
        data = super().clean()
        if data.get("status") == Actie.Status.NIET_GEDAAN and not (data.get("reden_niet_gedaan") or "").strip():
            self.add_error("reden_niet_gedaan", "Geef aan waarom de actie niet is gedaan.")
        return data
