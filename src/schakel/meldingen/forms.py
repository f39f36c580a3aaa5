from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone

from schakel.core.lijsten import DatumVeld, KeuzeVeld, LijstFilter, ZoekVeld, vaste_keuzes
from schakel.core.tijd import dagbegin
from schakel.core.validators import niet_in_toekomst, niet_in_toekomst_tijd
from schakel.gemeenten.models import Gemeente
from schakel.personen.models import Persoon
from schakel.privacy.formulier import soort_informatie, standaard_categorie

from .models import OMSCHRIJVING_MAX, Melding, Terugkoppeling, Thema


def kies_lege_keuze(form) -> None:
    """Django's '---------' says nothing; a professional reads 'Kies …'."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == "---------":
                field.empty_label = "Kies …"
        elif isinstance(field, forms.TypedChoiceField) and field.choices and field.choices[0][0] == "":
            field.choices = [("", "Kies …"), *field.choices[1:]]


class MeldingForm(forms.ModelForm):
    ontvangen_op = forms.DateTimeField(
        label="Ontvangen op",
        initial=lambda: timezone.localtime().replace(second=0, microsecond=0).strftime("%Y-%m-%dT%H:%M"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d-%m-%Y %H:%M", "%Y-%m-%d %H:%M"],
        validators=[niet_in_toekomst_tijd],
    )

    class Meta:
        model = Melding
        fields = [
            "ontvangen_op", "kanaal", "soort", "anoniem", "urgentie", "melder_organisatie", "melder_naam",
            "melder_contact", "onderwerp", "gebied", "gemeente", "thema", "omschrijving",
            "categorie", "lopend_bij_veilig_thuis", "lopend_bij_zsm",
        ]
        widgets = {"omschrijving": forms.Textarea(attrs={"rows": 6, "maxlength": OMSCHRIJVING_MAX})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thema"].queryset = Thema.objects.filter(actief=True)
        # Optional in the model only because historical imports lack them; a live melding has both.
        self.fields["melder_organisatie"].required = True
        self.fields["melder_naam"].required = True
        kies_lege_keuze(self)
        soort_informatie(self.fields["categorie"])
        self.fields["categorie"].help_text = (
            "Staat er iets over gezondheid, GGZ, verslaving of Veilig Thuis in de omschrijving? Kies die soort: andere "
            "partijen zien de omschrijving dan alleen als de convenantbijlage het hun toestaat."
        )
        self.fields["omschrijving"].error_messages["max_length"] = (
            f"De omschrijving is te lang: maximaal {OMSCHRIJVING_MAX:,} tekens.".replace(",", ".")
        )

    def clean(self):
        data = super().clean()
        if data.get("onderwerp") == Melding.Onderwerp.GEBIED and not data.get("gebied"):
            self.add_error("gebied", "Vul het gebied in als de melding een gebied betreft.")
        if "categorie" not in self.data and not data.get("categorie"):
            # A client that never offered the choice gets the reporter's default, never silently 'general'.
            data["categorie"] = standaard_categorie(data.get("melder_organisatie"))
        return data


def beperk_melder_organisatie(form, user) -> None:
    """A partner reports on behalf of his own organisation; house staff register for any partner.
    Shared by the screen and the API (meldingen/api.py)."""
    if not user.is_processtaf:
        form.fields["melder_organisatie"].queryset = form.fields["melder_organisatie"].queryset.filter(pk=user.organisatie_id)
        form.fields["melder_organisatie"].initial = user.organisatie_id
        # Veilig Thuis or a care organisation writes special-category data by nature: start shielded.
        standaard = standaard_categorie(user.organisatie)
        form.fields["categorie"].initial = standaard.pk if standaard else None


class PersoonForm(forms.ModelForm):
    """The subject of a new melding; every field optional so an area or anonymous advice needs none."""

    prefix = "persoon"

    class Meta:
        model = Persoon
        fields = ["bsn", "voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "geslacht", "gemeente"]
        widgets = {"geboortedatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, verplicht: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.verplicht = verplicht
        self.fields["achternaam"].required = False
        self.fields["gemeente"].queryset = Gemeente.objects.all()
        self.fields["bsn"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        kies_lege_keuze(self)

    @property
    def leeg(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not any(data.get(f) for f in ("bsn", "voornamen", "achternaam", "geboortedatum"))

    def clean_bsn(self):
        bsn = (self.cleaned_data.get("bsn") or "").replace(" ", "").replace(".", "")
        return bsn or None

    def validate_unique(self):
        # A known BSN is not an error here: the duplicate safeguard offers the existing person instead.
        pass

    def clean(self):
        data = super().clean()
        if not self.leeg and not data.get("achternaam"):
            self.add_error("achternaam", "Vul de achternaam in.")
        if self.verplicht and self.leeg:
            self.add_error("achternaam", "Vul de persoon in waar de melding over gaat.")
        return data


class MeldingFilterForm(LijstFilter):
    zoek = ZoekVeld(help_text="Melding- of casusnummer, bijvoorbeeld M-0000456 of C-0000123.")
    van = DatumVeld("Ontvangen vanaf")
    tot = DatumVeld("Ontvangen tot en met")
    gemeente = KeuzeVeld("Gemeente", "Alle gemeenten")
    status = forms.ChoiceField(label="Status", choices=[("", "Alle statussen"), *Melding.Status.choices], required=False)
    thema = KeuzeVeld("Thema", "Alle thema's")
    kanaal = forms.ChoiceField(label="Kanaal", choices=[("", "Alle kanalen"), *Melding.Kanaal.choices], required=False)

    sorteringen = {
        "nummer": ("id",),
        "ontvangen": ("ontvangen_op", "id"),
        "gemeente": ("gemeente__naam", "ontvangen_op", "id"),
        "status": ("status", "ontvangen_op", "id"),
    }
    standaard = "-ontvangen"
    aflopend_eerst = {"nummer", "ontvangen"}
    # A million meldingen: counting 100,000 of them under a filter costs more than the page itself
    # (docs/performance.md); beyond 10,000 the list says "meer dan".
    max_totaal = 10_000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.keuzes("gemeente", vaste_keuzes(Gemeente, "naam").rijen())
        self.keuzes("thema", vaste_keuzes(Thema, "naam").rijen())

    def filteren(self, qs, d):
        if d.get("zoek"):
            soort, pk = d["zoek"]
            qs = qs.filter({"M": Q(pk=pk), "C": Q(casus_id=pk), None: Q(pk=pk) | Q(casus_id=pk)}.get(soort, Q(pk__in=[])))
        qs = self.periode(qs, "ontvangen_op", d)
        for veld in ("status", "kanaal"):
            if d.get(veld):
                qs = qs.filter(**{veld: d[veld]})
        for veld in ("gemeente", "thema"):
            if d.get(veld):
                qs = qs.filter(**{f"{veld}_id": d[veld]})
        return qs


class TerugkoppelingForm(forms.ModelForm):
    class Meta:
        model = Terugkoppeling
        fields = ["datum", "kanaal", "tekst", "categorie"]
        widgets = {
            "datum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "tekst": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["datum"].initial = timezone.localdate
        self.fields["datum"].validators.append(niet_in_toekomst)
        soort_informatie(self.fields["categorie"])


class KoppelForm(forms.Form):
    """House staff choose who the reporter's person is: one of the known persons just found, or a
    new person, which is not offered when a hit shares the BSN (a BSN belongs to one person)."""

    keuze = forms.ChoiceField(
        label="Wie is de opgegeven persoon?", widget=forms.RadioSelect,
        error_messages={"required": "Kies een bekende persoon of een nieuwe persoon.",
                        "invalid_choice": "Kies een van de getoonde personen."},
    )

    def __init__(self, *args, treffers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.treffers = {f"bestaand-{t.persoon.pk}": t.persoon for t in treffers}
        keuzes = [(sleutel, str(p)) for sleutel, p in self.treffers.items()]
        if not any(t.reden == "zelfde BSN" for t in treffers):
            keuzes.append(("nieuw", "Een andere persoon: nieuwe persoon aanmaken met de opgegeven gegevens"))
        self.fields["keuze"].choices = keuzes

    def gekozen_persoon(self):
        return self.treffers.get(self.cleaned_data["keuze"])
