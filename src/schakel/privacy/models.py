"""The access log and the change log: append-only (see core.models.AppendOnlyModel)."""
from django.conf import settings
from django.db import models
from django.utils import timezone

from schakel.core.models import AppendOnlyError, AppendOnlyModel  # noqa: F401 (AppendOnlyError re-exported)
from schakel.core.validators import geen_html


class Toegangslog(AppendOnlyModel):
    class Actie(models.TextChoices):
        BEKEKEN = "bekeken", "Bekeken (detail)"
        LIJST = "lijst", "Getoond in lijst"
        ZOEKTREFFER = "zoektreffer", "Zoektreffer"
        DUBBELINGSTREFFER = "dubbelingstreffer", "Dubbelingstreffer (alleen bestaan)"
        ZSM_VRAAG = "zsm_vraag", "ZSM-vraag (bekend, actieve casus, advies, contact)"
        BEKENDHEIDSCHECK = "bekendheidscheck", "Bekendheidscheck bij andere huizen (middenvelder)"
        EXPORT = "export", "Geëxporteerd"
        GEWIJZIGD = "gewijzigd", "Aangemaakt of gewijzigd"

    tijdstip = models.DateTimeField("tijdstip", default=timezone.now)
    # No index of its own: (gebruiker, tijdstip) below starts with it, and every index costs each row
    # written by a page and again when it is chained.
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="gebruiker", db_index=False
    )
    organisatie = models.CharField("organisatie", max_length=150, blank=True, help_text="Organisatie van de gebruiker op dat moment.")
    rollen = models.CharField("rollen", max_length=200, blank=True, help_text="Rollen van de gebruiker op dat moment.")
    actie = models.CharField("actie", max_length=20, choices=Actie.choices)
    objecttype = models.CharField("soort gegeven", max_length=40)
    object_id = models.BigIntegerField("object-id")
    persoon_id = models.BigIntegerField(
        "persoon-id", null=True, blank=True, help_text="De persoon wiens gegevens getoond werden; geen sleutel, zodat de log blijft bestaan."
    )
    doel = models.CharField("doel", max_length=200, help_text="Waarom de gegevens werden getoond (scherm of handeling).")
    # The hash chain (privacy.keten): `volgnummer`, `vorige_hash`, `hash` and `sleutel_id` come from
    # AppendOnlyModel. The form hashed is documented at privacy.services.canonieke_vorm.
    KETENVELDEN = ("volgnummer", "tijdstip", "gebruiker_id", "organisatie", "rollen", "actie", "objecttype", "object_id",
                   "persoon_id", "doel", "vorige_hash")
    # Written unchained and chained afterwards by one writer (privacy.ketenaar): a page view never
    # waits for the head of the chain.
    LATER_KETENEN = True
    volgnummer = models.BigIntegerField(
        "volgnummer", unique=True, null=True, blank=True,
        help_text="Plaats in de hashketen: 1, 2, 3, … zonder gaten; leeg zolang de regel nog op de keten wacht.",
    )

    class Meta:
        verbose_name = "toegangslog"
        verbose_name_plural = "toegangslog"
        ordering = ["-tijdstip", "-id"]
        indexes = [
            models.Index(fields=["gebruiker", "-tijdstip"], name="toegangslog_gebruiker_idx"),
            models.Index(fields=["persoon_id", "-tijdstip"], name="toegangslog_persoon_idx"),
            models.Index(fields=["-tijdstip"], name="toegangslog_tijdstip_idx"),
            # The rows waiting to be chained, found without reading the chained ones.
            models.Index(fields=["id"], condition=models.Q(volgnummer__isnull=True), name="toegangslog_wacht_idx"),
        ]


class Logketen(models.Model):
    """The head of a hash chain (one per append-only table, privacy.keten): the last sequence number
    and hash. Writers lock the heads, so appending to a chain is serialised. It also keeps the outcome
    of the last verification (`schakel verifieer_log` or the privacy officer's button)."""

    TOEGANGSLOG = "toegangslog"

    naam = models.CharField("naam", max_length=40, unique=True)
    laatste_volgnummer = models.BigIntegerField("laatste volgnummer", default=0)
    laatste_hash = models.CharField("laatste hash", max_length=64, default="0" * 64)
    gecontroleerd_op = models.DateTimeField("laatst gecontroleerd op", null=True, blank=True)
    controle_intact = models.BooleanField("keten intact bij laatste controle", null=True, blank=True)
    controle_uitkomst = models.CharField("uitkomst laatste controle", max_length=300, blank=True)

    class Meta:
        verbose_name = "logketen"
        verbose_name_plural = "logketens"

    def __str__(self) -> str:
        return self.naam


