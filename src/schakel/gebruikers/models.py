from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models

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
    rol = models.CharField("rol", max_length=32, choices=Rol.choices, help_text="Rol uit het rollenmodel (design §1).")

    class Meta:
        verbose_name = "roltoekenning"
        verbose_name_plural = "roltoekenningen"
        constraints = [models.UniqueConstraint(fields=["gebruiker", "rol"], name="uniek_rol_per_gebruiker")]

    def __str__(self) -> str:
        return f"{self.gebruiker} – {self.get_rol_display()}"
