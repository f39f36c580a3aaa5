"""AVG (GDPR) rights of data subjects and retention: requests, restrictions, legal holds, retention
periods, and the record of what kind of data was removed (never the data itself)."""
import calendar
from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone

from schakel.core.validators import geen_html

GEWIST = "[gewist]"


def een_maand_na(dag: date) -> date:
    """The same day a month later, or the month's last day (31 January: 28 or 29 February)."""
    jaar, maand = (dag.year + 1, 1) if dag.month == 12 else (dag.year, dag.month + 1)
    return dag.replace(year=jaar, month=maand, day=min(dag.day, calendar.monthrange(jaar, maand)[1]))


class VerzoekQuerySet(models.QuerySet):
    def open(self):
        return self.filter(afgehandeld_op__isnull=True)

    def te_laat(self, vandaag=None):
        """Open past the legal term: answered later than one month after receipt (art. 12(3) AVG).
        The term is monotone in the receipt date, so "past it" is one range on `ontvangen_op`: every
        request received before the first receipt date whose term still includes today."""
        vandaag = vandaag or timezone.localdate()
        grens = vandaag - timedelta(days=62)
        while een_maand_na(grens) < vandaag:
            grens += timedelta(days=1)
        return self.open().filter(ontvangen_op__lt=grens)


class Verzoek(models.Model):
    """A request of a data subject (art. 15-18 AVG), recorded from receipt to decision."""

    class Soort(models.TextChoices):
        INZAGE = "inzage", "Inzage (art. 15)"
        RECTIFICATIE = "rectificatie", "Rectificatie (art. 16)"
        BEPERKING = "beperking", "Beperking van de verwerking (art. 18)"
        WISSING = "wissing", "Wissing (art. 17)"

    class Besluit(models.TextChoices):
        TOEGEWEZEN = "toegewezen", "Toegewezen"
        DEELS = "deels", "Gedeeltelijk toegewezen"
        AFGEWEZEN = "afgewezen", "Afgewezen"

    persoon = models.ForeignKey("personen.Persoon", on_delete=models.PROTECT, related_name="avg_verzoeken", verbose_name="persoon")
    soort = models.CharField("soort verzoek", max_length=20, choices=Soort.choices)
    ontvangen_op = models.DateField("ontvangen op", default=timezone.localdate)
    afgehandeld_op = models.DateField("afgehandeld op", null=True, blank=True)
    besluit = models.CharField("besluit", max_length=12, choices=Besluit.choices, blank=True)
    toelichting = models.TextField("toelichting", blank=True, validators=[MaxLengthValidator(4000), geen_html])
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="vastgelegd door")
    vastgelegd_op = models.DateTimeField("vastgelegd op", auto_now_add=True)

    objects = VerzoekQuerySet.as_manager()

    class Meta:
        verbose_name = "AVG-verzoek"
        verbose_name_plural = "AVG-verzoeken"
        ordering = ["-ontvangen_op", "-id"]

    @property
    def open(self) -> bool:
        return self.afgehandeld_op is None

    @property
    def uiterlijk_op(self) -> date:
        """The legal term: one month after receipt (art. 12(3) AVG; extending it by two months must be
        told to the data subject within that month)."""
        return een_maand_na(self.ontvangen_op)

    @property
    def te_laat(self) -> bool:
        return self.open and self.uiterlijk_op < timezone.localdate()


class Beperking(models.Model):
    """Restriction of processing (art. 18): while it runs the data may be stored but not otherwise used."""

    persoon = models.ForeignKey("personen.Persoon", on_delete=models.PROTECT, related_name="avg_beperkingen", verbose_name="persoon")
    sinds = models.DateField("sinds", default=timezone.localdate)
    tot = models.DateField("tot en met", null=True, blank=True, help_text="Leeg zolang de beperking loopt.")
    reden = models.TextField("reden", validators=[MaxLengthValidator(2000), geen_html])
    verzoek = models.ForeignKey(Verzoek, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="verzoek")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="vastgelegd door")
    vastgelegd_op = models.DateTimeField("vastgelegd op", auto_now_add=True)

    class Meta:
        verbose_name = "beperking van de verwerking"
        verbose_name_plural = "beperkingen van de verwerking"
        ordering = ["-sinds", "-id"]


class Bewaartermijn(models.Model):
    """Years after closing (or, for meldingen without a case, after receipt) before personal data goes."""

    overlegtype = models.OneToOneField(
        "overleggen.Overlegtype", on_delete=models.CASCADE, null=True, blank=True, related_name="bewaartermijn",
        verbose_name="overlegtype", help_text="Leeg: meldingen die niet tot een casus leidden.",
    )
    jaren = models.PositiveSmallIntegerField("jaren", validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = "bewaartermijn"
        verbose_name_plural = "bewaartermijnen"
        ordering = ["overlegtype__naam"]
        # At most one row for "meldingen without a case" (a NULL is never equal to another NULL).
        constraints = [models.UniqueConstraint(Coalesce("overlegtype", models.Value(0)), name="uniek_bewaartermijn")]

    def __str__(self) -> str:
        return f"{self.overlegtype or 'Meldingen zonder casus'}: {self.jaren} jaar"


class Bewaarplicht(models.Model):
    """A legal hold: while it runs, retention leaves the case and everything about it alone."""

    casus = models.ForeignKey("casussen.Casus", on_delete=models.PROTECT, related_name="bewaarplichten", verbose_name="casus")
    reden = models.TextField("reden", validators=[MaxLengthValidator(2000), geen_html])
    tot = models.DateField("tot en met", null=True, blank=True, help_text="Leeg: tot de bewaarplicht wordt beëindigd.")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="vastgelegd door")
    vastgelegd_op = models.DateTimeField("vastgelegd op", auto_now_add=True)

    class Meta:
        verbose_name = "bewaarplicht"
        verbose_name_plural = "bewaarplichten"
        ordering = ["-vastgelegd_op", "-id"]


class Verwijderingsregistratie(models.Model):
    """What kind of data was removed, how many objects, when, why and by whom. Never the data."""

    class Aanleiding(models.TextChoices):
        BEWAARTERMIJN = "bewaartermijn", "Bewaartermijn verstreken"
        WISSING = "wissing", "Wissing op verzoek (art. 17)"

    op = models.DateTimeField("op", default=timezone.now)
    aanleiding = models.CharField("aanleiding", max_length=20, choices=Aanleiding.choices)
    objecttype = models.CharField("soort object", max_length=40)
    gegevens = models.CharField("verwijderde gegevens", max_length=300)
    aantal = models.PositiveIntegerField("aantal objecten")
    reden = models.TextField("reden", blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="door",
        help_text="Leeg bij de geplande bewaartermijntaak.",
    )
    verzoek = models.ForeignKey(Verzoek, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="verzoek")

    class Meta:
        verbose_name = "verwijderingsregistratie"
        verbose_name_plural = "verwijderingsregistraties"
        ordering = ["-op", "-id"]


class Geanonimiseerd(models.Model):
    """Marks a case, melding or person whose personal data is gone, so a second run does nothing more."""

    objecttype = models.CharField("soort object", max_length=20)
    object_id = models.BigIntegerField("object-id")
    op = models.DateTimeField("op", default=timezone.now)
    aanleiding = models.CharField("aanleiding", max_length=20, choices=Verwijderingsregistratie.Aanleiding.choices)

    class Meta:
        verbose_name = "geanonimiseerd object"
        verbose_name_plural = "geanonimiseerde objecten"
        constraints = [models.UniqueConstraint(fields=["objecttype", "object_id"], name="uniek_geanonimiseerd")]