class Mutatielog(AppendOnlyModel):
    KETENVELDEN = ("volgnummer", "tijdstip", "gebruiker_id", "objecttype", "object_id", "actie", "wijzigingen", "vorige_hash")

    tijdstip = models.DateTimeField("tijdstip", default=timezone.now)
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="gebruiker")
    objecttype = models.CharField("soort gegeven", max_length=40)
    object_id = models.BigIntegerField("object-id")
    actie = models.CharField("actie", max_length=20, help_text="aangemaakt of gewijzigd")
    wijzigingen = models.JSONField("wijzigingen", default=dict, help_text="Per veld de oude en de nieuwe waarde.")

    class Meta:
        verbose_name = "mutatielog"
        verbose_name_plural = "mutatielog"
        ordering = ["-tijdstip", "-id"]
        indexes = [models.Index(fields=["objecttype", "object_id", "tijdstip"], name="mutatielog_object_idx")]


class InformatieCategorie(models.Model):
    """A category of information a covenant annex may allow a conference type to share."""

    code = models.SlugField("code", max_length=40, unique=True)
    naam = models.CharField("naam", max_length=120)
    bijzonder = models.BooleanField(
        "bijzonder persoonsgegeven",
        default=False,
        help_text="Medische, Veilig Thuis- of strafrechtelijke gegevens: alleen voor partijen die de bijlage noemt.",
    )

    class Meta:
        verbose_name = "informatiecategorie"
        verbose_name_plural = "informatiecategorieën"
        ordering = ["naam"]

    def __str__(self) -> str:
        return self.naam


class ConvenantQuerySet(models.QuerySet):
    def geldig_op(self, dag):
        """Covenants in force on `dag`: from geldig_van up to and including geldig_tot (open-ended if empty)."""
        return self.filter(geldig_van__lte=dag).filter(models.Q(geldig_tot__isnull=True) | models.Q(geldig_tot__gte=dag))


class Convenant(models.Model):
    """The Samenwerkings- en Privacyconvenant: the legal basis for sharing, with an annex per conference type."""

    naam = models.CharField("naam", max_length=200)
    versie = models.CharField("versie", max_length=40, help_text="Bijvoorbeeld 2016 (herschreven) of 2018 (AVG).")
    ondertekend_op = models.DateField("ondertekend op")
    geldig_van = models.DateField("geldig vanaf")
    geldig_tot = models.DateField(
        "geldig tot en met", null=True, blank=True, help_text="Leeg: voor onbepaalde tijd. Na deze dag vervalt de toegang die het geeft."
    )

    objects = ConvenantQuerySet.as_manager()

    class Meta:
        verbose_name = "convenant"
        verbose_name_plural = "convenanten"
        ordering = ["-geldig_van", "naam"]
        constraints = [models.UniqueConstraint(fields=["naam", "versie"], name="uniek_convenant_versie")]

    def __str__(self) -> str:
        return f"{self.naam} (versie {self.versie})"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.geldig_van and self.geldig_tot and self.geldig_tot < self.geldig_van:
            raise ValidationError({"geldig_tot": "De einddatum ligt vóór de begindatum."})


class ConvenantPartij(models.Model):
    """An organisation that signed a covenant."""

    convenant = models.ForeignKey(Convenant, on_delete=models.CASCADE, related_name="partijen", verbose_name="convenant")
    organisatie = models.ForeignKey(
        "partners.Organisatie", on_delete=models.PROTECT, related_name="convenantpartijen", verbose_name="organisatie"
    )
    ondertekenaar = models.CharField(
        "ondertekenaar", max_length=200, blank=True, validators=[geen_html], help_text="Naam en functie van wie namens de organisatie tekende."
    )
    ondertekend_op = models.DateField("ondertekend op", help_text="Vanaf deze dag deelt de organisatie onder het convenant.")

    class Meta:
        verbose_name = "partij bij convenant"
        verbose_name_plural = "partijen bij convenant"
        ordering = ["convenant", "organisatie__naam"]
        constraints = [models.UniqueConstraint(fields=["convenant", "organisatie"], name="uniek_convenantpartij")]

    def __str__(self) -> str:
        return f"{self.organisatie} ({self.convenant})"


