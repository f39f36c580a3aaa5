from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone

from schakel.core.access import ForUserQuerySet
from schakel.core.validators import geen_html
from schakel.gebruikers.rollen import Rol
from schakel.privacy.velden import categorie_veld


class UitvraagQuerySet(ForUserQuerySet):
    def for_user(self, user):
        """House staff see all requests; a municipal contact only those for his municipalities."""
        if not user.is_authenticated:
            return self.none()
        if user.is_processtaf:
            return self
        if user.heeft_rol(Rol.GEMEENTE_CONTACT):
            return self.filter(gemeente__in=user.contactgemeenten.values("pk"))
        return self.none()

    def open(self):
        return self.filter(status=InformatieUitvraag.Status.OPEN)

    def met_uiterlijk(self, vandaag=None):
        """Annotates `uiterlijk`: the answer is wanted before the briefing that weighs the melding
        (design: answered before the briefing). That is the first briefing from today on with the
        melding on its agenda; if it is on none yet, the first briefing planned from today on; empty
        while no briefing is planned."""
        from schakel.briefing.models import Agendapunt, Briefing

        vandaag = vandaag or timezone.localdate()
        op_agenda = (
            Agendapunt.objects.filter(melding=models.OuterRef("melding"), briefing__datum__gte=vandaag)
            .order_by("briefing__datum").values("briefing__datum")[:1]
        )
        volgende = Briefing.objects.filter(datum__gte=vandaag).order_by("datum").values("datum")[:1]
        return self.annotate(uiterlijk=Coalesce(models.Subquery(op_agenda), models.Subquery(volgende)))


class InformatieUitvraag(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        BEANTWOORD = "beantwoord", "Beantwoord"

    melding = models.ForeignKey("meldingen.Melding", on_delete=models.CASCADE, related_name="uitvragen", verbose_name="melding")
    gemeente = models.ForeignKey(
        "gemeenten.Gemeente", on_delete=models.PROTECT, related_name="uitvragen", verbose_name="gemeente",
        help_text="De contactpersonen van deze gemeente krijgen de uitvraag.",
    )
    persoon = models.ForeignKey(
        "personen.Persoon", on_delete=models.PROTECT, null=True, blank=True, related_name="uitvragen", verbose_name="persoon"
    )
    vraag = models.TextField("vraag", validators=[MaxLengthValidator(4000), geen_html])
    afdelingen = models.CharField(
        "te bevragen afdelingen", max_length=300, blank=True, validators=[geen_html], help_text="Bijvoorbeeld Werk & Inkomen, schuldhulp, wijkteam."
    )
    gevraagd_door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="gevraagd door")
    gevraagd_op = models.DateTimeField("gevraagd op", default=timezone.now)
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.OPEN)
    antwoord = models.TextField("antwoord", blank=True, validators=[MaxLengthValidator(10_000), geen_html])
    categorie = categorie_veld("het antwoord")
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="beantwoord door"
    )
    beantwoord_op = models.DateTimeField("beantwoord op", null=True, blank=True)

    objects = UitvraagQuerySet.as_manager()

    class Meta:
        verbose_name = "informatie-uitvraag"
        verbose_name_plural = "informatie-uitvragen"
        ordering = ["-gevraagd_op", "-id"]
        indexes = [
            models.Index(fields=["gemeente", "status", "-gevraagd_op"], name="uitvraag_gemeente_idx"),
            models.Index(fields=["status", "-gevraagd_op"], name="uitvraag_status_idx"),
            models.Index(fields=["-gevraagd_op"], name="uitvraag_gevraagd_idx"),
        ]

    @property
    def nummer(self) -> str:
        return f"U-{self.pk:07d}"
