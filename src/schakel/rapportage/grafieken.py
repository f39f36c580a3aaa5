"""The report's charts as PNG bytes: matplotlib's object API on the Agg canvas, no pyplot and so no
global state (safe in a web worker). Every chart is drawn from the same bereken() dicts as the
tables, and its alt text points at the table that holds the exact numbers."""
from __future__ import annotations

import base64
import hashlib
import json
import struct
import textwrap
from dataclasses import asdict, dataclass
from io import BytesIO

from django.core.cache import cache

from schakel.meldingen.models import Melding
from schakel.partners.models import Bron

from .indicatoren import pct
from .jaarrapport import GESLACHT, HERHAALD, LEEFTIJD, Rapport, alle_sleutels

CM = 1 / 2.54
DPI = 150
BREEDTE_CM, HOOGTE_CM = 16, 8
# Oldest period lightest, the chosen period in the house blue (the stylesheet's --blauw).
KLEUREN = ["#a9bfdc", "#5f86b8", "#154273"]
TEKST = "#1a1a1a"
VERSIE = 1  # raise when the drawing changes, so cached charts are drawn anew
CACHE_SECONDEN = 3600


@dataclass(frozen=True)
class Grafiek:
    sectie: str
    titel: str
    png: bytes
    alt: str
    tabel: str = ""  # the title of the table it illustrates: outputs put the chart right after it

    @property
    def breedte(self) -> int:
        return struct.unpack(">I", self.png[16:20])[0]

    @property
    def hoogte(self) -> int:
        return struct.unpack(">I", self.png[20:24])[0]

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def _figuur(hoogte_cm=HOOGTE_CM, kolommen=1):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(BREEDTE_CM * CM, hoogte_cm * CM), dpi=DPI, layout="constrained", facecolor="white")
    assen = [fig.add_subplot(1, kolommen, i + 1) for i in range(kolommen)]
    for ax in assen:
        ax.tick_params(labelsize=7, colors=TEKST)
        for kant in ("top", "right"):
            ax.spines[kant].set_visible(False)
        ax.set_axisbelow(True)
    return fig, assen


def _png(fig) -> bytes:
    """An RGB palette PNG: a third of the size of matplotlib's RGBA, and one image object in a PDF
    (an alpha channel would add a soft mask per chart)."""
    from PIL import Image

    ruw = BytesIO()
    fig.savefig(ruw, format="png", dpi=DPI, facecolor="white")
    ruw.seek(0)
    uit = BytesIO()
    Image.open(ruw).convert("RGB").quantize(colors=128).save(uit, format="PNG", optimize=True)
    return uit.getvalue()


def _staven(ax, categorieen, reeksen, *, horizontaal=False, procent=False, etiketten=None, regel=24, minimum=None):
    """Grouped bars: a group per category, a bar per series (period). `etiketten` overrides the
    value printed at the chosen period's bars (e.g. '<5' for a suppressed count drawn at zero)."""
    n = max(len(reeksen), 1)
    breedte = 0.8 / n
    posities = range(len(categorieen))
    kleuren = KLEUREN[-n:] if n <= len(KLEUREN) else None
    for i, (naam, waarden) in enumerate(reeksen):
        waarden = [w or 0 for w in waarden]
        plek = [p - 0.4 + breedte * (i + 0.5) for p in posities]
        kleur = kleuren[i] if kleuren else None
        staven = (ax.barh if horizontaal else ax.bar)(plek, waarden, breedte, label=naam, color=kleur)
        if i == n - 1:
            teksten = etiketten or [(f"{w:.1f}%".replace(".", ",") if procent else f"{w:,}".replace(",", ".")) for w in waarden]
            ax.bar_label(staven, labels=teksten, fontsize=6, padding=2, color=TEKST)
    namen = [textwrap.fill(str(c), regel) for c in categorieen]
    if horizontaal:
        ax.set_yticks(list(posities), namen)
        ax.invert_yaxis()
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.margins(x=0.12)
        ax.set_xlim(0, max(minimum or 1, ax.get_xlim()[1]))
        if procent:
            ax.set_xlabel("%", fontsize=7)
    else:
        schuin = len(categorieen) > 4
        ax.set_xticks(list(posities), namen, rotation=30 if schuin else 0, ha="right" if schuin else "center")
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.margins(y=0.12)
        # Counts never go below zero; an all-zero (or all-suppressed) chart would otherwise get a
        # symmetric axis around 0.
        ax.set_ylim(0, max(1, ax.get_ylim()[1]))
        if procent:
            ax.set_ylabel("%", fontsize=7)
    if len(reeksen) > 1:
        ax.legend(fontsize=7, frameon=False)


