"""The daily feeds: police mutations and DJI/DPAN detention notices become meldingen.

A delivery (Feedlevering) is one file; each of its records is known by the source's own number
(Feedrecord: same source and number = the same record, so a second delivery adds nothing). A
detention notice carries its institution and dates (Detentiegegevens). A row whose person is only
probably someone the house knows gets a proposal in the review queue (Koppelvoorstel); its melding
waits with a pending person link until the informatiecoördinator decides."""
from django.conf import settings
from django.db import models
from django.utils import timezone

from schakel.core.access import ForUserQuerySet
from schakel.core.models import StatusWijziging
from schakel.core.validators import geen_html
from schakel.gebruikers.rollen import Rol


class Bron(models.TextChoices):
    POLITIE = "politie", "Politie (BVH/BPS-export)"
    DJI = "dji", "DJI / DPAN (detentiemeldingen)"


class Feedlevering(models.Model):
    class Route(models.TextChoices):
        COMMANDO = "commando", "Commando"
        MAP = "map", "Afleverfolder"
        API = "api", "API"

    bron = models.CharField("bron", max_length=10, choices=Bron.choices)
    route = models.CharField("aangeleverd via", max_length=10, choices=Route.choices)
    bestandsnaam = models.CharField("bestandsnaam", max_length=255, help_text="Alleen de naam van het bestand, zonder map.")
    sha256 = models.CharField(
        "SHA-256", max_length=64, db_index=True, help_text="Vingerafdruk van de inhoud; hetzelfde bestand heeft dezelfde waarde."
    )
    regels = models.PositiveIntegerField("regels", help_text="Aantal gegevensregels in het bestand (zonder de kopregel).")
    nieuw = models.PositiveIntegerField("nieuwe meldingen", help_text="Meldingen die deze levering heeft toegevoegd.")
    al_ontvangen = models.PositiveIntegerField(
        "al ontvangen", help_text="Regels overgeslagen omdat hun bronnummer in een eerdere levering al binnenkwam."
    )
    dubbel = models.PositiveIntegerField("dubbel in het bestand", help_text="Regels die een eerdere regel van hetzelfde bestand herhalen.")
    automatisch_gekoppeld = models.PositiveIntegerField(
        "automatisch gekoppeld", help_text="Meldingen gekoppeld aan een bekende persoon (zelfde BSN, of zelfde naam en geboortedatum)."
    )
    ter_beoordeling = models.PositiveIntegerField(
        "ter beoordeling", help_text="Meldingen waarvan de persoon waarschijnlijk bekend is: een koppelvoorstel wacht op een besluit."
    )
    nieuwe_personen = models.PositiveIntegerField("nieuwe personen", help_text="Personen die het huis nog niet kende.")
    doorgezet = models.PositiveIntegerField(
        "doorgezet naar gemeente", default=0, help_text="Detentiemeldingen voor gemeenten die de nazorg zelf doen."
    )
    ontvangen_op = models.DateTimeField("ontvangen op", default=timezone.now)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="door",
        help_text="Het systeemaccount van de feeds, of de gebruiker van het API-token dat het bestand aanleverde.",
    )

    class Meta:
        verbose_name = "feedlevering"
        verbose_name_plural = "feedleveringen"
        ordering = ["-ontvangen_op", "-id"]

    def __str__(self) -> str:
        return f"{self.get_bron_display()}: {self.bestandsnaam}"


class Feedrecord(models.Model):
    """The source's own number of the record a melding came from: the same number in a later
    delivery is the same record and adds nothing."""

    bron = models.CharField("bron", max_length=10, choices=Bron.choices)
    bron_id = models.CharField("bronnummer", max_length=100, help_text="Het nummer van de registratie bij politie of DJI.")
    melding = models.OneToOneField(
        "meldingen.Melding", on_delete=models.CASCADE, related_name="feedrecord", verbose_name="melding"
    )
    levering = models.ForeignKey(Feedlevering, on_delete=models.PROTECT, related_name="records", verbose_name="levering")

    class Meta:
        verbose_name = "feedrecord"
        verbose_name_plural = "feedrecords"
        constraints = [models.UniqueConstraint(fields=["bron", "bron_id"], name="feedrecord_uniek_bronnummer")]

    def __str__(self) -> str:
        return f"{self.get_bron_display()} {self.bron_id}"


