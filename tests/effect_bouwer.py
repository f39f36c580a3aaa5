"""Building effect-measurement data directly in the database for tests: persons, cases with or
without a plan, weighings that opened no case, police registrations and detention periods. Bulk
writes, because the seed tables need a thousand registrations."""
from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from schakel.briefing.models import BesluitOptie, Briefing, Weging
from schakel.casussen.models import Casus
from schakel.effectmeting.models import Bronbestand, Detentie, Mutatie
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding, MeldingPersoon, Thema
from schakel.overleggen.models import Overlegtype
from schakel.personen.models import Persoon
from schakel.plannen.models import PlanVanAanpak

from .factories import GebruikerFactory


def moment(d: date, uur=12, minuut=0):
    return timezone.make_aware(datetime.combine(d, time(uur, minuut)))


class EffectBouwer:
    def __init__(self):
        self.door = GebruikerFactory(username="effect.bouwer")
        self.gemeente = Gemeente.objects.get(code="leiden")
        self.mutatiebron = self._bron(Bronbestand.Soort.MUTATIES)
        self.detentiebron = self._bron(Bronbestand.Soort.DETENTIES)
        self._mutaties: list[Mutatie] = []
        self._detenties: list[Detentie] = []
        self._briefing = None

    def _bron(self, soort):
        return Bronbestand.objects.create(
            soort=soort, bestandsnaam=f"{soort}.csv", sha256="0" * 64, regels=0, toegevoegd=0, al_aanwezig=0,
            onbekende_personen=0, door=self.door,
        )

    def personen(self, aantal: int, geboren: date | None = date(1980, 1, 1)) -> list[Persoon]:
        return Persoon.objects.bulk_create(
            [Persoon(achternaam="Testpersoon", geboortedatum=geboren, zoeknaam="testpersoon") for _ in range(aantal)]
        )

    def casus(self, personen, thema: str, geopend, plan: tuple[str, date] | None = None, overlegtype: str = "focus") -> Casus:
        """`geopend` a date (noon) or an aware datetime; `plan` (type, vastgesteld_op) or None."""
        c = Casus.objects.create(
            overlegtype=Overlegtype.objects.get(code=overlegtype), gemeente=self.gemeente,
            thema=Thema.objects.get(code=thema), status=Casus.Status.IN_BEHANDELING,
            geopend_op=geopend if isinstance(geopend, datetime) else moment(geopend), geopend_door=self.door,
        )
        c.personen.set(personen if isinstance(personen, (list, tuple)) else [personen])
        if plan:
            PlanVanAanpak.objects.create(casus=c, type=plan[0], vastgesteld_op=plan[1], casushouder=self.door)
        return c

    def casussen(self, personen, thema: str, geopend: date, plan: tuple[str, date] | None, overlegtype: str = "focus"):
        """One case per person, in bulk."""
        ot, th = Overlegtype.objects.get(code=overlegtype), Thema.objects.get(code=thema)
        cs = Casus.objects.bulk_create([
            Casus(overlegtype=ot, gemeente=self.gemeente, thema=th, status=Casus.Status.IN_BEHANDELING,
                  geopend_op=moment(geopend), geopend_door=self.door)
            for _ in personen
        ])
        Casus.personen.through.objects.bulk_create(
            [Casus.personen.through(casus=c, persoon=p) for c, p in zip(cs, personen)]
        )
        if plan:
            PlanVanAanpak.objects.bulk_create(
                [PlanVanAanpak(casus=c, type=plan[0], vastgesteld_op=plan[1], casushouder=self.door) for c in cs]
            )
        return cs

    def weeg_zonder_casus(self, persoon, op: date, thema: str, besluit: str = "geen_vervolg", subreden: str | None = None):
        if self._briefing is None:
            self._briefing = Briefing.objects.create(datum=op, voorzitter=self.door)
        m = Melding.objects.create(
            ontvangen_op=moment(op, 9), kanaal=Melding.Kanaal.MAIL, gemeente=self.gemeente, thema=Thema.objects.get(code=thema),
            omschrijving="Test.", geregistreerd_door=self.door,
        )
        MeldingPersoon.objects.create(melding=m, persoon=persoon)
        return Weging.objects.create(
            briefing=self._briefing, melding=m, besluit=BesluitOptie.objects.get(code=besluit),
            subreden=BesluitOptie.objects.get(code=subreden) if subreden else None, gewogen_op=moment(op), gewogen_door=self.door,
        )

    def registratie(self, persoon, datum: date, aantal: int = 1, rol: str = "verdachte", huiselijk_geweld: bool = False):
        for _ in range(aantal):
            self._mutaties.append(Mutatie(
                mutatie_id=f"M{len(self._mutaties) + 1}", datum=datum, persoon=persoon, rol=rol,
                huiselijk_geweld=huiselijk_geweld, bronbestand=self.mutatiebron,
            ))

    def detentie(self, persoon, begin: date, einde: date | None):
        self._detenties.append(Detentie(
            detentie_id=f"D{len(self._detenties) + 1}", persoon=persoon, begin=begin, einde=einde, bronbestand=self.detentiebron,
        ))

    def opslaan(self):
        Mutatie.objects.bulk_create(self._mutaties)
        Detentie.objects.bulk_create(self._detenties)
        self._mutaties, self._detenties = [], []
