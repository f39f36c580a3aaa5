from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

from schakel.core.validators import geen_html
from schakel.privacy.velden import categorie_veld


class Escalatieniveau(models.Model):
    """The configurable ladder: procesregisseur -> ketenmanager -> regiekamer -> stuurgroep/burgemeester."""

    code = models.SlugField("code", max_length=40, unique=True)
    naam = models.CharField("naam", max_length=100)
    volgorde = models.PositiveSmallIntegerField("trede", unique=True)
    actief = models.BooleanField("actief", default=True)

    class Meta:
        verbose_name = "escalatieniveau"
        verbose_name_plural = "escalatieladder"
        ordering = ["volgorde"]

    def __str__(self) -> str:
        return self.naam


class Opschaling(models.Model):
    casus = models.ForeignKey(
        "casussen.Casus", on_delete=models.PROTECT, null=True, blank=True, related_name="opschalingen", verbose_name="casus",
        help_text="Leeg bij opschaling direct vanuit de briefing; dan is de melding gevuld.",
    )
    melding = models.ForeignKey(
        "meldingen.Melding", on_delete=models.PROTECT, null=True, blank=True, related_name="opschalingen", verbose_name="melding",
        help_text="De melding die vanuit de briefing is opgeschaald, zonder casus.",
    )
    niveau = models.ForeignKey(Escalatieniveau, on_delete=models.PROTECT, related_name="opschalingen", verbose_name="opgeschaald naar")
    reden = models.TextField("reden", validators=[MaxLengthValidator(4000), geen_html])
    gevraagd_besluit = models.TextField("gevraagd besluit", validators=[MaxLengthValidator(4000), geen_html])
    opgeschaald_op = models.DateField("opgeschaald op", default=timezone.localdate)
    genomen_besluit = models.TextField("genomen besluit", blank=True, validators=[MaxLengthValidator(4000), geen_html])
    besluit_op = models.DateField("besluit op", null=True, blank=True)
    uitkomst = models.TextField("uitkomst", blank=True, validators=[MaxLengthValidator(4000), geen_html])
    categorie = categorie_veld("reden, besluit en uitkomst")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="opgeschaald door")

    class Meta:
        verbose_name = "opschaling"
        verbose_name_plural = "opschalingen"
        ordering = ["-opgeschaald_op", "-id"]
        indexes = [models.Index(fields=["opgeschaald_op"], name="opschaling_datum_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(casus__isnull=False) | models.Q(melding__isnull=False), name="opschaling_casus_of_melding"
            )
        ]

    @property
    def onderwerp_nummer(self) -> str:
        """Case number, or the melding number for an escalation straight from the briefing."""
        return self.casus.nummer if self.casus_id else self.melding.nummer


class Knelpunt(models.Model):
    """Structural bottlenecks for the stuurgroep, apart from single cases."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        AGENDA = "agenda", "Op agenda stuurgroep"
        OPGELOST = "opgelost", "Opgelost"

    omschrijving = models.TextField("knelpunt", validators=[MaxLengthValidator(4000), geen_html])
    casus = models.ForeignKey(
        "casussen.Casus", on_delete=models.PROTECT, null=True, blank=True, related_name="knelpunten", verbose_name="aanleiding (casus)"
    )
    gemeld_op = models.DateField("gemeld op", default=timezone.localdate)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.OPEN)
    besluit = models.TextField("besluit stuurgroep", blank=True, validators=[MaxLengthValidator(4000), geen_html])
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="gemeld door")

    class Meta:
        verbose_name = "structureel knelpunt"
        verbose_name_plural = "structurele knelpunten"
        ordering = ["-gemeld_op", "-id"]
