from django.db import models


class Koppeling(models.Model):
    """The state of the link with the middenvelder: one row, shown to the functioneel beheerder.
    Holds no pseudonym, BSN or person: only times, counts and the kind of the last failure."""

    laatste_poging = models.DateTimeField("laatste poging", null=True, blank=True)
    laatste_succes = models.DateTimeField("laatste geslaagde publicatie", null=True, blank=True)
    laatste_volledig = models.DateTimeField("laatste volledige publicatie", null=True, blank=True)
    laatste_fout_op = models.DateTimeField("laatste fout op", null=True, blank=True)
    laatste_fout = models.CharField("laatste fout", max_length=200, blank=True)
    achterstand = models.BooleanField(
        "achterstand", default=False,
        help_text="Een publicatie mislukte; de achtergrondtaak publiceert binnen een minuut opnieuw de hele set.",
    )
    gepubliceerd = models.PositiveIntegerField("aantal gepubliceerde pseudoniemen", default=0)

    class Meta:
        verbose_name = "koppeling met de middenvelder"
        verbose_name_plural = "koppeling met de middenvelder"

    def __str__(self) -> str:
        return "Koppeling met de middenvelder: " + ("achterstand" if self.achterstand else "bij")

    @classmethod
    def huidig(cls) -> "Koppeling":
        return cls.objects.get_or_create(pk=1)[0]
