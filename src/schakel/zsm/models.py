from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models

from schakel.core.validators import geen_html
from schakel.privacy.velden import categorie_veld


class ZsmAdvies(models.Model):
    """The short sketch and desired measures the ZSM table may read for a person in an active case."""

    casus = models.ForeignKey("casussen.Casus", on_delete=models.PROTECT, related_name="zsm_adviezen", verbose_name="casus")
    schets = models.TextField("korte schets", validators=[MaxLengthValidator(1000), geen_html])
    gewenste_maatregelen = models.TextField("gewenste maatregelen", validators=[MaxLengthValidator(1000), geen_html])
    categorie = categorie_veld("schets en maatregelen")
    geldig_tot = models.DateField("geldig tot en met")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="opgesteld door")
    vastgelegd_op = models.DateTimeField("vastgelegd op", auto_now_add=True)

    class Meta:
        verbose_name = "ZSM-advies"
        verbose_name_plural = "ZSM-adviezen"
        ordering = ["-geldig_tot", "-id"]
