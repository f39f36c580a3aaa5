"""The yearly factsheet for one municipality (seed 001 §5.3): no names, counts per conference type,
outcomes at closing and the municipality's share of the region, small numbers suppressed.

Persons (age, gender, repeat reports) are left out on purpose: in a small municipality those
figures point at individuals.

Suppression has two steps. Primary: a count from 1 up to the threshold shows as '<5'. Secondary: a
sheet shows totals, so one '<5' next to its visible siblings and their total gives the hidden
number away (total 12, casus 10, two zeros, one '<5': it is 2). `afschermen` therefore hides more
cells (shown as 'x') until no hidden number in any group can be pinned down from what is visible.
Every percentage computed from a hidden count is left out too, so it cannot be recomputed from it.

The threshold is configuration (`settings.RAPPORTAGE_DREMPEL`): a caller may raise it for one
report, never lower it."""
from __future__ import annotations

from django.conf import settings

from .indicatoren import Periode, afsluiting_sectie, casussen_sectie, meldingen_sectie, opschalingen_sectie, pct

# A hidden cell that is not a small number: its value is withheld so a small one stays hidden.
AFGESCHERMD = "x"
# What a reader knows of an 'x' cell: some count, zero or more.
_ONBEGRENSD = 10**12


def drempel_standaard() -> int:
    return getattr(settings, "RAPPORTAGE_DREMPEL", 5)


def geldige_drempel(drempel: int | None = None) -> int:
    """The configured threshold, or a higher one asked for; a lower one is never used."""
    return max(drempel_standaard(), drempel or 0)


def klein(n, drempel: int) -> bool:
    """1 up to the threshold is hidden; 0 has nothing to protect."""
    return isinstance(n, int) and 0 < n < drempel


def onderdruk(n, drempel: int):
    return f"<{drempel}" if klein(n, drempel) else n


# --- Secondary suppression. A group is (total, cells): the cells add up to the total.


def _bereik(waarde: int, verborgen: bool, drempel: int, zonder_bereik: bool = False) -> tuple[int, int]:
    """What a reader knows of a cell: its value, 1..drempel-1 for '<drempel', anything for 'x'."""
    if not verborgen:
        return waarde, waarde
    if klein(waarde, drempel) and not zonder_bereik:
        return 1, drempel - 1
    return 0, _ONBEGRENSD


def vastgelegd(waarden: dict, groepen: list, verborgen: set, drempel: int, zonder_bereik: set = frozenset()) -> set:
    """The hidden cells whose value follows from the visible numbers and the groups' sums.

    Interval reasoning per sum: with the others' bounds known, a cell lies between the total's lower
    bound minus the others' upper bounds and the total's upper bound minus the others' lower bounds.
    For one sum of integer intervals that is exact; shared totals are tightened until nothing moves."""
    bereik = {k: _bereik(v, k in verborgen, drempel, k in zonder_bereik) for k, v in waarden.items()}
    for _ in range(100):
        veranderd = False
        for totaal, cellen in groepen:
            lo_som = sum(bereik[c][0] for c in cellen)
            hi_som = sum(bereik[c][1] for c in cellen)
            t_lo, t_hi = bereik[totaal]
            nieuw = {totaal: (max(t_lo, lo_som), min(t_hi, hi_som))}
            for c in cellen:
                lo, hi = bereik[c]
                nieuw[c] = (max(lo, t_lo - (hi_som - hi)), min(hi, t_hi - (lo_som - lo)))
            for k, b in nieuw.items():
                if b != bereik[k]:
                    bereik[k], veranderd = b, True
        if not veranderd:
            break
    return {k for k in verborgen if bereik[k][0] == bereik[k][1]}


def afschermen(waarden: dict, groepen: list, drempel: int) -> tuple[set, set]:
    """(hidden cells, hidden cells shown without the '<drempel' range).

    Start from the small counts; while a hidden cell can be pinned down, hide one more cell of its
    group: the smallest that makes the group safe on its own, else the smallest non-zero one (a
    zero adds nothing when a hidden 1 is all that is left), else the total. If everything is hidden
    and a range still gives a value away (four cells '<5' under a total '<5' are 1 each), those
    cells show as 'x' instead of '<5'."""
    verborgen = {k for k, v in waarden.items() if klein(v, drempel)}
    # With a threshold of 2, '<2' would read as 1: those cells show as 'x' from the start.
    zonder_bereik: set = set(verborgen) if drempel <= 2 else set()
    for _ in range(len(waarden) + 1):
        vast = vastgelegd(waarden, groepen, verborgen, drempel, zonder_bereik)
        if not vast:
            break
        betrokken = [g for g in groepen if vast & {g[0], *g[1]}]
        if not betrokken:  # a lone '<2' is a 1: only 'x' hides it
            zonder_bereik |= vast
            continue
        # A group that still has visible cells; a shared total may be pinned through its other group.
        totaal, cellen = next((g for g in betrokken if any(c not in verborgen for c in g[1])), betrokken[0])
        kandidaten = sorted((waarden[c], c) for c in cellen if c not in verborgen)
        veilig = [c for _, c in kandidaten if not vastgelegd(waarden, groepen, verborgen | {c}, drempel, zonder_bereik)]
        positief = [c for v, c in kandidaten if v > 0]
        if kandidaten:
            verborgen.add((veilig or positief or [c for _, c in kandidaten])[0])
        elif totaal not in verborgen:
            verborgen.add(totaal)
        else:
            zonder_bereik |= {totaal, *cellen}
    if vastgelegd(waarden, groepen, verborgen, drempel, zonder_bereik):
        zonder_bereik |= verborgen
    return verborgen, zonder_bereik


