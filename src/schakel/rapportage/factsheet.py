"""The yearly factsheet for one municipality (seed 001 §5.3): no names, counts per conference type,
outcomes at closing and the municipality's share of the region, small numbers suppressed.

Persons (age, gender, repeat reports) are left out on purpose: in a small municipality those
figures point at individuals. Suppression is applied to the municipality's counts and to every
percentage computed from a suppressed count, so the hidden number cannot be recomputed from it."""
from __future__ import annotations

from django.conf import settings

from .indicatoren import Periode, afsluiting_sectie, casussen_sectie, meldingen_sectie, opschalingen_sectie, pct


def drempel_standaard() -> int:
    return getattr(settings, "RAPPORTAGE_DREMPEL", 5)


def klein(n, drempel: int) -> bool:
    """1 up to the threshold is hidden; 0 has nothing to protect."""
    return isinstance(n, int) and 0 < n < drempel


def onderdruk(n, drempel: int):
    return f"<{drempel}" if klein(n, drempel) else n


def _aandeel(n, regio, drempel: int):
    """The share of the region, unless it would give a hidden count away."""
    return None if klein(n, drempel) else pct(n, regio)


def _met_aandeel(eigen: dict, regio: dict, drempel: int) -> dict:
    return {
        sleutel: {"aantal": onderdruk(n, drempel), "regio": regio.get(sleutel, 0),
                  "aandeel_regio_pct": _aandeel(n, regio.get(sleutel, 0), drempel)}
        for sleutel, n in eigen.items()
    }


def factsheet(periode: Periode, gemeente, drempel: int | None = None) -> dict:
    drempel = drempel or drempel_standaard()
    meldingen, regio_meldingen = meldingen_sectie(periode, gemeente), meldingen_sectie(periode)
    casussen, regio_casussen = casussen_sectie(periode, gemeente), casussen_sectie(periode)
    afsluiting = afsluiting_sectie(periode, gemeente)
    lopend, regio_lopend = casussen["in_behandeling_per_overlegtype"], regio_casussen["in_behandeling_per_overlegtype"]
    totaal_lopend, regio_totaal_lopend = sum(lopend.values()), sum(regio_lopend.values())
    weinig_afgesloten = klein(afsluiting["totaal"], drempel)
    return {
        "soort": "factsheet",
        "periode": {"van": periode.van.isoformat(), "tot": periode.tot.isoformat()},
        "gemeente": gemeente.naam,
        "drempel": drempel,
        "meldingen": {
            "totaal": onderdruk(meldingen["totaal"], drempel),
            "regio": regio_meldingen["totaal"],
            "aandeel_regio_pct": _aandeel(meldingen["totaal"], regio_meldingen["totaal"], drempel),
            "per_bron": {k: onderdruk(n, drempel) for k, n in meldingen["per_bron"].items()},
            "per_soort": {k: onderdruk(n, drempel) for k, n in meldingen["per_soort"].items()},
        },
        "casussen": {
            "totaal_in_behandeling": _met_aandeel({"totaal": totaal_lopend}, {"totaal": regio_totaal_lopend}, drempel)["totaal"],
            "in_behandeling_per_overlegtype": _met_aandeel(lopend, regio_lopend, drempel),
            "gestart_per_overlegtype": _met_aandeel(
                casussen["gestart_per_overlegtype"], regio_casussen["gestart_per_overlegtype"], drempel
            ),
        },
        "afsluiting": {
            "totaal": onderdruk(afsluiting["totaal"], drempel),
            "uitkomsten": {k: onderdruk(n, drempel) for k, n in afsluiting["uitkomsten"].items()},
            "uitkomsten_pct": {
                k: None if weinig_afgesloten or klein(afsluiting["uitkomsten"][k], drempel) else v
                for k, v in afsluiting["uitkomsten_pct"].items()
            },
            "binnen_6_maanden_pct": None if weinig_afgesloten else afsluiting["binnen_6_maanden_pct"],
        },
        "opschalingen": {"totaal": onderdruk(opschalingen_sectie(periode, gemeente)["totaal"], drempel)},
    }
