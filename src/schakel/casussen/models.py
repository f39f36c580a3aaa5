from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.functional import cached_property

from schakel.core.access import ForUserQuerySet
from schakel.core.models import StatusWijziging
from schakel.core.validators import geen_html
from schakel.core.workflow import Workflow
from schakel.gebruikers.rollen import Rol
from schakel.privacy.velden import categorie_veld


def convenant_overlegtypen(organisatie_id, op=None):
    """The conference types for which an annex in force names this organisation, which had signed
    the covenant by then. A handful of ids: PostgreSQL hashes them once instead of checking the
    annex per case (docs/performance.md)."""
    from schakel.privacy.models import geldige_bijlagen

    op = op or timezone.localdate()
    return (
        geldige_bijlagen(op)
        .filter(
            partijen=organisatie_id,
            convenant__partijen__organisatie=organisatie_id,
            convenant__partijen__ondertekend_op__lte=op,
        )
        .values("overlegtype_id")
    )


def organisaties_onder_convenant(overlegtype_id, op=None):
    """The organisations whose people can see a case of this conference type: an annex in force
    names them and they had signed the covenant by then. Only they can hold a case or an action
    (anyone else would be given work on a case he can never open)."""
    from schakel.partners.models import Organisatie
    from schakel.privacy.models import bijlage_geeft_toegang

    op = op or timezone.localdate()
    return Organisatie.objects.filter(models.Exists(bijlage_geeft_toegang(models.OuterRef("pk"), overlegtype_id, op)))


def uitnodigingen_in_venster(nu=None):
    """Invitations (one per participant and agenda item) that open their case now: from the start of
    the meeting until SCHAKEL_UITNODIGING_DAGEN days after it. Before the meeting an invitation opens
    nothing; afterwards only a lasting involvement does (an action, casushouder, inbrenger)."""
    from schakel.overleggen.models import Uitnodiging

    nu = nu or timezone.now()
    return Uitnodiging.objects.filter(
        bespreking__overleg__datum__lte=nu,
        bespreking__overleg__datum__gte=nu - timedelta(days=settings.SCHAKEL_UITNODIGING_DAGEN),
    )