class Detentiegegevens(models.Model):
    melding = models.OneToOneField(
        "meldingen.Melding", on_delete=models.CASCADE, related_name="detentie", verbose_name="melding"
    )
    inrichting = models.CharField(
        "inrichting", max_length=200, validators=[geen_html], help_text="De justitiële inrichting waar de persoon verblijft."
    )
    begin = models.DateField("begin detentie")
    verwachte_einddatum = models.DateField(
        "verwachte einddatum", null=True, blank=True, help_text="Verwachte datum van vrijlating; leeg als DJI die niet meegaf."
    )

    class Meta:
        verbose_name = "detentiegegevens"
        verbose_name_plural = "detentiegegevens"

    def __str__(self) -> str:
        return f"{self.inrichting} vanaf {self.begin:%d-%m-%Y}"


class KoppelvoorstelQuerySet(ForUserQuerySet):
    def for_user(self, user):
        """Only the informatiecoördinator decides who a feed row is about (design: the house links
        persons); nobody else sees the proposals, which compare two persons side by side."""
        if not user.is_authenticated or not user.heeft_rol(Rol.INFORMATIECOORDINATOR):
            return self.none()
        return self

    def open(self):
        return self.filter(status=Koppelvoorstel.Status.OPEN)


class Koppelvoorstel(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        GEKOPPELD = "gekoppeld", "Gekoppeld aan de bekende persoon"
        AFGEWEZEN = "afgewezen", "Afgewezen: nieuwe persoon"

    class Reden(models.TextChoices):
        NAAM_LIJKT = "naam_lijkt", "Naam lijkt, geboortedatum gelijk"
        DATUM_TIKFOUT = "datum_tikfout", "Naam gelijk, geboortedatum wijkt één cijfer of dag en maand af"

    melding = models.ForeignKey("meldingen.Melding", on_delete=models.CASCADE, related_name="koppelvoorstellen", verbose_name="melding")
    koppeling = models.OneToOneField(
        "meldingen.MeldingPersoon", on_delete=models.CASCADE, related_name="koppelvoorstel", verbose_name="persoon bij melding",
        help_text="De nog niet gekoppelde persoon van de melding, met de gegevens zoals de feed ze gaf.",
    )
    kandidaat = models.ForeignKey(
        "personen.Persoon", on_delete=models.PROTECT, related_name="koppelvoorstellen", verbose_name="bekende persoon",
        help_text="De persoon die het huis al kent en die waarschijnlijk dezelfde is.",
    )
    score = models.PositiveSmallIntegerField("score", help_text="Gelijkenis van de namen, 0 tot 100.")
    reden = models.CharField("reden", max_length=20, choices=Reden.choices)
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.OPEN)
    aangemaakt_op = models.DateTimeField("aangemaakt op", default=timezone.now)

    objects = KoppelvoorstelQuerySet.as_manager()

    class Meta:
        verbose_name = "koppelvoorstel"
        verbose_name_plural = "koppelvoorstellen"
        ordering = ["aangemaakt_op", "id"]
        indexes = [
            models.Index(fields=["status", "aangemaakt_op", "id"], name="koppelvoorstel_status_idx"),
            models.Index(fields=["kandidaat"], name="koppelvoorstel_kandidaat_idx"),
        ]

    @property
    def nummer(self) -> str:
        return f"K-{self.pk:07d}"

    def __str__(self) -> str:
        return self.nummer


class KoppelvoorstelStatus(StatusWijziging):
    """The decisions on a proposal, append-only: who linked or rejected it, and when."""

    KETENVELDEN = ("volgnummer", "voorstel_id", "van", "naar", "tijdstip", "door_id", "toelichting", "vorige_hash")

    voorstel = models.ForeignKey(Koppelvoorstel, on_delete=models.PROTECT, related_name="statushistorie", verbose_name="koppelvoorstel")
    van = models.CharField("van status", max_length=12, blank=True, choices=Koppelvoorstel.Status.choices)
    naar = models.CharField("naar status", max_length=12, choices=Koppelvoorstel.Status.choices)

    class Meta(StatusWijziging.Meta):
        verbose_name = "besluit over koppelvoorstel"
        verbose_name_plural = "besluiten over koppelvoorstellen"
