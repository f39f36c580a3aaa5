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

    def bulk_create(self, objs, *args, **kwargs):
        """New rows join the table's chain (privacy.keten) in the order given, in one INSERT."""
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            # A skipped or merged row would leave a gap in the chain.
            raise AppendOnlyError(f"{self.model._meta.verbose_name} is alleen aan te vullen: conflicten overslaan kan niet.")
        from schakel.privacy import keten, ketenaar

        objs = list(objs)
        if not objs:
            return objs
        if self.model.LATER_KETENEN:
            ketenaar.verzegelen(self.model, objs)
            return super().bulk_create(objs, *args, **kwargs)
        with keten.aanvullen(self.model, using=self.db) as schakel:
            for obj in objs:
                schakel.ketenen(obj)
            return super().bulk_create(objs, *args, **kwargs)


class AppendOnlyModel(models.Model):
    """History is only ever added to, and every row is a link in a keyed hash chain of its table
    (privacy.keten): `volgnummer` orders it, `hash` is the HMAC of the fields in `KETENVELDEN` and the
    previous row's hash, with the key `sleutel_id` names (kept outside the database). In the database
    itself triggers refuse UPDATE, DELETE and TRUNCATE (core.append_only, privacy migrations 0002,
    0003 and 0013); a new subclass needs those triggers in its migration too."""

    # The fields the hash covers, in this order; `volgnummer` first and `vorige_hash` last. Listed
    # explicitly so a field added later does not change the hash of the rows already stored.
    KETENVELDEN: tuple[str, ...] = ()
    # True: rows are written unchained, each sealed with its own HMAC, and chained afterwards by one
    # writer in batches (privacy.keten.ketenen), so a page never waits for the head of the chain.
    LATER_KETENEN = False

    volgnummer = models.BigIntegerField("volgnummer", unique=True, help_text="Plaats in de hashketen: 1, 2, 3, … zonder gaten.")
    vorige_hash = models.CharField("vorige hash", max_length=64, help_text="Hash van de vorige regel in de keten.")
    hash = models.CharField("hash", max_length=64, help_text="HMAC-SHA256 van deze regel en de vorige hash, met de logsleutel.")
    sleutel_id = models.CharField(
        "sleutel-id", max_length=16, help_text="Welke logsleutel de hash maakte (een vingerafdruk, niet de sleutel zelf)."
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, using=None, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{self._meta.verbose_name} is alleen aan te vullen, niet te wijzigen.")
        from schakel.privacy import keten, ketenaar

        if self.LATER_KETENEN:
            ketenaar.verzegelen(type(self), [self])
            return super().save(*args, using=using, **kwargs)
        with keten.aanvullen(type(self), using=using or self._state.db or "default") as schakel:
            schakel.ketenen(self)
            super().save(*args, using=using, **kwargs)

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
