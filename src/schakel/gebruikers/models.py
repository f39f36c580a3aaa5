from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django_otp.models import Device

from schakel.core.models import AppendOnlyModel

from .rollen import PROCESSTAF, Rol


class Gebruiker(AbstractUser):
    organisatie = models.ForeignKey(
        "partners.Organisatie",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gebruikers",
        verbose_name="organisatie",
        help_text="De organisatie waarvoor deze gebruiker werkt; bepaalt bij welke casussen hij betrokken is.",
    )
    contactgemeenten = models.ManyToManyField(
        "gemeenten.Gemeente",
        blank=True,
        related_name="contactpersonen",
        verbose_name="contactpersoon voor gemeenten",
        help_text="Gemeenten waarvoor deze gebruiker informatie-uitvragen beantwoordt.",
    )
    herstellink_verstuurd_op = models.DateTimeField(
        "herstellink verstuurd op", null=True, blank=True, editable=False,
        help_text="Wanneer de gebruiker het laatst een link kreeg om zelf een wachtwoord in te stellen.",
    )

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    @cached_property
    def rollen(self) -> frozenset[str]:
        return frozenset(self.rol_toekenningen.values_list("rol", flat=True))

    def heeft_rol(self, *rollen: str) -> bool:
        return bool(self.rollen & set(rollen))

    @property
    def is_processtaf(self) -> bool:
        return bool(self.rollen & PROCESSTAF)

    def rollen_label(self) -> str:
        return ", ".join(Rol(r).label for r in sorted(self.rollen))

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class GebruikerRol(models.Model):
    gebruiker = models.ForeignKey(
        Gebruiker, on_delete=models.CASCADE, related_name="rol_toekenningen", verbose_name="gebruiker"
    )
    rol = models.CharField("rol", max_length=32, choices=Rol.choices, help_text="De rol bepaalt wat de gebruiker mag zien en doen.")

    class Meta:
        verbose_name = "roltoekenning"
        verbose_name_plural = "roltoekenningen"
        constraints = [models.UniqueConstraint(fields=["gebruiker", "rol"], name="uniek_rol_per_gebruiker")]

    def __str__(self) -> str:
        return f"{self.gebruiker} – {self.get_rol_display()}"


class Rolvoorstel(models.Model):
    """A role change waiting for, or decided by, a second person (four eyes, design §4). A role that
    sees case content takes effect only when another beheerder or the FG confirms it; the proposer
    and the person it is about can never confirm. Revoking a role needs no second person (it only
    takes rights away) and is recorded here too, already decided."""

    class Soort(models.TextChoices):
        TOEKENNEN = "toekennen", "Rol toekennen"
        INTREKKEN = "intrekken", "Rol intrekken"

    class Status(models.TextChoices):
        OPEN = "open", "Wacht op bevestiging"
        BEVESTIGD = "bevestigd", "Bevestigd"
        AFGEWEZEN = "afgewezen", "Afgewezen"

    gebruiker = models.ForeignKey(
        Gebruiker, on_delete=models.PROTECT, related_name="rolvoorstellen", verbose_name="gebruiker",
        help_text="Over wiens rollen het voorstel gaat.",
    )
    rol = models.CharField("rol", max_length=32, choices=Rol.choices)
    soort = models.CharField("soort", max_length=12, choices=Soort.choices, default=Soort.TOEKENNEN)
    toelichting = models.CharField(
        "toelichting", max_length=300, blank=True, help_text="Waarom deze persoon deze rol nodig heeft (functie, opdracht)."
    )
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.OPEN)
    voorgesteld_door = models.ForeignKey(
        Gebruiker, on_delete=models.PROTECT, related_name="+", verbose_name="voorgesteld door"
    )
    voorgesteld_op = models.DateTimeField("voorgesteld op", default=timezone.now)
    beoordeeld_door = models.ForeignKey(
        Gebruiker, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="beoordeeld door",
        help_text="De tweede persoon: een andere functioneel beheerder of de FG.",
    )
    beoordeeld_op = models.DateTimeField("beoordeeld op", null=True, blank=True)
    reden = models.CharField("reden van afwijzing", max_length=300, blank=True)

    class Meta:
        verbose_name = "rolvoorstel"
        verbose_name_plural = "rolvoorstellen"
        ordering = ["-voorgesteld_op", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gebruiker", "rol"], condition=models.Q(status="open"), name="een_open_voorstel_per_rol"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_soort_display()}: {Rol(self.rol).label} voor {self.gebruiker}"


class ApiToken(models.Model):
    """A token for a partner system. Only a hash is stored: the token itself is shown once, when it is
    made. It expires, and it opens only the API areas in its scopes; it authenticates as its user, so
    the user's roles still decide what the endpoint answers (a token grants no role)."""

    class Scope(models.TextChoices):
        ZSM = "zsm", "ZSM-vraag (/api/zsm/)"
        FEEDS = "feeds", "Dagelijkse feeds aanleveren (/api/feeds/)"
        MELDINGEN = "meldingen", "Meldingen indienen en lezen (/api/meldingen/)"
        CASUSSEN = "casussen", "Casussen lezen (/api/casussen/)"
        ACTIES = "acties", "Acties lezen en de status zetten (/api/acties/)"
        UITVRAGEN = "uitvragen", "Informatie-uitvragen lezen en beantwoorden (/api/uitvragen/)"
        OVERLEGGEN = "overleggen", "Overleggen lezen (/api/overleggen/)"
        PLANNEN = "plannen", "Plannen van aanpak lezen (/api/plannen/)"

    gebruiker = models.ForeignKey(
        Gebruiker, on_delete=models.PROTECT, related_name="api_tokens", verbose_name="gebruiker",
        help_text="Het token meldt zich aan als deze gebruiker; diens rollen bepalen wat het antwoord bevat.",
    )
    naam = models.CharField("naam", max_length=100, help_text="Voor welk systeem, bijvoorbeeld 'ZSM-tafel OM Leiden'.")
    sleutel_hash = models.CharField("hash van het token", max_length=64, unique=True, editable=False)
    scopes = models.JSONField("scopes", default=list, help_text="De delen van de API waartoe dit token toegang geeft.")
    aangemaakt_door = models.ForeignKey(Gebruiker, on_delete=models.PROTECT, related_name="+", verbose_name="aangemaakt door")
    aangemaakt_op = models.DateTimeField("aangemaakt op", default=timezone.now)
    verloopt_op = models.DateTimeField("verloopt op")
    ingetrokken_op = models.DateTimeField("ingetrokken op", null=True, blank=True)
    ingetrokken_door = models.ForeignKey(
        Gebruiker, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="ingetrokken door"
    )
    laatst_gebruikt_op = models.DateTimeField("laatst gebruikt op", null=True, blank=True)

    class Meta:
        verbose_name = "API-token"
        verbose_name_plural = "API-tokens"
        ordering = ["-aangemaakt_op", "-id"]

    def __str__(self) -> str:
        return f"{self.naam} ({self.gebruiker})"

    @property
    def geldig(self) -> bool:
        return self.ingetrokken_op is None and self.verloopt_op > timezone.now()


class ApiTokenGebruik(AppendOnlyModel):
    """Every request made with a token: which token, whose, when, which endpoint. Never the token.
    A link in its own keyed hash chain, like the access log."""

    KETENVELDEN = ("volgnummer", "token_id", "gebruiker_id", "tijdstip", "methode", "endpoint", "vorige_hash")

    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, related_name="gebruik", verbose_name="token")
    gebruiker = models.ForeignKey(Gebruiker, on_delete=models.PROTECT, related_name="+", verbose_name="gebruiker")
    tijdstip = models.DateTimeField("tijdstip", default=timezone.now)
    methode = models.CharField("methode", max_length=10)
    endpoint = models.CharField("endpoint", max_length=200, help_text="Het pad van de aanvraag, zonder querystring.")

    class Meta:
        verbose_name = "gebruik van API-token"
        verbose_name_plural = "gebruik van API-tokens"
        ordering = ["-tijdstip", "-id"]


class Identiteitskoppeling(Device):
    """A user's account at his organisation's identity provider (OpenID Connect): the provider's
    issuer and its `sub` for him, never the e-mail address (addresses are reused and can be edited at
    the provider). The user links it himself while logged in with password and TOTP, so no beheerder
    can hand someone else's Schakel account to an identity of his choosing.

    It is also a django-otp device: when the provider asserts multi-factor authentication in its ID
    token, the session is verified with this device, as it would be with the authenticator app. It
    never accepts a code typed in (Device.verify_token refuses every token)."""

    issuer = models.CharField("aanbieder (issuer)", max_length=255)
    sub = models.CharField("kenmerk bij de aanbieder (sub)", max_length=255)
    aangemaakt_op = models.DateTimeField("gekoppeld op", default=timezone.now)

    class Meta:
        verbose_name = "koppeling met identiteitsaanbieder"
        verbose_name_plural = "koppelingen met identiteitsaanbieders"
        constraints = [
            models.UniqueConstraint(fields=["issuer", "sub"], name="uniek_kenmerk_per_aanbieder"),
            models.UniqueConstraint(fields=["user", "issuer"], name="een_koppeling_per_aanbieder"),
        ]
