"""The cost inputs as a house enters them outside beheer: a JSON file, so it can try a scenario
(`schakel effect --kosten FILE`) without touching the figures of the year. The file is checked as
strictly as the beheer form: every problem is named by its key, and a file with any problem gives
nothing at all."""
from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from schakel.briefing.models import BesluitOptie
from schakel.overleggen.models import Overlegtype

from .models import Kosteninvoer

# Far above any real figure, and inside what the model's decimal fields can hold.
MAX_BEDRAG = Decimal("9999999999.99")
MAX_DAGPRIJS = Decimal("99999999.99")
MAX_DAGEN = Decimal("999999.99")
MAX_MINUTEN = Decimal(100_000)
MAX_PERSONEN = 10_000_000

SLEUTELS = {
    "budget", "minuten", "programmakosten", "dagprijs_detentie", "gemiddelde_detentiedagen",
    "landelijke_recidive_pct", "eigen_recidive_pct", "unieke_personen", "eerder_gerapporteerd",
}
EERDER_SLEUTELS = {"kosten", "per_casus", "totaal", "besparing"}


class KostenbestandFout(ValueError):
    """All problems of one file; `fouten` lists them, str() gives them one per line."""

    def __init__(self, fouten: list[str]):
        self.fouten = fouten
        super().__init__("\n".join(fouten))


def getal_uit_json(waarde) -> Decimal | None:
    """A JSON number as an exact Decimal; None for anything else (text, true/false, null, lists).
    A float goes through its shortest text form, so 202.65 stays 202.65 and not 202.6499…"""
    if isinstance(waarde, bool) or not isinstance(waarde, (int, float)):
        return None
    try:
        getal = Decimal(str(waarde))
    except InvalidOperation:
        return None
    return getal if getal.is_finite() else None


def json_getal(waarde: Decimal) -> int | float:
    """How a Decimal is kept in a JSON field: a whole number as int, otherwise the float that prints
    as the same decimal text (getal_uit_json reads it back exactly)."""
    return int(waarde) if waarde == waarde.to_integral_value() else float(waarde)


def besluitcodes() -> dict[str, BesluitOptie]:
    """Every decision of the briefing (not the sub-reasons), also switched-off ones: an older year
    may have weighings with a decision no longer in use."""
    return {o.code: o for o in BesluitOptie.objects.filter(hoofdbesluit__isnull=True).select_related("overlegtype")}


def overlegcodes() -> set[str]:
    return set(Overlegtype.objects.values_list("code", flat=True))


class _Controle:
    def __init__(self):
        self.fouten: list[str] = []

    def getal(self, sleutel: str, waarde, *, maximum: Decimal, geheel: bool = False, pct: bool = False) -> Decimal | None:
        getal = getal_uit_json(waarde)
        if getal is None:
            soort = "een geheel getal" if geheel else "een getal"
            self.fouten.append(f"'{sleutel}': verwacht {soort}, gevonden {_beschrijf(waarde)}.")
            return None
        if getal < 0:
            self.fouten.append(f"'{sleutel}': mag niet negatief zijn (gevonden {waarde}).")
            return None
        if geheel and getal != getal.to_integral_value():
            self.fouten.append(f"'{sleutel}': verwacht een geheel getal, gevonden {waarde}.")
            return None
        if pct and getal > 100:
            self.fouten.append(f"'{sleutel}': een percentage ligt tussen 0 en 100 (gevonden {waarde}).")
            return None
        if getal > maximum:
            self.fouten.append(f"'{sleutel}': {waarde} is onwaarschijnlijk groot (hoogstens {maximum}).")
            return None
        return getal

    def per_code(self, sleutel: str, waarde, bekend, soort: str, *, maximum: Decimal) -> dict[str, Decimal]:
        if not isinstance(waarde, dict):
            self.fouten.append(f"'{sleutel}': verwacht een object {{code: getal}}, gevonden {_beschrijf(waarde)}.")
            return {}
        uit = {}
        for code, getal in waarde.items():
            if code not in bekend:
                self.fouten.append(
                    f"'{sleutel}': onbekende {soort} '{code}' (bekend: {', '.join(sorted(bekend)) or 'geen'})."
                )
                continue
            gelezen = self.getal(f"{sleutel}.{code}", getal, maximum=maximum)
            if gelezen is not None:
                uit[code] = gelezen
        return uit


def _beschrijf(waarde) -> str:
    if waarde is None:
        return "null"
    if isinstance(waarde, bool):
        return "true/false"
    if isinstance(waarde, str):
        return f"de tekst \"{waarde[:40]}\""
    if isinstance(waarde, list):
        return "een lijst"
    if isinstance(waarde, dict):
        return "een object"
    return str(waarde)


