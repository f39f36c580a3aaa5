from django.conf import settings
from django.db import models
from django.utils import timezone


class Importbestand(models.Model):
    """One row per file that added something: which file, when, and what it brought. The file's
    content stays out of it; the hash is enough to recognise the same file again."""

    bestandsnaam = models.CharField(
        "bestandsnaam", max_length=255, help_text="Alleen de naam van het bestand, zonder map."
    )
    sha256 = models.CharField(
        "SHA-256", max_length=64, db_index=True, help_text="Vingerafdruk van de inhoud; hetzelfde bestand heeft dezelfde waarde."
    )
    regels = models.PositiveIntegerField("regels", help_text="Aantal gegevensregels in het bestand (zonder de kopregel).")
    toegevoegd = models.PositiveIntegerField("meldingen toegevoegd", help_text="Meldingen die deze import heeft toegevoegd.")
    al_aanwezig = models.PositiveIntegerField(
        "al aanwezig", help_text="Regels overgeslagen omdat hun meldingnummer al eerder was geïmporteerd."
    )
    geimporteerd_op = models.DateTimeField("geïmporteerd op", default=timezone.now, help_text="Wanneer de import is uitgevoerd.")
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="door",
        help_text="Het systeemaccount van de historische import.",
    )

    class Meta:
        verbose_name = "importbestand"
        verbose_name_plural = "importbestanden"
        ordering = ["-geimporteerd_op", "-id"]

    def __str__(self) -> str:
        return f"{self.bestandsnaam} ({timezone.localtime(self.geimporteerd_op):%d-%m-%Y %H:%M})"
