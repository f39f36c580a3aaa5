"""What the house's coordination costs per decision type, and what aftercare may save: computed from
the inputs of a year (beheer) or a scenario file, never copied. Every figure comes with its formula,
the inputs filled in, so a reader can redo the sum by hand; where the house entered its own earlier
figures, the difference is shown beside them.

Arithmetic in Decimal on the unrounded values; only what is shown is rounded (half up, as people do
by hand): costs to whole euros, the savings to the cent, percentages to two decimals. The rounded
lines may therefore differ from the rounded total by a few euros; the total is the sum of the
unrounded lines."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from schakel.rapportage.indicatoren import Periode, wegingen_in

from .kosten_invoer import besluitcodes, getal_uit_json, json_getal

EURO = Decimal(1)
CENT = Decimal("0.01")
HONDERD = Decimal(100)


# --- Dutch notation: 183.745 and 202,65.


def _rond(waarde: Decimal, stap: Decimal) -> Decimal:
    return waarde.quantize(stap, rounding=ROUND_HALF_UP)


def getal(waarde, decimalen: int | None = None) -> str:
    """202,65 · 53.030 · 161,1: thousands with a dot, decimals with a comma, no trailing zeros unless
    `decimalen` fixes them."""
    waarde = Decimal(str(waarde)) if isinstance(waarde, float) else Decimal(waarde)
    if decimalen is not None:
        waarde = _rond(waarde, Decimal(1).scaleb(-decimalen))
        tekst = f"{abs(waarde):,.{decimalen}f}"
    else:
        waarde = waarde.normalize() if waarde != waarde.to_integral_value() else waarde.to_integral_value()
        tekst = f"{abs(waarde):,f}"
    tekst = tekst.replace(",", " ").replace(".", ",").replace(" ", ".")
    return f"\u2212{tekst}" if waarde < 0 else tekst  # the minus sign, as on the effect page


def euro(waarde, cent: bool = False) -> str:
    return f"€ {getal(waarde, 2 if cent else 0)}"


def procent(waarde, decimalen: int | None = None) -> str:
    return f"{getal(waarde, decimalen)} %"


def _json_euro(waarde: Decimal, cent: bool = False) -> int | float:
    """Whole euros as int; to the cent as a float, or an int when there are no cents."""
    return json_getal(_rond(waarde, CENT)) if cent else int(_rond(waarde, EURO))


# --- The calculation.


def _periode(periode_of_jaar) -> Periode:
    if isinstance(periode_of_jaar, Periode):
        return periode_of_jaar
    if isinstance(periode_of_jaar, int) and not isinstance(periode_of_jaar, bool):
        return Periode.jaar(periode_of_jaar)
    raise ValueError("Geef een jaar of een periode op voor de kostenberekening.")


def tel_besluiten(periode: Periode) -> dict[str, int]:
    """Weighed meldingen per decision code in the period, counted as the reports count them (the
    last weighing of a melding in the period, radicalisation left out): one GROUP BY."""
    rijen = wegingen_in(periode).order_by().values_list("besluit__code").annotate(n=Count("pk"))
    return dict(rijen)


def _dec(waarde) -> Decimal | None:
    if waarde is None:
        return None
    if isinstance(waarde, Decimal):
        return waarde
    return getal_uit_json(waarde)


def bereken_kosten(invoer, periode_of_jaar=None) -> dict:
    """The cost figures of `invoer` (a Kosteninvoer, saved or read from a file) over the weighings of
    a year or period; without one, the year of the invoer."""
    periode = _periode(invoer.jaar if periode_of_jaar is None else periode_of_jaar)
    aantallen = tel_besluiten(periode)
    opties = besluitcodes()
    minuten = {code: _dec(m) for code, m in (invoer.minuten or {}).items()}
    programmakosten = {code: _dec(k) for code, k in (invoer.programmakosten or {}).items()}
    budget = _dec(invoer.budget)

    # Lines: every decision with minutes or with weighings, in the order of the decision list.
    codes = [c for c in opties if c in minuten or aantallen.get(c)]
    codes += sorted(c for c in set(minuten) | set(aantallen) if c not in opties)
    gewogen = {c: minuten[c] * aantallen.get(c, 0) for c in codes if minuten.get(c) is not None}
    som = sum(gewogen.values(), Decimal(0))

    besparing, besparing_exact = _besparing(invoer)
    kosten = {}
    for code in codes:
        optie = opties.get(code)
        kosten[code] = _regel(
            code, optie, aantallen.get(code, 0), minuten.get(code), budget, som,
            programmakosten.get(optie.overlegtype.code) if optie and optie.overlegtype else None,
        )
    return {
        "jaar": invoer.jaar,
        "periode": {"van": periode.van.isoformat(), "tot": periode.tot.isoformat()},
        "budget": _json_euro(budget, cent=True),
        "kosten": {code: regel["uit"] for code, regel in kosten.items()},
        "totaal": _totaal(kosten, gewogen, som, budget),
        "besparing": besparing,
        "verschillen": _verschillen(invoer, kosten, budget if som else None, besparing, besparing_exact),
        "afronding": "Berekend zonder tussentijds afronden; kosten getoond in hele euro's, de besparing in centen, "
                     "percentages op twee decimalen (half naar boven). Afgeronde regels kunnen daardoor een paar "
                     "euro van het totaal afwijken.",
    }


def _regel(code, optie, aantal: int, minuten: Decimal | None, budget: Decimal, som: Decimal, trajectprijs) -> dict:
    """One decision type. `exact` keeps the unrounded amounts for the totals and the differences."""
    uit = {
        "naam": optie.naam if optie else code,
        "aantal": aantal,
        "minuten": None if minuten is None else float(minuten) if minuten % 1 else int(minuten),
        "gewogen_minuten": None,
        "kosten": None,
        "per_casus": None,
        "overlegtype": optie.overlegtype.code if optie and optie.overlegtype else None,
        "programmakosten": None if trajectprijs is None else _json_euro(trajectprijs, cent=True),
        "pct_programmakosten": None,
        "formule": "",
        "formule_per_casus": "",
        "formule_pct_programmakosten": "",
    }
    exact = {"kosten": None, "per_casus": None}
    if minuten is None:
        uit["formule"] = "Geen minuten per casus ingevoerd: dit besluit telt niet mee in de verdeling."
        return {"uit": uit, "exact": exact}
    gewogen = minuten * aantal
    uit["gewogen_minuten"] = float(gewogen) if gewogen % 1 else int(gewogen)
    if not som:
        uit["formule"] = "Niet te verdelen: in de periode is geen melding gewogen met een besluit waarvoor minuten zijn ingevoerd."
        return {"uit": uit, "exact": exact}
    bedrag = budget * gewogen / som
    exact["kosten"] = bedrag
    uit["kosten"] = _json_euro(bedrag)
    uit["formule"] = (
        f"{euro(budget)} × ({getal(minuten)} min × {getal(aantal)}) ÷ {getal(som)} min = {euro(bedrag)}"
    )
    if not aantal:
        uit["formule_per_casus"] = "Geen gewogen meldingen met dit besluit: geen kosten per casus."
        return {"uit": uit, "exact": exact}
    per_casus = bedrag / aantal
    exact["per_casus"] = per_casus
    uit["per_casus"] = _json_euro(per_casus)
    uit["formule_per_casus"] = f"{euro(bedrag)} ÷ {getal(aantal)} = {euro(per_casus)}"
    if trajectprijs:
        pct = per_casus * HONDERD / trajectprijs
        uit["pct_programmakosten"] = float(_rond(pct, CENT))
        uit["formule_pct_programmakosten"] = f"{euro(per_casus)} ÷ {euro(trajectprijs)} × 100 = {procent(pct, 2)}"
    elif uit["overlegtype"]:
        uit["formule_pct_programmakosten"] = f"Geen trajectkosten ingevoerd voor overlegtype '{uit['overlegtype']}'."
    return {"uit": uit, "exact": exact}


def _totaal(kosten: dict, gewogen: dict, som: Decimal, budget: Decimal) -> dict:
    verdeeld = [regel["exact"]["kosten"] for regel in kosten.values() if regel["exact"]["kosten"] is not None]
    uit = {
        "aantal": sum(regel["uit"]["aantal"] for code, regel in kosten.items() if code in gewogen),
        "gewogen_minuten": float(som) if som % 1 else int(som),
        "formule_gewogen_minuten": " + ".join(
            f"{getal(kosten[c]['uit']['minuten'])} min × {getal(kosten[c]['uit']['aantal'])}" for c in gewogen
        ) + f" = {getal(som)} min" if gewogen else "Geen minuten per casus ingevoerd.",
        "kosten": None,
        "formule": "Niet te verdelen: geen gewogen meldingen met ingevoerde minuten.",
    }
    if verdeeld and som:
        totaal = sum(verdeeld, Decimal(0))
        uit["kosten"] = _json_euro(totaal)
        uit["formule"] = " + ".join(euro(b) for b in verdeeld) + f" = {euro(totaal)}"
        afgerond = sum(_rond(b, EURO) for b in verdeeld)
        if afgerond != _rond(totaal, EURO):
            uit["formule"] += f" (de afgeronde regels tellen op tot {euro(afgerond)}; het totaal is onafgerond opgeteld)"
    return uit


BESPARING_VELDEN = {
    "dagprijs_detentie": "dagprijs detentie",
    "gemiddelde_detentiedagen": "gemiddelde detentieduur",
    "landelijke_recidive_pct": "landelijke recidive",
    "eigen_recidive_pct": "eigen recidive",
    "unieke_personen": "unieke personen",
}


def _besparing(invoer) -> tuple[dict, Decimal | None]:
    """Avoided detention: day price × average days × (national − own recidivism) × unique persons.
    Also returns the unrounded amount, for the difference with an earlier figure."""
    waarden = {veld: _dec(getattr(invoer, veld)) for veld in BESPARING_VELDEN}
    ontbreekt = [naam for veld, naam in BESPARING_VELDEN.items() if waarden[veld] is None]
    if ontbreekt:
        return {"bedrag": None, "vermeden_recidivisten": None, "ontbreekt": ontbreekt,
                "formule": f"Niet berekend: vul in bij de kosteninvoer: {', '.join(ontbreekt)}."}, None
    dagprijs, dagen = waarden["dagprijs_detentie"], waarden["gemiddelde_detentiedagen"]
    landelijk, eigen, personen = (waarden[v] for v in ("landelijke_recidive_pct", "eigen_recidive_pct", "unieke_personen"))
    vermeden = (landelijk - eigen) / HONDERD * personen
    bedrag = dagprijs * dagen * vermeden
    formule = (
        f"{euro(dagprijs, cent=True)} × {getal(dagen)} dagen × ({procent(landelijk)} − {procent(eigen)}) × "
        f"{getal(personen)} personen = {euro(dagprijs, cent=True)} × {getal(dagen)} × {getal(vermeden)} = {euro(bedrag, cent=True)}"
    )
    uit = {"bedrag": _json_euro(bedrag, cent=True), "vermeden_recidivisten": float(vermeden), "formule": formule,
           "formule_vermeden_recidivisten": f"({procent(landelijk)} − {procent(eigen)}) × {getal(personen)} = {getal(vermeden)}"}
    if vermeden < 0:
        uit["formule"] += " (negatief: de eigen recidive ligt boven de landelijke)"
    return uit, bedrag


def _verschil(eerder: Decimal, berekend: Decimal, cent: bool = False) -> dict:
    verschil = eerder - berekend
    richting = "gelijk" if not _rond(verschil, CENT if cent else EURO) else ("eerder te hoog" if verschil > 0 else "eerder te laag")
    return {
        "eerder": _json_euro(eerder, cent=True),
        "berekend": _json_euro(berekend, cent),
        "verschil": _json_euro(verschil, cent),
        "formule": f"eerder {euro(eerder, cent)} − berekend {euro(berekend, cent)} = {euro(verschil, cent)} ({richting})",
    }


def _verschillen(invoer, kosten: dict, totaal: Decimal | None, besparing: dict, besparing_exact: Decimal | None) -> dict:
    """The house's own earlier figures beside the computed ones; only what it entered."""
    eerder = invoer.eerder_gerapporteerd or {}
    uit = {}
    for soort in ("kosten", "per_casus"):
        per_code = {}
        for code, waarde in (eerder.get(soort) or {}).items():
            berekend = kosten.get(code, {}).get("exact", {}).get(soort)
            if berekend is not None and _dec(waarde) is not None:
                per_code[code] = {"naam": kosten[code]["uit"]["naam"], **_verschil(_dec(waarde), berekend)}
        if per_code:
            uit[soort] = per_code
    regels = [_dec(w) for w in (eerder.get("kosten") or {}).values() if _dec(w) is not None]
    if regels and totaal is not None:
        opgeteld = sum(regels, Decimal(0))
        rij = _verschil(opgeteld, totaal)
        rij["formule"] = (
            f"eerdere regels {' + '.join(getal(r) for r in regels)} = {euro(opgeteld)}; berekend totaal {euro(totaal)}: "
            f"verschil {euro(opgeteld - totaal)}"
        )
        uit["regels_opgeteld"] = rij
    if eerder.get("totaal") is not None and totaal is not None:
        rij = _verschil(_dec(eerder["totaal"]), totaal)
        if regels and sum(regels, Decimal(0)) != _dec(eerder["totaal"]):
            rij["formule"] += (
                f"; de eerder gerapporteerde regels tellen op tot {euro(sum(regels, Decimal(0)))}, "
                f"niet tot het eerder gerapporteerde totaal {euro(_dec(eerder['totaal']))}"
            )
        uit["totaal"] = rij
    if eerder.get("besparing") is not None and besparing_exact is not None:
        oud = _dec(eerder["besparing"])
        rij = _verschil(oud, besparing_exact, cent=True)
        dagen, dagprijs_nu = _dec(invoer.gemiddelde_detentiedagen), _dec(invoer.dagprijs_detentie)
        if besparing_exact and dagprijs_nu:
            # Which day price would give the earlier figure with the same days and persons: a wrong
            # cell in a spreadsheet usually shows up here.
            dagprijs = oud * dagprijs_nu / besparing_exact
            rij["afgeleide_dagprijs"] = float(_rond(dagprijs, CENT))
            if _rond(dagprijs, CENT) != _rond(dagprijs_nu, CENT):
                rij["formule"] += (
                    f"; het eerdere bedrag past bij een dagprijs van {euro(dagprijs, cent=True)} "
                    f"({euro(oud, cent=True)} ÷ ({getal(dagen)} × "
                    f"{getal(besparing['vermeden_recidivisten'])})) in plaats van {euro(dagprijs_nu, cent=True)}"
                )
        uit["besparing"] = rij
    return uit
