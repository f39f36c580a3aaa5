from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.forms.utils import ErrorDict
from django.utils import timezone

from schakel.gebruikers.models import Gebruiker
from schakel.overleggen.forms import soort_informatie
from schakel.overleggen.models import Overleg
from schakel.partners.models import Organisatie

from .models import Actie, Doel, PlanVanAanpak
from .services import casus_begin, houder_organisaties, mogelijke_houders

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
        self.casus = casus
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
        begin = casus_begin(self.casus)
        if datum < begin:
            raise forms.ValidationError(f"De datum van vaststelling ligt vóór de start van de casus ({begin:%d-%m-%Y}).")
        return datum

    def clean_vastgesteld_in(self):
        overleg = self.cleaned_data.get("vastgesteld_in")
        gewijzigd = self.instance.pk is None or "vastgesteld_in" in self.changed_data
        if overleg is not None and gewijzigd and overleg.datum > timezone.now():
            raise forms.ValidationError(
                f"{overleg} heeft nog niet plaatsgevonden; een plan wordt vastgesteld in een overleg dat al is geweest."
            )
        return overleg

    def clean(self):
        data = super().clean()
        overleg = data.get("vastgesteld_in")
        # The change form has no adoption date: it is fixed, so the chosen meeting must fit the stored one.
        veld = "vastgesteld_op" if "vastgesteld_op" in self.fields else "vastgesteld_in"
        datum = data.get("vastgesteld_op") if veld == "vastgesteld_op" else self.instance.vastgesteld_op
        gewijzigd = self.instance.pk is None or "vastgesteld_in" in self.changed_data
        if (overleg is not None and datum is not None and gewijzigd and veld not in self.errors
                and datum < timezone.localtime(overleg.datum).date()):
            self.add_error(veld, f"De datum van vaststelling ({datum:%d-%m-%Y}) ligt vóór het overleg {overleg}.")
        return data


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
        self.casus = casus
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

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        # An action kept as it was stays valid history; only a new or changed deadline is checked.
        if self.instance.pk is None or "deadline" in self.changed_data:
            begin = casus_begin(self.casus)
            if deadline < begin:
                raise forms.ValidationError(
                    f"De deadline ligt vóór de start van de casus ({begin:%d-%m-%Y}). Kies een latere datum."
                )
        return deadline

    def clean(self):
        data = super().clean()
        organisatie, eigenaar = data.get("organisatie"), data.get("eigenaar")
        if organisatie and eigenaar and eigenaar.organisatie_id != organisatie.pk:
            self.add_error("eigenaar", f"{eigenaar} werkt niet bij {organisatie}.")
        return data


# Room for a full plan on every domain of life; a longer list is more than one plan van aanpak.
MAX_DOELEN = 20
MAX_ACTIES = 40
# The name of the submit buttons that ask for one more empty row instead of saving (no JavaScript).
REGEL_ERBIJ = "regel_erbij"


class MinstensEenFormSet(BaseInlineFormSet):
    minimum_melding = "Vul er minstens één in."
    default_error_messages = {
        **BaseInlineFormSet.default_error_messages,
        "too_many_forms": "Een plan van aanpak heeft hoogstens %(num)d regels hier; er is niets opgeslagen.",
        "missing_management_form": "Het formulier is niet volledig verzonden; laad de pagina opnieuw.",
    }

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
        PlanVanAanpak, Doel, form=DoelForm, formset=DoelenFormSet, extra=extra, can_delete=kwargs.pop("can_delete", False),
        max_num=MAX_DOELEN, validate_max=True, absolute_max=MAX_DOELEN,
    )
    return cls(prefix="doelen", **kwargs)


def acties_formset(extra=3, *, casus, **kwargs):
    cls = inlineformset_factory(
        PlanVanAanpak, Actie, form=ActieForm, formset=ActiesFormSet, extra=extra, can_delete=False,
        max_num=MAX_ACTIES, validate_max=True, absolute_max=MAX_ACTIES,
    )
    return cls(prefix="acties", form_kwargs={"casus": casus}, **kwargs)


def regel_erbij(data):
    """The posted plan with one more empty goal or action row, when the user pressed "Nog een doel" or
    "Nog een actie": (data, prefix), or (data, None) for an ordinary submit. What was typed stays."""
    prefix = data.get(REGEL_ERBIJ) if data is not None else None
    if prefix not in ("doelen", "acties"):
        return data, None
    maximum = MAX_DOELEN if prefix == "doelen" else MAX_ACTIES
    data = data.copy()
    sleutel = f"{prefix}-TOTAL_FORMS"
    try:
        totaal = int(data.get(sleutel, ""))
    except ValueError:
        return data, None  # A damaged management form is reported by the ordinary validation.
    data[sleutel] = str(max(0, min(totaal + 1, maximum)))
    return data, prefix


def zonder_foutmeldingen(form, *formsets) -> None:
    """Shows the typed values again without judging them: adding a row is not an attempt to save."""
    form._errors = ErrorDict()
    for formset in formsets:
        formset._errors = []
        formset._non_form_errors = formset.error_class()
        for f in formset.forms:
            f._errors = ErrorDict()


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
