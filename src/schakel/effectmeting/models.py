"""What effect measurement needs beside the house's own records: police registrations and detention
periods of persons the house knows, and the cost inputs per year. Rows about persons the house does
not know are never stored (data minimisation); the import only counts them."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone


class Bronbestand(models.Model):
    """One row per imported file of police registrations or detention periods: which file, when,
    and what it brought. The content stays out; the hash recognises the same file again."""

    class Soort(models.TextChoices):
        MUTATIES = "mutaties", "Politieregistraties"
        DETENTIES = "detenties", "Detentieperioden"

    soort = models.CharField("soort", max_length=10, choices=Soort.choices, help_text="Wat het bestand bevat.")
    bestandsnaam = models.CharField("bestandsnaam", max_length=255, help_text="Alleen de naam van het bestand, zonder map.")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True, help_text="Vingerafdruk van de inhoud.")
    regels = models.PositiveIntegerField("regels", help_text="Aantal gegevensregels in het bestand (zonder de kopregel).")
    toegevoegd = models.PositiveIntegerField("toegevoegd", help_text="Regels die deze import heeft toegevoegd.")
    al_aanwezig = models.PositiveIntegerField(
        "al aanwezig", help_text="Regels overgeslagen omdat hun nummer al eerder was geïmporteerd."
    )
    onbekende_personen = models.PositiveIntegerField(
        "over onbekende personen",
        help_text="Regels over personen die Schakel niet kent; die worden niet opgeslagen (dataminimalisatie), alleen geteld.",
    )
    bijgewerkt = models.PositiveIntegerField(
        "afgesloten perioden", default=0,
        help_text="Detentieperioden die open stonden en die dit bestand van een einddatum voorzag.",
    )
    geimporteerd_op = models.DateTimeField("geïmporteerd op", default=timezone.now, help_text="Wanneer de import is uitgevoerd.")
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="door",
        help_text="Het systeemaccount van de import.",
    )

    class Meta:
        verbose_name = "bronbestand effectmeting"
        verbose_name_plural = "bronbestanden effectmeting"
        ordering = ["-geimporteerd_op", "-id"]

    def __str__(self) -> str:
        return f"{self.get_soort_display()}: {self.bestandsnaam} ({timezone.localtime(self.geimporteerd_op):%d-%m-%Y %H:%M})"


class Mutatie(models.Model):
    """A police registration (BVH/BPS mutation) of a person the house knows. Only a registration as
    suspect counts as offending; the other roles are kept because the export carries them."""

    class Rol(models.TextChoices):
        VERDACHTE = "verdachte", "Verdachte"
        SLACHTOFFER = "slachtoffer", "Slachtoffer"
        GETUIGE = "getuige", "Getuige"
        BETROKKENE = "betrokkene", "Betrokkene"
        OVERIG = "overig", "Overig"

    # Unique through Meta.constraints rather than unique=True: on PostgreSQL that would add a second
    # (LIKE) index, which every bulk import pays for and no query uses.
    mutatie_id = models.CharField("mutatienummer", max_length=100, help_text="Het nummer van de registratie bij de politie; uniek.")
    datum = models.DateField("datum", help_text="Datum van de registratie.")
    persoon = models.ForeignKey(
        "personen.Persoon", on_delete=models.CASCADE, related_name="mutaties", verbose_name="persoon",
        help_text="De persoon over wie de registratie gaat.", db_index=False,  # (persoon, datum) below serves it
    )
    rol = models.CharField("rol", max_length=12, choices=Rol.choices, help_text="De rol van de persoon in de registratie.")
    delict = models.CharField("delictcategorie", max_length=200, blank=True, help_text="Categorie van het delict, zoals de politie die exporteert.")
    huiselijk_geweld = models.BooleanField(
        "huiselijk geweld", default=False,
        help_text="Gaat de registratie over huiselijk geweld? Bij cliënten met thema huiselijk geweld telt alleen dit delictgedrag.",
    )
    bronbestand = models.ForeignKey(
        Bronbestand, on_delete=models.PROTECT, related_name="mutaties", verbose_name="bronbestand",
        help_text="Het bestand waaruit de registratie is geïmporteerd.",
    )

    class Meta:
        verbose_name = "politieregistratie"
        verbose_name_plural = "politieregistraties"
        indexes = [
            models.Index(fields=["persoon", "datum"], name="mutatie_persoon_datum_idx"),
            models.Index(fields=["rol", "datum"], name="mutatie_rol_datum_idx"),
        ]
        constraints = [models.UniqueConstraint(fields=["mutatie_id"], name="mutatie_id_uniek")]

    def __str__(self) -> str:
        return f"Registratie {self.mutatie_id}"


class Detentie(models.Model):
    """A period a person spent in detention: days in detention are not days at risk."""

    detentie_id = models.CharField("detentienummer", max_length=100, help_text="Het nummer van de periode bij DJI; uniek.")
    persoon = models.ForeignKey(
        "personen.Persoon", on_delete=models.CASCADE, related_name="detenties", verbose_name="persoon",
        help_text="De persoon die gedetineerd was.", db_index=False,  # (persoon, begin) below serves it
    )
    begin = models.DateField("begin", help_text="Eerste dag in detentie.")
    einde = models.DateField("einde", null=True, blank=True, help_text="Dag van vrijlating; leeg als de persoon nog gedetineerd is.")
    bronbestand = models.ForeignKey(
        Bronbestand, on_delete=models.PROTECT, related_name="detenties", verbose_name="bronbestand",
        help_text="Het bestand waaruit de periode is geïmporteerd.",
    )

    class Meta:
        verbose_name = "detentieperiode"
        verbose_name_plural = "detentieperioden"
        indexes = [models.Index(fields=["persoon", "begin"], name="detentie_persoon_begin_idx")]
        constraints = [
            models.UniqueConstraint(fields=["detentie_id"], name="detentie_id_uniek"),
            models.CheckConstraint(
                condition=models.Q(einde__isnull=True) | models.Q(einde__gte=models.F("begin")), name="detentie_einde_na_begin"
            ),
        ]

    def __str__(self) -> str:
        return f"Detentie {self.detentie_id}"


class Kosteninvoer(models.Model):
    """The inputs of the cost figures for one year, kept by the functioneel beheerder. Every figure
    on the effect page is computed from these; the house's own earlier figures may be entered beside
    them so the page can show where they differ."""

    jaar = models.PositiveSmallIntegerField(
        "jaar", unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)], help_text="Het jaar waarvoor deze invoer geldt."
    )
    budget = models.DecimalField(
        "budget", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)],
        help_text="Het deel van het budget dat nodig is om de casussen te behandelen, in euro.",
    )
    minuten = models.JSONField(
        "minuten per casus", default=dict, blank=True,
        help_text="Minuten van het huis per behandelde casus, per besluit (code van het briefingbesluit).",
    )
    programmakosten = models.JSONField(
        "trajectkosten per jaar", default=dict, blank=True,
        help_text="Gemiddelde kosten van het hele traject per casus per jaar, per overlegtype (code), in euro.",
    )
    dagprijs_detentie = models.DecimalField(
        "dagprijs detentie", max_digits=10, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)],
        help_text="Kosten van één dag detentie, in euro.",
    )
    gemiddelde_detentiedagen = models.DecimalField(
        "gemiddelde detentieduur", max_digits=8, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)],
        help_text="Gemiddeld aantal dagen detentie per recidive.",
    )
    landelijke_recidive_pct = models.DecimalField(
        "landelijke recidive (%)", max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)], help_text="Het landelijke recidivepercentage ter vergelijking.",
    )
    eigen_recidive_pct = models.DecimalField(
        "eigen recidive (%)", max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)], help_text="Het recidivepercentage onder de eigen nazorgcliënten.",
    )
    unieke_personen = models.PositiveIntegerField(
        "unieke personen", null=True, blank=True, help_text="Aantal unieke ex-gedetineerden waarover de besparing wordt berekend.",
    )
    eerder_gerapporteerd = models.JSONField(
        "eerder gerapporteerde cijfers", default=dict, blank=True,
        help_text="Cijfers die het huis eerder zelf publiceerde, om naast de berekening te tonen.",
    )
    gewijzigd_op = models.DateTimeField("gewijzigd op", auto_now=True, help_text="Wanneer de invoer voor het laatst is gewijzigd.")

    class Meta:
        verbose_name = "kosteninvoer"
        verbose_name_plural = "kosteninvoer"
        ordering = ["-jaar"]

    def __str__(self) -> str:
        return f"Kosteninvoer {self.jaar}"
