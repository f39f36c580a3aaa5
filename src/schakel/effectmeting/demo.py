"""Demo data for the effect measurement: what a house would import from the police and DJI, the
year's cost inputs and a few voluntary programmes, so the effect page shows something to talk about
in the demo. Generated, never real: the rates are drawn so clients improve somewhat more than the
comparison group (which improves too: regression to the mean)."""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from schakel.briefing.models import Weging
from schakel.casussen.models import Casus
from schakel.gebruikers.models import Gebruiker
from schakel.meldingen.models import MeldingPersoon
from schakel.plannen.models import Hulpvraag, Leefgebied, VrijwilligTraject

from .models import Bronbestand, Detentie, Kosteninvoer, Mutatie

DELICTEN = ["Winkeldiefstal", "Vernieling", "Openlijke geweldpleging", "Bedreiging", "Inbraak woning", "Drugshandel",
            "Mishandeling", "Overlast"]
HULPVRAGEN = [Leefgebied.IDENTITEIT, Leefgebied.HUISVESTING, Leefgebied.INKOMEN_WERK, Leefgebied.SCHULDEN, Leefgebied.ZORG]


def _bron(soort: str, regels: int, door: Gebruiker) -> Bronbestand:
    return Bronbestand.objects.create(
        soort=soort, bestandsnaam=f"demo-{soort}.csv", sha256="0" * 64, regels=regels, toegevoegd=regels, al_aanwezig=0,
        onbekende_personen=0, door=door,
    )


def _starts() -> tuple[dict[int, tuple[date, str]], dict[int, tuple[date, str]]]:
    """Clients (person → first start, thema code) and comparison persons (person → weighing date, the
    melding's thema code)."""
    clienten: dict[int, tuple[date, str]] = {}
    casussen = Casus.objects.exclude(thema__code="radicalisering").values_list(
        "personen", "plan__vastgesteld_op", "geopend_op", "thema__code"
    )
    for persoon, plan, geopend, thema in casussen:
        if persoon is None:
            continue
        start = plan or timezone.localdate(geopend)
        if persoon not in clienten or start < clienten[persoon][0]:
            clienten[persoon] = (start, thema)
    vergelijking: dict[int, tuple[date, str]] = {}
    gewogen = Weging.objects.filter(besluit__code__in=["geen_vervolg", "bilateraal"]).values_list(
        "melding_id", "gewogen_op", "melding__thema__code"
    )
    personen_van: dict[int, list[int]] = {}
    for melding, persoon in MeldingPersoon.objects.exclude(persoon=None).values_list("melding_id", "persoon_id"):
        personen_van.setdefault(melding, []).append(persoon)
    for melding, gewogen_op, thema in gewogen:
        for persoon in personen_van.get(melding, []):
            if persoon not in clienten:
                vergelijking.setdefault(persoon, (timezone.localdate(gewogen_op), thema))
    return clienten, vergelijking


def bouw_effectdemo(rng: random.Random, door: Gebruiker) -> dict[str, int]:
    vandaag = timezone.localdate()
    clienten, vergelijking = _starts()
    mutaties: list[Mutatie] = []
    detenties: list[Detentie] = []
    mutatiebron = _bron(Bronbestand.Soort.MUTATIES, 0, door)
    detentiebron = _bron(Bronbestand.Soort.DETENTIES, 0, door)

    def registreer(persoon: int, start: date, voor: float, na: float, hg: bool):
        """Registrations as suspect in the year before the start (`voor` a year) and the year after (`na`)."""
        for dag_nr in range(-365, 365):
            dag = start + timedelta(days=dag_nr)
            if dag > vandaag or rng.random() >= (voor if dag_nr < 0 else na) / 365:
                continue
            mutaties.append(Mutatie(
                mutatie_id=f"DEMO-M{len(mutaties) + 1:07d}", datum=dag, persoon_id=persoon, rol=Mutatie.Rol.VERDACHTE,
                delict="Huiselijk geweld" if hg else rng.choice(DELICTEN), huiselijk_geweld=hg, bronbestand=mutatiebron,
            ))

    for persoon, (start, thema) in clienten.items():
        voor = rng.gammavariate(1.5, 2.0)
        # Clients: about 45 % fewer registrations after their start; a tenth spend some months in detention.
        registreer(persoon, start, voor, voor * 0.55, thema == "huiselijk-geweld")
        if rng.random() < 0.1:
            begin = start + timedelta(days=rng.randint(20, 200))
            if begin <= vandaag:
                einde = begin + timedelta(days=rng.randint(30, 180))
                detenties.append(Detentie(
                    detentie_id=f"DEMO-D{len(detenties) + 1:06d}", persoon_id=persoon, begin=begin,
                    einde=einde if einde <= vandaag else None, bronbestand=detentiebron,
                ))
    # The comparison group improves too, less: weighed at a peak, then back towards their usual rate.
    for persoon, (start, thema) in vergelijking.items():
        voor = rng.gammavariate(1.5, 1.6)
        registreer(persoon, start, voor, voor * 0.8, thema == "huiselijk-geweld")

    Mutatie.objects.bulk_create(mutaties, batch_size=5_000)
    Detentie.objects.bulk_create(detenties, batch_size=5_000)
    Bronbestand.objects.filter(pk=mutatiebron.pk).update(regels=len(mutaties), toegevoegd=len(mutaties))
    Bronbestand.objects.filter(pk=detentiebron.pk).update(regels=len(detenties), toegevoegd=len(detenties))

    Kosteninvoer.objects.get_or_create(jaar=vandaag.year - 1, defaults={
        "budget": Decimal("700000"),
        "minuten": {"focus": 240, "nazorg": 120, "bilateraal": 20, "vrijwillig_traject": 20, "opschalen": 20, "geen_vervolg": 10},
        "programmakosten": {"focus": 250000, "nazorg": 151620},
        "dagprijs_detentie": Decimal("202.65"), "gemiddelde_detentiedagen": Decimal("102"),
        "landelijke_recidive_pct": Decimal("47"), "eigen_recidive_pct": Decimal("17"), "unieke_personen": 537,
    })

    trajecten = []
    nazorg = list(Casus.objects.filter(overlegtype__code="nazorg").values_list("pk", "personen", "geopend_op")[:40])
    for casus, persoon, geopend in nazorg:
        if persoon is None:
            continue
        soort = VrijwilligTraject.Soort.TRAJECT if rng.random() < 0.7 else VrijwilligTraject.Soort.GESPREK_PI
        trajecten.append(VrijwilligTraject(
            persoon_id=persoon, casus_id=casus, aanbieder=rng.choice(["Exodus", "Leger des Heils", "Reclassering Nederland"]),
            soort=soort, gestart_op=min(vandaag, timezone.localdate(geopend) + timedelta(days=rng.randint(0, 30))),
            kosten=Decimal(rng.randint(300, 2500) if soort == VrijwilligTraject.Soort.TRAJECT else rng.randint(100, 400)),
        ))
    trajecten = VrijwilligTraject.objects.bulk_create(trajecten)
    Hulpvraag.objects.bulk_create([
        Hulpvraag(traject=t, leefgebied=code) for t in trajecten for code in rng.sample(HULPVRAGEN, rng.randint(1, 4))
    ])
    return {"politieregistraties": len(mutaties), "detentieperioden": len(detenties), "vrijwillige trajecten": len(trajecten)}
