from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

from schakel.core.access import ForUserQuerySet
from schakel.core.models import StatusWijziging
from schakel.core.validators import geen_html
from schakel.gebruikers.rollen import Rol
from schakel.partners.models import Bron
from schakel.privacy.velden import categorie_veld

OMSCHRIJVING_MAX = 10_000


class Thema(models.Model):
    code = models.SlugField("code", max_length=40, unique=True)
    naam = models.CharField("naam", max_length=100, unique=True, help_text="Thema of doelgroep, zoals in de jaarcijfers.")
    actief = models.BooleanField("actief", default=True)

    class Meta:
        verbose_name = "thema / doelgroep"
        verbose_name_plural = "thema's / doelgroepen"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class MeldingQuerySet(ForUserQuerySet):
    def for_user(self, user):
        """The rule of for_user_volgens_regel, with the cases read from casussen.ZichtbareCasus."""
        if not user.is_authenticated:
            return self.none()
        if user.is_processtaf:
            return self
        if user.heeft_rol(Rol.PARTNER) and user.organisatie_id:
            from schakel.casussen.zichtbaarheid import zichtbare_casus_ids_vast

            return self.filter(
                models.Q(melder_organisatie_id=user.organisatie_id)
                | models.Q(casus_id__in_array=zichtbare_casus_ids_vast(user.organisatie_id))
            )
        return self.none()

    def for_user_volgens_regel(self, user):
        """Reference implementation (tests/test_zichtbaarheid.py only). House staff see every melding; a partner professional sees those his organisation brought in
        and those belonging to a case his organisation works on under a covenant in force (the same
        rule as Casus.objects.for_user, without the guest route). Nobody else sees content."""
        if not user.is_authenticated:
            return self.none()
        if user.is_processtaf:
            return self
        if user.heeft_rol(Rol.PARTNER) and user.organisatie_id:
            from schakel.casussen.models import CasusBetrokkenheid, convenant_overlegtypen, uitnodigingen_in_venster

            # Straight from the involvement index: the cases this organisation works on under an
            # annex in force (the rule of Casus.objects.for_user without the guest route), and the
            # cases of agenda items it is invited for while the invitation's window is open.
            onder_convenant = convenant_overlegtypen(user.organisatie_id)
            betrokken = CasusBetrokkenheid.objects.filter(
                organisatie_id=user.organisatie_id, rol__in=CasusBetrokkenheid.BLIJVEND,
                casus__overlegtype_id__in=onder_convenant,
            ).values("casus_id")
            genodigd = uitnodigingen_in_venster().filter(
                deelnemer__organisatie_id=user.organisatie_id, bespreking__casus__overlegtype_id__in=onder_convenant
            ).values("bespreking__casus_id")
            return self.filter(
                models.Q(melder_organisatie_id=user.organisatie_id) | models.Q(casus_id__in_array=betrokken)
                | models.Q(casus_id__in_array=genodigd)
            )
        return self.none()

    # Named worklists, shared by the start page (which counts them) and the lists that show them.

    def niet_geagendeerd(self):
        """Registered and not yet on a briefing's agenda."""
        return self.filter(status=Melding.Status.GEREGISTREERD)

    def terugkoppeling_open(self):
        """Weighed, and the reporter has not yet been told the decision. Kept as a flag on the melding
        (meldingen.services keeps it right): at a million meldingen, almost all weighed and fed back,
        finding the few without feedback by an anti-join took 470 ms on every start page."""
        return self.filter(wacht_op_terugkoppeling=True)