def controleer_kostengegevens(gegevens) -> Kosteninvoer:
    """The parsed JSON as an unsaved Kosteninvoer (no year: a scenario belongs to no year until the
    caller says which weighings to count). Raises KostenbestandFout with every problem found."""
    if not isinstance(gegevens, dict):
        raise KostenbestandFout([f"Het bestand moet één JSON-object zijn, gevonden {_beschrijf(gegevens)}."])
    c = _Controle()
    for sleutel in sorted(set(gegevens) - SLEUTELS):
        c.fouten.append(f"'{sleutel}': onbekende sleutel (bekend: {', '.join(sorted(SLEUTELS))}).")
    besluiten, overleggen = besluitcodes(), overlegcodes()

    budget = None
    if "budget" not in gegevens:
        c.fouten.append("'budget': ontbreekt; het budget is nodig om de kosten te verdelen.")
    else:
        budget = c.getal("budget", gegevens["budget"], maximum=MAX_BEDRAG)
    minuten = c.per_code("minuten", gegevens.get("minuten", {}), besluiten, "besluitcode", maximum=MAX_MINUTEN)
    programmakosten = c.per_code(
        "programmakosten", gegevens.get("programmakosten", {}), overleggen, "overlegtypecode", maximum=MAX_BEDRAG
    )
    velden = {}
    for sleutel, maximum, geheel, pct in (
        ("dagprijs_detentie", MAX_DAGPRIJS, False, False),
        ("gemiddelde_detentiedagen", MAX_DAGEN, False, False),
        ("landelijke_recidive_pct", Decimal(100), False, True),
        ("eigen_recidive_pct", Decimal(100), False, True),
        ("unieke_personen", Decimal(MAX_PERSONEN), True, False),
    ):
        if gegevens.get(sleutel) is not None:
            velden[sleutel] = c.getal(sleutel, gegevens[sleutel], maximum=maximum, geheel=geheel, pct=pct)
    if velden.get("unieke_personen") is not None:
        velden["unieke_personen"] = int(velden["unieke_personen"])

    eerder = _controleer_eerder(c, gegevens.get("eerder_gerapporteerd", {}), besluiten)
    if c.fouten:
        raise KostenbestandFout(c.fouten)
    return Kosteninvoer(
        budget=budget,
        minuten={code: json_getal(v) for code, v in minuten.items()},
        programmakosten={code: json_getal(v) for code, v in programmakosten.items()},
        eerder_gerapporteerd=eerder,
        **velden,
    )


def _controleer_eerder(c: _Controle, eerder, besluiten) -> dict:
    if not isinstance(eerder, dict):
        c.fouten.append(f"'eerder_gerapporteerd': verwacht een object, gevonden {_beschrijf(eerder)}.")
        return {}
    for sleutel in sorted(set(eerder) - EERDER_SLEUTELS):
        c.fouten.append(
            f"'eerder_gerapporteerd.{sleutel}': onbekende sleutel (bekend: {', '.join(sorted(EERDER_SLEUTELS))})."
        )
    uit = {}
    for sleutel in ("kosten", "per_casus"):
        if sleutel in eerder:
            per_code = c.per_code(
                f"eerder_gerapporteerd.{sleutel}", eerder[sleutel], besluiten, "besluitcode", maximum=MAX_BEDRAG
            )
            uit[sleutel] = {code: json_getal(v) for code, v in per_code.items()}
    for sleutel in ("totaal", "besparing"):
        if eerder.get(sleutel) is not None:
            getal = c.getal(f"eerder_gerapporteerd.{sleutel}", eerder[sleutel], maximum=MAX_BEDRAG)
            if getal is not None:
                uit[sleutel] = json_getal(getal)
    return uit


def _weiger_constante(naam: str):
    raise ValueError(f"{naam} is geen getal")


def lees_kostenbestand(pad) -> Kosteninvoer:
    """Reads and checks a cost file. Raises KostenbestandFout (Dutch, naming the key or the line)."""
    pad = Path(pad)
    try:
        tekst = pad.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise KostenbestandFout([f"Het bestand {pad.name} bestaat niet."]) from None
    except UnicodeDecodeError:
        raise KostenbestandFout([f"Het bestand {pad.name} is geen UTF-8-tekst."]) from None
    except OSError as e:
        raise KostenbestandFout([f"Het bestand {pad.name} is niet te lezen: {e.strerror}."]) from None
    try:
        # NaN and Infinity are not JSON, though Python's reader would accept them.
        gegevens = json.loads(tekst, parse_constant=_weiger_constante)
    except json.JSONDecodeError as e:
        raise KostenbestandFout([f"Regel {e.lineno}: geen geldige JSON ({_json_reden(e.msg)}, kolom {e.colno})."]) from None
    except ValueError as e:
        raise KostenbestandFout([f"Geen geldige JSON: {e}."]) from None
    return controleer_kostengegevens(gegevens)


_JSON_REDENEN = {
    "Expecting value": "waarde verwacht",
    "Expecting property name enclosed in double quotes": "sleutel tussen dubbele aanhalingstekens verwacht",
    "Expecting ',' delimiter": "komma verwacht",
    "Expecting ':' delimiter": "dubbele punt verwacht",
    "Extra data": "tekst na het einde van het object",
    "Unterminated string starting at": "tekst zonder afsluitend aanhalingsteken",
    "Invalid control character at": "ongeldig teken",
}


def _json_reden(msg: str) -> str:
    return _JSON_REDENEN.get(msg, msg)
