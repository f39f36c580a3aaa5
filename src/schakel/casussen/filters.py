"""Filters, search and sort of the case list."""
from django import forms
from django.db.models import Q

from schakel.core.lijsten import DatumVeld, KeuzeVeld, LijstFilter, ZoekVeld, vaste_keuzes
from schakel.gebruikers.models import Gebruiker
from schakel.gebruikers.rollen import Rol
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding
from schakel.overleggen.models import Overlegtype

from .models import Casus
from .werklijsten import WERKLIJSTEN, pas_toe

IK = "ik"


def _naam(g):
    return (f"{g['first_name']} {g['last_name']}".strip()) or g["username"]


class CasusFilter(LijstFilter):
    zoek = ZoekVeld(help_text="Casus- of meldingnummer, bijvoorbeeld C-0000123 of M-0000456.")
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Alle statussen"), *Casus.Status.choices])
    overlegtype = KeuzeVeld("Overleg", "Alle overleggen")
    gemeente = KeuzeVeld("Gemeente", "Alle gemeenten")
    procesregisseur = KeuzeVeld("Procesregisseur", "Alle procesregisseurs")
    casushouder = forms.ChoiceField(label="Casushouder", required=False)
    werklijst = forms.ChoiceField(
        label="Werklijst", required=False,
        choices=[("", "Geen werklijst"), *((w.naam, w.label) for w in WERKLIJSTEN.values())],
    )
    van = DatumVeld("Geopend vanaf")
    tot = DatumVeld("Geopend tot en met")

    sorteringen = {
        "nummer": ("id",),
        "geopend": ("geopend_op", "id"),
        "status": ("status", "geopend_op", "id"),
        "gemeente": ("gemeente__naam", "geopend_op", "id"),
    }
    standaard = "-geopend"
    aflopend_eerst = {"geopend", "nummer"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.keuzes("overlegtype", vaste_keuzes(Overlegtype, "volgorde", "naam").rijen())
        self.keuzes("gemeente", vaste_keuzes(Gemeente, "naam").rijen())
        casushouders = [("", "Alle casushouders"), (IK, "Ikzelf")]
        if self.gebruiker is not None and self.gebruiker.is_processtaf:
            regisseurs = Gebruiker.objects.filter(rol_toekenningen__rol=Rol.PROCESREGISSEUR).order_by("last_name", "first_name", "pk")
            self.keuzes("procesregisseur", ((g["pk"], _naam(g)) for g in regisseurs.values("pk", "first_name", "last_name", "username")))
            houders = Gebruiker.objects.filter(casushouderschappen__isnull=False).distinct().order_by("last_name", "first_name", "pk")
            casushouders += [(str(g["pk"]), _naam(g)) for g in houders.values("pk", "first_name", "last_name", "username")]
        else:
            # A partner filters on his own cases; the names of every case's professionals are not his to list.
            del self.fields["procesregisseur"]
        self.fields["casushouder"].choices = casushouders

    def filteren(self, qs, d):
        if d.get("zoek"):
            soort, pk = d["zoek"]
            via_melding = Q(pk__in=Melding.objects.filter(pk=pk).values("casus_id"))
            qs = qs.filter({"C": Q(pk=pk), "M": via_melding, None: Q(pk=pk) | via_melding}.get(soort, Q(pk__in=[])))
        if d.get("status"):
            qs = qs.filter(status=d["status"])
        for veld in ("overlegtype", "gemeente", "procesregisseur"):
            if d.get(veld):
                qs = qs.filter(**{f"{veld}_id": d[veld]})
        if d.get("casushouder"):
            # A filter on every case of that casushouder, whatever its status (the worklist
            # "Mijn casussen als casushouder" is the running ones).
            qs = qs.filter(plan__casushouder_id=self.gebruiker.pk if d["casushouder"] == IK else int(d["casushouder"]))
        if d.get("werklijst"):
            qs, _ = pas_toe(qs, d["werklijst"], self.gebruiker)
        return self.periode(qs, "geopend_op", d)
