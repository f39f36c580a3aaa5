"""The report's sections about clients and programmes: clients with a plan van aanpak, the client at
the table, and the voluntary programmes of the Motie Van der Staaij. Each figure is an aggregate in
the database and defined in docs/indicators.md; `indicatoren.bereken` puts them in the report.
Radicalisation never counts, through the same base populations as the other sections."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Q, Sum, Value, When

from schakel.casussen.models import Casus
from schakel.overleggen.models import Bespreking
from schakel.plannen.models import Hulpvraag, Leefgebied, PlanVanAanpak, VrijwilligTraject

from .indicatoren import UITGESLOTEN_THEMA, Periode, _gemeenten, _overlegtypen, _themas, pct, telbare_casussen

# The help questions of seed 001 §5.13 in its order: onderdak, zorg, werk en inkomen, ID, schulden.
HULPVRAGEN = [g.value for g in (Leefgebied.HUISVESTING, Leefgebied.ZORG, Leefgebied.INKOMEN_WERK, Leefgebied.IDENTITEIT, Leefgebied.SCHULDEN)]
STAPPEN = list(Bespreking.VBOB.values)


# --- Clients with a plan van aanpak.


def _plan_koppelingen(periode: Periode, gemeente=None):
    """(person, case) pairs of countable cases whose plan was adopted on or before the period's end."""
    return Casus.personen.through.objects.filter(
        casus__in=telbare_casussen(gemeente), casus__plan__vastgesteld_op__lte=periode.tot
    )


def plannen_sectie(periode: Periode, gemeente=None) -> dict:
    """Cumulative, as the seeds' "cliënten met een plan van aanpak vanaf de start": every person who is
    the subject of a case whose plan was adopted up to the end of the period. A person counts once per
    doelgroep (the case's thema), in the municipality of the case whose plan came first."""
    koppelingen = _plan_koppelingen(periode, gemeente)
    vastgesteld = OuterRef("casus__plan__vastgesteld_op")
    eerder = koppelingen.filter(persoon=OuterRef("persoon"), casus__thema=OuterRef("casus__thema")).filter(
        Q(casus__plan__vastgesteld_op__lt=vastgesteld) | Q(casus__plan__vastgesteld_op=vastgesteld, casus_id__lt=OuterRef("casus_id"))
    )
    eerste = koppelingen.filter(~Exists(eerder))
    themas = _themas()
    gemeenten = [gemeente.naam] if gemeente else _gemeenten()
    per_gemeente = {thema: dict.fromkeys(gemeenten, 0) for thema in themas}
    nieuw = dict.fromkeys(themas, 0)
    in_periode = Case(When(casus__plan__vastgesteld_op__gte=periode.van, then=Value(1)), default=Value(0), output_field=IntegerField())
    for thema, naam, is_nieuw, n in (
        eerste.order_by().values_list("casus__thema__code", "casus__gemeente__naam", in_periode).annotate(n=Count("pk"))
    ):
        rij = per_gemeente.setdefault(thema, dict.fromkeys(gemeenten, 0))
        rij[naam] = rij.get(naam, 0) + n
        if is_nieuw:
            nieuw[thema] = nieuw.get(thema, 0) + n
    typen = list(PlanVanAanpak.Type.values)
    per_type = {thema: dict.fromkeys(typen, 0) for thema in per_gemeente}
    for thema, plantype, n in (
        koppelingen.order_by().values_list("casus__thema__code", "casus__plan__type")
        .annotate(n=Count("persoon_id", distinct=True))
    ):
        per_type.setdefault(thema, dict.fromkeys(typen, 0))[plantype] = n
    per_thema = {thema: sum(rij.values()) for thema, rij in per_gemeente.items()}
    return {
        "peildatum": periode.tot.isoformat(),
        "clienten_per_thema_per_gemeente": per_gemeente,
        "clienten_per_thema": per_thema,
        "clienten_totaal": sum(per_thema.values()),
        "clienten_uniek": koppelingen.aggregate(n=Count("persoon_id", distinct=True))["n"],
        "nieuw_per_thema": nieuw,
        "clienten_per_thema_per_plantype": per_type,
    }


# --- The client at the table.


