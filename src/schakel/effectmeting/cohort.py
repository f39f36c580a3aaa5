"""Gathering the effect measurement's data from the database into plain numpy arrays.

A handful of aggregate queries, never one per client: the cohort's case rows, the comparison group's
weighings, the first case of each comparison candidate, and the suspect registrations and detention
periods of exactly those persons. The measures (kalenderjaren, risicotijd, vergelijking, overleving)
work on what this module returns and never touch the database, so they can be tested on generated
arrays. Dates travel as day numbers (`date.toordinal()`), computed in the database for the big tables.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from django.db import connection
from django.db.models import F, Func, IntegerField, Max, Min, Q, Value
from django.db.models.functions import Coalesce, TruncDate

from schakel.briefing.models import Weging
from schakel.casussen.models import Casus
from schakel.core.tijd import dagbegin
from schakel.rapportage.indicatoren import UITGESLOTEN_THEMA

from .models import Detentie, Mutatie

HUISELIJK_GEWELD = "huiselijk-geweld"
# Decisions that open no case: these persons were weighed and not taken on.
GEEN_CASUS = ("geen_vervolg", "bilateraal")
# A postponed decision is not a decision yet; the later weighing decides.
UITGESTELD = "uitgesteld"
GEEN_PLAN = "geen_plan"
# Day number standing in for "still detained": beyond any date a house will see.
OPEN_EINDE = date(9999, 12, 30).toordinal()

Lid = Casus.personen.through


class DagNummer(Func):
    """A date column as `date.toordinal()`, computed by the database so a million rows need no
    conversion in Python."""

    output_field = IntegerField()

    def as_postgresql(self, compiler, conn, **extra):
        return self.as_sql(compiler, conn, template="(%(expressions)s - DATE '0001-01-01' + 1)", **extra)

    def as_sqlite(self, compiler, conn, **extra):
        return self.as_sql(compiler, conn, template="CAST(julianday(%(expressions)s) - 1721424.5 AS INTEGER)", **extra)


@dataclass
class Onderwerpen:
    """The persons measured, one row each: clients, comparison persons, or (for the procesregisseur's
    list) the persons of given cases. `start` is a day number; `leeftijd` -1 when unknown."""

    persoon: np.ndarray
    start: np.ndarray
    doelgroep: np.ndarray
    leeftijd: np.ndarray
    plantype: np.ndarray
    overlegtype: np.ndarray
    casus: np.ndarray

    @classmethod
    def uit_rijen(cls, rijen: list[tuple]) -> Onderwerpen:
        """Rows of (persoon, start date, doelgroep, geboortedatum, plantype, overlegtype, casus)."""
        kolommen = list(zip(*rijen)) if rijen else [()] * 7
        start = np.fromiter((d.toordinal() for d in kolommen[1]), dtype=np.int64, count=len(rijen))
        leeftijd = np.fromiter(
            (_leeftijd(geb, d) for d, geb in zip(kolommen[1], kolommen[3])), dtype=np.int64, count=len(rijen)
        )
        return cls(
            persoon=np.asarray(kolommen[0], dtype=np.int64), start=start,
            doelgroep=np.asarray(kolommen[2], dtype=object), leeftijd=leeftijd,
            plantype=np.asarray(kolommen[4], dtype=object), overlegtype=np.asarray(kolommen[5], dtype=object),
            casus=np.asarray(kolommen[6], dtype=np.int64),
        )

    def __len__(self) -> int:
        return len(self.persoon)

    @property
    def alleen_huiselijk_geweld(self) -> np.ndarray:
        return self.doelgroep == HUISELIJK_GEWELD


@dataclass
class Registraties:
    persoon: np.ndarray
    dag: np.ndarray
    huiselijk_geweld: np.ndarray


@dataclass
class Detenties:
    persoon: np.ndarray
    begin: np.ndarray
    einde: np.ndarray  # inclusive; OPEN_EINDE while still detained


@dataclass
class Gegevens:
    van: date
    tot: date
    venster: int
    peildatum: date
    jaren: list[int]
    clienten: Onderwerpen
    controle: Onderwerpen
    registraties: Registraties
    detenties: Detenties
    extra: dict = field(default_factory=dict)


def _leeftijd(geboren: date | None, op: date) -> int:
    if geboren is None:
        return -1
    return op.year - geboren.year - ((op.month, op.day) < (geboren.month, geboren.day))


def _start():
    """A case's start: the adoption date of its plan, or the (Dutch) day it was opened."""
    return Coalesce(F("casus__plan__vastgesteld_op"), TruncDate("casus__geopend_op"))


def telbare_leden():
    """Person-case links of the cases that count: radicalisation never does, as in the reports."""
    return (
        Lid.objects.filter(casus__overlegtype__telt_in_lokale_rapportage=True)
        .exclude(casus__thema__code=UITGESLOTEN_THEMA)
        .annotate(start=_start())
    )


def _onderwerp_rijen(qs) -> list[tuple]:
    return list(
        qs.values_list(
            "persoon_id", "start", "casus__thema__code", "persoon__geboortedatum", "casus__plan__type",
            "casus__overlegtype__code", "casus_id",
        )
    )


def eerste_per_persoon(rijen: list[tuple]) -> list[tuple]:
    """Rows ordered by person, start, case: keep each person's first."""
    uit, vorige = [], None
    for rij in rijen:
        if rij[0] != vorige:
            uit.append(rij)
            vorige = rij[0]
    return uit


def standaard_peildatum(tot: date) -> date:
    """The latest registration imported: beyond it nothing is known. Without any, the cohort's end."""
    laatste = Mutatie.objects.aggregate(m=Max("datum"))["m"]
    return laatste or tot


