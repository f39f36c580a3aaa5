"""The beheer form for the cost inputs of a year: one field per decision of the briefing and per
conference type a decision leads to, instead of raw JSON, so a beheerder cannot mistype a code.
Amounts are read the Dutch way (700.000 and 202,65)."""
from __future__ import annotations

import re
from decimal import Decimal

from django import forms

from schakel.briefing.models import BesluitOptie
from schakel.overleggen.models import Overlegtype

from .kosten import getal
from .kosten_invoer import MAX_BEDRAG, MAX_MINUTEN, getal_uit_json, json_getal
from .models import Kosteninvoer

_DUIZENDTALLEN_PUNT = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_DUIZENDTALLEN_KOMMA = re.compile(r"^-?\d{1,3}(,\d{3})+$")


def lees_nederlands_getal(tekst: str) -> str:
    """'€ 700.000' → '700000', '202,65' → '202.65', '1.584,01' → '1584.01'. A lone dot followed by
    exactly three digits groups thousands, as a Dutch reader means it; otherwise it is the decimal
    point. What is left is for Decimal to accept or refuse."""
    tekst = re.sub(r"[\s\u00a0€%]", "", tekst)
    if "," in tekst and "." in tekst:
        decimaal = "," if tekst.rfind(",") > tekst.rfind(".") else "."
        duizend = "." if decimaal == "," else ","
        return tekst.replace(duizend, "").replace(decimaal, ".")
    if _DUIZENDTALLEN_PUNT.match(tekst):
        return tekst.replace(".", "")
    if _DUIZENDTALLEN_KOMMA.match(tekst) and tekst.count(",") > 1:
        return tekst.replace(",", "")
    return tekst.replace(",", ".")


class GetalVeld(forms.DecimalField):
    """A decimal typed as a Dutch reader types it, shown the same way."""

    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", {}).setdefault("invalid", "Vul een getal in, zoals 700.000 of 202,65.")
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = lees_nederlands_getal(value)
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return getal(value)
        return value

    def widget_attrs(self, widget):
        # No max/min/step attributes: the field is text, the checks are the server's, in Dutch.
        return {}


class HeelGetalVeld(forms.IntegerField):
    widget = forms.TextInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("error_messages", {}).setdefault("invalid", "Vul een geheel getal in, zoals 537.")
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = lees_nederlands_getal(value)
        return super().to_python(value)

    def widget_attrs(self, widget):
        return {}


def _niet_negatief(waarde):
    if waarde is not None and waarde < 0:
        raise forms.ValidationError("Mag niet negatief zijn.")


def _percentage(waarde):
    if waarde is not None and not 0 <= waarde <= 100:
        raise forms.ValidationError("Een percentage ligt tussen 0 en 100.")


def besluiten_voor(invoer: Kosteninvoer | None) -> list[BesluitOptie]:
    """Active decisions, plus any decision the stored inputs already name (switched off later), so
    saving an older year never drops its minutes."""
    bekend = set()
    if invoer:
        eerder = invoer.eerder_gerapporteerd or {}
        bekend = set(invoer.minuten or {}) | set(eerder.get("kosten") or {}) | set(eerder.get("per_casus") or {})
    qs = BesluitOptie.objects.filter(hoofdbesluit__isnull=True).select_related("overlegtype")
    return [o for o in qs if o.actief or o.code in bekend]


def overlegtypen_voor(invoer: Kosteninvoer | None, besluiten: list[BesluitOptie]) -> list[Overlegtype]:
    """Conference types a decision leads to: only their programme cost is used."""
    codes = {o.overlegtype.code for o in besluiten if o.overlegtype} | set((invoer.programmakosten or {}) if invoer else {})
    return list(Overlegtype.objects.filter(code__in=codes).order_by("naam"))


