from django.db import models


class Bron(models.TextChoices):
    """Where a melding comes from, as the annual figures count it (seed 001 §5.3): stable codes,
    shared by live registration and the historical import."""

    POLITIE = "politie", "Politie"
    DJI = "dji", "DJI"
    GEMEENTE = "gemeente", "Gemeente"
    OM = "om", "OM"
    RECLASSERING = "reclassering", "Reclassering"
    ZORG = "zorg", "Zorg"
    VEILIG_THUIS = "veilig_thuis", "Veilig Thuis"
    ZSM = "zsm", "ZSM"
    OVERIG = "overig", "Overig"


class Organisatie(models.Model):
    class Keten(models.TextChoices):
        STRAF = "straf", "Strafketen"
        ZORG = "zorg", "Zorgketen"
        BESTUUR = "bestuur", "Bestuursketen"

    code = models.SlugField("code", max_length=60, unique=True, help_text="Vaste sleutel voor koppelingen en rapportage.")
    naam = models.CharField("naam", max_length=150, unique=True)
    keten = models.CharField("keten", max_length=10, choices=Keten.choices)
    bron = models.CharField(
        "bron in de rapportage", max_length=20, choices=Bron.choices, default=Bron.OVERIG,
        help_text="Onder welke bron meldingen van deze organisatie in de jaarcijfers tellen.",
    )
    convenantpartner = models.BooleanField(
        "convenantpartner", default=True, help_text="Heeft het convenant ondertekend; alleen dan wordt informatie gedeeld."
    )
    is_veiligheidshuis = models.BooleanField(
        "is het Zorg- en Veiligheidshuis zelf",
        default=False,
        help_text="De eigen organisatie van het huis (procesregie, informatiecoördinatie).",
    )
    gemeente = models.ForeignKey(
        "gemeenten.Gemeente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisaties",
        verbose_name="gemeente",
        help_text="Alleen voor gemeentelijke organisaties: de gemeente die zij zijn.",
    )

    class Meta:
        verbose_name = "partnerorganisatie"
        verbose_name_plural = "partnerorganisaties"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam
