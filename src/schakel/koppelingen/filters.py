"""Filters and sort of the review queue and of the routed detention notices."""
from django import forms
from django.db.models import Q

from schakel.core.lijsten import DatumVeld, KeuzeVeld, LijstFilter, ZoekVeld
from schakel.gemeenten.models import Gemeente

from .models import Koppelvoorstel


class VoorstelFilter(LijstFilter):
    zoek = ZoekVeld(help_text="Meldingnummer, bijvoorbeeld M-0000456.")
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Alle statussen"), *Koppelvoorstel.Status.choices])
    reden = forms.ChoiceField(label="Reden", required=False, choices=[("", "Alle redenen"), *Koppelvoorstel.Reden.choices])

    sorteringen = {
        "nummer": ("id",),
        "aangemaakt": ("aangemaakt_op", "id"),
        "score": ("score", "aangemaakt_op", "id"),
    }
    standaard = "aangemaakt"
    aflopend_eerst = {"nummer", "score"}
    # The open proposals are the work; the oldest first.
    standaardwaarden = {"status": Koppelvoorstel.Status.OPEN}

    def filteren(self, qs, d):
        if d.get("zoek"):
            soort, pk = d["zoek"]
            qs = qs.filter({"M": Q(melding_id=pk), None: Q(melding_id=pk)}.get(soort, Q(pk__in=[])))
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        if d.get("reden"):
            qs = qs.filter(reden=d["reden"])
        return qs


class DoorgezetFilter(LijstFilter):
    zoek = ZoekVeld(help_text="Meldingnummer, bijvoorbeeld M-0000456.")
    gemeente = KeuzeVeld("Gemeente", "Alle gemeenten")
    van = DatumVeld("Ontvangen vanaf")
    tot = DatumVeld("Ontvangen tot en met")

    sorteringen = {
        "ontvangen": ("ontvangen_op", "id"),
        "gemeente": ("gemeente__naam", "ontvangen_op", "id"),
        "einde": ("detentie__verwachte_einddatum", "id"),
    }
    standaard = "-ontvangen"
    aflopend_eerst = {"ontvangen"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        gemeenten = Gemeente.objects.filter(eigen_nazorg=True).order_by("naam")
        if self.gebruiker is not None and not self.gebruiker.is_processtaf:
            gemeenten = gemeenten.filter(contactpersonen=self.gebruiker)
        self.keuzes("gemeente", gemeenten.values_list("pk", "naam"))

    def filteren(self, qs, d):
        if d.get("zoek"):
            soort, pk = d["zoek"]
            qs = qs.filter(pk=pk) if soort in ("M", None) else qs.none()
        if d.get("gemeente"):
            qs = qs.filter(gemeente_id=d["gemeente"])
        return self.periode(qs, "ontvangen_op", d)
