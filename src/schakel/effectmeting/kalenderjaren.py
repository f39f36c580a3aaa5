"""Method a, the annual reports' method: the cohort's registrations as suspect per calendar year and
the % difference from the first to the last year, per doelgroep and in total.

Kept because it is the figure everyone knows; it ignores when each client started and the days each
spent in detention, which is why method b exists. The % difference is rounded to a whole percent,
half away from zero, from the exact counts, as the annual reports print it ((132−447)/447 = −70.47 %
→ −70)."""
from __future__ import annotations

from datetime import date

import numpy as np

from .afronding import personen, procent, te_klein, verandering
from .cohort import Onderwerpen
from .risicotijd import Tijdlijn


def jaartellingen(tijdlijn: Tijdlijn, o: Onderwerpen, jaren: list[int]) -> dict[int, np.ndarray]:
    """Per year, each client's registrations as suspect in that calendar year (the huiselijk geweld
    rule applies here too, so that a and b count the same thing and differ only in their method)."""
    uit = {}
    for jaar in jaren:
        van = np.full(len(o), date(jaar, 1, 1).toordinal(), dtype=np.int64)
        tot = np.full(len(o), date(jaar + 1, 1, 1).toordinal(), dtype=np.int64)
        uit[jaar] = tijdlijn.tel(o.persoon, van, tot, o.alleen_huiselijk_geweld)
    return uit


def _groep(tellingen: dict[int, np.ndarray], in_groep: np.ndarray, jaren: list[int]) -> dict:
    n = int(in_groep.sum())
    uit = {"clienten": personen(n)}
    if te_klein(n):
        return uit | {str(j): None for j in jaren} | {"verschil_pct": None, "te_klein": True}
    per_jaar = {str(j): int(tellingen[j][in_groep].sum()) for j in jaren}
    eerste, laatste = per_jaar[str(jaren[0])], per_jaar[str(jaren[-1])]
    return uit | per_jaar | {"verschil_pct": procent(verandering(eerste, laatste), 0), "te_klein": False}


def kalenderjaren(tijdlijn: Tijdlijn, o: Onderwerpen, jaren: list[int]) -> dict:
    if not jaren:
        return {}
    tellingen = jaartellingen(tijdlijn, o, jaren)
    uit = {str(dg): _groep(tellingen, o.doelgroep == dg, jaren) for dg in sorted(set(o.doelgroep.tolist()))}
    uit["totaal"] = _groep(tellingen, np.ones(len(o), dtype=bool), jaren)
    return uit