def _grafiek(sectie, titel, categorieen, reeksen, *, alt_tabel, horizontaal=False, procent=False, hoogte_cm=HOOGTE_CM,
             etiketten=None, minimum=None) -> Grafiek:
    fig, (ax,) = _figuur(hoogte_cm)
    _staven(ax, categorieen, reeksen, horizontaal=horizontaal, procent=procent, etiketten=etiketten, minimum=minimum)
    ax.set_title(titel, fontsize=9, loc="left", color=TEKST)
    perioden = " en ".join(naam for naam, _ in reeksen)
    alt = f"Staafdiagram '{titel}' ({perioden}). De exacte aantallen staan in de tabel '{alt_tabel}'."
    return Grafiek(sectie, titel, _png(fig), alt, alt_tabel)


def _leeg(*reeksen) -> bool:
    return not any(w for _, waarden in reeksen for w in waarden)


def _reeksen(rapport: Rapport, kies, sleutels, als_pct_van=None):
    """Per period: its values for `sleutels`, or percentages of `als_pct_van(period dict)`."""
    uit = []
    for naam, d in zip(rapport.kolommen, rapport.reeks):
        waarden = kies(d)
        geheel = als_pct_van(d) if als_pct_van else None
        uit.append((naam, [pct(waarden.get(k, 0), geheel) or 0 if als_pct_van else waarden.get(k, 0) for k in sleutels]))
    return uit


def jaarrapport_grafieken(rapport: Rapport) -> list[Grafiek]:
    lab = rapport.labels
    huidig = rapport.kolommen[-1]
    grafieken = []

    def voeg_toe(sectie, titel, namen: dict, kies, *, volgorde=None, alt_tabel, als_pct_van=None, alleen_gevuld=False,
                 **opties):
        sleutels = alle_sleutels([kies(d) for d in rapport.reeks], volgorde or list(namen))
        if alleen_gevuld:
            sleutels = [k for k in sleutels if any(kies(d).get(k) for d in rapport.reeks)]
        reeksen = _reeksen(rapport, kies, sleutels, als_pct_van)
        if sleutels and not _leeg(*reeksen):
            grafieken.append(_grafiek(sectie, titel, [namen.get(k, k) for k in sleutels], reeksen, alt_tabel=alt_tabel,
                                      procent=als_pct_van is not None, **opties))

    voeg_toe("Meldingen", "Instroom per bron", dict(Bron.choices), lambda d: d["meldingen"]["per_bron"],
             alt_tabel="Instroom per bron")
    per_gemeente = rapport.data["meldingen"]["per_gemeente"]
    if any(per_gemeente.values()):
        namen = alle_sleutels([per_gemeente], lab.gemeenten)
        grafieken.append(_grafiek(
            "Meldingen", f"Instroom per gemeente ({huidig})", namen, [(huidig, [per_gemeente[n] for n in namen])],
            alt_tabel="Instroom per gemeente", horizontaal=True, hoogte_cm=max(HOOGTE_CM, 0.5 * len(namen) + 1.5),
        ))
    voeg_toe("Briefing", "Besluiten briefing (% van de gewogen meldingen)", lab.besluit,
             lambda d: d["briefing"]["besluiten"], volgorde=list(rapport.data["briefing"]["besluiten"]),
             alt_tabel="Besluiten briefing", als_pct_van=lambda d: d["briefing"]["totaal"], horizontaal=True)
    grafieken += _leeftijd_geslacht(rapport)
    voeg_toe("Personen", "Herhaald gemeld (aantal personen)", HERHAALD, lambda d: d["personen"]["herhaald"],
             alt_tabel="Herhaald gemeld")
    voeg_toe("Casussen", "Casussen in behandeling per overlegtype", lab.overlegtype,
             lambda d: d["casussen"]["in_behandeling_per_overlegtype"], volgorde=list(lab.overlegtype),
             alt_tabel="Casussen in behandeling per overlegtype", alleen_gevuld=True)
    # Per conference type, as its table: a focus result is a share of the focus cases closed.
    for code in alle_sleutels([d["afsluiting"]["naar_overlegtype"] for d in rapport.reeks], list(lab.overlegtype)):
        naam = lab.overlegtype.get(code, code)
        voeg_toe("Afsluiting", f"Uitkomsten bij afsluiting: {naam} (% van de afgesloten casussen)", lab.uitkomst,
                 lambda d, c=code: d["afsluiting"]["naar_overlegtype"].get(c, {}).get("uitkomsten", {}),
                 volgorde=list(rapport.data["afsluiting"]["uitkomsten"]), alt_tabel=f"Uitkomsten bij afsluiting: {naam}",
                 als_pct_van=lambda d, c=code: d["afsluiting"]["naar_overlegtype"].get(c, {}).get("totaal", 0),
                 horizontaal=True)
    return grafieken


