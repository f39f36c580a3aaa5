from django.conf import settings
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from schakel.core.access import ForUserQuerySet
from schakel.core.validators import geen_html
from schakel.privacy.velden import categorie_veld


class Leefgebied(models.TextChoices):
    """The five domains of aftercare (nazorg) plus the wider ones a focus plan uses."""

    IDENTITEIT = "identiteit", "Identiteitsbewijs"
    HUISVESTING = "huisvesting", "Huisvesting"
    INKOMEN_WERK = "inkomen_werk", "Inkomen en werk / dagbesteding"
    SCHULDEN = "schulden", "Schulden"
    ZORG = "zorg", "Zorg (psychisch, verslaving, somatisch)"
    GEZIN = "gezin", "Gezin en sociaal netwerk"
    JUSTITIE = "justitie", "Justitie en veiligheid"
    OVERIG = "overig", "Overig"


class PlanQuerySet(ForUserQuerySet):
    def for_user(self, user):
        """The plans of the cases this user may see (Casus.objects.for_user)."""
        from schakel.casussen.models import Casus

        if not user.is_authenticated:
            return self.none()
        if user.is_processtaf:
            return self
        return self.filter(casus__in=Casus.objects.for_user(user))


class PlanVanAanpak(models.Model):
    class Type(models.TextChoices):
        JUSTITIEEL = "justitieel", "Justitieel"
        ZORG = "zorg", "Zorg"
        INTEGRAAL = "integraal", "Integraal"
        NAZORG = "nazorg", "Nazorg"
        HUISVERBOD = "huisverbod", "Huisverbod"

    class ClientAkkoord(models.TextChoices):
        JA = "ja", "Ja"
        NEE = "nee", "Nee"
        ONBEKEND = "onbekend", "Niet besproken / onbekend"

    casus = models.OneToOneField("casussen.Casus", on_delete=models.PROTECT, related_name="plan", verbose_name="casus")
    type = models.CharField("type plan", max_length=12, choices=Type.choices)
    casushouder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="casushouderschappen", verbose_name="casushouder",
        help_text="Een professional van een partnerorganisatie, gekozen in het overleg.",
    )
    vastgesteld_op = models.DateField("vastgesteld op")
    vastgesteld_in = models.ForeignKey(
        "overleggen.Overleg", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="vastgesteld in overleg"
    )
    client_akkoord = models.CharField("cliënt akkoord", max_length=10, choices=ClientAkkoord.choices, default=ClientAkkoord.ONBEKEND)
    toelichting = models.TextField("toelichting", blank=True, validators=[MaxLengthValidator(10_000), geen_html])
    categorie = categorie_veld("de toelichting")

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "plan van aanpak"
        verbose_name_plural = "plannen van aanpak"


class Doel(models.Model):
    plan = models.ForeignKey(PlanVanAanpak, on_delete=models.CASCADE, related_name="doelen", verbose_name="plan")
    leefgebied = models.CharField("leefgebied", max_length=20, choices=Leefgebied.choices)
    omschrijving = models.TextField("doel", validators=[MaxLengthValidator(2000), geen_html])
    categorie = categorie_veld("het doel")

    class Meta:
        verbose_name = "doel"
        verbose_name_plural = "doelen"
        ordering = ["leefgebied", "id"]


class ActieQuerySet(ForUserQuerySet):
    def for_user(self, user):
        """The actions of the cases this user may see (Casus.objects.for_user): an owner whose
        organisation lost access to the case no longer sees its actions either."""
        from schakel.casussen.models import Casus

        if not user.is_authenticated:
            return self.none()
        if user.is_processtaf:
            return self
        return self.filter(plan__casus__in=Casus.objects.for_user(user))

    def open_van(self, gebruiker):
        """Open actions this professional owns, of cases still running: his "mijn acties"."""
        from schakel.casussen.models import Casus

        return self.filter(eigenaar=gebruiker, status=Actie.Status.OPEN).exclude(plan__casus__status=Casus.Status.AFGESLOTEN)

    def te_laat(self, vandaag=None):
        """Past their deadline (the deadline day itself is still on time)."""
        return self.filter(deadline__lt=vandaag or timezone.localdate())