class Melding(models.Model):
    class Kanaal(models.TextChoices):
        MAIL = "mail", "E-mail"
        TELEFOON = "telefoon", "Telefoon"
        POLITIEMUTATIE = "politiemutatie", "Politiemutatie / aanhouding"
        DETENTIEMELDING = "detentiemelding", "Detentiemelding (DJI)"
        PARTNER = "partner", "Partneroverleg"
        ZSM = "zsm", "ZSM"
        OVERIG = "overig", "Overig"

    class Soort(models.TextChoices):
        CASUS = "casus", "Casus (vastgelopen of complex)"
        INFORMATIEVRAAG = "informatievraag", "Informatievraag"
        ADVIES = "advies", "Adviesvraag"
        CONTACTVERZOEK = "contactverzoek", "Contactverzoek"

    class Onderwerp(models.TextChoices):
        PERSOON = "persoon", "Persoon"
        GEZIN = "gezin", "Gezin / systeem"
        GEBIED = "gebied", "Gebied"

    class Urgentie(models.TextChoices):
        NORMAAL = "normaal", "Normaal"
        HOOG = "hoog", "Hoog"
        SPOED = "spoed", "Spoed"

    class Status(models.TextChoices):
        GEREGISTREERD = "geregistreerd", "Geregistreerd"
        GEAGENDEERD = "geagendeerd", "Geagendeerd voor briefing"
        GEWOGEN = "gewogen", "Gewogen"
        HISTORISCH = "historisch", "Historisch (geïmporteerd)"
        DOORGEZET = "doorgezet", "Doorgezet naar gemeente (eigen nazorg)"

    ontvangen_op = models.DateTimeField("ontvangen op", default=timezone.now, help_text="Wanneer de melding binnenkwam.")
    kanaal = models.CharField("kanaal", max_length=20, choices=Kanaal.choices)
    soort = models.CharField("soort melding", max_length=20, choices=Soort.choices, default=Soort.CASUS)
    anoniem = models.BooleanField(
        "anoniem", default=False, help_text="Adviesvraag zonder dat de persoon bij naam bekend wordt gemaakt."
    )
    onderwerp = models.CharField("onderwerp", max_length=10, choices=Onderwerp.choices, default=Onderwerp.PERSOON)
    gebied = models.CharField(
        "gebied", max_length=200, blank=True, validators=[geen_html], help_text="Wijk of gebied, als de melding een gebied betreft."
    )
    melder_organisatie = models.ForeignKey(
        "partners.Organisatie",
        on_delete=models.PROTECT,
        null=True,
        related_name="meldingen",
        verbose_name="organisatie van de melder",
        help_text="Leeg alleen bij meldingen uit een historische import, waarin alleen de bron bekend is.",
    )
    bron = models.CharField(
        "bron", max_length=20, choices=Bron.choices, default=Bron.OVERIG,
        help_text="Bron in de jaarcijfers: bij registratie afgeleid van de organisatie van de melder (ZSM bij kanaal ZSM).",
    )
    extern_id = models.CharField(
        "extern nummer", max_length=100, null=True, blank=True, unique=True, editable=False,
        help_text="Meldingnummer uit GCOS of Excel bij een historische import; maakt een tweede import van hetzelfde bestand leeg.",
    )
    melder_naam = models.CharField("naam melder", max_length=200, blank=True, validators=[geen_html])
    melder_contact = models.CharField(
        "contactgegevens melder", max_length=200, blank=True, validators=[geen_html], help_text="Telefoon of e-mail voor de terugkoppeling."
    )
    gemeente = models.ForeignKey(
        "gemeenten.Gemeente", on_delete=models.PROTECT, related_name="meldingen", verbose_name="gemeente"
    )
    thema = models.ForeignKey(
        Thema, on_delete=models.PROTECT, related_name="meldingen", verbose_name="thema / doelgroep"
    )
    omschrijving = models.TextField(
        "omschrijving",
        validators=[MaxLengthValidator(OMSCHRIJVING_MAX), geen_html],
        help_text="Zakelijk en zo kort als kan: alleen wat nodig is om te wegen.",
    )
    categorie = categorie_veld("de omschrijving")
    urgentie = models.CharField("urgentie", max_length=10, choices=Urgentie.choices, default=Urgentie.NORMAAL)
    lopend_bij_veilig_thuis = models.BooleanField(
        "lopend bij Veilig Thuis", default=False, help_text="Dan onderneemt het huis geen eigen acties."
    )
    lopend_bij_zsm = models.BooleanField("lopend bij ZSM", default=False)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.GEREGISTREERD)
    personen = models.ManyToManyField(
        "personen.Persoon", through="MeldingPersoon", related_name="meldingen", verbose_name="personen"
    )
    casus = models.ForeignKey(
        "casussen.Casus",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meldingen",
        verbose_name="casus",
        help_text="De casus waar deze melding bij hoort (geopend door de weging of een lopende casus).",
    )
    geregistreerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="geregistreerd door"
    )
    geregistreerd_op = models.DateTimeField("geregistreerd op", auto_now_add=True)
    wacht_op_terugkoppeling = models.BooleanField(
        "wacht op terugkoppeling",
        default=False,
        db_default=False,
        editable=False,
        help_text="Gewogen en de melder heeft het besluit nog niet gehoord. Wordt bijgehouden bij de weging en de terugkoppeling.",
    )

    objects = MeldingQuerySet.as_manager()

    class Meta:
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        ordering = ["-ontvangen_op", "-id"]
        indexes = [
            models.Index(fields=["-ontvangen_op", "-id"], name="melding_ontvangen_idx"),
            models.Index(fields=["melder_organisatie", "-ontvangen_op"], name="melding_melder_idx"),
            models.Index(fields=["gemeente", "-ontvangen_op"], name="melding_gemeente_idx"),
            models.Index(fields=["status", "-ontvangen_op"], name="melding_status_idx"),
            models.Index(fields=["thema", "-ontvangen_op"], name="melding_thema_idx"),
            models.Index(fields=["kanaal", "-ontvangen_op"], name="melding_kanaal_idx"),
            models.Index(fields=["-ontvangen_op"], condition=models.Q(wacht_op_terugkoppeling=True),
                         name="melding_terugkoppeling_idx"),
        ]

    def save(self, *args, **kwargs):
        # Stored, not joined at report time: imported meldingen have a source but no organisation.
        if self.kanaal == self.Kanaal.ZSM:
            self.bron = Bron.ZSM
        elif self.melder_organisatie_id:
            self.bron = self.melder_organisatie.bron
        super().save(*args, **kwargs)

    @property
    def nummer(self) -> str:
        return f"M-{self.pk:07d}"

    def __str__(self) -> str:
        return self.nummer