def client_aan_tafel_sectie(periode: Periode, gemeente=None) -> dict:
    """Agenda items (a case discussed in a meeting) of the period, and those where the client sat at
    the table for at least one step of the meeting (vraag, beeld, oordeel, besluit)."""
    qs = Bespreking.objects.filter(
        periode.bevat("overleg__datum"), overleg__overlegtype__telt_in_lokale_rapportage=True,
        casus__in=telbare_casussen(gemeente),
    )

    def leeg():
        return {"besprekingen": 0, "met_client": 0, "per_stap": dict.fromkeys(STAPPEN, 0)}

    per_type = {code: leeg() for code in _overlegtypen()}
    totaal = leeg()
    # Grouped by the recorded steps themselves: at most 16 combinations per conference type.
    for code, stappen, n in qs.order_by().values_list("overleg__overlegtype__code", "client_stappen").annotate(n=Count("pk")):
        for doel in (per_type.setdefault(code, leeg()), totaal):
            doel["besprekingen"] += n
            stappen = [s for s in (stappen or []) if s in STAPPEN]
            if stappen:
                doel["met_client"] += n
            for stap in set(stappen):
                doel["per_stap"][stap] += n
    for doel in (*per_type.values(), totaal):
        doel["met_client_pct"] = pct(doel["met_client"], doel["besprekingen"])
    return {"per_overlegtype": per_type, "totaal": totaal}


# --- Voluntary programmes (Motie Van der Staaij).


def _euro(bedrag) -> float:
    return float(Decimal(bedrag).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def trajecten_sectie(periode: Periode, gemeente=None) -> dict:
    """Programmes started in the period per kind, their help questions, and the cost per help
    question: the kind's cost × (its help questions of that domain ÷ all its help questions), the
    way the house's own finance chapter spread it. The total per help question adds the kinds up."""
    qs = VrijwilligTraject.objects.filter(gestart_op__gte=periode.van, gestart_op__lte=periode.tot).exclude(
        casus__thema__code=UITGESLOTEN_THEMA
    ).exclude(casus__overlegtype__telt_in_lokale_rapportage=False)
    if gemeente:
        qs = qs.filter(casus__gemeente=gemeente)
    soorten = list(VrijwilligTraject.Soort.values)
    per_soort = {s: {"trajecten": 0, "kosten": Decimal(0), "hulpvragen": dict.fromkeys(HULPVRAGEN, 0)} for s in soorten}
    for soort, n, kosten in qs.order_by().values_list("soort").annotate(n=Count("pk"), kosten=Sum("kosten")):
        per_soort[soort].update(trajecten=n, kosten=Decimal(kosten or 0))
    for soort, leefgebied, n in (
        Hulpvraag.objects.filter(traject__in=qs).order_by().values_list("traject__soort", "leefgebied").annotate(n=Count("pk"))
    ):
        per_soort[soort]["hulpvragen"][leefgebied] = n
    totaal = {"trajecten": 0, "kosten": Decimal(0), "hulpvragen": dict.fromkeys(HULPVRAGEN, 0), "kosten_per_hulpvraag": {}}
    for d in per_soort.values():
        d["hulpvragen_totaal"] = alle = sum(d["hulpvragen"].values())
        d["kosten_per_hulpvraag"] = {k: _euro(d["kosten"] * n / alle) if alle else None for k, n in d["hulpvragen"].items()}
        totaal["trajecten"] += d["trajecten"]
        totaal["kosten"] += d["kosten"]
        for k, n in d["hulpvragen"].items():
            totaal["hulpvragen"][k] = totaal["hulpvragen"].get(k, 0) + n
    for k in totaal["hulpvragen"]:
        delen = [d["kosten_per_hulpvraag"].get(k) for d in per_soort.values() if d["hulpvragen"].get(k)]
        totaal["kosten_per_hulpvraag"][k] = _euro(sum(Decimal(str(w)) for w in delen)) if delen else None
    totaal["hulpvragen_totaal"] = sum(totaal["hulpvragen"].values())
    for d in (*per_soort.values(), totaal):
        d["kosten"] = _euro(d["kosten"])
    return {"per_soort": per_soort, "totaal": totaal}
