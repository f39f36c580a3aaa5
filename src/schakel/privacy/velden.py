"""The one model field that records which information category a free text carries.

Kept apart from the category logic so every app's models can import it without loading privacy's
models at import time."""
from django.db import models

CATEGORIE_HULP = (
    "Leeg: algemene informatie. Een bijzondere soort (zorg, Veilig Thuis, politie, justitie) ziet alleen wie de "
    "convenantbijlage noemt; andere partijen zien een melding dat de tekst is afgeschermd."
)


def categorie_veld(welke_tekst: str):
    """A nullable category for the free text(s) `welke_tekst` of a record, chosen by whoever writes it."""
    return models.ForeignKey(
        "privacy.InformatieCategorie", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=f"soort informatie in {welke_tekst}", help_text=CATEGORIE_HULP,
    )
