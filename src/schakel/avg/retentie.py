"""Retention (design §2 RETENTION): after the configured period personal data is anonymised; every
row, status, date and key stays, so the counts per year, municipality, source, decision, conference
type and outcome are the same before and after.

Due: a closed case whose closing date + the years of its conference type lies before today and on
which no legal hold runs, with the meldingen of that case; and a weighed melding that led to no case,
received longer ago than the period for meldingen without a case. A person goes only when every
melding and case about them is gone (or going); their police registrations and detention periods
(effect measurement) are deleted then."""
import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from schakel.briefing.models import Weging
from schakel.casussen.models import Casus
from schakel.core.tijd import dagbegin
from schakel.meldingen.models import AFGEHANDELD, Melding, MeldingPersoon
from schakel.overleggen.models import Overlegtype
from schakel.personen.models import Persoon
from schakel.uitvragen.models import InformatieUitvraag

from . import anonimiseer
from .apps import STANDAARD_JAREN, ZONDER_CASUS_JAREN
from .models import Bewaartermijn, Geanonimiseerd, Verwijderingsregistratie

AANLEIDING = Verwijderingsregistratie.Aanleiding.BEWAARTERMIJN


@dataclass
class Rapport:
    vandaag: datetime.date
    droog: bool
    casussen: list[int] = field(default_factory=list)
    meldingen: list[int] = field(default_factory=list)
    personen: list[int] = field(default_factory=list)
    # (object kind, data in words, number of objects)
    telling: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def leeg(self) -> bool:
        return not (self.casussen or self.meldingen or self.personen)

    def __str__(self) -> str:
        kop = "Proefdraai, er is niets gewijzigd" if self.droog else "Bewaartermijnen verwerkt"
        regels = [
            f"{kop} (peildatum {self.vandaag:%d-%m-%Y}): {len(self.casussen)} casus(sen), "
            f"{len(self.meldingen)} melding(en), {len(self.personen)} perso(o)n(en)."
        ]
        regels += [f"  {soort}: {aantal} x {woorden}" for soort, woorden, aantal in self.telling]
        return "\n".join(regels)


def min_jaren(dag: datetime.date, jaren: int) -> datetime.date:
    try:
        return dag.replace(year=dag.year - jaren)
    except ValueError:  # 29 February
        return dag.replace(year=dag.year - jaren, day=28)


def termijnen() -> tuple[dict[int, int], int]:
    """Years per conference type id, and for meldingen without a case (reference values as fallback)."""
    rijen = dict(Bewaartermijn.objects.values_list("overlegtype_id", "jaren"))
    per_type = {pk: rijen.get(pk, STANDAARD_JAREN) for pk in Overlegtype.objects.values_list("pk", flat=True)}
    return per_type, rijen.get(None, ZONDER_CASUS_JAREN)


def _gedaan(objecttype):
    return Geanonimiseerd.objects.filter(objecttype=objecttype).values("object_id")


def verlopen_casussen(vandaag) -> list[int]:
    from .services import actieve_bewaarplicht

    per_type, _ = termijnen()
    verlopen = Q(pk__in=[])
    for overlegtype_id, jaren in per_type.items():
        # datum + jaren < vandaag  <=>  datum < vandaag - jaren
        verlopen |= Q(overlegtype_id=overlegtype_id, afsluiting__datum__lt=min_jaren(vandaag, jaren))
    return list(
        Casus.objects.filter(verlopen, status=Casus.Status.AFGESLOTEN)
        .exclude(pk__in=actieve_bewaarplicht(vandaag).values("casus_id"))
        .exclude(pk__in=_gedaan("casus"))
        .order_by("pk").values_list("pk", flat=True)
    )


def verlopen_meldingen(vandaag, casus_ids) -> list[int]:
    _, jaren = termijnen()
    grens = dagbegin(min_jaren(vandaag, jaren))
    met_casus = Weging.objects.filter(melding=OuterRef("pk"), casus__isnull=False)
    zonder_casus = Q(status__in=AFGEHANDELD, casus__isnull=True, ontvangen_op__lt=grens) & ~Q(Exists(met_casus))
    van_casus = Q(casus_id__in=casus_ids) | Q(Exists(Weging.objects.filter(melding=OuterRef("pk"), casus_id__in=casus_ids)))
    return list(
        Melding.objects.filter(zonder_casus | van_casus).exclude(pk__in=_gedaan("melding")).order_by("pk").values_list("pk", flat=True)
    )


def verlopen_personen(casus_ids, melding_ids) -> list[int]:
    """Persons of the due meldingen and cases who have nothing left that is still kept."""
    weg_m = set(melding_ids) | set(_gedaan("melding").values_list("object_id", flat=True))
    weg_c = set(casus_ids) | set(_gedaan("casus").values_list("object_id", flat=True))
    kandidaten = (
        set(MeldingPersoon.objects.filter(melding_id__in=melding_ids).values_list("persoon_id", flat=True))
        | set(Casus.personen.through.objects.filter(casus_id__in=casus_ids).values_list("persoon_id", flat=True))
        | set(InformatieUitvraag.objects.filter(melding_id__in=melding_ids, persoon__isnull=False).values_list("persoon_id", flat=True))
    )
    if not kandidaten:
        return []
    levend = (
        Exists(MeldingPersoon.objects.filter(persoon=OuterRef("pk")).exclude(melding_id__in=weg_m))
        | Exists(Casus.personen.through.objects.filter(persoon=OuterRef("pk")).exclude(casus_id__in=weg_c))
        | Exists(InformatieUitvraag.objects.filter(persoon=OuterRef("pk")).exclude(melding_id__in=weg_m))
    )
    return list(
        Persoon.objects.filter(pk__in=kandidaten).exclude(levend).exclude(pk__in=_gedaan("persoon"))
        .order_by("pk").values_list("pk", flat=True)
    )


def verwerk(vandaag=None, droog=False) -> Rapport:
    """Anonymise what is due on `vandaag` (default today). `droog=True` lists it and changes nothing."""
    vandaag = vandaag or timezone.localdate()
    with transaction.atomic():
        casus_ids = verlopen_casussen(vandaag)
        melding_ids = verlopen_meldingen(vandaag, casus_ids)
        persoon_ids = verlopen_personen(casus_ids, melding_ids)
        rapport = Rapport(vandaag=vandaag, droog=droog, casussen=casus_ids, meldingen=melding_ids, personen=persoon_ids)
        if persoon_ids:
            rapport.telling.append(("persoon", anonimiseer.PERSOON_GEGEVENS_RETENTIE, len(persoon_ids)))
        if droog:
            rapport.telling += anonimiseer.tel(anonimiseer.CASUS_DELEN, casus_ids)
            rapport.telling += anonimiseer.tel(anonimiseer.MELDING_DELEN, melding_ids)
            rapport.telling += anonimiseer.tel_registraties(persoon_ids)
            return rapport
        rapport.telling += anonimiseer.wis(anonimiseer.CASUS_DELEN, casus_ids)
        rapport.telling += anonimiseer.wis(anonimiseer.MELDING_DELEN, melding_ids)
        rapport.telling += anonimiseer.verwijder_registraties(persoon_ids)
        anonimiseer.wis_personen(persoon_ids, geboortejaar_houden=True)
        Geanonimiseerd.objects.bulk_create(
            [Geanonimiseerd(objecttype="casus", object_id=i, aanleiding=AANLEIDING) for i in casus_ids]
            + [Geanonimiseerd(objecttype="melding", object_id=i, aanleiding=AANLEIDING) for i in melding_ids]
            + [Geanonimiseerd(objecttype="persoon", object_id=i, aanleiding=AANLEIDING) for i in persoon_ids],
            batch_size=1000,
        )
        reden = f"Bewaartermijn verstreken (peildatum {vandaag:%d-%m-%Y})"
        Verwijderingsregistratie.objects.bulk_create([
            Verwijderingsregistratie(aanleiding=AANLEIDING, objecttype=soort, gegevens=woorden, aantal=aantal, reden=reden)
            for soort, woorden, aantal in rapport.telling
        ])
    return rapport