class _Blad:
    """The factsheet's counts by a key ('meldingen.per_bron.politie'), and how each is shown."""

    def __init__(self, drempel: int):
        self.drempel = drempel
        self.waarden: dict[str, int] = {}
        self.groepen: list[tuple[str, list[str]]] = []
        self.verborgen: set = set()
        self.zonder_bereik: set = set()

    def tel(self, sleutel: str, n: int) -> str:
        self.waarden[sleutel] = n
        return sleutel

    def groep(self, totaal: str, cellen: list[str]) -> None:
        self.groepen.append((totaal, cellen))

    def schermaf(self) -> None:
        self.verborgen, self.zonder_bereik = afschermen(self.waarden, self.groepen, self.drempel)

    def toon(self, sleutel: str):
        if sleutel not in self.verborgen:
            return self.waarden[sleutel]
        if klein(self.waarden[sleutel], self.drempel) and sleutel not in self.zonder_bereik:
            return f"<{self.drempel}"
        return AFGESCHERMD

    def zichtbaar(self, sleutel: str) -> bool:
        return sleutel not in self.verborgen

    def aandeel(self, sleutel: str, geheel):
        """A percentage of a count: only when the count is visible (else it gives the count away)."""
        return pct(self.waarden[sleutel], geheel) if self.zichtbaar(sleutel) else None


def factsheet(periode: Periode, gemeente, drempel: int | None = None) -> dict:
    drempel = geldige_drempel(drempel)
    meldingen, regio_meldingen = meldingen_sectie(periode, gemeente), meldingen_sectie(periode)
    casussen, regio_casussen = casussen_sectie(periode, gemeente), casussen_sectie(periode)
    afsluiting = afsluiting_sectie(periode, gemeente)
    lopend, regio_lopend = casussen["in_behandeling_per_overlegtype"], regio_casussen["in_behandeling_per_overlegtype"]
    gestart, regio_gestart = casussen["gestart_per_overlegtype"], regio_casussen["gestart_per_overlegtype"]

    b = _Blad(drempel)
    m_tot = b.tel("meldingen.totaal", meldingen["totaal"])
    bron = {k: b.tel(f"meldingen.per_bron.{k}", n) for k, n in meldingen["per_bron"].items()}
    soort = {k: b.tel(f"meldingen.per_soort.{k}", n) for k, n in meldingen["per_soort"].items()}
    b.groep(m_tot, list(bron.values()))
    b.groep(m_tot, list(soort.values()))
    l_tot = b.tel("casussen.totaal_in_behandeling", sum(lopend.values()))
    per_type = {k: b.tel(f"casussen.in_behandeling.{k}", n) for k, n in lopend.items()}
    b.groep(l_tot, list(per_type.values()))
    start = {k: b.tel(f"casussen.gestart.{k}", n) for k, n in gestart.items()}
    a_tot = b.tel("afsluiting.totaal", afsluiting["totaal"])
    uitkomst = {k: b.tel(f"afsluiting.uitkomst.{k}", n) for k, n in afsluiting["uitkomsten"].items()}
    # Closed within six months: the percentage of a visible total gives both counts, so they count
    # as a group of their own (each small one hidden, and then the other one too).
    binnen_pct = afsluiting["binnen_6_maanden_pct"]
    binnen = round(binnen_pct * afsluiting["totaal"] / 100) if binnen_pct is not None else 0
    b.groep(a_tot, [b.tel("afsluiting.binnen", binnen), b.tel("afsluiting.later", afsluiting["totaal"] - binnen)])
    o_tot = b.tel("opschalingen.totaal", opschalingen_sectie(periode, gemeente)["totaal"])
    b.schermaf()

    def met_aandeel(sleutels: dict, regio: dict) -> dict:
        return {
            k: {"aantal": b.toon(s), "regio": regio.get(k, 0), "aandeel_regio_pct": b.aandeel(s, regio.get(k, 0))}
            for k, s in sleutels.items()
        }

    a_zichtbaar = b.zichtbaar(a_tot)
    return {
        "soort": "factsheet",
        "periode": {"van": periode.van.isoformat(), "tot": periode.tot.isoformat()},
        "gemeente": gemeente.naam,
        "drempel": drempel,
        "meldingen": {
            "totaal": b.toon(m_tot),
            "regio": regio_meldingen["totaal"],
            "aandeel_regio_pct": b.aandeel(m_tot, regio_meldingen["totaal"]),
            "per_bron": {k: b.toon(s) for k, s in bron.items()},
            "per_soort": {k: b.toon(s) for k, s in soort.items()},
        },
        "casussen": {
            "totaal_in_behandeling": met_aandeel({"totaal": l_tot}, {"totaal": sum(regio_lopend.values())})["totaal"],
            "in_behandeling_per_overlegtype": met_aandeel(per_type, regio_lopend),
            "gestart_per_overlegtype": met_aandeel(start, regio_gestart),
        },
        "afsluiting": {
            "totaal": b.toon(a_tot),
            "uitkomsten": {k: b.toon(s) for k, s in uitkomst.items()},
            # More outcomes per case: not a group, but n / total gives n away when the total shows.
            "uitkomsten_pct": {
                k: afsluiting["uitkomsten_pct"][k] if a_zichtbaar and b.zichtbaar(s) else None for k, s in uitkomst.items()
            },
            "binnen_6_maanden_pct": binnen_pct
            if a_zichtbaar and b.zichtbaar("afsluiting.binnen") and b.zichtbaar("afsluiting.later") else None,
        },
        "opschalingen": {"totaal": b.toon(o_tot)},
    }
