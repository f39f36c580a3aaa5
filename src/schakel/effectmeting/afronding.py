"""How the effect figures are written down: the small-group rule and the rounding, in one place so
every measure follows the same rules (docs/effectmeting.md, "Afronding en kleine groepen")."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# A figure about fewer persons than this points at individuals and is too noisy to read as a rate.
MINIMUM_GROEP = 10
KLEIN = f"<{MINIMUM_GROEP}"


def te_klein(n: int) -> bool:
    return n < MINIMUM_GROEP


def personen(n: int):
    """A count of persons: 1 to 9 shows as '<10'; 0 has nothing to protect and stays 0."""
    return KLEIN if 0 < n < MINIMUM_GROEP else int(n)


def _half_op(x: float, plaatsen: int) -> float:
    # Decimal of the float's repr, so 14.545 rounds as a person reading it would (half away from zero).
    return float(Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-plaatsen), rounding=ROUND_HALF_UP))


def getal(x, plaatsen: int = 2):
    """Rates, means and medians: two decimals; None stays None (nothing to divide by)."""
    return None if x is None else _half_op(x, plaatsen)


def procent(x, plaatsen: int = 1):
    """A fraction as a percentage with one decimal (whole percent with plaatsen=0, then an int);
    None when there was nothing to divide by."""
    if x is None:
        return None
    uit = _half_op(100 * x, plaatsen)
    return int(uit) if plaatsen == 0 else uit


def verandering(voor, na):
    """Relative change na/voor - 1 as a fraction; None when 'voor' is zero or unknown."""
    if voor is None or na is None or voor == 0:
        return None
    return na / voor - 1


def per_365(registraties, dagen):
    return None if not dagen else registraties / dagen * 365
