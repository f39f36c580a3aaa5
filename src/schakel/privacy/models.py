"""The access log and the change log: append-only (see core.models.AppendOnlyModel)."""
from django.conf import settings
from django.db import models
from django.utils import timezone

from schakel.core.models import AppendOnlyError, AppendOnlyModel  # noqa: F401 (AppendOnlyError re-exported)


class Toegangslog(AppendOnlyModel):
    class Actie(models.TextChoices):
        BEKEKEN = "bekeken", "Bekeken (detail)"
        LIJST = "lijst", "Getoond in lijst"
        ZOEKTREFFER = "zoektreffer", "Zoektreffer"
        DUBBELINGSTREFFER = "dubbelingstreffer", "Dubbelingstreffer (alleen bestaan)"
        ZSM_VRAAG = "zsm_vraag", "ZSM-vraag (bekend, actieve casus, advies, contact)"
        EXPORT = "export", "Geëxporteerd"
        GEWIJZIGD = "gewijzigd", "Aangemaakt of gewijzigd"

    tijdstip = models.DateTimeField("tijdstip", default=timezone.now)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="gebruiker"
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

    class Meta:
        verbose_name = "toegangslog"
        verbose_name_plural = "toegangslog"
        ordering = ["-tijdstip", "-id"]
        indexes = [
            models.Index(fields=["gebruiker", "-tijdstip"], name="toegangslog_gebruiker_idx"),
            models.Index(fields=["persoon_id", "-tijdstip"], name="toegangslog_persoon_idx"),
            models.Index(fields=["-tijdstip"], name="toegangslog_tijdstip_idx"),
        ]


class Mutatielog(AppendOnlyModel):
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