# A melding no longer in process: weighed at the briefing, imported as history, or a detention notice
# routed to a municipality that does its own aftercare. Retention and erasure treat them alike.
AFGEHANDELD = (Melding.Status.GEWOGEN, Melding.Status.HISTORISCH, Melding.Status.DOORGEZET)


class MeldingPersoon(models.Model):
    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="koppelingen", verbose_name="melding")
    persoon = models.ForeignKey(
        "personen.Persoon", on_delete=models.PROTECT, null=True, blank=True, related_name="meldingkoppelingen",
        verbose_name="persoon",
        help_text="Leeg zolang het huis nog moet beoordelen of de opgegeven persoon een al bekende persoon is.",
    )
    # What the reporter typed, kept apart from the person record: the reporter sees this and only
    # this, also after the house linked the melding to a person it already knew (a partner never
    # learns identity data it did not bring itself).
    opgave = models.JSONField(
        "opgave van de melder", null=True, blank=True, editable=False,
        help_text="De persoonsgegevens zoals de melder ze opgaf; leeg bij meldingen van vóór deze registratie of uit een import.",
    )

    class Meta:
        verbose_name = "persoon bij melding"
        verbose_name_plural = "personen bij meldingen"
        constraints = [models.UniqueConstraint(fields=["melding", "persoon"], name="uniek_persoon_per_melding")]
        indexes = [models.Index(fields=["persoon", "melding"], name="meldingpersoon_persoon_idx")]

    @property
    def te_koppelen(self) -> bool:
        return self.persoon_id is None


class MeldingStatus(StatusWijziging):
    KETENVELDEN = ("volgnummer", "melding_id", "van", "naar", "tijdstip", "door_id", "toelichting", "vorige_hash")

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="statushistorie", verbose_name="melding")
    van = models.CharField("van status", max_length=20, blank=True, choices=Melding.Status.choices)
    naar = models.CharField("naar status", max_length=20, choices=Melding.Status.choices)

    class Meta(StatusWijziging.Meta):
        verbose_name = "statuswijziging melding"
        verbose_name_plural = "statuswijzigingen meldingen"


class Terugkoppeling(models.Model):
    class Kanaal(models.TextChoices):
        MAIL = "mail", "E-mail"
        TELEFOON = "telefoon", "Telefoon"
        OVERLEG = "overleg", "In overleg / mondeling"
        BRIEF = "brief", "Brief"

    melding = models.ForeignKey(Melding, on_delete=models.CASCADE, related_name="terugkoppelingen", verbose_name="melding")
    datum = models.DateField("datum", help_text="Wanneer de melder is teruggekoppeld.")
    kanaal = models.CharField("kanaal", max_length=10, choices=Kanaal.choices)
    tekst = models.TextField(
        "terugkoppeling", validators=[MaxLengthValidator(4000), geen_html], help_text="Wat de melder over het besluit is verteld."
    )
    categorie = categorie_veld("de terugkoppeling")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="vastgelegd door")
    vastgelegd_op = models.DateTimeField("vastgelegd op", auto_now_add=True)

    class Meta:
        verbose_name = "terugkoppeling"
        verbose_name_plural = "terugkoppelingen"
        ordering = ["-datum", "-id"]
