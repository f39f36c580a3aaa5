"""Filters, search and sort of the meeting list."""
from django import forms
from django.db.models import Exists, OuterRef
from django.utils import timezone

from schakel.core.lijsten import DatumVeld, KeuzeVeld, LijstFilter, ZoekVeld, komende_eerst, vaste_keuzes
from schakel.core.tijd import dagbegin

from .models import Bespreking, Overlegtype


class OverlegFilter(LijstFilter):
    zoek = ZoekVeld(label="Casus op de agenda", help_text="Casusnummer, bijvoorbeeld C-0000123.")
    periode = forms.ChoiceField(
        label="Komend of eerder", required=False,
        choices=[("", "Komende en eerdere"), ("komend", "Alleen komende (vanaf vandaag)"), ("eerder", "Alleen eerdere")],
    )
    overlegtype = KeuzeVeld("Overlegtype", "Alle overlegtypen")
    van = DatumVeld("Datum vanaf")
    tot = DatumVeld("Datum tot en met")

    sorteringen = {
        # From the start of today: a meeting this morning is still today's meeting.
        "komend": lambda aflopend: komende_eerst("datum", dagbegin(timezone.localdate())),
        "datum": ("datum", "id"),
        "overlegtype": ("overlegtype__volgorde", "overlegtype__naam", "datum", "id"),
    }
    standaard = "komend"
    aflopend_eerst = {"datum"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.keuzes("overlegtype", vaste_keuzes(Overlegtype, "volgorde", "naam").rijen())

    def filteren(self, qs, d):
        if d.get("zoek"):
            soort, pk = d["zoek"]
            qs = qs.filter(Exists(Bespreking.objects.filter(overleg=OuterRef("pk"), casus_id=pk))) if soort in (None, "C") else qs.none()
        if d.get("periode") == "komend":
            qs = qs.komend()
        elif d.get("periode") == "eerder":
            qs = qs.filter(datum__lt=dagbegin(timezone.localdate()))
        if d.get("overlegtype"):
            qs = qs.filter(overlegtype_id=d["overlegtype"])
        return self.periode(qs, "datum", d)
