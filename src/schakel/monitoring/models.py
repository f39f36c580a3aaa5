from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

from schakel.core.validators import geen_html
from schakel.privacy.velden import categorie_veld


class Monitoringtermijn(models.Model):
    """The configurable schedule: by default +1 week, +1 month, +3 and +6 months after adoption."""

    naam = models.CharField("naam", max_length=60)
    dagen = models.PositiveIntegerField("dagen na vaststelling", unique=True)
    actief = models.BooleanField("actief", default=True)

    class Meta:
        verbose_name = "monitoringtermijn"
        verbose_name_plural = "monitoringtermijnen"
        ordering = ["dagen"]

    def __str__(self) -> str:
        return self.naam


class Monitoringcontact(models.Model):
    class Uitkomst(models.TextChoices):
        OP_KOERS = "op_koers", "Op koers"
        STAGNEERT = "stagneert", "Stagneert: heragenderen"
        KLAAR = "klaar", "Klaar om af te sluiten"

    casus = models.ForeignKey("casussen.Casus", on_delete=models.PROTECT, related_name="monitoringcontacten", verbose_name="casus")
    termijn = models.CharField("termijn", max_length=60)
    gepland_op = models.DateField("gepland op")
    uitgevoerd_op = models.DateField("uitgevoerd op", null=True, blank=True)
    uitkomst = models.CharField("uitkomst", max_length=12, choices=Uitkomst.choices, blank=True)
    toelichting = models.TextField("toelichting", blank=True, validators=[MaxLengthValidator(4000), geen_html])
    categorie = categorie_veld("de toelichting")
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="vastgelegd door"
    )
    herinnering_verstuurd_op = models.DateTimeField(
        "herinnering verstuurd op", null=True, blank=True, help_text="Eén herinnering per contact, ook als de taak twee keer draait."
    )

    class Meta:
        verbose_name = "monitoringcontact"
        verbose_name_plural = "monitoringcontacten"
        ordering = ["gepland_op", "id"]
        indexes = [models.Index(fields=["uitgevoerd_op", "gepland_op"], name="monitoring_due_idx")]


class Verlenging(models.Model):
    """Past six months a case is overdue for closing; going on needs a recorded reason."""

    casus = models.ForeignKey("casussen.Casus", on_delete=models.PROTECT, related_name="verlengingen", verbose_name="casus")
    tot = models.DateField("verlengd tot")
    reden = models.TextField("reden", validators=[MaxLengthValidator(2000), geen_html])
    categorie = categorie_veld("de reden")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="door")
    vastgelegd_op = models.DateTimeField("vastgelegd op", auto_now_add=True)

    class Meta:
        verbose_name = "verlenging"
        verbose_name_plural = "verlengingen"
        ordering = ["-tot"]
