"""Effect measurement: the house's figures for the ketenmanager and the house staff, as the reports;
the per-client list of one's own cases only for a procesregisseur."""
from django.urls import reverse

from .rapportage import RAPPORTAGE


def urls(s, users):
    pagina, download, eigen = reverse("effectmeting:overzicht"), reverse("effectmeting:download"), reverse("effectmeting:eigen")
    cohort = "van=2025-01-01&tot=2025-12-31"
    return [
        ("effectmeting", pagina, "get", RAPPORTAGE, 200),
        ("effectmeting cohort", f"{pagina}?{cohort}&venster=180", "get", RAPPORTAGE, 200),
        ("effectmeting fout venster", f"{pagina}?{cohort}&venster=10", "get", RAPPORTAGE, 400),
        ("effectmeting download json", f"{download}?{cohort}&formaat=json", "get", RAPPORTAGE, 200),
        ("effectmeting download fout", f"{download}?{cohort}&formaat=doc", "get", RAPPORTAGE, 400),
        ("effectmeting eigen casussen", f"{eigen}?{cohort}", "get", {"pr"}, 200),
        ("effectmeting eigen fout", f"{eigen}?van=2025-13-01&tot=2025-12-31", "get", {"pr"}, 400),
    ]
