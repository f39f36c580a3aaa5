"""The case list's named worklists (?werklijst=<naam>). Each is a CasusQuerySet method that the start
page counts with the same user, so the number there is the number of rows here."""
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Werklijst:
    naam: str
    label: str
    filter: Callable


WERKLIJSTEN = {
    w.naam: w
    for w in (
        Werklijst("te_heragenderen", "Te heragenderen", lambda qs, gebruiker: qs.te_heragenderen()),
        Werklijst(
            "over_afsluittermijn", "Langer dan zes maanden in behandeling, zonder verlenging",
            lambda qs, gebruiker: qs.over_afsluittermijn(),
        ),
        Werklijst("casushouder", "Mijn casussen als casushouder", lambda qs, gebruiker: qs.actief().met_casushouder(gebruiker)),
        Werklijst(
            "nieuw", "Casussen van mijn organisatie met nieuws sinds mijn laatste bezoek",
            lambda qs, gebruiker: qs.nieuw_sinds_bezoek(gebruiker),
        ),
    )
}


def pas_toe(queryset, naam, gebruiker):
    """The queryset narrowed to the named worklist, and the worklist (None for an unknown name: the
    whole list, as without the parameter)."""
    werklijst = WERKLIJSTEN.get(naam or "")
    if werklijst is None:
        return queryset, None
    return werklijst.filter(queryset, gebruiker), werklijst