def clientrijen(van: date, tot: date):
    qs = telbare_leden().filter(start__gte=van, start__lte=tot).order_by("persoon_id", "start", "casus_id")
    return qs, eerste_per_persoon(_onderwerp_rijen(qs))


def controlerijen(van: date, tot: date, venster: int):
    """Persons weighed in the period whose decision opened no case, from their first such weighing,
    without anyone who has a case starting before the end of their after-window (that person was
    taken on after all, and the house's approach would sit inside their 'after')."""
    qs = (
        Weging.objects.filter(besluit__code__in=GEEN_CASUS, gewogen_op__gte=dagbegin(van), gewogen_op__lt=dagbegin(tot + timedelta(days=1)))
        .exclude(subreden__code=UITGESTELD)
        .exclude(melding__thema__code=UITGESLOTEN_THEMA)
        .filter(melding__koppelingen__persoon__isnull=False)
        .annotate(dag=TruncDate("gewogen_op"))
        .order_by("melding__koppelingen__persoon_id", "dag", "pk")
    )
    rijen = eerste_per_persoon(
        list(qs.values_list("melding__koppelingen__persoon_id", "dag", "melding__thema__code", "melding__koppelingen__persoon__geboortedatum"))
    )
    kandidaten = qs.values("melding__koppelingen__persoon_id")
    eerste_casus = dict(
        Lid.objects.filter(persoon_id__in=kandidaten).annotate(start=_start()).order_by()
        .values("persoon_id").annotate(eerste=Min("start")).values_list("persoon_id", "eerste")
    )
    rijen = [
        (p, dag, thema, geb, None, None, 0) for p, dag, thema, geb in rijen
        if p not in eerste_casus or eerste_casus[p] >= dag + timedelta(days=venster)
    ]
    return kandidaten, rijen


def _ophalen(qs, kolommen: list[str]) -> list[tuple]:
    """The rows of a queryset through a bare cursor: no model instances, no per-row conversion."""
    sql, params = qs.values_list(*kolommen).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def registraties_van(personen: Q, vanaf: date, tot_en_met: date) -> Registraties:
    qs = (
        Mutatie.objects.filter(personen, rol=Mutatie.Rol.VERDACHTE, datum__gte=vanaf, datum__lte=tot_en_met)
        .annotate(dagnr=DagNummer("datum")).order_by()
    )
    rijen = _ophalen(qs, ["persoon_id", "dagnr", "huiselijk_geweld"])
    arr = np.array(rijen, dtype=np.int64).reshape(-1, 3)
    return Registraties(persoon=arr[:, 0], dag=arr[:, 1], huiselijk_geweld=arr[:, 2].astype(bool))


def detenties_van(personen: Q, vanaf: date, tot_en_met: date) -> Detenties:
    qs = (
        Detentie.objects.filter(personen, begin__lte=tot_en_met).filter(Q(einde__isnull=True) | Q(einde__gte=vanaf))
        .annotate(b=DagNummer("begin"), e=Coalesce(DagNummer("einde"), Value(OPEN_EINDE))).order_by()
    )
    arr = np.array(_ophalen(qs, ["persoon_id", "b", "e"]), dtype=np.int64).reshape(-1, 3)
    return Detenties(persoon=arr[:, 0], begin=arr[:, 1], einde=arr[:, 2])


def _bereik(onderwerpen: list[Onderwerpen], venster: int, jaren: list[int], peildatum: date) -> tuple[date, date]:
    """The dates any measure looks at: from the earliest before-window (or first calendar year) to the
    peildatum. Registrations after the peildatum are never used."""
    starts = [o.start.min() for o in onderwerpen if len(o)]
    vanaf = date.fromordinal(int(min(starts)) - venster) if starts else peildatum
    if jaren:
        vanaf = min(vanaf, date(min(jaren), 1, 1))
    return vanaf, peildatum


def verzamel(van: date, tot: date, venster: int, jaren: list[int], peildatum: date | None) -> Gegevens:
    peildatum = peildatum or standaard_peildatum(tot)
    client_qs, client_rijen = clientrijen(van, tot)
    kandidaten, controle_rijen = controlerijen(van, tot, venster)
    clienten = Onderwerpen.uit_rijen(client_rijen)
    controle = Onderwerpen.uit_rijen(controle_rijen)
    personen = Q(persoon_id__in=client_qs.values("persoon_id")) | Q(persoon_id__in=kandidaten)
    vanaf, tot_en_met = _bereik([clienten, controle], venster, jaren, peildatum)
    return Gegevens(
        van=van, tot=tot, venster=venster, peildatum=peildatum, jaren=jaren, clienten=clienten, controle=controle,
        registraties=registraties_van(personen, vanaf, tot_en_met), detenties=detenties_van(personen, vanaf, tot_en_met),
    )


def verzamel_casussen(casus_ids, venster: int, peildatum: date | None) -> tuple[Onderwerpen, Registraties, Detenties, date]:
    """Every person of the given cases, each case from its own start (not the cohort's first-case
    rule): the procesregisseur asks how the persons of this case did."""
    qs = telbare_leden().filter(casus_id__in=list(casus_ids)).order_by("casus_id", "persoon_id")
    onderwerpen = Onderwerpen.uit_rijen(_onderwerp_rijen(qs))
    peildatum = peildatum or standaard_peildatum(date.today())
    personen = Q(persoon_id__in=qs.values("persoon_id"))
    vanaf, tot_en_met = _bereik([onderwerpen], venster, [], peildatum)
    return onderwerpen, registraties_van(personen, vanaf, tot_en_met), detenties_van(personen, vanaf, tot_en_met), peildatum