def _leeftijd_geslacht(rapport: Rapport) -> list[Grafiek]:
    """Age and gender side by side, as percentages so that years of different size compare."""
    personen = [d["personen"] for d in rapport.reeks]
    if not any(sum(p["geslacht"].values()) for p in personen):
        return []
    fig, (links, rechts) = _figuur(HOOGTE_CM, kolommen=2)
    for ax, veld, namen, titel in ((links, "leeftijd", LEEFTIJD, "Leeftijd"), (rechts, "geslacht", GESLACHT, "Geslacht")):
        sleutels = alle_sleutels([p[veld] for p in personen], list(namen))
        reeksen = [(k, [pct(p[veld].get(s, 0), sum(p[veld].values())) or 0 for s in sleutels])
                   for k, p in zip(rapport.kolommen, personen)]
        _staven(ax, [namen.get(s, s) for s in sleutels], reeksen, procent=True, regel=10)
        ax.set_title(f"{titel} (% van gewogen)", fontsize=9, loc="left", color=TEKST)
    alt = (f"Twee staafdiagrammen: leeftijd en geslacht in procenten ({' en '.join(rapport.kolommen)}). "
           "De exacte aantallen staan in de tabellen 'Leeftijd' en 'Geslacht'.")
    return [Grafiek("Personen", "Leeftijd en geslacht", _png(fig), alt, "Leeftijd")]


def factsheet_grafieken(rapport: Rapport) -> list[Grafiek]:
    """The factsheet's charts. A suppressed count is drawn at zero and labelled '<5', never as its value."""
    fs, lab = rapport.data, rapport.labels
    naam, huidig = fs["gemeente"], rapport.kolommen[-1]
    grafieken = []
    aandelen = [("Meldingen", fs["meldingen"]["aandeel_regio_pct"], fs["meldingen"]["totaal"], fs["meldingen"]["regio"]),
                ("Casussen in behandeling", fs["casussen"]["totaal_in_behandeling"]["aandeel_regio_pct"],
                 fs["casussen"]["totaal_in_behandeling"]["aantal"], fs["casussen"]["totaal_in_behandeling"]["regio"])]
    for code, w in fs["casussen"]["in_behandeling_per_overlegtype"].items():
        aandelen.append((f"{lab.overlegtype.get(code, code)} (in behandeling)", w["aandeel_regio_pct"], w["aantal"], w["regio"]))
    aandelen = [a for a in aandelen if a[3]]  # nothing in the region: no share to show
    if aandelen:
        grafieken.append(_grafiek(
            "Samenvatting", f"Aandeel van {naam} in de regio ({huidig}, %)", [a[0] for a in aandelen],
            [(huidig, [a[1] or 0 for a in aandelen])], alt_tabel="Kerncijfers",
            horizontaal=True, procent=True, minimum=10,
            etiketten=[(f"{a[1]:.1f}%".replace(".", ",") if a[1] is not None else str(a[2])) for a in aandelen],
        ))
    for sectie, titel, waarden, namen in (
        ("Meldingen", "Instroom per bron", fs["meldingen"]["per_bron"], dict(Bron.choices)),
        ("Meldingen", "Instroom per soort melding", fs["meldingen"]["per_soort"], dict(Melding.Soort.choices)),
    ):
        if any(waarden.values()):
            sleutels = list(waarden)
            grafieken.append(_grafiek(
                sectie, f"{titel} ({naam}, {huidig})", [namen.get(k, k) for k in sleutels],
                [(huidig, [w if isinstance(w, int) else 0 for w in waarden.values()])], alt_tabel=titel,
                etiketten=[str(w) for w in waarden.values()],
            ))
    return grafieken


def grafieken(rapport: Rapport) -> list[Grafiek]:
    """The report's charts. Drawing them takes a few tenths of a second each, so they are cached
    under a hash of everything they are drawn from: the same figures give the same charts (the page
    and then its PDF download draw them once), and any change in the figures gives a new key."""
    bron = json.dumps([VERSIE, rapport.soort, rapport.kolommen, rapport.reeks, asdict(rapport.labels)], sort_keys=True, default=str)
    sleutel = "rapportage:grafieken:" + hashlib.sha256(bron.encode()).hexdigest()
    uit = cache.get(sleutel)
    if uit is None:
        uit = factsheet_grafieken(rapport) if rapport.soort == "factsheet" else jaarrapport_grafieken(rapport)
        cache.set(sleutel, uit, CACHE_SECONDEN)
    return uit
