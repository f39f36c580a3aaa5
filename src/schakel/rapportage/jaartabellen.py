"""The annual report's tables by doelgroep, plan, conference type, client at the table and voluntary
programme. As in jaarrapport.py every figure comes from `bereken`; these functions only lay it out.
`b` is jaarrapport's table builder (a column per period); `labels` its Labels."""
from __future__ import annotations

from datetime import date

from schakel.plannen.models import Leefgebied, PlanVanAanpak, VrijwilligTraject

from .tabel import Euro, Pct, Tabel, alle_sleutels

STAPPEN = [("vraag", "Vraag"), ("beeld", "Beeld"), ("oordeel", "Oordeel"), ("besluit", "Besluit")]


def _datum(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day}-{d.month}-{d.year}"


def _matrix(sectie, titel, eerste, data: dict, rijnamen: dict, rijvolgorde, kolomnamen: dict, kolomvolgorde, noot="") -> Tabel | None:
    """Rows × columns of counts ({rij: {kolom: n}}) with a Totaal column and row. Rows and columns
    that are zero throughout are left out (and said so); None when everything is zero."""
    rijen = [r for r in alle_sleutels([data], rijvolgorde) if any(data[r].values())]
    kolommen = [k for k in alle_sleutels([data[r] for r in data], kolomvolgorde) if any(data[r].get(k) for r in rijen)]
    if not rijen:
        return None
    tabel = [[rijnamen.get(r, r), *(data[r].get(k, 0) for k in kolommen), sum(data[r].get(k, 0) for k in kolommen)]
             for r in rijen]
    slot = ["Totaal", *(sum(rij[i] for rij in tabel) for i in range(1, len(kolommen) + 2))]
    weg = "Rijen en kolommen zonder enige telling zijn weggelaten."
    return Tabel(sectie, titel, [eerste, *(kolomnamen.get(k, k) for k in kolommen), "Totaal"], tabel, slot,
                 f"{noot} {weg}".strip())


def _omgedraaid(data: dict) -> dict:
    uit: dict = {}
    for buiten, binnen in data.items():
        for k, n in binnen.items():
            uit.setdefault(k, {})[buiten] = n
    return uit


def doelgroep_tabellen(data: dict, label: str, labels) -> list[Tabel]:
    """Meldingen per municipality and doelgroep, and the briefing's decisions per doelgroep, of the
    chosen period."""
    tabellen = [
        _matrix("Meldingen", f"Meldingen per gemeente en doelgroep ({label})", "Gemeente",
                _omgedraaid(data["meldingen"]["per_thema_per_gemeente"]), {}, labels.gemeenten, labels.thema,
                list(labels.thema), noot="Doelgroep is het thema van de melding; gemeente die van de melding."),
        _matrix("Briefing", f"Besluiten briefing per doelgroep ({label})", "Besluit", data["briefing"]["besluiten_per_thema"],
                labels.besluit, list(labels.besluit), labels.thema, list(labels.thema),
                noot="Gewogen meldingen, elk één keer met het laatste besluit in de periode; doelgroep is het thema van de melding."),
    ]
    return [t for t in tabellen if t]


def plannen_tabellen(b, uitkomsten: list[dict], kolommen: list[str], labels) -> list[Tabel]:
    pl = [u["plannen"] for u in uitkomsten]
    huidig = pl[-1]
    peil = _datum(huidig["peildatum"])
    tabellen = [b.per_periode("Plannen van aanpak", "Cliënten met een plan van aanpak", "Indicator", [
        ("Cliënten met een plan van aanpak (per doelgroep geteld)", [p["clienten_totaal"] for p in pl]),
        ("Unieke cliënten met een plan van aanpak", [p["clienten_uniek"] for p in pl]),
        ("Waarvan het eerste plan in de periode is vastgesteld", [sum(p["nieuw_per_thema"].values()) for p in pl]),
    ], noot="Cumulatief: iedereen over wie een casus gaat waarvan het plan van aanpak uiterlijk op de laatste dag van de "
            "periode is vastgesteld. Een cliënt telt één keer per doelgroep (het thema van de casus).")]
    matrix = _matrix(
        "Plannen van aanpak", f"Cliënten met een plan van aanpak per gemeente en doelgroep (t/m {peil})", "Gemeente",
        _omgedraaid(huidig["clienten_per_thema_per_gemeente"]), {}, labels.gemeenten, labels.thema, list(labels.thema),
        noot="Een cliënt telt bij de gemeente van de casus waarvan het plan het eerst is vastgesteld.",
    )
    if matrix:
        tabellen.append(matrix)
        tabellen.append(_per_plantype(huidig, peil, labels))
    return tabellen


def _per_plantype(huidig: dict, peil: str, labels) -> Tabel:
    per_type, per_thema = huidig["clienten_per_thema_per_plantype"], huidig["clienten_per_thema"]
    themas = [t for t in alle_sleutels([per_thema], list(labels.thema)) if per_thema.get(t)]
    typen = [t for t in PlanVanAanpak.Type.values if any(per_type.get(th, {}).get(t) for th in themas)]
    namen = dict(PlanVanAanpak.Type.choices)
    rijen = [[labels.thema.get(th, th), *(per_type.get(th, {}).get(t, 0) for t in typen), per_thema[th]] for th in themas]
    return Tabel(
        "Plannen van aanpak", f"Cliënten met een plan van aanpak per doelgroep en type plan (t/m {peil})",
        ["Doelgroep", *(namen[t] for t in typen), "Cliënten"], rijen, None,
        "In cliënten, niet in besprekingen. Een cliënt met plannen van verschillend type telt bij elk type één keer; "
        "de kolom Cliënten telt hem één keer.",
    )


