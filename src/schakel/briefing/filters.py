"""Filters, search and sort of the briefing list."""
from django.db.models import Exists, OuterRef
from django.utils import timezone

from schakel.core.lijsten import DatumVeld, LijstFilter, ZoekVeld, komende_eerst

from .models import Agendapunt


class BriefingFilter(LijstFilter):
    zoek = ZoekVeld(label="Melding op de agenda", help_text="Meldingnummer, bijvoorbeeld M-0000456.")
    van = DatumVeld("Datum vanaf")
    tot = DatumVeld("Datum tot en met")

    sorteringen = {
        "komend": lambda aflopend: komende_eerst("datum", timezone.localdate()),
        "datum": ("datum", "id"),
    }
    standaard = "komend"
    aflopend_eerst = {"datum"}

    def filteren(self, qs, d):
        if d.get("zoek"):
            soort, pk = d["zoek"]
            qs = qs.filter(Exists(Agendapunt.objects.filter(briefing=OuterRef("pk"), melding_id=pk))) if soort in (None, "M") else qs.none()
        return self.periode(qs, "datum", d, datetime=False)
