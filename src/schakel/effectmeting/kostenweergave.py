"""The costs as a reader sees them (weergave.py does the effect measures): the figures of
kosten.bereken_kosten in a table, every formula with its inputs beside it, and the differences with
what the house published before."""
from __future__ import annotations

from .kosten import euro
from .weergave import GEEN, Cel, Onderdeel, Tabel, cel


def _euro(waarde, cent=False) -> Cel:
    return Cel(GEEN if waarde is None else euro(waarde, cent), True, waarde)


def kosten_onderdeel(data: dict) -> Onderdeel:
    k = data.get("kosten")
    if not k:
        jaar = str(data["cohort"]["tot"])[:4]
        return Onderdeel("Kosten", "kosten", [
            f"Voor {jaar} is geen kosteninvoer vastgelegd, dus zijn er geen kosten berekend. De functioneel beheerder legt "
            "het budget en de minuten per besluit vast onder Beheer, Kosteninvoer.",
        ], [])
    regels = k.get("kosten") or {}
    rijen = [
        [Cel(r["naam"], False), cel(r.get("aantal")), cel(r.get("minuten")), _euro(r.get("kosten")), _euro(r.get("per_casus")),
         Cel(GEEN if r.get("pct_programmakosten") is None else f"{r['pct_programmakosten']:.2f}%".replace(".", ","), True,
             r.get("pct_programmakosten"))]
        for r in regels.values()
    ]
    t = k.get("totaal") or {}
    totaal = [Cel("Totaal", False), cel(t.get("aantal")), Cel("", True), _euro(t.get("kosten")), Cel("", True), Cel("", True)]
    tabellen = [Tabel(
        f"Kosten per besluit van de briefing ({k.get('jaar') or 'scenario'})",
        ["Besluit", "Gewogen meldingen", "Minuten per melding", "Kosten", "Per casus", "% van de trajectkosten"],
        rijen, totaal, k.get("afronding", ""),
    )]
    formules = []
    for r in regels.values():
        for sleutel, wat in (("formule", "kosten"), ("formule_per_casus", "per casus"), ("formule_pct_programmakosten", "% van de trajectkosten")):
            if r.get(sleutel):
                formules.append([Cel(f"{r['naam']}: {wat}", False), Cel(r[sleutel], False)])
    if t.get("formule_gewogen_minuten"):
        formules.append([Cel("Gewogen minuten (Σ)", False), Cel(t["formule_gewogen_minuten"], False)])
    if t.get("formule"):
        formules.append([Cel("Totaal", False), Cel(t["formule"], False)])
    b = k.get("besparing") or {}
    if b.get("formule_vermeden_recidivisten"):
        formules.append([Cel("Vermeden recidivisten", False), Cel(b["formule_vermeden_recidivisten"], False)])
    if b.get("formule"):
        formules.append([Cel("Besparing (vermeden detentie)", False), Cel(b["formule"], False)])
    tabellen.append(Tabel("Formules met de ingevulde waarden", ["Onderdeel", "Formule"], formules))
    if b.get("bedrag") is not None:
        tabellen.append(Tabel("Besparing", ["", "Bedrag"], [[Cel("Besparing door vermeden detentie", False), _euro(b["bedrag"], True)]]))
    verschillen = _verschillen(k.get("verschillen") or {}, regels)
    if verschillen:
        tabellen.append(Tabel(
            "Verschil met de cijfers die het huis eerder publiceerde",
            ["Onderdeel", "Eerder gepubliceerd", "Berekend", "Verschil", "Toelichting"], verschillen,
            noot="Verschil = eerder gepubliceerd − berekend.",
        ))
    inleiding = [
        "Elk bedrag is berekend uit de kosteninvoer, met de formule en de ingevulde waarden erbij, zodat iedereen de som "
        "kan narekenen. Het budget wordt over de besluiten verdeeld naar de minuten die het huis per melding besteedt.",
    ]
    kan_niet = [
        "De minuten per besluit zijn een schatting van het huis; de verdeling is zo goed als die schatting.",
        "De besparing neemt aan dat het hele verschil tussen de landelijke en de eigen recidive door de nazorg van het huis "
        "komt. Of de aanpak het gedrag verandert, laten de metingen hierboven zien, niet deze formule.",
    ]
    return Onderdeel("Kosten", "kosten", inleiding, tabellen, kan_niet)


def _verschillen(v: dict, regels: dict) -> list[list[Cel]]:
    rijen = []

    def rij(label, d, cent=False):
        rijen.append([Cel(label, False), _euro(d.get("eerder"), cent), _euro(d.get("berekend"), cent), _euro(d.get("verschil"), cent),
                      Cel(d.get("formule", ""), False)])

    for soort, wat in (("kosten", "kosten"), ("per_casus", "per casus")):
        for code, d in (v.get(soort) or {}).items():
            rij(f"{d.get('naam') or (regels.get(code) or {}).get('naam', code)}: {wat}", d)
    if v.get("regels_opgeteld"):
        rij("Eerdere regels opgeteld", v["regels_opgeteld"])
    if v.get("totaal"):
        rij("Totaal", v["totaal"])
    if v.get("besparing"):
        rij("Besparing", v["besparing"], cent=True)
    return rijen