class Actie(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        GEDAAN = "gedaan", "Gedaan"
        NIET_GEDAAN = "niet_gedaan", "Niet gedaan"

    plan = models.ForeignKey(PlanVanAanpak, on_delete=models.CASCADE, related_name="acties", verbose_name="plan")
    doel = models.ForeignKey(Doel, on_delete=models.SET_NULL, null=True, blank=True, related_name="acties", verbose_name="doel")
    organisatie = models.ForeignKey("partners.Organisatie", on_delete=models.PROTECT, related_name="acties", verbose_name="organisatie")
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="acties", verbose_name="eigenaar"
    )
    omschrijving = models.TextField("actie", validators=[MaxLengthValidator(2000), geen_html])
    categorie = models.ForeignKey(
        "privacy.InformatieCategorie", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="soort informatie in omschrijving en reden",
        help_text="Leeg: algemene informatie. Een bijzondere soort (zorg, Veilig Thuis) ziet alleen wie de convenantbijlage noemt.",
    )
    deadline = models.DateField("uiterlijk op")
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.OPEN)
    reden_niet_gedaan = models.TextField(
        "reden niet gedaan", blank=True, validators=[MaxLengthValidator(2000), geen_html], help_text="Verplicht bij 'niet gedaan'."
    )

    objects = ActieQuerySet.as_manager()

    class Meta:
        verbose_name = "actie"
        verbose_name_plural = "acties"
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["status", "deadline"], name="actie_status_idx")]


class VrijwilligTraject(models.Model):
    """A voluntary programme for an (ex-)prisoner, paid from the Motie Van der Staaij funds: a whole
    programme at a provider or only a conversation in the prison. Its help questions are the aftercare
    domains it works on; the report spreads the programmes' cost over them."""

    class Soort(models.TextChoices):
        TRAJECT = "traject", "Traject"
        GESPREK_PI = "gesprek_pi", "Alleen gesprek in de PI"

    persoon = models.ForeignKey(
        "personen.Persoon", on_delete=models.PROTECT, related_name="vrijwillige_trajecten", verbose_name="persoon",
        help_text="De (ex-)gedetineerde die het traject volgt.",
    )
    casus = models.ForeignKey(
        "casussen.Casus", on_delete=models.PROTECT, null=True, blank=True, related_name="vrijwillige_trajecten",
        verbose_name="casus", help_text="De casus waaruit het traject volgt, als die er is.",
    )
    aanbieder = models.CharField("aanbieder", max_length=200, validators=[geen_html], help_text="Bijvoorbeeld Exodus of het Leger des Heils.")
    soort = models.CharField("soort", max_length=12, choices=Soort.choices, default=Soort.TRAJECT)
    gestart_op = models.DateField("gestart op")
    kosten = models.DecimalField(
        "kosten", max_digits=10, decimal_places=2, validators=[MinValueValidator(0)],
        help_text="Wat het traject kostte, in euro, betaald uit de middelen van de Motie Van der Staaij.",
    )

    class Meta:
        verbose_name = "vrijwillig traject"
        verbose_name_plural = "vrijwillige trajecten"
        indexes = [models.Index(fields=["gestart_op"], name="traject_gestart_idx")]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} bij {self.aanbieder}"


class Hulpvraag(models.Model):
    """One help question of a voluntary programme: an aftercare domain (onderdak is huisvesting,
    W&I is inkomen en werk)."""

    traject = models.ForeignKey(VrijwilligTraject, on_delete=models.CASCADE, related_name="hulpvragen", verbose_name="traject")
    leefgebied = models.CharField("hulpvraag", max_length=20, choices=Leefgebied.choices)

    class Meta:
        verbose_name = "hulpvraag"
        verbose_name_plural = "hulpvragen"
        constraints = [models.UniqueConstraint(fields=["traject", "leefgebied"], name="uniek_hulpvraag_per_traject")]
