from django import forms
from django.utils import timezone

from schakel.opschaling.models import Escalatieniveau, Opschaling
from schakel.overleggen.models import Overlegtype
from schakel.partners.models import Organisatie
from schakel.privacy.formulier import soort_informatie

from .models import KADER_OVERLEGTYPEN, OPSCHALEN, BesluitOptie, Briefing, Weging, lopend_elders


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
            "criterium_d", "motivatie_d", "besluit", "subreden", "met_client", "motivatie_buiten_kader", "toelichting",
            "categorie", "lopend_elders_gecontroleerd",
        ]
        widgets = {f"motivatie_{c}": forms.Textarea(attrs={"rows": 2}) for c in "abcd"} | {
            "toelichting": forms.Textarea(attrs={"rows": 3}),
            "motivatie_buiten_kader": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, melding, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["besluit"].queryset = BesluitOptie.objects.filter(actief=True, hoofdbesluit__isnull=True)
        self.fields["besluit"].empty_label = "Kies een besluit"
        self.fields["besluit"].error_messages["required"] = "Kies het besluit van de weegploeg."
        self.fields["subreden"].queryset = BesluitOptie.objects.filter(actief=True, hoofdbesluit__isnull=False).select_related("hoofdbesluit")
        self.fields["subreden"].label_from_instance = lambda o: f"{o.hoofdbesluit.naam}: {o.naam}"
        self.fields["subreden"].empty_label = "Geen (alleen nodig bij een besluit met redenen)"
        self.fields["motivatie_buiten_kader"].label = "Motivatie focus/Top-X buiten het Landelijk Kader"
        self.fields["motivatie_buiten_kader"].help_text = (
            "Alleen invullen als de melding naar focus of Top-X gaat terwijl (A en B en C) of D niet geldt: waarom toch?"
        )
        soort_informatie(self.fields["categorie"])
        self.fields["categorie"].help_text = "Geldt voor de motivaties en de toelichting; begint bij de soort van de melding."
        self.elders = lopend_elders(melding)
        if self.elders:
            veld = self.fields["lopend_elders_gecontroleerd"]
            veld.label = f"Ik heb gecontroleerd dat deze melding al loopt bij {self.elders} en dat dit besluit daar niet dubbel op werkt."
            veld.help_text = f"Verplicht: de melder gaf aan dat de melding ook bij {self.elders} loopt."
        else:
            del self.fields["lopend_elders_gecontroleerd"]
        self.order_fields([
            "criterium_a", "motivatie_a", "criterium_b", "motivatie_b", "criterium_c", "motivatie_c",
            "criterium_d", "motivatie_d", "besluit", "subreden", "overlegtype", "motivatie_buiten_kader", "met_client",
            "toelichting", "categorie", "lopend_elders_gecontroleerd",
        ])

    def clean(self):
        data = super().clean()
        if self.elders and not data.get("lopend_elders_gecontroleerd"):
            self.add_error(
                "lopend_elders_gecontroleerd",
                f"Bevestig dat u hebt gecontroleerd dat de melding al bij {self.elders} loopt, voordat u het besluit vastlegt.",
            )
        for c in "abcd":
            if data.get(f"criterium_{c}") and not (data.get(f"motivatie_{c}") or "").strip():
                self.add_error(f"motivatie_{c}", f"Motiveer waarom criterium {c.upper()} van toepassing is.")
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
        self._clean_kader(data, besluit)
        return data

    def _clean_kader(self, data, besluit):
        """Focus and Top-X are for cases that meet the Landelijk Kader; choosing them anyway is allowed,
        but only with a reason on record, which the report counts apart."""
        overlegtype = data.get("overlegtype") or besluit.overlegtype
        buiten = (
            overlegtype is not None and overlegtype.code in KADER_OVERLEGTYPEN
            and not Weging.kader(*(bool(data.get(f"criterium_{c}")) for c in "abcd"))
        )
        motivatie = (data.get("motivatie_buiten_kader") or "").strip()
        if buiten and not motivatie:
            self.add_error(
                "motivatie_buiten_kader",
                f"De melding voldoet niet aan het Landelijk Kader (A en B en C, of D). Motiveer waarom u toch kiest voor {overlegtype}.",
            )
        elif motivatie and not buiten:
            self.add_error(
                "motivatie_buiten_kader",
                "Deze motivatie hoort alleen bij focus of Top-X buiten het Landelijk Kader; laat het veld leeg.",
            )

    def kiest_opschalen(self) -> bool:
        """After validation: whether the chosen decision escalates (also when other fields failed)."""
        besluit = getattr(self, "cleaned_data", {}).get("besluit")
        return besluit is not None and besluit.code == OPSCHALEN


class OpschalingBijWegingForm(forms.Form):
    """The escalation the decision 'opschalen' makes, filled in on the weighing screen itself."""

    niveau = forms.ModelChoiceField(
        Escalatieniveau.objects.filter(actief=True), required=False, label="Opschalen naar", empty_label="Kies het niveau",
    )
    reden = forms.CharField(
        label="Reden van opschaling", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        validators=Opschaling._meta.get_field("reden").validators,
    )
    gevraagd_besluit = forms.CharField(
        label="Gevraagd besluit", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        validators=Opschaling._meta.get_field("gevraagd_besluit").validators,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "opschaling")
        super().__init__(*args, **kwargs)
        self.opschalen = False  # set by the view from the weighing form before validation

    def clean(self):
        data = super().clean()
        if self.opschalen:
            for veld, fout in (("niveau", "Kies naar welk niveau wordt opgeschaald."),
                               ("reden", "Geef de reden van de opschaling."),
                               ("gevraagd_besluit", "Geef aan welk besluit wordt gevraagd.")):
                if not (data.get(veld) if veld == "niveau" else (data.get(veld) or "").strip()):
                    self.add_error(veld, fout)
        elif any(data.get(v) for v in ("niveau", "reden", "gevraagd_besluit")):
            self.add_error(None, "Vul de opschaling alleen in bij het besluit 'Opschalen'; laat deze velden anders leeg.")
        return data
