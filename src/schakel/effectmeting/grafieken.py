"""The effect measurement's charts as PNG, drawn with the report's figure setup (rapportage.grafieken):
the rate before and after per doelgroep beside the comparison group, and the Kaplan–Meier curves.
A group under 10 is not drawn; the alt text says so and points at the table with the numbers."""
from __future__ import annotations

import hashlib
import json

from django.core.cache import cache

from schakel.rapportage.grafieken import CACHE_SECONDEN, HOOGTE_CM, TEKST, Grafiek, _figuur, _png

from .weergave import TOTAAL, doelgroepen, klein

VERSIE = 2  # raise when the drawing changes, so cached charts are drawn anew
# Clients in the house blue, the comparison in grey; before light, after dark.
CLIENT_VOOR, CLIENT_NA = "#a9bfdc", "#154273"
CONTROLE_VOOR, CONTROLE_NA = "#c8c8c8", "#595959"
MAX_PANELEN = 4


def _tempo_tekst(w: float) -> str:
    return f"{w:.2f}".replace(".", ",")


def tempo_grafiek(data: dict, namen: dict) -> Grafiek | None:
    pc, vg = data.get("per_client") or {}, data.get("vergelijking") or {}
    codes = [c for c in namen if c in pc and not klein(pc[c].get("clienten"))]
    if not codes:
        return None
    reeksen = {"Cliënten vóór": [], "Cliënten na": [], "Vergelijking vóór": [], "Vergelijking na": []}
    for c in codes:
        g, v = pc[c], vg.get(c) or {}
        # Beside the comparison: the matched clients, as in the table of the net difference; without
        # a comparison, all clients of the doelgroep as in the per-client table.
        zichtbaar = bool(v) and not v.get("te_klein") and not klein(v.get("controle_n")) and not klein(v.get("clienten_n"))
        reeksen["Cliënten vóór"].append(v["clienten_voor_per_365"] if zichtbaar else (g.get("voor") or {}).get("per_365"))
        reeksen["Cliënten na"].append(v["clienten_na_per_365"] if zichtbaar else (g.get("na") or {}).get("per_365"))
        reeksen["Vergelijking vóór"].append(v.get("controle_voor_per_365") if zichtbaar else None)
        reeksen["Vergelijking na"].append(v.get("controle_na_per_365") if zichtbaar else None)
    fig, (ax,) = _figuur(HOOGTE_CM)
    breedte = 0.2
    for i, (naam, kleur) in enumerate(zip(reeksen, (CLIENT_VOOR, CLIENT_NA, CONTROLE_VOOR, CONTROLE_NA))):
        waarden = reeksen[naam]
        plek = [p - 0.4 + breedte * (i + 0.5) for p in range(len(codes))]
        staven = ax.bar(plek, [w or 0 for w in waarden], breedte, label=naam, color=kleur,
                        hatch="//" if naam.startswith("Vergelijking") else None, edgecolor="white", linewidth=0.4)
        ax.bar_label(staven, labels=[_tempo_tekst(w) if w is not None else "" for w in waarden], fontsize=5.5, padding=1.5,
                     color=TEKST)
    ax.set_xticks(range(len(codes)), [namen[c] for c in codes], rotation=20 if len(codes) > 4 else 0,
                  ha="right" if len(codes) > 4 else "center")
    ax.set_ylabel("Registraties per 365 dagen vrij", fontsize=7)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_ylim(0, max(1, ax.get_ylim()[1] * 1.1))
    ax.legend(fontsize=6.5, frameon=False, ncols=4, loc="upper center", bbox_to_anchor=(0.5, 1.12))
    titel = "Registraties per 365 dagen vrij, vóór en na de start, naast de vergelijkingsgroep"
    weg = [namen[c] for c in namen if c in pc and c not in codes]
    alt = (f"Staafdiagram: per doelgroep ({', '.join(namen[c] for c in codes)}) vier staven, cliënten vóór en na de start "
           "en de vergelijkingsgroep vóór en na. "
           + (f"Niet getekend (minder dan 10 personen): {', '.join(weg)}. " if weg else "")
           + "De exacte cijfers staan in de tabel 'Cliënten naast de vergelijkingsgroep: het netto verschil'.")
    return Grafiek("vergelijking", titel, _png(fig), alt, "Cliënten naast de vergelijkingsgroep: het netto verschil")


