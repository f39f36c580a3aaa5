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


def onderdruk(n, drempel: int):
    """1 up to the threshold becomes '<5'; 0 stays 0 (nothing to protect), larger counts stay."""
    return f"<{drempel}" if isinstance(n, int) and 0 < n < drempel else n


def _met_aandeel(eigen: dict, regio: dict, drempel: int) -> dict:
    return {
        sleutel: {
            "aantal": onderdruk(n, drempel),
            "regio": regio.get(sleutel, 0),
            "aandeel_regio_pct": pct(n, regio.get(sleutel, 0)) if not 0 < n < drempel else None,
        }
        for sleutel, n in eigen.items()
    }


def factsheet(periode: Periode, gemeente, drempel: int | None = None) -> dict:
    drempel = drempel or drempel_standaard()
    meldingen, regio_meldingen = meldingen_sectie(periode, gemeente), meldingen_sectie(periode)
    casussen, regio_casussen = casussen_sectie(periode, gemeente), casussen_sectie(periode)
    afsluiting = afsluiting_sectie(periode, gemeente)
    lopend, regio_lopend = casussen["in_behandeling_per_overlegtype"], regio_casussen["in_behandeling_per_overlegtype"]
    totaal_lopend, regio_totaal_lopend = sum(lopend.values()), sum(regio_lopend.values())
    klein = 0 < afsluiting["totaal"] < drempel
    return {
        "soort": "factsheet",
        "periode": {"van": periode.van.isoformat(), "tot": periode.tot.isoformat()},
        "gemeente": gemeente.naam,
        "drempel": drempel,
        "meldingen": {
            "totaal": onderdruk(meldingen["totaal"], drempel),
            "regio": regio_meldingen["totaal"],
            "aandeel_regio_pct": None if 0 < meldingen["totaal"] < drempel else pct(meldingen["totaal"], regio_meldingen["totaal"]),
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
                k: None if klein or 0 < afsluiting["uitkomsten"][k] < drempel else v for k, v in afsluiting["uitkomsten_pct"].items()
            },
            "binnen_6_maanden_pct": None if klein else afsluiting["binnen_6_maanden_pct"],
        },
        "opschalingen": {"totaal": onderdruk(opschalingen_sectie(periode, gemeente)["totaal"], drempel)},
    }
