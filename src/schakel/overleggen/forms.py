from django import forms
from django.utils import timezone

from schakel.core.validators import niet_in_toekomst
from schakel.gebruikers.models import Gebruiker
from schakel.gebruikers.rollen import Rol
from schakel.meldingen.forms import kies_lege_keuze
from schakel.partners.models import Organisatie
from schakel.privacy.models import InformatieCategorie

from .models import Bespreking, Deelnemer, Overleg, Overlegtype
from .services import verslag_fouten

DATUMTIJD_FORMATEN = ["%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M"]


class OverlegForm(forms.ModelForm):
    datum = forms.DateTimeField(
        label="Datum en tijd",
        initial=lambda: timezone.localtime().replace(second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=DATUMTIJD_FORMATEN,
        error_messages={"required": "Vul de datum en tijd van het overleg in.",
                        "invalid": "Vul een geldige datum en tijd in, bijvoorbeeld 14-03-2026 10:00."},
    )

    class Meta:
        model = Overleg
        fields = ["overlegtype", "datum", "locatie", "voorzitter"]

    def __init__(self, *args, gebruiker=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overlegtype"].queryset = Overlegtype.objects.filter(actief=True)
        self.fields["overlegtype"].error_messages["required"] = "Kies het soort overleg."
        self.fields["voorzitter"].queryset = Gebruiker.objects.filter(
            rol_toekenningen__rol=Rol.PROCESREGISSEUR, is_active=True
        ).order_by("last_name", "first_name", "username")
        self.fields["voorzitter"].error_messages["required"] = "Kies de procesregisseur die het overleg voorzit."
        if gebruiker is not None and gebruiker.heeft_rol(Rol.PROCESREGISSEUR):
            self.fields["voorzitter"].initial = gebruiker.pk
        kies_lege_keuze(self)

    def clean(self):
        data = super().clean()
        overlegtype, datum = data.get("overlegtype"), data.get("datum")
        if overlegtype and datum:
            dag = timezone.localtime(datum).date()
            if not overlegtype.in_gebruik_op(dag):
                self.add_error("overlegtype", f"{overlegtype} is op {dag:%d-%m-%Y} niet in gebruik.")
        return data


class AgenderenForm(forms.Form):
    casussen = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label="Casussen voor dit overleg",
        error_messages={"required": "Kies minstens één casus.",
                        "invalid_choice": "Deze casus kan niet (meer) op de agenda van dit overleg."},
    )

    def __init__(self, *args, kandidaten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["casussen"].queryset = kandidaten


class AgendapuntenVeld(forms.ModelMultipleChoiceField):
    """The agenda items someone is invited for (or signs a declaration for): a case number and where
    it plays, enough for the procesregisseur to choose without opening each case."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("required", "Kies minstens één agendapunt.")
        kwargs["error_messages"].setdefault("invalid_choice", "Een of meer gekozen agendapunten horen niet bij dit overleg.")
        kwargs["error_messages"].setdefault("invalid_pk_value", "Een of meer gekozen agendapunten horen niet bij dit overleg.")
        super().__init__(queryset=Bespreking.objects.none(), **kwargs)

    def label_from_instance(self, b):
        return f"Casus {b.casus.nummer} ({b.casus.gemeente}, {b.casus.thema})"

    def clean(self, value):
        # An id too large for the database would raise instead of being an unknown choice.
        if isinstance(value, (list, tuple)) and any(len(str(v).strip()) > 18 for v in value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().clean(value)


def agendapunten(overleg):
    return overleg.besprekingen.select_related("casus__gemeente", "casus__thema").order_by("volgorde", "id")


class DeelnemerForm(forms.ModelForm):
    soort = forms.ChoiceField(
        label="Soort deelname",
        choices=[(Deelnemer.Soort.GENODIGD, "Genodigde organisatie"), (Deelnemer.Soort.GAST, "Incidentele gast")],
        initial=Deelnemer.Soort.GENODIGD,
        help_text="Een organisatie zonder convenant kan alleen als gast deelnemen, na een geheimhoudingsverklaring.",
        error_messages={"required": "Kies het soort deelname.", "invalid_choice": "Kies genodigde organisatie of incidentele gast."},
    )
    agendapunten = AgendapuntenVeld(
        label="Uitnodigen voor de agendapunten",
        help_text="Alleen de casussen die u aanvinkt: de organisatie of gast ziet die casus vanaf het begin van het overleg, "
                  "tot de ingestelde termijn daarna. Andere casussen op de agenda blijven voor hen dicht.",
        error_messages={"required": "Kies minstens één agendapunt waarvoor u uitnodigt."},
    )

    class Meta:
        model = Deelnemer
        fields = ["soort", "organisatie", "gebruiker", "naam"]
        labels = {"gebruiker": "Professional (met account)", "naam": "Of: naam van de gast (zonder account)"}

    def __init__(self, *args, overleg, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agendapunten"].queryset = agendapunten(overleg)
        self.fields["organisatie"].queryset = Organisatie.objects.filter(is_veiligheidshuis=False)
        self.fields["organisatie"].error_messages["required"] = "Kies de organisatie."
        self.fields["gebruiker"].queryset = (
            Gebruiker.objects.filter(rol_toekenningen__rol=Rol.PARTNER, is_active=True, organisatie__isnull=False)
            .select_related("organisatie").order_by("organisatie__naam", "last_name", "username")
        )
        self.fields["gebruiker"].label_from_instance = lambda g: f"{g} ({g.organisatie})"
        self.fields["gebruiker"].required = False
        kies_lege_keuze(self)
        self.fields["gebruiker"].empty_label = "Geen (alleen de organisatie of een naam)"

    def clean(self):
        data = super().clean()
        soort, gebruiker, naam = data.get("soort"), data.get("gebruiker"), (data.get("naam") or "").strip()
        organisatie = data.get("organisatie")
        if gebruiker and naam:
            self.add_error("naam", "Kies een professional óf vul een naam in, niet allebei.")
        if soort == Deelnemer.Soort.GAST and not gebruiker and not naam and "naam" not in self.errors:
            self.add_error("naam", "Kies bij een gast de professional of vul de naam van de gast in.")
        if soort == Deelnemer.Soort.GENODIGD and naam:
            self.add_error("naam", "Een naam zonder account is alleen voor een gast.")
        if gebruiker and organisatie and gebruiker.organisatie_id != organisatie.pk:
            self.add_error("gebruiker", f"{gebruiker} werkt niet bij {organisatie}.")
        if organisatie and not organisatie.convenantpartner and soort == Deelnemer.Soort.GENODIGD:
            self.add_error("soort", f"{organisatie} heeft geen convenant; voeg deze organisatie toe als gast.")
        data["naam"] = naam
        return data


class GeheimhoudingForm(forms.Form):
    agendapunten = AgendapuntenVeld(
        label="Voor de agendapunten",
        error_messages={"required": "Kies de agendapunten waarvoor de gast de geheimhoudingsverklaring tekende."},
    )
    getekend_op = forms.DateField(
        label="Getekend op", validators=[niet_in_toekomst],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={"required": "Vul de datum in waarop de geheimhoudingsverklaring is getekend.",
                        "invalid": "Vul een geldige datum in, bijvoorbeeld 14-03-2026."},
    )

    def __init__(self, *args, deelnemer, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the items this guest is invited for and has not signed for yet.
        self.fields["agendapunten"].queryset = agendapunten(deelnemer.overleg).filter(
            uitnodigingen__deelnemer=deelnemer, uitnodigingen__geheimhoudingsverklaring__isnull=True
        )


class AanwezigheidForm(forms.Form):
    # The marker tells "nobody present" (no boxes ticked) apart from a truncated or forged request.
    aanwezigheid = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "Het formulier is niet volledig verzonden."})
    aanwezig = forms.TypedMultipleChoiceField(coerce=int, required=False, choices=())

    def __init__(self, *args, deelnemer_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["aanwezig"].choices = [(pk, pk) for pk in deelnemer_ids]
        self.fields["aanwezig"].error_messages["invalid_choice"] = "Een of meer gekozen deelnemers horen niet bij dit overleg."


def soort_informatie(veld) -> None:
    """The select 'Soort informatie' for minutes or an action description (also used by plannen)."""
    veld.queryset = InformatieCategorie.objects.order_by("naam")
    veld.empty_label = "Algemeen (geen bijzondere categorie)"
    veld.error_messages["invalid_choice"] = "Kies een bestaande soort informatie."


class BesprekingForm(forms.ModelForm):
    client_stappen = forms.MultipleChoiceField(
        label="Cliënt aan tafel bij", required=False, choices=Bespreking.VBOB.choices, widget=forms.CheckboxSelectMultiple,
        help_text="VBOB: meestal sluit de cliënt pas aan bij de besluitvorming.",
    )

    class Meta:
        model = Bespreking
        fields = [
            "notulen", "categorie", "besluiten", "smd_indicatie", "client_stappen", "vertrokken_voor_besluit", "verslag_afgerond",
        ]
        widgets = {"notulen": forms.Textarea(attrs={"rows": 8}), "besluiten": forms.Textarea(attrs={"rows": 4})}
        labels = {"categorie": "Soort informatie"}
        help_texts = {
            "categorie": "Bevatten de notulen medische of Veilig Thuis-gegevens? Dan zien alleen de partijen die de "
                         "convenantbijlage daarvoor noemt ze; de besluiten blijven voor alle deelnemers zichtbaar.",
        }

    def __init__(self, *args, client_toegestaan: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.client_toegestaan = client_toegestaan
        soort_informatie(self.fields["categorie"])
        if self.instance.overleg.overlegtype.code != "smd":
            # The indication outcome belongs to the SMD/ISD session only (seed 001 §1.11).
            del self.fields["smd_indicatie"]
        if not client_toegestaan:
            # Still a field so a forged post is refused with a message instead of silently dropped.
            self.fields["client_stappen"].widget = forms.MultipleHiddenInput()

    def clean_client_stappen(self):
        stappen = self.cleaned_data.get("client_stappen") or []
        volgorde = [c for c, _ in Bespreking.VBOB.choices]
        return [c for c in volgorde if c in stappen]

    def clean(self):
        data = super().clean()
        if data.get("client_stappen") and not self.client_toegestaan:
            # A hidden field's error would not be shown next to it, so this one goes on top of the form.
            self.add_error(None, "Bij dit overleg sluit de cliënt niet aan; er zijn geen VBOB-stappen vast te leggen.")
        if data.get("verslag_afgerond"):
            for fout in verslag_fouten(self.instance.overleg, data.get("notulen"), data.get("besluiten")):
                self.add_error(fout.veld, fout.tekst)
        return data
