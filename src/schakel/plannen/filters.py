"""Filters and sort of the API's lists of actions and plans (core.lijsten, as every list)."""
from django import forms
from django.utils import timezone

from schakel.core.lijsten import DatumVeld, LijstFilter

from .models import Actie, PlanVanAanpak


class ActieFilter(LijstFilter):
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Alle statussen"), *Actie.Status.choices])
    te_laat = forms.ChoiceField(
        label="Te laat", required=False, choices=[("", "Alle"), ("ja", "Alleen open acties over de deadline")],
    )
    van = DatumVeld("Deadline vanaf")
    tot = DatumVeld("Deadline tot en met")

    sorteringen = {"deadline": ("deadline", "id"), "nummer": ("id",)}
    standaard = "deadline"

    def filteren(self, qs, d):
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("te_laat"):
            qs = qs.filter(status=Actie.Status.OPEN).te_laat(timezone.localdate())
        return self.periode(qs, "deadline", d, datetime=False)


class PlanFilter(LijstFilter):
    type = forms.ChoiceField(label="Type plan", required=False, choices=[("", "Alle typen"), *PlanVanAanpak.Type.choices])
    van = DatumVeld("Vastgesteld vanaf")
    tot = DatumVeld("Vastgesteld tot en met")

    sorteringen = {"vastgesteld": ("vastgesteld_op", "id"), "nummer": ("id",)}
    standaard = "-vastgesteld"

    def filteren(self, qs, d):
        if d.get("type"):
            qs = qs.filter(type=d["type"])
        return self.periode(qs, "vastgesteld_op", d, datetime=False)
