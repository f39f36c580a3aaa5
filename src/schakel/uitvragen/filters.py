"""Filters, search and sort of the information-request list."""
from django import forms
from django.db.models import Q

from schakel.core.lijsten import DatumVeld, KeuzeVeld, LijstFilter, ZoekVeld
from schakel.gemeenten.models import Gemeente

from .models import InformatieUitvraag


class UitvraagFilter(LijstFilter):
    zoek = ZoekVeld(help_text="Uitvraag- of meldingnummer, bijvoorbeeld U-0000789 of M-0000456.")
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Alle statussen"), *InformatieUitvraag.Status.choices])
    gemeente = KeuzeVeld("Gemeente", "Alle gemeenten")
    van = DatumVeld("Gevraagd vanaf")
    tot = DatumVeld("Gevraagd tot en met")

    sorteringen = {
        "nummer": ("id",),
        "gevraagd": ("gevraagd_op", "id"),
        "gemeente": ("gemeente__naam", "gevraagd_op", "id"),
        "status": ("status", "gevraagd_op", "id"),
    }
    standaard = "-gevraagd"
    aflopend_eerst = {"nummer", "gevraagd"}
    # The open requests are the work; "Alle statussen" is one choice away.
    standaardwaarden = {"status": InformatieUitvraag.Status.OPEN}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        gemeenten = Gemeente.objects.order_by("naam")
        if self.gebruiker is not None and not self.gebruiker.is_processtaf:
            gemeenten = gemeenten.filter(contactpersonen=self.gebruiker)
        self.keuzes("gemeente", gemeenten.values_list("pk", "naam"))

    def filteren(self, qs, d):
        if d.get("zoek"):
            soort, pk = d["zoek"]
            qs = qs.filter({"U": Q(pk=pk), "M": Q(melding_id=pk), None: Q(pk=pk) | Q(melding_id=pk)}.get(soort, Q(pk__in=[])))
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("gemeente"):
            qs = qs.filter(gemeente_id=d["gemeente"])
        return self.periode(qs, "gevraagd_op", d)
