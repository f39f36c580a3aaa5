"""Filters, search and sort of the escalation list."""
from django import forms
from django.db.models import Q

from schakel.core.lijsten import DatumVeld, KeuzeVeld, LijstFilter, ZoekVeld, vaste_keuzes

from .models import Escalatieniveau


class OpschalingFilter(LijstFilter):
    zoek = ZoekVeld(help_text="Casus- of meldingnummer, bijvoorbeeld C-0000123 of M-0000456.")
    niveau = KeuzeVeld("Niveau", "Alle niveaus")
    besluit = forms.ChoiceField(
        label="Besluit", required=False, choices=[("", "Alle"), ("open", "Nog geen besluit"), ("genomen", "Besluit genomen")]
    )
    van = DatumVeld("Opgeschaald vanaf")
    tot = DatumVeld("Opgeschaald tot en met")

    sorteringen = {
        "opgeschaald": ("opgeschaald_op", "id"),
        "niveau": ("niveau__volgorde", "opgeschaald_op", "id"),
        "besluit_op": ("besluit_op", "opgeschaald_op", "id"),
    }
    standaard = "-opgeschaald"
    aflopend_eerst = {"opgeschaald", "besluit_op"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.keuzes("niveau", vaste_keuzes(Escalatieniveau, "volgorde").rijen())

    def filteren(self, qs, d):
        if d.get("zoek"):
            soort, pk = d["zoek"]
            qs = qs.filter({"C": Q(casus_id=pk), "M": Q(melding_id=pk), None: Q(casus_id=pk) | Q(melding_id=pk)}.get(soort, Q(pk__in=[])))
        if d.get("niveau"):
            qs = qs.filter(niveau_id=d["niveau"])
        if d.get("besluit") == "open":
            qs = qs.filter(genomen_besluit="")
        elif d.get("besluit") == "genomen":
            qs = qs.exclude(genomen_besluit="")
        return self.periode(qs, "opgeschaald_op", d, datetime=False)