class KosteninvoerForm(forms.ModelForm):
    class Meta:
        model = Kosteninvoer
        fields = ["jaar", "budget", "dagprijs_detentie", "gemiddelde_detentiedagen", "landelijke_recidive_pct",
                  "eigen_recidive_pct", "unieke_personen"]
        field_classes = {
            "budget": GetalVeld, "dagprijs_detentie": GetalVeld, "gemiddelde_detentiedagen": GetalVeld,
            "landelijke_recidive_pct": GetalVeld, "eigen_recidive_pct": GetalVeld, "unieke_personen": HeelGetalVeld,
        }
        labels = {"budget": "Budget (€)", "dagprijs_detentie": "Dagprijs detentie (€)",
                  "gemiddelde_detentiedagen": "Gemiddelde detentieduur (dagen)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The form's own checks come first and say it plainly; the model's then stay silent.
        for naam in ("budget", "dagprijs_detentie", "gemiddelde_detentiedagen", "unieke_personen"):
            self.fields[naam].validators.append(_niet_negatief)
        for naam in ("landelijke_recidive_pct", "eigen_recidive_pct"):
            self.fields[naam].validators.append(_percentage)
        invoer = self.instance if self.instance.pk else None
        self.besluiten = besluiten_voor(invoer)
        self.overlegtypen = overlegtypen_voor(invoer, self.besluiten)
        minuten = self.instance.minuten or {}
        programmakosten = self.instance.programmakosten or {}
        eerder = self.instance.eerder_gerapporteerd or {}
        self.velden_minuten, self.velden_trajectkosten, self.velden_eerder = [], [], []
        for optie in self.besluiten:
            naam = f"minuten_{optie.code}"
            self.fields[naam] = GetalVeld(
                label=optie.naam, required=False, max_digits=8, decimal_places=2,
                max_value=MAX_MINUTEN, validators=[_niet_negatief], initial=_getal(minuten.get(optie.code)),
                help_text="Minuten per casus. Leeg: dit besluit telt niet mee in de verdeling van het budget.",
            )
            self.velden_minuten.append(naam)
        for overlegtype in self.overlegtypen:
            naam = f"programmakosten_{overlegtype.code}"
            self.fields[naam] = GetalVeld(
                label=overlegtype.naam, help_text="In euro per casus per jaar.", required=False, max_digits=12, decimal_places=2,
                max_value=MAX_BEDRAG, validators=[_niet_negatief], initial=_getal(programmakosten.get(overlegtype.code)),
            )
            self.velden_trajectkosten.append(naam)
        for soort, label in (("kosten", "Kosten"), ("per_casus", "Kosten per casus")):
            for optie in self.besluiten:
                naam = f"eerder_{soort}_{optie.code}"
                self.fields[naam] = GetalVeld(
                    label=f"{label}: {optie.naam} (€)", required=False, max_digits=12,
                    decimal_places=2, max_value=MAX_BEDRAG, validators=[_niet_negatief],
                    initial=_getal((eerder.get(soort) or {}).get(optie.code)),
                )
                self.velden_eerder.append(naam)
        for sleutel, label in (("totaal", "Totaal (€)"), ("besparing", "Besparing (€)")):
            naam = f"eerder_{sleutel}"
            self.fields[naam] = GetalVeld(
                label=label, required=False, max_digits=12, decimal_places=2, max_value=MAX_BEDRAG,
                validators=[_niet_negatief], initial=_getal(eerder.get(sleutel)),
            )
            self.velden_eerder.append(naam)

    def clean(self):
        d = super().clean()
        self.instance.minuten = self._per_code("minuten_", [o.code for o in self.besluiten], self.instance.minuten)
        self.instance.programmakosten = self._per_code(
            "programmakosten_", [o.code for o in self.overlegtypen], self.instance.programmakosten
        )
        eerder = {}
        for soort in ("kosten", "per_casus"):
            waarden = self._per_code(f"eerder_{soort}_", [o.code for o in self.besluiten], {})
            if waarden:
                eerder[soort] = waarden
        for sleutel in ("totaal", "besparing"):
            if d.get(f"eerder_{sleutel}") is not None:
                eerder[sleutel] = json_getal(d[f"eerder_{sleutel}"])
        self.instance.eerder_gerapporteerd = eerder
        return d

    def _per_code(self, voorvoegsel: str, codes: list[str], oud: dict | None) -> dict:
        # Codes without a field here (a conference type no decision leads to any more) keep their value.
        uit = {code: waarde for code, waarde in (oud or {}).items() if code not in codes}
        for code in codes:
            waarde = self.cleaned_data.get(f"{voorvoegsel}{code}")
            if waarde is not None:
                uit[code] = json_getal(waarde)
        return uit


def _getal(waarde) -> Decimal | None:
    return None if waarde is None else getal_uit_json(waarde)
