"""The house's indicators, each one aggregate query, each defined once in docs/indicators.md.

Every number a mayor may quote comes from here: the command, the ketenmanager's pages, the annual
report and the municipal factsheets all call `bereken`. Radicalisation never counts (national
agreement, seed 001 §5.3): not its meldingen, not its weighings, not its cases."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Avg, Case, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, TruncDate

from schakel.briefing.models import BesluitOptie, Weging
from schakel.casussen.models import AfsluitUitkomst, Afsluiting, Casus
from schakel.core.tijd import dagbegin
from schakel.core.validators import LAATSTE_DATUM, VROEGSTE_DATUM
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding, MeldingPersoon, Thema
from schakel.opschaling.models import Opschaling
from schakel.overleggen.models import Overlegtype
from schakel.partners.models import Bron

UITGESLOTEN_THEMA = "radicalisering"
GESLACHTEN = ["man", "vrouw", "gezin", "onbekend"]
LEEFTIJDEN = ["<18", "18-23", "23+", "onbekend"]
HERHAALD = ["2", "3", "4", "5", "6", "7+"]
ZES_MAANDEN = 6
# Reports cover dates a house can have records on; the bounds also keep `Periode.eind` in range.
VROEGSTE, LAATSTE = VROEGSTE_DATUM, LAATSTE_DATUM


@dataclass(frozen=True)
class Periode:
    """Both dates inclusive; datetimes count by their local (Dutch) date."""

    van: date
    tot: date

    def __post_init__(self):
        if not (VROEGSTE <= self.van and self.tot <= LAATSTE):
            raise ValueError("Kies een periode tussen 1900 en 2999.")
        if self.tot < self.van:
            raise ValueError(f"De einddatum {self.tot:%d-%m-%Y} ligt voor de begindatum {self.van:%d-%m-%Y}.")

    @property
    def begin(self) -> datetime:
        return dagbegin(self.van)

    @property
    def eind(self) -> datetime:
        """The first moment after the period (exclusive bound)."""
        return dagbegin(self.tot + timedelta(days=1))

    def bevat(self, veld: str) -> Q:
        return Q(**{f"{veld}__gte": self.begin, f"{veld}__lt": self.eind})

    @classmethod
    def jaar(cls, jaar: int) -> Periode:
        return cls(date(jaar, 1, 1), date(jaar, 12, 31))


def pct(deel, geheel) -> float | None:
    """Percentage with one decimal, rounded half up as people do by hand; None when nothing to divide by."""
    if not geheel:
        return None
    return float((Decimal(deel) * 100 / Decimal(geheel)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _jaren_terug(dag: date, jaren: int) -> date:
    try:
        return dag.replace(year=dag.year - jaren)
    except ValueError:  # 29 February in a year without one
        return dag.replace(year=dag.year - jaren, day=28)


def _tel(qs, veld: str, sleutels=()) -> dict:
    """Counts per value of `veld`, one GROUP BY; every expected key present, also when zero."""
    uit = {k: 0 for k in sleutels}
    for waarde, n in qs.order_by().values_list(veld).annotate(n=Count("pk")):
        uit[waarde if waarde is not None else "onbekend"] = n
    return uit


# --- The counted populations. Each excludes radicalisation and, with `gemeente`, keeps one municipality.


def meldingen_in(periode: Periode, gemeente: Gemeente | None = None):
    qs = Melding.objects.filter(periode.bevat("ontvangen_op")).exclude(thema__code=UITGESLOTEN_THEMA)
    return qs.filter(gemeente=gemeente) if gemeente else qs


def wegingen_in(periode: Periode, gemeente: Gemeente | None = None):
    """The weighed meldingen of the period: one weighing per melding, the last one in the period (a
    postponed decision weighed again a week later counts once, with its final decision)."""
    latere = Weging.objects.filter(periode.bevat("gewogen_op"), melding=OuterRef("melding")).filter(
        Q(gewogen_op__gt=OuterRef("gewogen_op")) | Q(gewogen_op=OuterRef("gewogen_op"), pk__gt=OuterRef("pk"))
    )
    qs = (
        Weging.objects.filter(periode.bevat("gewogen_op"))
        .exclude(melding__thema__code=UITGESLOTEN_THEMA)
        .filter(~Exists(latere))
    )
    return qs.filter(melding__gemeente=gemeente) if gemeente else qs


def telbare_casussen(gemeente: Gemeente | None = None):
    qs = Casus.objects.exclude(thema__code=UITGESLOTEN_THEMA).filter(overlegtype__telt_in_lokale_rapportage=True)
    return qs.filter(gemeente=gemeente) if gemeente else qs


def casussen_in_behandeling(periode: Periode, gemeente: Gemeente | None = None):
    """Open at some moment of the period: opened before its end, not closed before its start."""
    return telbare_casussen(gemeente).filter(geopend_op__lt=periode.eind).filter(
        Q(afsluiting__isnull=True) | Q(afsluiting__datum__gte=periode.van)
    )


def afsluitingen_in(periode: Periode, gemeente: Gemeente | None = None):
    return Afsluiting.objects.filter(
        datum__gte=periode.van, datum__lte=periode.tot, casus__in=telbare_casussen(gemeente)
    )


def opschalingen_in(periode: Periode, gemeente: Gemeente | None = None):
    melding_telt = Q(casus__isnull=True) & ~Q(melding__thema__code=UITGESLOTEN_THEMA)
    if gemeente:
        melding_telt &= Q(melding__gemeente=gemeente)
    return Opschaling.objects.filter(opgeschaald_op__gte=periode.van, opgeschaald_op__lte=periode.tot).filter(
        Q(casus__in=telbare_casussen(gemeente)) | melding_telt
    )


# --- The sections of the report.


def _codes(model, **filters) -> list[str]:
    return list(model.objects.filter(**filters).values_list("code", flat=True))


def _gemeenten() -> list[str]:
    return list(Gemeente.objects.order_by("soort", "naam").values_list("naam", flat=True))


def _overlegtypen() -> list[str]:
    return _codes(Overlegtype, telt_in_lokale_rapportage=True)


def _themas() -> list[str]:
    return [c for c in _codes(Thema) if c != UITGESLOTEN_THEMA]


def meldingen_sectie(periode: Periode, gemeente=None) -> dict:
    """One scan of the period's meldingen, grouped by every breakdown at once; the breakdowns are
    sums over those groups (at most sources × municipalities × themes × kinds, never per melding)."""
    gemeenten = [gemeente.naam] if gemeente else _gemeenten()
    themas = _themas()
    uit = {
        "totaal": 0,
        "per_bron": dict.fromkeys(Bron.values, 0),
        "per_gemeente": dict.fromkeys(gemeenten, 0),
        "per_thema": dict.fromkeys(themas, 0),
        "per_soort": dict.fromkeys(Melding.Soort.values, 0),
        "per_subregio": {},
        "per_thema_per_gemeente": {thema: dict.fromkeys(gemeenten, 0) for thema in themas},
    }
    groepen = (
        meldingen_in(periode, gemeente).order_by()
        .values_list("bron", "gemeente__naam", "gemeente__subregio", "thema__code", "soort").annotate(n=Count("pk"))
    )
    for bron, gemeente_naam, subregio, thema, soort, n in groepen:
        uit["totaal"] += n
        for sectie, sleutel in (("per_bron", bron), ("per_gemeente", gemeente_naam), ("per_thema", thema), ("per_soort", soort)):
            uit[sectie][sleutel] = uit[sectie].get(sleutel, 0) + n
        if subregio:
            uit["per_subregio"][subregio] = uit["per_subregio"].get(subregio, 0) + n
        rij = uit["per_thema_per_gemeente"].setdefault(thema, dict.fromkeys(gemeenten, 0))
        rij[gemeente_naam] = rij.get(gemeente_naam, 0) + n
    return uit


def briefing_sectie(periode: Periode, gemeente=None) -> dict:
    qs = wegingen_in(periode, gemeente)
    besluiten = _tel(qs, "besluit__code", _codes(BesluitOptie, hoofdbesluit__isnull=True))
    subredenen = _tel(qs.filter(subreden__isnull=False), "subreden__code", _codes(BesluitOptie, hoofdbesluit__isnull=False))
    telling = qs.aggregate(
        totaal=Count("pk"), actie=Count("pk", filter=Q(besluit__huis_onderneemt_actie=True)),
        # Only a focus/Top-X decision outside the Landelijk Kader carries this motivation (the form
        # and briefing.services.weeg see to that); imported history has none and does not count.
        buiten_kader=Count("pk", filter=Q(voldoet_aan_kader=False) & ~Q(motivatie_buiten_kader="")),
    )
    themas = _themas()
    per_thema = {code: dict.fromkeys(themas, 0) for code in besluiten}
    for besluit, thema, n in qs.order_by().values_list("besluit__code", "melding__thema__code").annotate(n=Count("pk")):
        per_thema.setdefault(besluit, dict.fromkeys(themas, 0))[thema] = n
    return {
        "totaal": telling["totaal"],
        "besluiten": besluiten,
        "besluiten_pct": {code: pct(n, telling["totaal"]) for code, n in besluiten.items()},
        "besluiten_per_thema": per_thema,
        "subredenen": subredenen,
        "actie_percentage": pct(telling["actie"], telling["totaal"]),
        "focus_buiten_kader_met_motivatie": telling["buiten_kader"],
    }


def _geslacht(onderwerp: str, geslacht: str):
    gezin = Q(**{onderwerp: Melding.Onderwerp.GEZIN})
    takken = [When(gezin, then=Value("gezin"))]
    if geslacht:
        takken += [When(**{geslacht: g}, then=Value(g)) for g in ("man", "vrouw", "anders")]
    return Case(*takken, default=Value("onbekend"))


def _leeftijd(geboren: str, peildatum: date):
    grens_18, grens_23 = _jaren_terug(peildatum, 18), _jaren_terug(peildatum, 23)
    return Case(
        When(**{f"{geboren}__isnull": True}, then=Value("onbekend")),
        When(**{f"{geboren}__gt": grens_18}, then=Value("<18")),
        When(**{f"{geboren}__gt": grens_23}, then=Value("18-23")),
        default=Value("23+"),
    )


def personen_sectie(periode: Periode, gemeente=None) -> dict:
    peildatum = periode.tot
    wegingen = wegingen_in(periode, gemeente)
    koppelingen = MeldingPersoon.objects.filter(melding_id__in=wegingen.values("melding_id"))
    # The subject of a weighed melding is its first linked person (the one registered with it):
    # found as the link with no earlier link on the same melding, so gender and age come from a
    # join instead of a subquery per melding.
    eerste = koppelingen.filter(~Exists(MeldingPersoon.objects.filter(melding=OuterRef("melding"), pk__lt=OuterRef("pk"))))
    geslacht, leeftijd = dict.fromkeys(GESLACHTEN, 0), dict.fromkeys(LEEFTIJDEN, 0)
    for g, l, n in (
        eerste.order_by()
        .values_list(_geslacht("melding__onderwerp", "persoon__geslacht"), _leeftijd("persoon__geboortedatum", peildatum))
        .annotate(n=Count("pk"))
    ):
        geslacht[g] = geslacht.get(g, 0) + n
        leeftijd[l] += n
    # Meldingen without a person (an area, anonymous advice): a family or unknown, age unknown.
    for g, n in (
        wegingen.filter(~Exists(MeldingPersoon.objects.filter(melding=OuterRef("melding"))))
        .order_by().values_list(_geslacht("melding__onderwerp", None)).annotate(n=Count("pk"))
    ):
        geslacht[g] += n
        leeftijd["onbekend"] += n
    return {
        "peildatum": peildatum.isoformat(),
        "uniek": koppelingen.aggregate(n=Count("persoon_id", distinct=True))["n"],
        "herhaald": _herhaald(koppelingen),
        "geslacht": geslacht,
        "leeftijd": leeftijd,
    }


def _herhaald(koppelingen) -> dict:
    """How many persons had 2, 3, … 7+ weighed meldingen: a count of counts, so the per-person
    GROUP BY is wrapped in a second one in SQL rather than walked in Python."""
    per_persoon = koppelingen.order_by().values("persoon_id").annotate(n=Count("melding_id", distinct=True)).values("n")
    sql, params = per_persoon.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT CASE WHEN t.n >= 7 THEN 7 ELSE t.n END AS k, COUNT(*) FROM ({sql}) t WHERE t.n >= 2 GROUP BY 1",
            params,
        )
        rijen = dict(cursor.fetchall())
    return {sleutel: rijen.get(min(int(sleutel.rstrip("+")), 7), 0) for sleutel in HERHAALD}


def casussen_sectie(periode: Periode, gemeente=None) -> dict:
    typen = _overlegtypen()
    gestart = telbare_casussen(gemeente).filter(periode.bevat("geopend_op"))
    lopend = casussen_in_behandeling(periode, gemeente)
    per_gemeente = {naam: {code: 0 for code in typen} for naam in ([gemeente.naam] if gemeente else _gemeenten())}
    for naam, code, n in lopend.order_by().values_list("gemeente__naam", "overlegtype__code").annotate(n=Count("pk")):
        per_gemeente.setdefault(naam, {c: 0 for c in typen})[code] = n
    return {
        "gestart_per_overlegtype": _tel(gestart, "overlegtype__code", typen),
        "in_behandeling_per_overlegtype": _tel(lopend, "overlegtype__code", typen),
        "per_gemeente_per_overlegtype": per_gemeente,
    }


def _afsluittelling(qs):
    """Closings, those within six months and the mean duration, as aggregate expressions."""
    start = TruncDate("casus__geopend_op")
    # Whole calendar months between opening and closing, then the day of the month decides: a case
    # opened on 31 August and closed on 28 February is closed within six months.
    maanden = (ExtractYear("datum") - ExtractYear(start)) * 12 + ExtractMonth("datum") - ExtractMonth(start)
    return qs.annotate(maanden=maanden, dag_start=ExtractDay(start), dag_eind=ExtractDay("datum")), {
        "totaal": Count("pk"),
        "binnen": Count("pk", filter=Q(maanden__lt=ZES_MAANDEN) | Q(maanden=ZES_MAANDEN, dag_eind__lte=F("dag_start"))),
        "duur": Avg(F("datum") - start),
    }


def afsluiting_sectie(periode: Periode, gemeente=None) -> dict:
    qs = afsluitingen_in(periode, gemeente)
    geteld, tellers = _afsluittelling(qs)
    telling = geteld.aggregate(**tellers)
    codes = _codes(AfsluitUitkomst)
    koppelingen = Afsluiting.uitkomsten.through.objects.filter(afsluiting__in=qs)
    uitkomsten = _tel(koppelingen, "afsluituitkomst__code", codes)
    duur = telling["duur"]
    return {
        "totaal": telling["totaal"],
        "uitkomsten": uitkomsten,
        "uitkomsten_pct": {code: pct(n, telling["totaal"]) for code, n in uitkomsten.items()},
        "binnen_6_maanden_pct": pct(telling["binnen"], telling["totaal"]),
        "gemiddelde_duur_dagen": _dagen(duur),
        "per_overlegtype": _tel(qs, "casus__overlegtype__code", _overlegtypen()),
        "naar_overlegtype": _naar_overlegtype(geteld, tellers, koppelingen, codes),
    }


def _naar_overlegtype(geteld, tellers, koppelingen, codes) -> dict:
    """The closing figures of each conference type over its own closings: a focus result is a share
    of the focus cases closed, not of every case closed (nazorg has other aims)."""
    uit = {}
    for code in _overlegtypen():
        uit[code] = {"totaal": 0, "binnen": 0, "duur": None}
    for code, totaal, binnen, duur in geteld.order_by().values_list("casus__overlegtype__code").annotate(**tellers).values_list(
        "casus__overlegtype__code", "totaal", "binnen", "duur"
    ):
        uit[code] = {"totaal": totaal, "binnen": binnen, "duur": duur}
    per_type = {code: dict.fromkeys(codes, 0) for code in uit}
    for overlegtype, uitkomst, n in (
        koppelingen.order_by().values_list("afsluiting__casus__overlegtype__code", "afsluituitkomst__code").annotate(n=Count("pk"))
    ):
        per_type.setdefault(overlegtype, dict.fromkeys(codes, 0))[uitkomst] = n
    return {
        code: {
            "totaal": t["totaal"],
            "uitkomsten": per_type[code],
            "uitkomsten_pct": {u: pct(n, t["totaal"]) for u, n in per_type[code].items()},
            "binnen_6_maanden_pct": pct(t["binnen"], t["totaal"]),
            "gemiddelde_duur_dagen": _dagen(t["duur"]),
        }
        for code, t in uit.items()
    }


def _dagen(duur) -> float | None:
    if duur is None:
        return None
    dagen = duur.total_seconds() / 86400 if isinstance(duur, timedelta) else float(duur)
    return float(Decimal(dagen).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def opschalingen_sectie(periode: Periode, gemeente=None) -> dict:
    qs = opschalingen_in(periode, gemeente)
    return {
        "totaal": qs.count(),
        "vanuit_briefing": qs.filter(casus__isnull=True).count(),
        "per_niveau": _tel(qs, "niveau__code"),
    }


def bereken(periode: Periode, gemeente: Gemeente | None = None) -> dict:
    """The whole report for one period, optionally for one municipality (before any suppression)."""
    # secties builds on this module's populations, so it is imported here rather than at the top.
    from .secties import client_aan_tafel_sectie, plannen_sectie, trajecten_sectie

    return {
        "periode": {"van": periode.van.isoformat(), "tot": periode.tot.isoformat()},
        "gemeente": gemeente.naam if gemeente else None,
        "meldingen": meldingen_sectie(periode, gemeente),
        "briefing": briefing_sectie(periode, gemeente),
        "personen": personen_sectie(periode, gemeente),
        "casussen": casussen_sectie(periode, gemeente),
        "afsluiting": afsluiting_sectie(periode, gemeente),
        "opschalingen": opschalingen_sectie(periode, gemeente),
        "plannen": plannen_sectie(periode, gemeente),
        "client_aan_tafel": client_aan_tafel_sectie(periode, gemeente),
        "vrijwillige_trajecten": trajecten_sectie(periode, gemeente),
    }