class CasusQuerySet(ForUserQuerySet):
    def for_user(self, user):
        """The rule of for_user_volgens_regel, read from the maintained table casussen.ZichtbareCasus
        (casussen.zichtbaarheid): an index probe per organisation instead of rebuilding every involved
        case per request. The personal guest route stays a rule: per user, a handful of rows."""
        if not user.is_authenticated:
            return self.none()
        if user.is_processtaf:
            return self
        if user.heeft_rol(Rol.PARTNER) and user.organisatie_id:
            from schakel.casussen.zichtbaarheid import zichtbare_casus_ids

            gast = uitnodigingen_in_venster().filter(
                deelnemer__gebruiker=user, geheimhoudingsverklaring__isnull=False
            ).values("bespreking__casus_id")
            return self.filter(models.Q(pk__in=zichtbare_casus_ids(user.organisatie_id)) | models.Q(pk__in=gast))
        return self.none()

    def volgens_regel(self, organisatie_id, nu=None):
        """The cases the rule opens to an organisation at `nu` (without the guest route): what
        casussen.ZichtbareCasus must hold (checked by casussen.zichtbaarheid.verschillen)."""
        nu = nu or timezone.now()
        uitnodigingen = uitnodigingen_in_venster(nu).filter(bespreking__casus=models.OuterRef("pk"))
        betrokken = models.Exists(
            CasusBetrokkenheid.objects.filter(
                casus=models.OuterRef("pk"), organisatie_id=organisatie_id, rol__in=CasusBetrokkenheid.BLIJVEND
            )
        )
        genodigd = models.Exists(uitnodigingen.filter(deelnemer__organisatie_id=organisatie_id))
        onder_convenant = models.Q(overlegtype_id__in=convenant_overlegtypen(organisatie_id, timezone.localdate(nu)))
        return self.filter((betrokken | genodigd) & onder_convenant)

    def for_user_volgens_regel(self, user):
        """Reference implementation of the need-to-know rule, used only to check the table
        (tests/test_zichtbaarheid.py, `schakel zichtbaarheid --controleer`). House staff see every case. A partner sees a case while a covenant annex in force for the
        case's conference type names his organisation, and his organisation is involved in it for
        good (brought it in, holds an action or is casushouder) or is invited for its agenda item of
        a meeting that started at most SCHAKEL_UITNODIGING_DAGEN days ago. The day the covenant
        expires, that access ends. A guest (without covenant) sees only the case of an agenda item he
        personally signed a geheimhoudingsverklaring for, in the same window. Invitations are per
        agenda item: an invitation for one case opens nothing else on that agenda. One query of
        EXISTS subqueries, no Python loops."""
        if not user.is_authenticated:
            return self.none()
        if user.is_processtaf:
            return self
        if user.heeft_rol(Rol.PARTNER) and user.organisatie_id:
            uitnodigingen = uitnodigingen_in_venster().filter(bespreking__casus=models.OuterRef("pk"))
            betrokken = models.Exists(
                CasusBetrokkenheid.objects.filter(
                    casus=models.OuterRef("pk"), organisatie_id=user.organisatie_id, rol__in=CasusBetrokkenheid.BLIJVEND
                )
            )
            genodigd = models.Exists(uitnodigingen.filter(deelnemer__organisatie_id=user.organisatie_id))
            gast = models.Exists(uitnodigingen.filter(deelnemer__gebruiker=user, geheimhoudingsverklaring__isnull=False))
            onder_convenant = models.Q(overlegtype_id__in=convenant_overlegtypen(user.organisatie_id))
            return self.filter(((betrokken | genodigd) & onder_convenant) | gast)
        return self.none()

    def actief(self):
        return self.exclude(status=Casus.Status.AFGESLOTEN)

    # Named worklists, shared by the start page (which counts them) and the case list (which shows
    # them, ?werklijst=<naam>): the count on the start page is the number of rows in the list.

    def te_heragenderen(self):
        """Running cases the monitoring found stagnating and that wait for a place on an agenda
        (the mark is cleared when the case is agendered, overleggen.services)."""
        return self.actief().filter(heragenderen_sinds__isnull=False)

    def over_afsluittermijn(self, vandaag=None, grens=None):
        """Cases in treatment whose plan was adopted longer ago than the closing term (six months by
        default: the last monitoring term) and that have no extension covering today. `grens`: the
        day monitoring.services.afsluitgrens gives for `vandaag`, if the caller has it already."""
        from schakel.monitoring.models import Verlenging
        from schakel.monitoring.services import afsluitgrens

        vandaag = vandaag or timezone.localdate()
        grens = grens or afsluitgrens(vandaag)
        return self.filter(status=Casus.Status.IN_BEHANDELING, plan__vastgesteld_op__lt=grens).exclude(
            models.Exists(Verlenging.objects.filter(casus=models.OuterRef("pk"), tot__gte=vandaag))
        )

    def met_casushouder(self, gebruiker):
        """Cases whose plan names this professional (a user or his id) casushouder; only a case with
        a plan has one, so `.actief()` of these are the cases in treatment."""
        return self.filter(plan__casushouder=gebruiker)

    def van_mijn_organisatie(self, gebruiker):
        """Running cases the professional's organisation works on for good (brought in, holds an
        action, is casushouder); an invitation alone does not make a case 'ours'."""
        if not gebruiker.organisatie_id:
            return self.none()
        return self.actief().filter(
            models.Exists(
                CasusBetrokkenheid.objects.filter(
                    casus=models.OuterRef("pk"), organisatie_id=gebruiker.organisatie_id, rol__in=CasusBetrokkenheid.BLIJVEND
                )
            )
        )

    def nieuw_sinds_bezoek(self, gebruiker):
        """Cases of the professional's organisation with news (Casus.laatste_nieuws_op, see
        casussen.nieuws) after he last opened the case page, or that he never opened. One indexed
        probe per case on (gebruiker, casus)."""
        gezien = CasusBezoek.objects.filter(
            gebruiker=gebruiker, casus=models.OuterRef("pk"), laatst_bekeken__gte=models.OuterRef("laatste_nieuws_op")
        )
        return self.van_mijn_organisatie(gebruiker).exclude(models.Exists(gezien))


