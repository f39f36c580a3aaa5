from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone

from schakel.core.validators import geen_html


class Overlegtype(models.Model):
    class Selectie(models.TextChoices):
        LANDELIJK_KADER = "landelijk_kader", "Landelijk Kader: (A en B en C) of D"
        EIGEN = "eigen", "Eigen criteria van de thematafel"

    code = models.SlugField("code", max_length=40, unique=True, help_text="Vaste sleutel, bijvoorbeeld focus of nazorg.")
    naam = models.CharField("naam", max_length=100)
    doel = models.TextField("doel (doelbinding)", blank=True, help_text="Doel van het overleg zoals in de convenantbijlage.")
    telt_in_lokale_rapportage = models.BooleanField(
        "telt mee in lokale rapportages",
        default=True,
        help_text="Radicaliseringscasussen tellen volgens landelijke afspraak nooit mee in de jaarcijfers.",
    )
    vaste_partners = models.ManyToManyField(
        "partners.Organisatie", blank=True, related_name="vaste_overlegtypen", verbose_name="vaste partners",
        help_text="Organisaties die standaard aan dit overleg deelnemen.",
    )
    informatiecategorieen = models.ManyToManyField(
        "privacy.InformatieCategorie", blank=True, related_name="overlegtypen", verbose_name="toegestane informatie",
        help_text="Wat de convenantbijlage voor dit overleg toestaat te delen.",
    )
    selectie = models.CharField("selectiecriteria", max_length=20, choices=Selectie.choices, default=Selectie.LANDELIJK_KADER)
    eigen_criteria = models.TextField("eigen criteria", blank=True, help_text="Alleen bij eigen criteria van een thematafel.")
    client_kan_aansluiten = models.BooleanField("cliënt kan aansluiten", default=False)
    geldig_van = models.DateField("in gebruik vanaf", null=True, blank=True)
    geldig_tot = models.DateField(
        "in gebruik tot en met", null=True, blank=True, help_text="Huizen vervangen overleggen; oude blijven in de historie."
    )
    actief = models.BooleanField("actief", default=True)
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0)

    class Meta:
        verbose_name = "overlegtype"
        verbose_name_plural = "overlegtypen"
        ordering = ["volgorde", "naam"]

    def __str__(self) -> str:
        return self.naam

    def in_gebruik_op(self, dag) -> bool:
        return self.actief and (self.geldig_van is None or self.geldig_van <= dag) and (
            self.geldig_tot is None or dag <= self.geldig_tot
        )


class OverlegQuerySet(models.QuerySet):
    def komend(self, vandaag=None):
        """Meetings from today on (also one that began earlier today): the start page counts these
        and the meetings list shows them (?periode=komend)."""
        from schakel.core.tijd import dagbegin

        return self.filter(datum__gte=dagbegin(vandaag or timezone.localdate()))


class Overleg(models.Model):
    """One meeting of a conference type, with an agenda of cases."""

    overlegtype = models.ForeignKey(Overlegtype, on_delete=models.PROTECT, related_name="overleggen", verbose_name="overlegtype")
    datum = models.DateTimeField("datum en tijd", default=timezone.now)
    locatie = models.CharField("locatie of videoverbinding", max_length=200, blank=True, validators=[geen_html])
    voorzitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="voorzitter (procesregisseur)"
    )
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)

    objects = OverlegQuerySet.as_manager()

    class Meta:
        verbose_name = "overleg"
        verbose_name_plural = "overleggen"
        ordering = ["-datum", "-id"]
        indexes = [
            models.Index(fields=["datum"], name="overleg_datum_idx"),
            models.Index(fields=["overlegtype", "datum"], name="overleg_type_datum_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.overlegtype} {timezone.localtime(self.datum):%d-%m-%Y}"


class Deelnemer(models.Model):
    """Who is invited to or present at a meeting: standing partners, invited organisations and guests."""

    class Soort(models.TextChoices):
        VAST = "vast", "Vaste partner"
        GENODIGD = "genodigd", "Genodigd"
        GAST = "gast", "Incidentele gast"

    overleg = models.ForeignKey(Overleg, on_delete=models.CASCADE, related_name="deelnemers", verbose_name="overleg")
    organisatie = models.ForeignKey("partners.Organisatie", on_delete=models.PROTECT, related_name="+", verbose_name="organisatie")
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="deelnames", verbose_name="professional"
    )
    naam = models.CharField("naam", max_length=200, blank=True, validators=[geen_html], help_text="Voor een gast zonder account.")
    soort = models.CharField("soort", max_length=10, choices=Soort.choices, default=Soort.GENODIGD)
    aanwezig = models.BooleanField("aanwezig", default=False)

    class Meta:
        verbose_name = "deelnemer overleg"
        verbose_name_plural = "deelnemers overleg"
        ordering = ["organisatie__naam", "id"]

    def __str__(self) -> str:
        return self.naam or str(self.gebruiker or self.organisatie)


class Geheimhoudingsverklaring(models.Model):
    """Required before a guest of an organisation without covenant is present at, or sees the case
    of, one agenda item he is invited for. One per invitation: a declaration for one case says
    nothing about the next case on the agenda."""

    uitnodiging = models.OneToOneField(
        "Uitnodiging", on_delete=models.PROTECT, related_name="geheimhoudingsverklaring", verbose_name="uitnodiging (agendapunt)"
    )
    getekend_op = models.DateField("getekend op", default=timezone.localdate)
    vastgelegd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="vastgelegd door")
    vastgelegd_op = models.DateTimeField("vastgelegd op", auto_now_add=True)

    class Meta:
        verbose_name = "geheimhoudingsverklaring"
        verbose_name_plural = "geheimhoudingsverklaringen"


