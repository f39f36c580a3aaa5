"""Method d: survival as the national recidivism monitor draws it. Kaplan–Meier of the time to the
first registration as suspect on or after the start, on a clock of days at risk: a day in detention
does not move the clock. Without a registration a person is censored at the peildatum.

The clock: a registration on the start day at t = 1; otherwise t = days at risk from the start up to
the day before the registration, plus one. A censored person has t = days at risk from the start up
to and including the peildatum. Clients and comparison persons are drawn alike; the comparison
persons are weighted per stratum to the clients' mix (vergelijking.cem_gewichten)."""
from __future__ import annotations

import warnings

import numpy as np

from .afronding import getal, personen, procent
from .cohort import Onderwerpen
from .risicotijd import MINIMUM_VRIJ, Tijdlijn, Vensters
from .vergelijking import cem_gewichten, strata

JAAR, TWEE_JAAR = 365, 730


def duur(tijdlijn: Tijdlijn, o: Onderwerpen, peildag: int) -> tuple[np.ndarray, np.ndarray]:
    """Per subject: days at risk until the first registration (or until the peildatum) and whether
    a registration ended it."""
    s, p = o.start, o.persoon
    einde = np.full(len(o), peildag + 1, dtype=np.int64)
    eerste = tijdlijn.eerste(p, s, einde, o.alleen_huiselijk_geweld)
    gebeurd = eerste >= 0
    tot = np.where(gebeurd, eerste, einde)
    vrij = (tot - s) - tijdlijn.detentiedagen(p, s, tot)
    return np.where(gebeurd, vrij + 1, vrij), gebeurd


def _km(duren, gebeurd, gewichten=None) -> dict:
    from lifelines import KaplanMeierFitter

    kmf = KaplanMeierFitter()
    with warnings.catch_warnings():
        # lifelines warns about non-integer weights; the stratum weights are fractions on purpose.
        warnings.simplefilter("ignore")
        kmf.fit(duren, event_observed=gebeurd, weights=gewichten)
    reeks = kmf.survival_function_.iloc[:, 0]
    dagen, s = reeks.index.to_numpy(dtype=float), reeks.to_numpy(dtype=float)
    verandert = np.concatenate([[True], np.diff(s) != 0])
    verst = float(np.max(duren))

    def binnen(t):
        laatste = float(s[-1])
        if verst < t and laatste > 0:
            return None  # nobody was followed this long while some were still without registration
        return procent(1 - float(kmf.survival_function_at_times(t).iloc[0]))

    return {
        "binnen_1_jaar_pct": binnen(JAAR), "binnen_2_jaar_pct": binnen(TWEE_JAAR),
        "curve": [[int(d), getal(v, 4)] for d, v in zip(dagen[verandert], s[verandert])],
    }


def _groep(duren, gebeurd, mask, gewichten=None) -> dict:
    n = int(mask.sum())
    uit = {"n": personen(n)}
    if n < 10:
        return uit | {"te_klein": True, "binnen_1_jaar_pct": None, "binnen_2_jaar_pct": None, "curve": []}
    return uit | {"te_klein": False} | _km(duren[mask], gebeurd[mask], None if gewichten is None else gewichten[mask])


def overleving(tijdlijn: Tijdlijn, clienten: Onderwerpen, vc: Vensters, controle: Onderwerpen, vk: Vensters, peildag: int) -> dict:
    dc, ec = duur(tijdlijn, clienten, peildag)
    dk, ek = duur(tijdlijn, controle, peildag)
    c_mee = (clienten.start <= peildag) & (dc > 0)
    # Matching needs the rate before; a comparison person without 30 days at risk before has none.
    c_band, k_band = vc.voor_dagen >= MINIMUM_VRIJ, vk.voor_dagen >= MINIMUM_VRIJ
    k_kan = (controle.start <= peildag) & (dk > 0) & k_band
    sc = [s for s, m in zip(strata(clienten, vc), c_mee & c_band) if m]
    sk_alle = strata(controle, vk)
    _, w_sub, _ = cem_gewichten(sc, [s for s, m in zip(sk_alle, k_kan) if m])
    wk = np.zeros(len(controle))
    wk[k_kan] = w_sub
    k_mee = wk > 0

    uit = {}
    for g in sorted(set(clienten.doelgroep.tolist())) + ["totaal"]:
        cg = np.ones(len(clienten), bool) if g == "totaal" else clienten.doelgroep == g
        kg = np.ones(len(controle), bool) if g == "totaal" else controle.doelgroep == g
        uit[str(g)] = {
            "clienten": _groep(dc, ec, c_mee & cg),
            "controle": _groep(dk, ek, k_mee & kg, wk),
        }
    return uit
