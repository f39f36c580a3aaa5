"""Technical base models shared by the domain apps."""
from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model._meta.verbose_name} is alleen aan te vullen, niet te wijzigen.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.verbose_name} is alleen aan te vullen, niet te verwijderen.")


class AppendOnlyModel(models.Model):
    """History is only ever added to. On PostgreSQL a trigger refuses UPDATE and DELETE as well
    (privacy migration 0002/0003), so not even a raw query can rewrite it."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.verbose_name} is alleen aan te vullen, niet te wijzigen.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.verbose_name} is alleen aan te vullen, niet te verwijderen.")


class StatusWijziging(AppendOnlyModel):
    """One row per status change; the object's current status is a copy of its newest row.
    Subclasses add the object and the `van`/`naar` fields with their own status choices."""

    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="door")
    tijdstip = models.DateTimeField("tijdstip", default=timezone.now)
    toelichting = models.CharField("toelichting", max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["tijdstip", "id"]
