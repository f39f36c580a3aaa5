"""Reports: the ketenmanager and the house staff. Aggregates only, but not for partners, municipal
contacts, ZSM, the FG or the functioneel beheerder."""
from django.urls import reverse

from . import STAF

RAPPORTAGE = STAF | {"ketenmanager"}


def urls(s, users):
    pagina, download = reverse("rapportage:overzicht"), reverse("rapportage:download")
    periode = "van=2025-01-01&tot=2025-12-31"
    return [
        ("rapportage", pagina, "get", RAPPORTAGE, 200),
        ("rapportage factsheet", f"{pagina}?{periode}&gemeente=leiden&drempel=3", "get", RAPPORTAGE, 200),
        ("rapportage foute datum", f"{pagina}?van=2025-02-30&tot=2025-12-31", "get", RAPPORTAGE, 400),
        ("rapportage download csv", f"{download}?{periode}&formaat=csv", "get", RAPPORTAGE, 200),
        ("rapportage download xlsx", f"{download}?{periode}&gemeente=leiden&formaat=xlsx", "get", RAPPORTAGE, 200),
        ("rapportage download fout", f"{download}?{periode}&formaat=doc", "get", RAPPORTAGE, 400),
    ]
