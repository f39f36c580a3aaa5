import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from localflavor.nl.validators import NLBSNFieldValidator

from schakel.core.access import ForUserQuerySet
from schakel.core.validators import geen_html, niet_in_toekomst
from schakel.gebruikers.rollen import Rol

_bsn_validator = NLBSNFieldValidator()


def bsn_geldig(value: str) -> None:
    """The eleven-test itself comes from django-localflavor; only the message is ours."""
    try:
        _bsn_validator(value)
    except ValidationError:
        raise ValidationError(
            "Dit is geen geldig BSN: een BSN heeft 9 cijfers en moet voldoen aan de elfproef.", code="bsn"
        )


def zoeknaam(achternaam: str) -> str:
    """Lower case without accents, so 'Çelik', 'celik' and 'CELIK' find each other."""
    decomposed = unicodedata.normalize("NFKD", achternaam or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


class PersoonQuerySet(ForUserQuerySet):
    def _zonder_regel(self, user):
        """House staff see everyone, anyone but a partner of an organisation no one; None: the rule decides."""
        if not user.is_authenticated:
            return self.none()
        if user.is_processtaf:
            return self
        if not (user.heeft_rol(Rol.PARTNER) and user.organisatie_id):
            return self.none()
        return None

    def for_user(self, user):
        """A partner sees a person through a case of the person his organisation may see now
        (casussen.ZichtbareCasus; the rule is for_user_volgens_regel). Correlated per candidate
        person: a probe of (persoon) in the case-person table and of (organisatie, casus) in the table."""
        if (vast := self._zonder_regel(user)) is not None:
            return vast
        from schakel.casussen.zichtbaarheid import zichtbare_casus_ids

        return self.filter(models.Exists(zichtbare_casus_ids(user.organisatie_id).filter(casus__personen=models.OuterRef("pk"))))

    def for_user_volgens_regel(self, user):
        """Reference implementation (tests/test_zichtbaarheid.py only)."""
        if (vast := self._zonder_regel(user)) is not None:
            return vast
        from schakel.casussen.models import CasusBetrokkenheid, convenant_overlegtypen

        # Only through a case of the person that the organisation works on under an annex in force, or
        # that an invitation opened (in its window). Bringing in a melding is no entitlement: the reporter
        # sees the person as it typed it (MeldingPersoon.opgave), never the house's record, which may be a
        # person it did not know (the duplicate check) or hold data others added. Correlated per candidate
        # person, so a search that shows fifty people builds no set of every visible case.
        from schakel.casussen.models import Casus, uitnodigingen_in_venster

        via_casus = CasusBetrokkenheid.objects.filter(
            casus__personen=models.OuterRef("pk"),
            organisatie_id=user.organisatie_id,
            rol__in=CasusBetrokkenheid.BLIJVEND,
            casus__overlegtype_id__in_array=convenant_overlegtypen(user.organisatie_id),
        )
        # The organisation's invitations of the last weeks are a handful of cases.
        genodigd = uitnodigingen_in_venster().filter(
            deelnemer__organisatie_id=user.organisatie_id,
            bespreking__casus__overlegtype_id__in=convenant_overlegtypen(user.organisatie_id),
        ).values("bespreking__casus_id")
        via_uitnodiging = Casus.personen.through.objects.filter(persoon_id=models.OuterRef("pk"), casus_id__in_array=genodigd)
        return self.filter(models.Exists(via_casus) | models.Exists(via_uitnodiging))


class Persoon(models.Model):
    class Geslacht(models.TextChoices):
        MAN = "man", "Man"
        VROUW = "vrouw", "Vrouw"
        ANDERS = "anders", "Anders / X"
        ONBEKEND = "onbekend", "Onbekend"

    bsn = models.CharField(
        "BSN",
        max_length=9,
        null=True,
        blank=True,
        unique=True,
        validators=[bsn_geldig],
        help_text="Burgerservicenummer; optioneel, maar als het er is moet het de elfproef doorstaan.",
    )
    voornamen = models.CharField("voornamen", max_length=200, blank=True, validators=[geen_html])
    tussenvoegsel = models.CharField("tussenvoegsel", max_length=20, blank=True, validators=[geen_html])
    achternaam = models.CharField(
        "achternaam", max_length=200, blank=True, validators=[geen_html],
        help_text="Alleen leeg bij een persoon uit een historische import zonder naam.",
    )
    geboortedatum = models.DateField(
        "geboortedatum", null=True, blank=True, validators=[niet_in_toekomst], help_text="Leeg als onbekend."
    )
    geslacht = models.CharField("geslacht", max_length=10, choices=Geslacht.choices, default=Geslacht.ONBEKEND)
    gemeente = models.ForeignKey(
        "gemeenten.Gemeente",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="personen",
        verbose_name="woongemeente",
        help_text="Gemeente van inschrijving; 'Geen GBA' als de persoon niet in de BRP staat.",
    )
    aliassen = models.CharField(
        "aliassen", max_length=300, blank=True, validators=[geen_html], help_text="Andere namen waaronder de persoon bekend is."
    )
    zoeknaam = models.CharField(
        "zoeknaam", max_length=200, editable=False, help_text="Genormaliseerde achternaam voor zoeken en ontdubbelen."
    )
    extern_id = models.CharField(
        "extern persoonsnummer", max_length=100, null=True, blank=True, unique=True, editable=False,
        help_text="Persoonsnummer uit een historische import: hetzelfde nummer is dezelfde persoon, ook in een volgend bestand.",
    )
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)

    objects = PersoonQuerySet.as_manager()

    class Meta:
        verbose_name = "persoon"
        verbose_name_plural = "personen"
        # One index serves both the duplicate check (zoeknaam = … AND geboortedatum = …) and prefix
        # search (LIKE 'kok%'). Pattern ops keep the planner from walking a collation-ordered index
        # through 100k+ rows to avoid sorting a thousand (docs/performance.md).
        indexes = [
            models.Index(
                fields=["zoeknaam", "geboortedatum"], name="persoon_zoeknaam_idx", opclasses=["varchar_pattern_ops", "date_ops"]
            ),
        ]

    def save(self, *args, **kwargs):
        self.zoeknaam = zoeknaam(self.achternaam)
        if not self.bsn:
            self.bsn = None
        super().save(*args, **kwargs)

    @property
    def volledige_naam(self) -> str:
        return " ".join(p for p in (self.voornamen, self.tussenvoegsel, self.achternaam) if p)

    @property
    def minimale_naam(self) -> str:
        """Initials and surname: what the briefing and municipal contacts need, no more."""
        initialen = "".join(f"{n[0]}." for n in self.voornamen.split() if n)
        return " ".join(p for p in (initialen, self.tussenvoegsel, self.achternaam) if p)

    def __str__(self) -> str:
        return self.volledige_naam or f"Persoon {self.pk} (naam onbekend)"
