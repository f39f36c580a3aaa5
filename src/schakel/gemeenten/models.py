from django.db import models


class Gemeente(models.Model):
    class Soort(models.TextChoices):
        GEMEENTE = "gemeente", "Gemeente in de regio"
        BUITEN_REGIO = "buiten_regio", "Buiten regio"
        GEEN_GBA = "geen_gba", "Geen GBA/BRP"

    code = models.SlugField("code", max_length=40, unique=True, help_text="Vaste sleutel, stabiel over de jaren.")
    naam = models.CharField("naam", max_length=100, unique=True)
    subregio = models.CharField(
        "subregio", max_length=100, blank=True, help_text="Bijvoorbeeld Holland Rijnland of Midden Holland."
    )
    soort = models.CharField("soort", max_length=20, choices=Soort.choices, default=Soort.GEMEENTE)
    centrumgemeente = models.BooleanField("centrumgemeente", default=False)
    eigen_nazorg = models.BooleanField(
        "eigen nazorg",
        default=False,
        help_text="Gemeente voert de nazorg zelf uit; detentiemeldingen gaan niet naar de briefing.",
    )

    class Meta:
        verbose_name = "gemeente"
        verbose_name_plural = "gemeenten"
        ordering = ["soort", "naam"]

    def __str__(self) -> str:
        return self.naam
