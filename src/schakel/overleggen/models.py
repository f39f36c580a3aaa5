from django.db import models


class Overlegtype(models.Model):
    code = models.SlugField("code", max_length=40, unique=True, help_text="Vaste sleutel, bijvoorbeeld focus of nazorg.")
    naam = models.CharField("naam", max_length=100)
    doel = models.TextField("doel", blank=True, help_text="Doel van het overleg zoals in de convenantbijlage.")
    telt_in_lokale_rapportage = models.BooleanField(
        "telt mee in lokale rapportages",
        default=True,
        help_text="Radicaliseringscasussen tellen landelijk afgesproken nooit mee (seed 001 §5.3).",
    )
    actief = models.BooleanField("actief", default=True)
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        verbose_name = "overlegtype"
        verbose_name_plural = "overlegtypen"
        ordering = ["volgorde", "naam"]

    def __str__(self) -> str:
        return self.naam