class ConvenantBijlage(models.Model):
    """Per conference type: the purpose, the parties that may join, and which information each may see."""

    convenant = models.ForeignKey(Convenant, on_delete=models.CASCADE, related_name="bijlagen", verbose_name="convenant")
    overlegtype = models.ForeignKey(
        "overleggen.Overlegtype", on_delete=models.PROTECT, related_name="convenantbijlagen", verbose_name="overlegtype"
    )
    doel = models.TextField("doel (doelbinding)", blank=True, validators=[geen_html])
    partijen = models.ManyToManyField(
        "partners.Organisatie", blank=True, related_name="convenantbijlagen", verbose_name="partijen",
        help_text="De organisaties die aan dit overleg deelnemen en de casussen ervan mogen zien (zij moeten het convenant getekend hebben).",
    )

    class Meta:
        verbose_name = "convenantbijlage"
        verbose_name_plural = "convenantbijlagen"
        ordering = ["convenant", "overlegtype__volgorde"]
        constraints = [models.UniqueConstraint(fields=["convenant", "overlegtype"], name="uniek_bijlage_per_overlegtype")]

    def __str__(self) -> str:
        return f"Bijlage {self.overlegtype} ({self.convenant})"


class BijlageCategorie(models.Model):
    """A category of information an annex allows, optionally only for some of its parties."""

    bijlage = models.ForeignKey(ConvenantBijlage, on_delete=models.CASCADE, related_name="categorieen", verbose_name="bijlage")
    categorie = models.ForeignKey(InformatieCategorie, on_delete=models.PROTECT, related_name="+", verbose_name="informatiecategorie")
    alleen_voor = models.ManyToManyField(
        "partners.Organisatie", blank=True, related_name="+", verbose_name="alleen voor",
        help_text="Leeg: elke partij van de bijlage ziet deze informatie. Gevuld: alleen deze organisaties "
                  "(bijvoorbeeld medische of Veilig Thuis-gegevens).",
    )

    class Meta:
        verbose_name = "informatiecategorie in bijlage"
        verbose_name_plural = "informatiecategorieën in bijlage"
        ordering = ["bijlage", "categorie__naam"]
        constraints = [models.UniqueConstraint(fields=["bijlage", "categorie"], name="uniek_categorie_per_bijlage")]

    def __str__(self) -> str:
        return f"{self.categorie} in {self.bijlage}"


def geldige_bijlagen(op=None):
    """The annexes of covenants in force on `op` (default: today)."""
    op = op or timezone.localdate()
    return ConvenantBijlage.objects.filter(convenant__geldig_van__lte=op).filter(
        models.Q(convenant__geldig_tot__isnull=True) | models.Q(convenant__geldig_tot__gte=op)
    )


def bijlage_geeft_toegang(organisatie_id, overlegtype, op=None):
    """Annexes in force on `op` for this conference type that name the organisation, which had signed
    the covenant by then. `overlegtype` may be an id, an instance or an OuterRef (for EXISTS)."""
    op = op or timezone.localdate()
    return geldige_bijlagen(op).filter(
        overlegtype=overlegtype,
        partijen=organisatie_id,
        convenant__partijen__organisatie=organisatie_id,
        convenant__partijen__ondertekend_op__lte=op,
    )


def toegestane_categorie_rijen(organisatie, overlegtype, op=None):
    """The annex rows that let `organisatie` see a category in `overlegtype` on `op`."""
    organisatie_id = getattr(organisatie, "pk", organisatie)
    return BijlageCategorie.objects.filter(
        bijlage__in=bijlage_geeft_toegang(organisatie_id, overlegtype, op).values("pk")
    ).filter(models.Q(alleen_voor__isnull=True) | models.Q(alleen_voor=organisatie_id))


def toegestane_categorieen(organisatie, overlegtype, op=None) -> set[str]:
    """Codes of the information categories `organisatie` may see in `overlegtype` on `op` (default: today)."""
    if organisatie is None or overlegtype is None:
        return set()
    return set(toegestane_categorie_rijen(organisatie, overlegtype, op).values_list("categorie__code", flat=True))