def afsluiting_per_overlegtype(b, af: list[dict], labels) -> list[Tabel]:
    """Outcomes at closing per conference type, each a share of that type's own closings."""
    per_type = [d["naar_overlegtype"] for d in af]
    codes = alle_sleutels(per_type, list(labels.overlegtype))
    tabellen = [b.per_periode("Afsluiting", "Binnen 6 maanden afgesloten per overlegtype", "Overlegtype", [
        (labels.overlegtype.get(c, c), [_pct_van(d.get(c, {}).get("binnen_6_maanden_pct")) for d in per_type])
        for c in codes if any(d.get(c, {}).get("totaal") for d in per_type)
    ], noot="Percentage van de afgesloten casussen van dat overlegtype.")]
    for c in codes:
        if not any(sum(d.get(c, {}).get("uitkomsten", {}).values()) for d in per_type):
            continue
        naam = labels.overlegtype.get(c, c)
        tabellen.append(b.n_pct(
            "Afsluiting", f"Uitkomsten bij afsluiting: {naam}", "Uitkomst", [d[c]["uitkomsten"] for d in per_type],
            labels.uitkomst, [d[c]["totaal"] for d in per_type], totaal_label=f"Afgesloten casussen {naam}",
            noot=f"Percentage van de afgesloten casussen van {naam}. Meer uitkomsten per casus mogelijk: de percentages "
                 "tellen niet op tot 100%.",
        ))
    return tabellen


def _pct_van(waarde) -> Pct | None:
    return None if waarde is None else Pct(waarde)


def client_aan_tafel(b, uitkomsten: list[dict], kolommen: list[str], labels) -> list[Tabel]:
    ct = [u["client_aan_tafel"] for u in uitkomsten]
    totalen = [c["totaal"] for c in ct]
    tabellen = [b.per_periode("Cliënt aan tafel", "Cliënt aan tafel", "Indicator", [
        ("Besprekingen van een casus in een overleg", [t["besprekingen"] for t in totalen]),
        ("Waarvan met de cliënt aan tafel", [t["met_client"] for t in totalen]),
        ("Met de cliënt aan tafel (% van de besprekingen)", [_pct_van(t["met_client_pct"]) for t in totalen]),
        ("Cliënt aan tafel bij het besluit", [t["per_stap"]["besluit"] for t in totalen]),
    ], noot="Een bespreking is één casus op de agenda van één overleg; de cliënt zat aan tafel als bij minstens één stap "
            "(vraag, beeld, oordeel, besluit) is vastgelegd dat hij aanwezig was.")]
    huidig = ct[-1]["per_overlegtype"]
    rijen = [
        [labels.overlegtype.get(c, c), d["besprekingen"], d["met_client"], _pct_van(d["met_client_pct"]),
         *(d["per_stap"][s] for s, _ in STAPPEN)]
        for c, d in huidig.items() if d["besprekingen"]
    ]
    if rijen:
        tabellen.append(Tabel(
            "Cliënt aan tafel", f"Cliënt aan tafel per overlegtype ({kolommen[-1]})",
            ["Overlegtype", "Besprekingen", "Met cliënt", "%", *(f"Bij {naam.lower()}" for _, naam in STAPPEN)], rijen,
            None, "De kolommen per stap tellen de besprekingen waarin de cliënt bij die stap aan tafel zat.",
        ))
    return tabellen


def trajecten_tabellen(b, uitkomsten: list[dict], kolommen: list[str]) -> list[Tabel]:
    tr = [u["vrijwillige_trajecten"] for u in uitkomsten]
    soorten = dict(VrijwilligTraject.Soort.choices)
    tabellen = [b.per_periode("Vrijwillige trajecten", "Vrijwillige trajecten (Motie Van der Staaij)", "Indicator", [
        *((f"Gestart: {naam}", [t["per_soort"][s]["trajecten"] for t in tr]) for s, naam in soorten.items()),
        ("Hulpvragen", [t["totaal"]["hulpvragen_totaal"] for t in tr]),
        ("Kosten", [Euro(t["totaal"]["kosten"]) for t in tr]),
    ], noot="Trajecten die in de periode zijn gestart, met hun kosten uit de middelen van de Motie Van der Staaij.")]
    huidig = tr[-1]
    actief = [s for s in soorten if huidig["per_soort"][s]["trajecten"]]
    namen = dict(Leefgebied.choices)
    delen = [(f"Hulpvragen en kosten per hulpvraag: {soorten[s]} ({kolommen[-1]})", huidig["per_soort"][s]) for s in actief]
    if len(actief) > 1:
        delen.append((f"Hulpvragen en kosten per hulpvraag: alle soorten ({kolommen[-1]})", huidig["totaal"]))
    for titel, d in delen:
        gevuld = [k for k in alle_sleutels([d["hulpvragen"]]) if d["hulpvragen"][k]]
        tabellen.append(Tabel(
            "Vrijwillige trajecten", titel, ["Hulpvraag", "Hulpvragen", "Kosten per hulpvraag"],
            [[namen.get(k, k), d["hulpvragen"][k], _euro(d["kosten_per_hulpvraag"].get(k))] for k in gevuld],
            ["Totaal", d["hulpvragen_totaal"], Euro(d["kosten"])],
            "De kosten van de trajecten verdeeld naar hulpvraag: kosten × (hulpvragen op dit leefgebied ÷ alle "
            "hulpvragen). Een traject kan meer hulpvragen hebben. In de totaalregel staan de kosten van de trajecten."
            if d is not huidig["totaal"] else
            "Per hulpvraag de kosten van de soorten samen: elke soort verdeelt zijn eigen kosten over zijn eigen hulpvragen.",
        ))
    return tabellen


def _euro(waarde) -> Euro | None:
    return None if waarde is None else Euro(waarde)
