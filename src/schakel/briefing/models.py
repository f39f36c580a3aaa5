from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

from schakel.core.validators import geen_html
from schakel.privacy.velden import categorie_veld

# Fixed codes (BesluitOptie.code and Overlegtype.code are stable keys across the years): the Landelijk
# Kader is the entry test for focus and Top-X, and "opschalen" is the decision that escalates.
KADER_OVERLEGTYPEN = frozenset({"focus", "top_x"})
OPSCHALEN = "opschalen"


def lopend_elders(melding) -> str:
    """Where else this melding already runs, in words ('Veilig Thuis', 'ZSM', both), or ''."""
    plekken = ((melding.lopend_bij_veilig_thuis, "Veilig Thuis"), (melding.lopend_bij_zsm, "ZSM"))
    return " en ".join(naam for vlag, naam in plekken if vlag)


class BesluitOptie(models.Model):
    """The configurable decision list of the briefing; sub-reasons hang under their parent decision."""

    code = models.SlugField("code", max_length=40, unique=True, help_text="Vaste sleutel voor rapportage over de jaren.")
    naam = models.CharField("naam", max_length=120)
    hoofdbesluit = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="subredenen", verbose_name="hoofdbesluit",
        help_text="Leeg voor een besluit; gevuld voor een subreden (zoals de vier redenen van 'geen vervolg').",
    )
    overlegtype = models.ForeignKey(
        "overleggen.Overlegtype", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="agenderen op",
        help_text="Als gevuld: dit besluit zet de melding op dit overleg en opent een casus.",
    )
    huis_onderneemt_actie = models.BooleanField(
        "huis onderneemt actie", default=True, help_text="Telt mee in het aandeel meldingen waarin het huis actie ondernam."
    )
    actief = models.BooleanField("actief", default=True)
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        verbose_name = "besluitoptie briefing"
        verbose_name_plural = "besluitopties briefing"
        ordering = ["volgorde", "naam"]

    @property
    def opent_casus(self) -> bool:
        return self.overlegtype_id is not None

    def __str__(self) -> str:
        return self.naam


class Briefing(models.Model):
    datum = models.DateField("datum", default=timezone.localdate)
    voorzitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="voorzitter (procesregisseur)"
    )
    weegploeg = models.ManyToManyField(
        "partners.Organisatie", blank=True, related_name="briefings", verbose_name="weegploeg aanwezig",
        help_text="Organisaties die aan tafel zaten bij dit weegmoment.",
    )
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)

    class Meta:
        verbose_name = "briefing"
        verbose_name_plural = "briefings"
        ordering = ["-datum", "-id"]
        indexes = [models.Index(fields=["datum"], name="briefing_datum_idx")]

    def __str__(self) -> str:
        return f"Briefing {self.datum:%d-%m-%Y}"


class Agendapunt(models.Model):
    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="agendapunten", verbose_name="briefing")
    melding = models.ForeignKey("meldingen.Melding", on_delete=models.PROTECT, related_name="agendapunten", verbose_name="melding")
    volgorde = models.PositiveIntegerField("volgorde", default=0)

    class Meta:
        verbose_name = "agendapunt briefing"
        verbose_name_plural = "agendapunten briefing"
        ordering = ["volgorde", "id"]
        constraints = [models.UniqueConstraint(fields=["briefing", "melding"], name="uniek_agendapunt")]


class Weging(models.Model):
    """A triage decision. The Landelijk Kader verdict is stored so reports never recompute history."""

    class MetClient(models.TextChoices):
        NVT = "nvt", "Niet van toepassing"
        MET = "met", "Met cliënt aan tafel"
        ZONDER = "zonder", "Zonder cliënt"

    briefing = models.ForeignKey(Briefing, on_delete=models.PROTECT, related_name="wegingen", verbose_name="briefing")
    melding = models.ForeignKey("meldingen.Melding", on_delete=models.PROTECT, related_name="wegingen", verbose_name="melding")
    criterium_a = models.BooleanField("A. multiproblematiek op meer leefgebieden", default=False)
    motivatie_a = models.TextField("motivatie A", blank=True, validators=[MaxLengthValidator(2000), geen_html])
    criterium_b = models.BooleanField("B. samenwerking van meerdere ketens nodig", default=False)
    motivatie_b = models.TextField("motivatie B", blank=True, validators=[MaxLengthValidator(2000), geen_html])
    criterium_c = models.BooleanField("C. impact op (gezins)systeem of directe leefomgeving", default=False)
    motivatie_c = models.TextField("motivatie C", blank=True, validators=[MaxLengthValidator(2000), geen_html])
    criterium_d = models.BooleanField("D. ernstige lokale of gebiedsgebonden veiligheidsproblematiek", default=False)
    motivatie_d = models.TextField("motivatie D", blank=True, validators=[MaxLengthValidator(2000), geen_html])
    motivatie_buiten_kader = models.TextField(
        "motivatie focus/Top-X buiten het Landelijk Kader", blank=True, validators=[MaxLengthValidator(2000), geen_html],
        help_text="Verplicht als de melding naar focus of Top-X gaat terwijl het Landelijk Kader niet is gehaald; telt apart in de rapportage.",
    )
    voldoet_aan_kader = models.BooleanField(
        "voldoet aan Landelijk Kader", default=False, editable=False, help_text="(A en B en C) of D, berekend bij opslaan."
    )
    besluit = models.ForeignKey(
        BesluitOptie, on_delete=models.PROTECT, related_name="wegingen", verbose_name="besluit",
        limit_choices_to={"hoofdbesluit__isnull": True},
    )
    subreden = models.ForeignKey(
        BesluitOptie, on_delete=models.PROTECT, null=True, blank=True, related_name="wegingen_subreden", verbose_name="subreden"
    )
    met_client = models.CharField("cliënt aan tafel", max_length=10, choices=MetClient.choices, default=MetClient.NVT)
    toelichting = models.TextField("toelichting", blank=True, validators=[MaxLengthValidator(4000), geen_html])
    categorie = categorie_veld("de motivaties en de toelichting")
    lopend_elders_gecontroleerd = models.BooleanField(
        "lopen bij Veilig Thuis/ZSM gecontroleerd", default=False,
        help_text="De weger bevestigde bij het besluit dat de melding ook bij Veilig Thuis of ZSM loopt en dat daar is nagegaan.",
    )
    casus = models.ForeignKey(
        "casussen.Casus", on_delete=models.PROTECT, null=True, blank=True, related_name="wegingen", verbose_name="casus"
    )
    gewogen_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="gewogen door")
    gewogen_op = models.DateTimeField("gewogen op", default=timezone.now)

    class Meta:
        verbose_name = "weging"
        verbose_name_plural = "wegingen"
        ordering = ["-gewogen_op", "-id"]
        indexes = [
            models.Index(fields=["besluit", "gewogen_op"], name="weging_besluit_idx"),
            # The report's period filter, and its "last weighing of this melding in the period" probe.
            models.Index(fields=["gewogen_op"], name="weging_datum_idx"),
            models.Index(fields=["melding", "gewogen_op"], name="weging_melding_datum_idx"),
        ]

    @staticmethod
    def kader(a: bool, b: bool, c: bool, d: bool) -> bool:
        return (a and b and c) or d

    def save(self, *args, **kwargs):
        self.voldoet_aan_kader = self.kader(self.criterium_a, self.criterium_b, self.criterium_c, self.criterium_d)
        super().save(*args, **kwargs)
