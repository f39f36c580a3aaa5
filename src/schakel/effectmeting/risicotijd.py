"""Method b: registrations per client before and after the start, relative to the days at risk.

`Tijdlijn` answers, for many persons at once, "how many registrations in [a, b)", "how many days in
detention in [a, b)" and "the first registration on or after a": every person's events are laid on
one sorted axis (person × 2^22 + day number) so each question is a `searchsorted`, never a loop over
clients. Overlapping detention periods of one person are merged before counting; a period crossing
a window edge counts only its days inside the window.

Windows: before = days start−venster … start−1, after = days start … start+venster−1 (day 0, the
start, is the first day after; day venster is outside). Both ends of a detention period are days in
detention."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .afronding import getal, personen, per_365, procent, te_klein, verandering
from .cohort import Detenties, Onderwerpen, Registraties

AS = 1 << 22  # more than any day number (9999-12-31 is 3,652,059), so persons never share a stretch
MINIMUM_VRIJ = 30


class Tijdlijn:
    def __init__(self, registraties: Registraties, detenties: Detenties):
        sleutel = registraties.persoon * AS + registraties.dag
        self.alle = np.sort(sleutel)
        self.hg = np.sort(sleutel[registraties.huiselijk_geweld])
        self._detenties(detenties)

    def _detenties(self, d: Detenties) -> None:
        if not len(d.persoon):
            self.begin = self.einde = self.cum = np.zeros(0, dtype=np.int64)
            return
        volgorde = np.lexsort((d.begin, d.persoon))
        kb = (d.persoon * AS + d.begin)[volgorde]
        ke = (d.persoon * AS + d.einde + 1)[volgorde]  # exclusive end: the day after the last one
        # A period starts a new block when it begins after everything before it has ended; the
        # running maximum never crosses persons because each person has their own stretch of the axis.
        tot_nu = np.maximum.accumulate(ke)
        nieuw = np.ones(len(kb), dtype=bool)
        nieuw[1:] = kb[1:] > tot_nu[:-1]
        starts = np.flatnonzero(nieuw)
        self.begin = kb[starts]
        self.einde = np.maximum.reduceat(ke, starts)
        self.cum = np.concatenate([[0], np.cumsum(self.einde - self.begin)])

    def _gedetineerd_voor(self, sleutel: np.ndarray) -> np.ndarray:
        """Detention days (of all persons up to this point of the axis) strictly before `sleutel`."""
        if not len(self.begin):
            return np.zeros(len(sleutel), dtype=np.int64)
        j = np.searchsorted(self.begin, sleutel, side="left") - 1
        jj = np.maximum(j, 0)
        deel = np.minimum(sleutel, self.einde[jj]) - self.begin[jj]
        return np.where(j >= 0, self.cum[jj] + deel, 0)

    def detentiedagen(self, persoon, van, tot) -> np.ndarray:
        """Days in detention in [van, tot) per person."""
        basis = persoon * AS
        return self._gedetineerd_voor(basis + tot) - self._gedetineerd_voor(basis + van)

    def tel(self, persoon, van, tot, alleen_hg) -> np.ndarray:
        """Registrations as suspect in [van, tot); for a huiselijk geweld subject only those about it."""
        basis = persoon * AS
        alle = np.searchsorted(self.alle, basis + tot) - np.searchsorted(self.alle, basis + van)
        hg = np.searchsorted(self.hg, basis + tot) - np.searchsorted(self.hg, basis + van)
        return np.where(alleen_hg, hg, alle)

    def eerste(self, persoon, vanaf, tot, alleen_hg) -> np.ndarray:
        """Day number of the first registration in [vanaf, tot), or -1."""
        uit = np.full(len(persoon), -1, dtype=np.int64)
        basis = persoon * AS
        for keys, welke in ((self.alle, ~alleen_hg), (self.hg, alleen_hg)):
            if not len(keys) or not welke.any():
                continue
            i = np.searchsorted(keys, basis + vanaf)
            gevonden = keys[np.minimum(i, len(keys) - 1)]
            raak = welke & (i < len(keys)) & (gevonden < basis + tot)
            uit[raak] = gevonden[raak] - basis[raak]
        return uit


@dataclass
class Vensters:
    """Per subject: registrations and days at risk in both windows, and whether it counts."""

    voor_n: np.ndarray
    voor_dagen: np.ndarray
    na_n: np.ndarray
    na_dagen: np.ndarray
    gevolgd: np.ndarray  # the after-window ended on or before the peildatum
    genoeg_vrij: np.ndarray  # at least 30 days at risk in both windows

    @property
    def telt(self) -> np.ndarray:
        return self.gevolgd & self.genoeg_vrij

    @property
    def voor_per_365(self) -> np.ndarray:
        return self.voor_n / np.maximum(self.voor_dagen, 1) * 365

    @property
    def na_per_365(self) -> np.ndarray:
        return self.na_n / np.maximum(self.na_dagen, 1) * 365


def vensters(tijdlijn: Tijdlijn, o: Onderwerpen, venster: int, peildag: int) -> Vensters:
    s, p, hg = o.start, o.persoon, o.alleen_huiselijk_geweld
    voor_dagen = venster - tijdlijn.detentiedagen(p, s - venster, s)
    na_dagen = venster - tijdlijn.detentiedagen(p, s, s + venster)
    return Vensters(
        voor_n=tijdlijn.tel(p, s - venster, s, hg), voor_dagen=voor_dagen,
        na_n=tijdlijn.tel(p, s, s + venster, hg), na_dagen=na_dagen,
        gevolgd=s + venster - 1 <= peildag,
        genoeg_vrij=(voor_dagen >= MINIMUM_VRIJ) & (na_dagen >= MINIMUM_VRIJ),
    )


def groep(v: Vensters, in_groep: np.ndarray) -> dict:
    """The per-client figures of one group (a doelgroep, a plan type, …), small groups as '<10'."""
    geteld = in_groep & v.telt
    n = int(geteld.sum())
    uit = {
        "clienten": personen(n),
        "te_kort_gevolgd": personen(int((in_groep & ~v.gevolgd).sum())),
        "uitgesloten_te_weinig_vrij": personen(int((in_groep & v.gevolgd & ~v.genoeg_vrij).sum())),
    }
    if te_klein(n):
        leeg = {"registraties": None, "dagen_vrij": None, "per_365": None}
        return uit | {"te_klein": True, "voor": leeg, "na": dict(leeg), "verschil_pct": None, "gemiddelde_voor": None,
                      "gemiddelde_na": None, "mediaan_voor": None, "mediaan_na": None, "zonder_na_pct": None}
    kanten = {}
    for kant, aantal, dagen in (("voor", v.voor_n, v.voor_dagen), ("na", v.na_n, v.na_dagen)):
        r, d = int(aantal[geteld].sum()), int(dagen[geteld].sum())
        kanten[kant] = {"registraties": r, "dagen_vrij": d, "per_365": per_365(r, d)}
    voor_pc, na_pc = v.voor_per_365[geteld], v.na_per_365[geteld]
    return uit | {
        "te_klein": False,
        "voor": {**kanten["voor"], "per_365": getal(kanten["voor"]["per_365"])},
        "na": {**kanten["na"], "per_365": getal(kanten["na"]["per_365"])},
        # From the unrounded pooled rates, so the percentage does not inherit the rates' rounding.
        "verschil_pct": procent(verandering(kanten["voor"]["per_365"], kanten["na"]["per_365"])),
        "gemiddelde_voor": getal(float(voor_pc.mean())), "gemiddelde_na": getal(float(na_pc.mean())),
        "mediaan_voor": getal(float(np.median(voor_pc))), "mediaan_na": getal(float(np.median(na_pc))),
        "zonder_na_pct": procent(float((v.na_n[geteld] == 0).mean())),
    }


def per_groep(v: Vensters, sleutels: np.ndarray, extra_totaal: bool = True) -> dict:
    uit = {str(k): groep(v, sleutels == k) for k in sorted(set(sleutels.tolist()))}
    if extra_totaal:
        uit["totaal"] = groep(v, np.ones(len(sleutels), dtype=bool))
    return uit