class Casus(models.Model):
    class Status(models.TextChoices):
        AANGEMELD = "aangemeld", "Aangemeld voor overleg"
        IN_BEHANDELING = "in_behandeling", "In behandeling"
        AFGESLOTEN = "afgesloten", "Afgesloten"

    class Onderwerp(models.TextChoices):
        PERSOON = "persoon", "Persoon"
        GEZIN = "gezin", "Gezin / systeem"
        GEBIED = "gebied", "Gebied"

    onderwerp = models.CharField("onderwerp", max_length=10, choices=Onderwerp.choices, default=Onderwerp.PERSOON)
    personen = models.ManyToManyField("personen.Persoon", related_name="casussen", blank=True, verbose_name="personen")
    overlegtype = models.ForeignKey(
        "overleggen.Overlegtype", on_delete=models.PROTECT, related_name="casussen", verbose_name="overlegtype"
    )
    gemeente = models.ForeignKey("gemeenten.Gemeente", on_delete=models.PROTECT, related_name="casussen", verbose_name="gemeente")
    thema = models.ForeignKey("meldingen.Thema", on_delete=models.PROTECT, related_name="casussen", verbose_name="thema / doelgroep")
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.AANGEMELD)
    procesregisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="procesregisseur",
        help_text="Eigenaar van het proces, aanspreekpunt bij een dubbelingstreffer.",
    )
    geopend_op = models.DateTimeField("geopend op", default=timezone.now)
    geopend_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="geopend door")
    heragenderen_sinds = models.DateTimeField(
        "heragenderen sinds", null=True, blank=True,
        help_text="Gezet als de monitoring stagnatie vaststelt; leeg zodra de casus weer op een agenda staat.",
    )
    laatste_nieuws_op = models.DateTimeField(
        # The database default serves rows written without this field (older migrations' models).
        "laatste nieuws op", default=timezone.now, db_default=Now(), editable=False,
        help_text="Wanneer er voor het laatst iets nieuws bij de casus kwam: een statuswijziging, bespreking, plan, "
        "actie of melding. De startpagina vergelijkt dit met het laatste bezoek van de professional.",
    )
    vorige_casus = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="vervolgcasussen", verbose_name="eerdere casus",
        help_text="Een verzoek na afsluiting is een nieuwe melding en een nieuwe casus, gekoppeld aan de oude.",
    )

    objects = CasusQuerySet.as_manager()

    class Meta:
        verbose_name = "casus"
        verbose_name_plural = "casussen"
        ordering = ["-geopend_op", "-id"]
        indexes = [
            models.Index(fields=["status", "-geopend_op"], name="casus_status_idx"),
            models.Index(fields=["overlegtype", "status"], name="casus_overlegtype_idx"),
            models.Index(fields=["geopend_op"], name="casus_geopend_idx"),
            # The list's filters, each with its default order (newest first), so a filtered page is an index scan.
            models.Index(fields=["gemeente", "-geopend_op"], name="casus_gemeente_idx"),
            models.Index(fields=["procesregisseur", "-geopend_op"], name="casus_regisseur_idx"),
            models.Index(fields=["overlegtype", "-geopend_op"], name="casus_overlegtype_datum_idx"),
            models.Index(
                fields=["-geopend_op"], name="casus_heragenderen_idx", condition=models.Q(heragenderen_sinds__isnull=False)
            ),
        ]

    @property
    def nummer(self) -> str:
        return f"C-{self.pk:07d}"

    @cached_property
    def persoon_ids(self) -> list[int]:
        """The ids of the case's persons, asked once per object: each section of the case page logs them."""
        return list(self.personen.order_by("pk").values_list("pk", flat=True))

    def __str__(self) -> str:
        return self.nummer


CASUS_WORKFLOW = Workflow(
    name="Casus",
    transitions={
        "": frozenset({Casus.Status.AANGEMELD}),
        Casus.Status.AANGEMELD: frozenset({Casus.Status.IN_BEHANDELING, Casus.Status.AFGESLOTEN}),
        Casus.Status.IN_BEHANDELING: frozenset({Casus.Status.AFGESLOTEN}),
        Casus.Status.AFGESLOTEN: frozenset(),
    },
    labels=dict(Casus.Status.choices),
)


class CasusBetrokkenheid(models.Model):
    class Rol(models.TextChoices):
        INBRENGER = "inbrenger", "Inbrenger"
        GENODIGD = "genodigd", "Genodigd voor het overleg"
        ACTIEHOUDER = "actiehouder", "Houdt een actie"
        CASUSHOUDER = "casushouder", "Casushouder"

    # Involvement that opens the case for as long as the covenant allows. 'Genodigd' is a record of
    # an invitation only: what an invitation opens, and for how long, follows from the invitation
    # itself (overleggen.Uitnodiging, see uitnodigingen_in_venster).
    BLIJVEND = [Rol.INBRENGER, Rol.ACTIEHOUDER, Rol.CASUSHOUDER]

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="betrokkenheden", verbose_name="casus")
    organisatie = models.ForeignKey(
        "partners.Organisatie", on_delete=models.PROTECT, related_name="casusbetrokkenheden", verbose_name="organisatie"
    )
    rol = models.CharField("rol", max_length=20, choices=Rol.choices)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="professional"
    )
    sinds = models.DateTimeField("sinds", default=timezone.now)

    class Meta:
        verbose_name = "betrokkenheid bij casus"
        verbose_name_plural = "betrokkenheden bij casussen"
        constraints = [models.UniqueConstraint(fields=["casus", "organisatie", "rol"], name="uniek_betrokkenheid")]
        indexes = [models.Index(fields=["organisatie", "casus"], name="betrokkenheid_org_idx")]


