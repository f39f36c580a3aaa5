"""Search and sort of the monitoring worklist."""
from django import forms

from schakel.core.lijsten import LijstFilter, ZoekVeld


class WerklijstFilter(LijstFilter):
    zoek = ZoekVeld(help_text="Casusnummer, bijvoorbeeld C-0000123.")
    achterstallig = forms.BooleanField(label="Alleen achterstallig", required=False)

    # A worklist: the longest overdue contact is the first to do.
    sorteringen = {"gepland": ("gepland_op", "id"), "casus": ("casus_id", "gepland_op", "id")}
    standaard = "gepland"

    def __init__(self, *args, vandaag, **kwargs):
        super().__init__(*args, **kwargs)
        self.vandaag = vandaag

    def filteren(self, qs, d):
        if d.get("zoek"):
            soort, pk = d["zoek"]
            qs = qs.filter(casus_id=pk) if soort in (None, "C") else qs.none()
        if d.get("achterstallig"):
            qs = qs.filter(gepland_op__lt=self.vandaag)
        return qs
