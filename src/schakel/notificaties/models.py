from django.conf import settings
from django.db import models
from django.utils import timezone


class Notificatie(models.Model):
    """One e-mail Schakel owes one user about one object: the record that it was decided (and, once
    sent, when). The unique key makes every notification happen once, however often its trigger
    fires. Holds no personal data about clients: a kind, an object id and the recipient."""

    class Soort(models.TextChoices):
        UITVRAAG = "uitvraag", "Nieuwe informatie-uitvraag voor de gemeente"
        ACTIE_TOEGEWEZEN = "actie_toegewezen", "Actie toegewezen"
        ACTIE_VERLOPEN = "actie_verlopen", "Termijn van een actie verstreken"
        UITNODIGING_OVERLEG = "uitnodiging_overleg", "Uitnodiging voor een casusoverleg"

    soort = models.CharField("soort", max_length=30, choices=Soort.choices, help_text="Waarover de e-mail gaat.")
    object_id = models.PositiveBigIntegerField(
        "object-id", help_text="Het nummer van de uitvraag, actie of het overleg waarover de e-mail gaat."
    )
    ontvanger = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="ontvanger",
        help_text="De gebruiker die de e-mail krijgt.",
    )
    aangemaakt_op = models.DateTimeField("aangemaakt op", default=timezone.now, help_text="Wanneer de aanleiding zich voordeed.")
    verstuurd_op = models.DateTimeField(
        "verstuurd op", null=True, blank=True, help_text="Leeg zolang de e-mail nog niet is verstuurd."
    )

    class Meta:
        verbose_name = "notificatie"
        verbose_name_plural = "notificaties"
        ordering = ["-aangemaakt_op", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["soort", "object_id", "ontvanger"], name="notificatie_eenmaal"),
        ]
        indexes = [models.Index(fields=["verstuurd_op", "aangemaakt_op"], name="notificatie_open_idx")]

    def __str__(self) -> str:
        return f"{self.get_soort_display()} {self.object_id} aan gebruiker {self.ontvanger_id}"