class CasusStatus(StatusWijziging):
    KETENVELDEN = ("volgnummer", "casus_id", "van", "naar", "tijdstip", "door_id", "toelichting", "vorige_hash")

    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="statushistorie", verbose_name="casus")
    van = models.CharField("van status", max_length=20, blank=True, choices=Casus.Status.choices)
    naar = models.CharField("naar status", max_length=20, choices=Casus.Status.choices)

    class Meta(StatusWijziging.Meta):
        verbose_name = "statuswijziging casus"
        verbose_name_plural = "statuswijzigingen casussen"


class AfsluitUitkomst(models.Model):
    """Outcome flags at closing (multi-select), seed 001 §5.6."""

    code = models.SlugField("code", max_length=40, unique=True)
    naam = models.CharField("naam", max_length=120)
    actief = models.BooleanField("actief", default=True)
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        verbose_name = "uitkomst bij afsluiting"
        verbose_name_plural = "uitkomsten bij afsluiting"
        ordering = ["volgorde", "naam"]

    def __str__(self) -> str:
        return self.naam


class Afsluiting(models.Model):
    class Reden(models.TextChoices):
        DOELEN_BEHAALD = "doelen_behaald", "Doelen behaald"
        AFGESCHAALD = "afgeschaald", "Afgeschaald naar lokale partij"
        NIET_HAALBAAR = "niet_haalbaar", "Geen verdere meerwaarde / niet haalbaar"
        DETENTIE = "detentie", "Langdurige detentie"
        VERHUISD = "verhuisd", "Verhuisd buiten de regio"
        OVERLEDEN = "overleden", "Overleden"
        OVERIG = "overig", "Overig"

    casus = models.OneToOneField(Casus, on_delete=models.PROTECT, related_name="afsluiting", verbose_name="casus")
    datum = models.DateField("afgesloten op")
    reden = models.CharField("reden", max_length=20, choices=Reden.choices)
    uitkomsten = models.ManyToManyField(AfsluitUitkomst, blank=True, related_name="afsluitingen", verbose_name="uitkomsten")
    overgedragen_aan = models.ForeignKey(
        "partners.Organisatie", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="overgedragen aan",
        help_text="Afschaling: de lokale partij die het overneemt.",
    )
    overdracht_contact = models.CharField("contactpersoon overdracht", max_length=200, blank=True, validators=[geen_html])
    toelichting = models.TextField("toelichting", blank=True, validators=[MaxLengthValidator(4000), geen_html])
    categorie = categorie_veld("de toelichting")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="afgesloten door")
    vastgelegd_op = models.DateTimeField("vastgelegd op", auto_now_add=True)

    class Meta:
        verbose_name = "afsluiting"
        verbose_name_plural = "afsluitingen"
        indexes = [models.Index(fields=["datum"], name="afsluiting_datum_idx")]

    @property
    def duur_dagen(self) -> int:
        return (self.datum - timezone.localtime(self.casus.geopend_op).date()).days


class CasusBezoek(models.Model):
    """When a professional last opened a case page, so the start page can show which cases have news
    since. One row per person and case, overwritten on every visit: not a log (the access log keeps
    every view), only the moment to compare with Casus.laatste_nieuws_op."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="professional"
    )
    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="bezoeken", verbose_name="casus")
    laatst_bekeken = models.DateTimeField(
        "laatst bekeken", default=timezone.now, help_text="Wanneer deze professional de casus het laatst opende."
    )

    class Meta:
        verbose_name = "laatste bezoek aan casus"
        verbose_name_plural = "laatste bezoeken aan casussen"
        constraints = [models.UniqueConstraint(fields=["gebruiker", "casus"], name="uniek_bezoek_per_casus")]


class ZichtbareCasus(models.Model):
    """Which organisation may see which case, and when: the need-to-know rule of
    Casus.objects.for_user (without the personal guest route) kept as rows, so a partner's list reads
    an index instead of rebuilding every involved case on every request. Maintained by
    casussen.zichtbaarheid (its receivers and the bulk paths); checked against the rule by
    `schakel zichtbaarheid --controleer` and tests/test_zichtbaarheid.py. `tot` is exclusive; empty
    is open-ended."""

    organisatie = models.ForeignKey(
        "partners.Organisatie", on_delete=models.CASCADE, related_name="+", verbose_name="organisatie"
    )
    casus = models.ForeignKey(Casus, on_delete=models.CASCADE, related_name="zichtbaar_voor", verbose_name="casus")
    van = models.DateTimeField("zichtbaar vanaf")
    tot = models.DateTimeField("zichtbaar tot", null=True, blank=True, help_text="Leeg: zolang het convenant loopt, zonder einddatum.")

    class Meta:
        verbose_name = "zichtbare casus"
        verbose_name_plural = "zichtbare casussen"
        indexes = [
            # The partner lists ask: which cases may this organisation see now? An index-only scan.
            models.Index(fields=["organisatie", "casus", "van", "tot"], name="zichtbaar_org_casus_idx"),
        ]
