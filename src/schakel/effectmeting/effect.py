"""The effect measurement in one call: who the clients are (cohort), the annual reports' method (a),
per client with time at risk (b), the matched comparison and the net effect (c), and survival (d).
Every figure is defined once in docs/effectmeting.md; the command, the ketenmanager's page and the
procesregisseur's per-client list all come through here."""
from __future__ import annotations

from datetime import date

import numpy as np

from .afronding import getal, personen
from .cohort import GEEN_PLAN, Gegevens, verzamel, verzamel_casussen
from .kalenderjaren import kalenderjaren
from .overleving import overleving
from .risicotijd import Tijdlijn, per_groep, vensters
from .vergelijking import SEED, TREKKINGEN, vergelijking

STANDAARD_VENSTER = 365
MIN_VENSTER, MAX_VENSTER = 30, 3650


def controleer(van: date, tot: date, venster: int, jaren, peildatum: date | None) -> list[int]:
    """The parameters as a house may ask them, or a ValueError with a Dutch message."""
    if tot < van:
        raise ValueError(f"De einddatum {tot:%d-%m-%Y} ligt voor de begindatum {van:%d-%m-%Y}.")
    if not (MIN_VENSTER <= venster <= MAX_VENSTER):
        raise ValueError(f"Het venster moet tussen {MIN_VENSTER} en {MAX_VENSTER} dagen liggen.")
    jaren = sorted({int(j) for j in (jaren or [])})
    if jaren and not (1900 <= jaren[0] and jaren[-1] <= 2999):
        raise ValueError("Kies kalenderjaren tussen 1900 en 2999.")
    if len(jaren) == 1:
        raise ValueError("Geef minstens twee kalenderjaren op om een verschil te berekenen.")
    if peildatum is not None and peildatum < van:
        raise ValueError(f"De peildatum {peildatum:%d-%m-%Y} ligt voor de begindatum {van:%d-%m-%Y}.")
    return jaren


def uit_gegevens(g: Gegevens, trekkingen: int = TREKKINGEN, seed: int = SEED) -> dict:
    """All measures on gathered (or generated) data; no database access."""
    tijdlijn = Tijdlijn(g.registraties, g.detenties)
    peildag = g.peildatum.toordinal()
    vc = vensters(tijdlijn, g.clienten, g.venster, peildag)
    vk = vensters(tijdlijn, g.controle, g.venster, peildag)
    plantype = np.array([t or GEEN_PLAN for t in g.clienten.plantype.tolist()], dtype=object)
    return {
        "cohort": {
            "van": g.van.isoformat(), "tot": g.tot.isoformat(), "venster_dagen": g.venster,
            "peildatum": g.peildatum.isoformat(), "clienten": personen(len(g.clienten)),
            "te_kort_gevolgd": personen(int((~vc.gevolgd).sum())),
            "uitgesloten_te_weinig_vrij": personen(int((vc.gevolgd & ~vc.genoeg_vrij).sum())),
            "jaren": g.jaren,
        },
        "kalenderjaren": kalenderjaren(tijdlijn, g.clienten, g.jaren),
        "per_client": per_groep(vc, g.clienten.doelgroep),
        "per_plantype": per_groep(vc, plantype, extra_totaal=False),
        "per_overlegtype": per_groep(vc, g.clienten.overlegtype, extra_totaal=False),
        "vergelijking": vergelijking(g.clienten, vc, g.controle, vk, trekkingen=trekkingen, seed=seed),
        "overleving": overleving(tijdlijn, g.clienten, vc, g.controle, vk, peildag),
        # The cost figures (kosten: {<besluit>: {aantal, minuten, kosten, per_casus, formule}}) are
        # added beside these by the cost module; they do not depend on the measures above.
    }


def bereken(van: date, tot: date, venster: int = STANDAARD_VENSTER, jaren=None, peildatum: date | None = None,
            *, trekkingen: int = TREKKINGEN, seed: int = SEED) -> dict:
    """The effect measurement for the clients whose start lies in van..tot (both inclusive)."""
    jaren = controleer(van, tot, venster, jaren, peildatum)
    return uit_gegevens(verzamel(van, tot, venster, jaren, peildatum), trekkingen=trekkingen, seed=seed)


def per_client_rijen(casus_ids, venster: int = STANDAARD_VENSTER, peildatum: date | None = None) -> list[dict]:
    """Before and after per person of the given cases, each from that case's start, for a
    procesregisseur's list of their own cases. Internal numbers only, no names: the page that shows
    it looks the persons up under its own authorisation and logs the view."""
    if not (MIN_VENSTER <= venster <= MAX_VENSTER):
        raise ValueError(f"Het venster moet tussen {MIN_VENSTER} en {MAX_VENSTER} dagen liggen.")
    casus_ids = list(casus_ids)
    if not casus_ids:  # a procesregisseur without cases: nothing to gather, and `IN ()` is no query
        return []
    o, registraties, detenties, peildatum = verzamel_casussen(casus_ids, venster, peildatum)
    v = vensters(Tijdlijn(registraties, detenties), o, venster, peildatum.toordinal())
    rijen = []
    for i in range(len(o)):
        if not v.gevolgd[i]:
            status = "te_kort_gevolgd"
        elif not v.genoeg_vrij[i]:
            status = "te_weinig_vrij"
        else:
            status = "geteld"
        rijen.append({
            "casus_id": int(o.casus[i]), "persoon_id": int(o.persoon[i]),
            "start": date.fromordinal(int(o.start[i])).isoformat(), "doelgroep": o.doelgroep[i],
            "plantype": o.plantype[i] or GEEN_PLAN, "status": status,
            "voor": {"registraties": int(v.voor_n[i]), "dagen_vrij": int(v.voor_dagen[i]),
                     "per_365": getal(float(v.voor_per_365[i])) if v.voor_dagen[i] >= 30 else None},
            "na": None if not v.gevolgd[i] else {
                "registraties": int(v.na_n[i]), "dagen_vrij": int(v.na_dagen[i]),
                "per_365": getal(float(v.na_per_365[i])) if v.na_dagen[i] >= 30 else None,
            },
        })
    return rijen