def punten(groep: dict) -> tuple[list[float], list[float]]:
    """The curve of one group ([day at risk, share still without a registration] at each change) as
    days and percentages from (0, 100), its last level drawn on to the furthest year the table gives
    a figure for: that far the group was followed."""
    dagen, zonder = [0.0], [100.0]
    for dag, kans in groep.get("curve") or []:
        dagen.append(float(dag))
        zonder.append(100 * float(kans))
    verst = 730 if groep.get("binnen_2_jaar_pct") is not None else 365 if groep.get("binnen_1_jaar_pct") is not None else 0
    if verst > dagen[-1]:
        dagen.append(float(verst))
        zonder.append(zonder[-1])
    return dagen, zonder


def overleving_grafiek(data: dict, namen: dict) -> Grafiek | None:
    ov = data.get("overleving") or {}
    codes = [c for c in namen if c in ov and (ov[c].get("clienten") or {}).get("curve") and not klein(ov[c]["clienten"].get("n"))]
    # The total first, then the largest doelgroepen, at most four panels: a fifth would be too small to read.
    codes = ([TOTAAL] if TOTAAL in codes else []) + [c for c in codes if c != TOTAAL][: MAX_PANELEN - (TOTAAL in codes)]
    if not codes:
        return None
    fig, assen = _figuur(HOOGTE_CM, kolommen=len(codes))
    for ax, code in zip(assen, codes):
        for sleutel, naam, kleur, stijl in (("clienten", "Cliënten", CLIENT_NA, "-"), ("controle", "Vergelijking", CONTROLE_NA, "--")):
            groep = ov[code].get(sleutel) or {}
            if groep.get("curve") and not groep.get("te_klein") and not klein(groep.get("n")):
                x, y = punten(groep)
                ax.step(x, y, where="post", color=kleur, linestyle=stijl, linewidth=1.2, label=naam)
        ax.set_title(namen[code], fontsize=8, loc="left", color=TEKST)
        ax.set_ylim(0, 102)
        ax.set_xlabel("Dagen vrij na de start", fontsize=6.5)
        ax.grid(color="#eeeeee", linewidth=0.5)
        for jaar in (365, 730):
            ax.axvline(jaar, color="#bbbbbb", linewidth=0.6, linestyle=":")
    assen[0].set_ylabel("% nog zonder registratie", fontsize=7)
    assen[-1].legend(fontsize=6.5, frameon=False, loc="upper right")
    titel = "Tijd tot de eerste nieuwe registratie als verdachte (Kaplan-Meier)"
    alt = (f"Lijngrafiek per groep ({', '.join(namen[c] for c in codes)}): het percentage cliënten en vergelijkingspersonen "
           "dat na een aantal dagen vrij nog geen nieuwe registratie heeft. De stippellijnen staan bij 1 en 2 jaar. "
           "De percentages binnen 1 en 2 jaar staan in de tabel 'Eerste registratie als verdachte binnen 1 en 2 jaar vrij'.")
    return Grafiek("overleving", titel, _png(fig), alt, "Eerste registratie als verdachte binnen 1 en 2 jaar vrij")


def grafieken(data: dict, namen: dict | None = None) -> list[Grafiek]:
    """Cached under a hash of the figures, as the report's charts: the page and its PDF download draw once."""
    namen = namen or doelgroepen(data)
    bron = json.dumps([VERSIE, data.get("per_client"), data.get("vergelijking"), data.get("overleving"), namen],
                      sort_keys=True, default=str)
    sleutel = "effectmeting:grafieken:" + hashlib.sha256(bron.encode()).hexdigest()
    uit = cache.get(sleutel)
    if uit is None:
        uit = [g for g in (tempo_grafiek(data, namen), overleving_grafiek(data, namen)) if g]
        cache.set(sleutel, uit, CACHE_SECONDEN)
    return uit