class Bespreking(models.Model):
    """A case on a meeting's agenda, with its minutes and decisions."""

    class Reden(models.TextChoices):
        BRIEFING = "briefing", "Besluit briefing"
        HERAGENDERING = "heragendering", "Heragendering (stagnatie of bijstelling)"

    class VBOB(models.TextChoices):
        VRAAG = "vraag", "Vraag"
        BEELD = "beeld", "Beeld"
        OORDEEL = "oordeel", "Oordeel"
        BESLUIT = "besluit", "Besluit"

    overleg = models.ForeignKey(Overleg, on_delete=models.CASCADE, related_name="besprekingen", verbose_name="overleg")
    casus = models.ForeignKey("casussen.Casus", on_delete=models.PROTECT, related_name="besprekingen", verbose_name="casus")
    volgorde = models.PositiveIntegerField("volgorde", default=0)
    reden = models.CharField("reden", max_length=20, choices=Reden.choices, default=Reden.BRIEFING)
    notulen = models.TextField("notulen", blank=True, validators=[MaxLengthValidator(20_000), geen_html])
    besluiten = models.TextField("besluiten", blank=True, validators=[MaxLengthValidator(10_000), geen_html])
    categorie = models.ForeignKey(
        "privacy.InformatieCategorie", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="soort informatie in notulen en besluiten",
        help_text="Leeg: algemene informatie. Een bijzondere soort (zorg, Veilig Thuis) ziet alleen wie de convenantbijlage noemt.",
    )
    client_stappen = models.JSONField(
        "cliënt aan tafel bij", default=list, blank=True, help_text="De VBOB-stappen waarbij de cliënt aanwezig was."
    )
    smd_indicatie = models.CharField(
        "uitkomst SMD-indicatiesessie", max_length=30, blank=True,
        choices=[
            ("isd_indicatie", "ISD-indicatie"),
            ("reclasseringsrapportage", "Reclasseringsrapportage aanvragen"),
            ("lopend_toezicht", "Lopend toezicht"),
        ],
        help_text="Alleen bij het SMD/ISD-overleg.",
    )
    vertrokken_voor_besluit = models.CharField(
        "vertrokken vóór het besluit", max_length=300, blank=True, validators=[geen_html],
        help_text="Wie de tafel verliet voordat het besluit viel.",
    )
    verslag_afgerond = models.BooleanField(
        "verslag afgerond", default=False,
        help_text="Notulen en besluiten zijn compleet; het verslag van dit agendapunt is geen concept meer.",
    )

    class Meta:
        verbose_name = "bespreking"
        verbose_name_plural = "besprekingen"
        ordering = ["volgorde", "id"]
        constraints = [models.UniqueConstraint(fields=["overleg", "casus"], name="uniek_casus_per_overleg")]

    @property
    def client_stappen_labels(self) -> list[str]:
        return [self.VBOB(c).label for c in self.client_stappen if c in self.VBOB.values]


class Uitnodiging(models.Model):
    """A participant invited for one agenda item. Need-to-know of a meeting is per agenda item: the
    invitation opens only this item's case, from the start of the meeting until
    SCHAKEL_UITNODIGING_DAGEN days later (Casus.objects.for_user)."""

    deelnemer = models.ForeignKey(Deelnemer, on_delete=models.CASCADE, related_name="uitnodigingen", verbose_name="deelnemer")
    bespreking = models.ForeignKey(Bespreking, on_delete=models.CASCADE, related_name="uitnodigingen", verbose_name="agendapunt")
    aangemaakt_op = models.DateTimeField("uitgenodigd op", auto_now_add=True)

    class Meta:
        verbose_name = "uitnodiging voor een agendapunt"
        verbose_name_plural = "uitnodigingen voor agendapunten"
        constraints = [models.UniqueConstraint(fields=["deelnemer", "bespreking"], name="uniek_uitnodiging_per_agendapunt")]
        indexes = [models.Index(fields=["bespreking", "deelnemer"], name="uitnodiging_bespreking_idx")]

    def __str__(self) -> str:
        return f"{self.deelnemer} voor casus {self.bespreking.casus.nummer}"
