"""The annual report (jaarrapportage) and the municipal factsheet as tables in the seeds' style.

Every figure comes from `indicatoren.bereken` (or `factsheet.factsheet`): this module only lays the
dicts out as tables with Dutch labels, a column per year and a Totaal row. Percentages in the tables
are computed from the dict's counts with `indicatoren.pct`; no figure is counted here a second time.

The region report shows the chosen period and up to two earlier periods (the same span, whole years
back) when those hold any melding or weighing. A factsheet shows one period next to the region."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Min
from django.utils import timezone

from schakel.briefing.models import BesluitOptie
from schakel.casussen.models import AfsluitUitkomst
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding, Thema
from schakel.opschaling.models import Escalatieniveau
from schakel.overleggen.models import Overlegtype
from schakel.partners.models import Bron, Organisatie

from .factsheet import AFGESCHERMD, factsheet
from .indicatoren import Periode, bereken, meldingen_in, wegingen_in
from .jaartabellen import afsluiting_per_overlegtype, client_aan_tafel, doelgroep_tabellen, plannen_tabellen, trajecten_tabellen
from .tabel import Euro, Pct, Tabel, alle_sleutels, als_pct

SECTIES = ["Samenvatting", "Meldingen", "Briefing", "Personen", "Casussen", "Plannen van aanpak", "Afsluiting",
           "Cliënt aan tafel", "Opschalingen", "Vrijwillige trajecten"]
VERGELIJKING_JAREN = 2

TOELICHTING = (
    "Radicalisering telt in deze rapportage niet mee (landelijke afspraak): geen meldingen, wegingen of "
    "casussen met dat thema."
)

GESLACHT = {"man": "Man", "vrouw": "Vrouw", "gezin": "Gezin", "anders": "Anders", "onbekend": "Onbekend"}
LEEFTIJD = {"<18": "Jonger dan 18", "18-23": "18 tot 23 jaar", "23+": "23 jaar en ouder", "onbekend": "Onbekend"}
HERHAALD = {"2": "2 keer", "3": "3 keer", "4": "4 keer", "5": "5 keer", "6": "6 keer", "7+": "7 keer of vaker"}
MAANDEN = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


@dataclass
class Rapport:
    soort: str  # "jaarrapport" or "factsheet"
    titel: str
    huis: str
    periode: Periode
    perioden: list[Periode]  # oldest first; the last one is `periode`
    kolommen: list[str]  # a label per period, same order
    tabellen: list[Tabel]
    data: dict  # bereken() (or factsheet()) of `periode`, as the JSON report has it
    reeks: list[dict] = field(default_factory=list)  # bereken() per period, same order (the charts use it)
    labels: Labels | None = None
    gemeente: str | None = None
    opgesteld_op: date = field(default_factory=timezone.localdate)
    toelichting: list[str] = field(default_factory=list)
    # A period that is not complete (the year is still running, data starts later): said first and
    # apart, on the page, in the PDF and in the spreadsheet, so nobody compares half a year with a whole.
    waarschuwingen: list[str] = field(default_factory=list)

    @property
    def periode_tekst(self) -> str:
        return f"{datum_tekst(self.periode.van)} t/m {datum_tekst(self.periode.tot)}"

    def secties(self):
        """(section name, its tables) in report order, sections without tables left out."""
        for naam in SECTIES:
            tabellen = [t for t in self.tabellen if t.sectie == naam]
            if tabellen:
                yield naam, tabellen


# --- Formatting shared by every output.


def datum_tekst(d: date) -> str:
    return f"{d.day}-{d.month}-{d.year}"


def periode_label(p: Periode) -> str:
    if (p.van.month, p.van.day, p.tot.month, p.tot.day) == (1, 1, 12, 31) and p.van.year == p.tot.year:
        return str(p.van.year)
    if (p.van.month, p.van.day) == (1, 1) and p.van.year == p.tot.year:
        return f"{p.van.year} t/m {p.tot.day} {MAANDEN[p.tot.month - 1]}"
    return f"{datum_tekst(p.van)} t/m {datum_tekst(p.tot)}"


def is_getal(waarde) -> bool:
    return waarde is None or isinstance(waarde, (int, float)) and not isinstance(waarde, bool) or _onderdrukt(waarde)


def _onderdrukt(waarde) -> bool:
    return isinstance(waarde, str) and (waarde.startswith("<") or waarde == AFGESCHERMD)


def opmaak(waarde) -> str:
    """Dutch notation: 1.496 · 65,4% · 215,7; None (nothing to count or divide by, or suppressed) is '–'."""
    if waarde is None:
        return "–"
    if isinstance(waarde, Pct):
        return f"{waarde:.1f}%".replace(".", ",")
    if isinstance(waarde, Euro):
        return "€ " + f"{waarde:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    if isinstance(waarde, float):
        return f"{waarde:.1f}".replace(".", ",")
    if isinstance(waarde, int) and not isinstance(waarde, bool):
        return f"{waarde:,}".replace(",", ".")
    return str(waarde)


_pct = als_pct


# --- Periods and labels.


def _jaren_terug(dag: date, jaren: int) -> date:
    try:
        return dag.replace(year=dag.year - jaren)
    except ValueError:  # 29 February
        return dag.replace(year=dag.year - jaren, day=28)


def vergelijkingsperioden(periode: Periode) -> list[Periode]:
    """The chosen period and the same span one and two years back that hold data, oldest first."""
    eerder = []
    for jaren in range(1, VERGELIJKING_JAREN + 1):
        if periode.van.year - jaren < 1900:
            break
        p = Periode(_jaren_terug(periode.van, jaren), _jaren_terug(periode.tot, jaren))
        if meldingen_in(p).exists() or wegingen_in(p).exists():
            eerder.append(p)
    return [*reversed(eerder), periode]


@dataclass
class Labels:
    thema: dict
    besluit: dict
    overlegtype: dict
    uitkomst: dict
    niveau: dict
    gemeenten: list  # names: the region's municipalities A-Z, then Buiten regio and Geen GBA (as the seed)
    huis: str

    @classmethod
    def laad(cls) -> Labels:
        return cls(
            thema=dict(Thema.objects.values_list("code", "naam")),
            besluit=dict(BesluitOptie.objects.values_list("code", "naam")),
            overlegtype=dict(Overlegtype.objects.values_list("code", "naam")),
            uitkomst=dict(AfsluitUitkomst.objects.values_list("code", "naam")),
            niveau=dict(Escalatieniveau.objects.order_by("volgorde").values_list("code", "naam")),
            gemeenten=[naam for naam, soort in sorted(
                Gemeente.objects.values_list("naam", "soort"),
                key=lambda r: (r[1] != Gemeente.Soort.GEMEENTE, r[1] != Gemeente.Soort.BUITEN_REGIO, r[0]),
            )],
            huis=Organisatie.objects.filter(is_veiligheidshuis=True).order_by("pk").values_list("naam", flat=True).first()
            or "Zorg- en Veiligheidshuis",
        )


# --- Table builders.


class _Bouwer:
    def __init__(self, kolommen: list[str]):
        self.kolommen = kolommen

    def n_pct(self, sectie, titel, eerste, per_periode: list[dict], namen: dict, totalen: list, *,
              volgorde=(), totaal_label="Totaal", noot="", totaal=True, volledig=False) -> Tabel:
        """A row per key with count and % of the period's total per period, and a Totaal row."""
        kop = [eerste]
        for label in self.kolommen:
            kop += [label, "%"]
        rijen = []
        sleutels = alle_sleutels([*per_periode, dict.fromkeys(namen)] if volledig else per_periode, volgorde or list(namen))
        for sleutel in sleutels:
            rij = [namen.get(sleutel, sleutel)]
            for d, geheel in zip(per_periode, totalen):
                rij += [d.get(sleutel, 0), _pct(d.get(sleutel, 0), geheel)]
            rijen.append(rij)
        slot = None
        if totaal:
            slot = [totaal_label]
            for geheel in totalen:
                slot += [geheel, _pct(geheel, geheel)]
        return Tabel(sectie, titel, kop, rijen, slot, noot)

    def per_periode(self, sectie, titel, eerste, rijen: list[tuple[str, list]], noot="") -> Tabel:
        """Key figures: one value per period in each row."""
        return Tabel(sectie, titel, [eerste, *self.kolommen], [[label, *waarden] for label, waarden in rijen], None, noot)


def tot_vandaag(periode: Periode, vandaag: date | None = None) -> tuple[Periode, list[str]]:
    """A period that runs past today is counted up to today, and its comparison periods over the same
    span: the first eleven months of this year next to the whole of last year would show a drop that
    is not there."""
    vandaag = vandaag or timezone.localdate()
    if periode.van > vandaag:
        return periode, [f"De periode {datum_tekst(periode.van)} t/m {datum_tekst(periode.tot)} is nog niet begonnen: "
                         "er is nog niets te tellen."]
    if periode.tot <= vandaag:
        return periode, []
    lopend = Periode(periode.van, vandaag)
    jaar = str(periode.van.year) if periode.van.year == periode.tot.year else "De periode"
    return lopend, [f"{jaar} loopt nog: de cijfers gaan tot en met {datum_tekst(vandaag)} (vandaag), "
                    f"niet tot en met {datum_tekst(periode.tot)}."]


def eerste_gegevens() -> date | None:
    """The local date of the first melding Schakel holds (imported history included)."""
    eerste = Melding.objects.aggregate(eerste=Min("ontvangen_op"))["eerste"]
    return timezone.localdate(eerste) if eerste else None


def onvolledig(perioden: list[Periode], kolommen: list[str], eerste: date | None) -> list[str]:
    """A warning per period that starts before the first data: its figures cover only part of it."""
    if eerste is None:
        return []
    teksten = []
    for p, label in zip(perioden, kolommen):
        if p.van < eerste <= p.tot:
            vergelijking = "" if p is perioden[-1] else f" Vergelijk {label} daarom niet één op één met {kolommen[-1]}."
            teksten.append(f"{label} is onvolledig: Schakel heeft pas gegevens vanaf {datum_tekst(eerste)}, "
                           f"niet vanaf {datum_tekst(p.van)}.{vergelijking}")
    return teksten


def jaarrapport(periode: Periode) -> Rapport:
    periode, waarschuwingen = tot_vandaag(periode)
    perioden = vergelijkingsperioden(periode)
    uitkomsten = [bereken(p) for p in perioden]
    r = jaarrapport_uit(perioden, uitkomsten, Labels.laad())
    if waarschuwingen and len(perioden) > 1:
        waarschuwingen[0] += f" Ter vergelijking staat dezelfde periode erbij ({', '.join(r.kolommen[:-1])}), niet het hele jaar."
    r.waarschuwingen = waarschuwingen + onvolledig(perioden, r.kolommen, eerste_gegevens())
    return r


def jaarrapport_uit(perioden: list[Periode], uitkomsten: list[dict], labels: Labels) -> Rapport:
    """The tables of the annual report from the periods' bereken() results (oldest first)."""
    kolommen = [periode_label(p) for p in perioden]
    b = _Bouwer(kolommen)
    m = [u["meldingen"] for u in uitkomsten]
    br = [u["briefing"] for u in uitkomsten]
    pe = [u["personen"] for u in uitkomsten]
    ca = [u["casussen"] for u in uitkomsten]
    af = [u["afsluiting"] for u in uitkomsten]
    op = [u["opschalingen"] for u in uitkomsten]
    meldingen_totaal = [d["totaal"] for d in m]
    gewogen = [d["totaal"] for d in br]
    lopend = [sum(d["in_behandeling_per_overlegtype"].values()) for d in ca]
    gestart = [sum(d["gestart_per_overlegtype"].values()) for d in ca]
    herhaald = [sum(d["herhaald"].values()) for d in pe]
    afgesloten = [d["totaal"] for d in af]
    geen_vervolg = labels.besluit.get("geen_vervolg", "geen vervolg")
    subregio_totaal = [sum(d["per_subregio"].values()) for d in m]
    zonder_subregio = [{**d["per_subregio"], "": t - s} for d, t, s in zip(m, meldingen_totaal, subregio_totaal)]

    tabellen = [
        b.per_periode("Samenvatting", "Kerncijfers", "Indicator", [
            ("Meldingen", meldingen_totaal),
            ("Gewogen op de briefing", gewogen),
            ("Huis onderneemt actie (% van gewogen)", [_als_pct(d["actie_percentage"]) for d in br]),
            ("Unieke personen", [d["uniek"] for d in pe]),
            ("Herhaald gemeld (2 keer of vaker)", herhaald),
            ("Casussen in behandeling", lopend),
            ("Afgesloten casussen", afgesloten),
            ("Binnen 6 maanden afgesloten", [_als_pct(d["binnen_6_maanden_pct"]) for d in af]),
            ("Gemiddelde duur (dagen)", [d["gemiddelde_duur_dagen"] for d in af]),
            ("Opschalingen", [d["totaal"] for d in op]),
        ]),
        b.n_pct("Meldingen", "Instroom per bron", "Bron", [d["per_bron"] for d in m], dict(Bron.choices),
                meldingen_totaal, noot="De bron is de organisatie van de melder; meldingen via ZSM tellen als ZSM."),
        b.n_pct("Meldingen", "Instroom per gemeente", "Gemeente", [d["per_gemeente"] for d in m], {},
                meldingen_totaal, volgorde=labels.gemeenten),
        b.n_pct("Meldingen", "Instroom per subregio", "Subregio", zonder_subregio, {"": "Buiten de subregio's"},
                meldingen_totaal, volgorde=sorted({k for d in m for k in d["per_subregio"]}) + [""]),
        b.n_pct("Meldingen", "Instroom per thema", "Thema", [d["per_thema"] for d in m], labels.thema,
                meldingen_totaal),
        b.n_pct("Meldingen", "Instroom per soort melding", "Soort", [d["per_soort"] for d in m],
                dict(Melding.Soort.choices), meldingen_totaal),
        b.n_pct("Briefing", "Besluiten briefing", "Besluit", [d["besluiten"] for d in br], labels.besluit, gewogen,
                totaal_label="Totaal gewogen meldingen",
                noot="Een melding die in de periode meer dan eens is gewogen, telt één keer, met het laatste besluit."),
        b.per_periode("Briefing", "Huis onderneemt actie", "Indicator", [
            ("Gewogen meldingen", gewogen),
            ("Huis onderneemt actie (% van gewogen)", [_als_pct(d["actie_percentage"]) for d in br]),
            ("Focus/Top-X buiten het Landelijk Kader, met motivatie", [d["focus_buiten_kader_met_motivatie"] for d in br]),
        ]),
        b.n_pct("Briefing", f"Subredenen bij '{geen_vervolg}'", "Subreden", [d["subredenen"] for d in br],
                labels.besluit, [sum(d["subredenen"].values()) for d in br]),
        b.per_periode("Personen", "Unieke personen", "Indicator", [
            ("Gewogen meldingen", gewogen),
            ("Unieke personen", [d["uniek"] for d in pe]),
            ("Herhaald gemeld (2 keer of vaker)", herhaald),
            ("Herhaald gemeld (% van unieke personen)", [_pct(h, d["uniek"]) for h, d in zip(herhaald, pe)]),
        ], noot="Personen in de gewogen meldingen van de periode."),
        b.n_pct("Personen", "Herhaald gemeld", "Aantal keer gemeld", [d["herhaald"] for d in pe], HERHAALD,
                [d["uniek"] for d in pe], totaal=False,
                noot="Percentage van het aantal unieke personen in de periode."),
        b.n_pct("Personen", "Geslacht", "Geslacht", [d["geslacht"] for d in pe], GESLACHT,
                [sum(d["geslacht"].values()) for d in pe], noot="Per gewogen melding: de eerste gekoppelde persoon."),
        b.n_pct("Personen", "Leeftijd", "Leeftijd op de peildatum", [d["leeftijd"] for d in pe], LEEFTIJD,
                [sum(d["leeftijd"].values()) for d in pe],
                noot="Peildatum: " + ", ".join(
                    f"{datum_tekst(date.fromisoformat(d['peildatum']))} ({k})" for d, k in zip(pe, kolommen)) + "."),
        b.n_pct("Casussen", "Casussen in behandeling per overlegtype", "Overlegtype",
                [d["in_behandeling_per_overlegtype"] for d in ca], labels.overlegtype, lopend,
                noot="Een casus is in behandeling als hij in de periode op enig moment openstond."),
        b.n_pct("Casussen", "Casussen gestart per overlegtype", "Overlegtype",
                [d["gestart_per_overlegtype"] for d in ca], labels.overlegtype, gestart),
        _per_gemeente(ca, kolommen, labels),
        b.per_periode("Afsluiting", "Afsluiting in cijfers", "Indicator", [
            ("Afgesloten casussen", afgesloten),
            ("Binnen 6 maanden afgesloten", [_als_pct(d["binnen_6_maanden_pct"]) for d in af]),
            ("Gemiddelde duur (dagen)", [d["gemiddelde_duur_dagen"] for d in af]),
        ]),
        b.n_pct("Afsluiting", "Afgesloten casussen per overlegtype", "Overlegtype", [d["per_overlegtype"] for d in af],
                labels.overlegtype, afgesloten),
        *[_zonder_totaal_pct(t) for t in afsluiting_per_overlegtype(b, af, labels)],
        b.per_periode("Opschalingen", "Opschalingen in cijfers", "Indicator", [
            ("Opschalingen", [d["totaal"] for d in op]),
            ("Waarvan direct vanuit de briefing", [d["vanuit_briefing"] for d in op]),
        ]),
        b.n_pct("Opschalingen", "Opschalingen per niveau", "Niveau", [d["per_niveau"] for d in op], labels.niveau,
                [d["totaal"] for d in op], volledig=True),
        *doelgroep_tabellen(uitkomsten[-1], kolommen[-1], labels),
        *plannen_tabellen(b, uitkomsten, kolommen, labels),
        *client_aan_tafel(b, uitkomsten, kolommen, labels),
        *trajecten_tabellen(b, uitkomsten, kolommen),
    ]
    periode = perioden[-1]
    titel = f"Jaarrapportage {kolommen[-1]}" if kolommen[-1].isdigit() else f"Rapportage {kolommen[-1]}"
    return Rapport(
        soort="jaarrapport", titel=titel, huis=labels.huis, periode=periode, perioden=perioden, kolommen=kolommen,
        tabellen=tabellen, data=uitkomsten[-1], reeks=uitkomsten, labels=labels,
        toelichting=[_periode_toelichting(periode, kolommen[:-1]), TOELICHTING],
    )


def _periode_toelichting(periode: Periode, eerder: list[str]) -> str:
    tekst = f"Periode {datum_tekst(periode.van)} t/m {datum_tekst(periode.tot)} (beide data tellen mee)."
    if eerder:
        tekst += (f" Ter vergelijking: {', '.join(eerder)}, dezelfde periode in eerdere jaren "
                  "(een eerder jaar staat erbij als er in die periode meldingen of wegingen zijn geregistreerd).")
    return tekst


def _als_pct(waarde) -> Pct | None:
    return None if waarde is None else Pct(waarde)


def _zonder_totaal_pct(tabel: Tabel) -> Tabel:
    """Multi-select outcomes: the Totaal row carries the number of closed cases, no 100%."""
    if tabel.totaal:
        tabel.totaal = [w if i == 0 or i % 2 else "" for i, w in enumerate(tabel.totaal)]
    return tabel


def _per_gemeente(ca: list[dict], kolommen: list[str], labels: Labels) -> Tabel:
    """Cases in treatment per municipality: per conference type for the chosen period, then the
    total per earlier period. Conference types without any case in the period are left out."""
    huidig = ca[-1]["per_gemeente_per_overlegtype"]
    typen = [t for t in ca[-1]["in_behandeling_per_overlegtype"] if any(r.get(t) for r in huidig.values())]
    namen = alle_sleutels([d["per_gemeente_per_overlegtype"] for d in reversed(ca)], labels.gemeenten)
    totaalkoppen = [f"Totaal {k}" for k in kolommen] if len(kolommen) > 1 else ["Totaal"]
    kop = ["Gemeente", *(labels.overlegtype.get(t, t) for t in typen), *totaalkoppen]
    rijen = []
    for naam in namen:
        eigen = huidig.get(naam, {})
        totalen = [sum(d["per_gemeente_per_overlegtype"].get(naam, {}).values()) for d in ca]
        rijen.append([naam, *(eigen.get(t, 0) for t in typen), *totalen])
    slot = ["Totaal", *(sum(r[1 + i] for r in rijen) for i in range(len(typen) + len(ca)))]
    weg = [labels.overlegtype.get(t, t) for t in ca[-1]["in_behandeling_per_overlegtype"] if t not in typen]
    noot = "Per gemeente van de casus; Buiten regio en Geen GBA apart."
    if weg:
        noot += f" Zonder casussen in {kolommen[-1]} en daarom weggelaten: {', '.join(weg)}."
    return Tabel("Casussen", f"Casussen in behandeling per gemeente en overlegtype ({kolommen[-1]})", kop, rijen, slot, noot)


# --- The factsheet.


def factsheet_rapport(periode: Periode, gemeente, drempel: int | None = None) -> Rapport:
    periode, waarschuwingen = tot_vandaag(periode)
    r = factsheet_uit(periode, factsheet(periode, gemeente, drempel), Labels.laad())
    r.waarschuwingen = waarschuwingen + onvolledig([periode], r.kolommen, eerste_gegevens())
    return r


def factsheet_uit(periode: Periode, fs: dict, labels: Labels) -> Rapport:
    """The factsheet's tables: the municipality's counts (small ones as '<5') next to the region's.
    No persons, no names; no totals that would let a suppressed count be recomputed."""
    naam, drempel = fs["gemeente"], fs["drempel"]
    label = periode_label(periode)
    me, ca, af = fs["meldingen"], fs["casussen"], fs["afsluiting"]
    vergelijk = [naam, "Regio", "Aandeel van de regio"]

    def met_regio(sectie, titel, eerste, rijen: dict, namen: dict, totaal=None, noot=""):
        def rij(lab, w):
            return [lab, w["aantal"], w["regio"], _als_pct(w["aandeel_regio_pct"])]

        return Tabel(sectie, titel, [eerste, *vergelijk], [rij(namen.get(k, k), w) for k, w in rijen.items()],
                     rij("Totaal", totaal) if totaal else None, noot)

    tabellen = [
        Tabel("Samenvatting", "Kerncijfers", ["Indicator", *vergelijk], [
            ["Meldingen", me["totaal"], me["regio"], _als_pct(me["aandeel_regio_pct"])],
            ["Casussen in behandeling", ca["totaal_in_behandeling"]["aantal"], ca["totaal_in_behandeling"]["regio"],
             _als_pct(ca["totaal_in_behandeling"]["aandeel_regio_pct"])],
            ["Afgesloten casussen", af["totaal"], "", ""],
            ["Binnen 6 maanden afgesloten", _als_pct(af["binnen_6_maanden_pct"]), "", ""],
            ["Opschalingen", fs["opschalingen"]["totaal"], "", ""],
        ]),
        Tabel("Meldingen", "Instroom per bron", ["Bron", naam], [[lab, me["per_bron"].get(k, 0)] for k, lab in Bron.choices],
              ["Totaal", me["totaal"]]),
        Tabel("Meldingen", "Instroom per soort melding", ["Soort", naam],
              [[lab, me["per_soort"].get(k, 0)] for k, lab in Melding.Soort.choices], ["Totaal", me["totaal"]]),
        met_regio("Casussen", "Casussen in behandeling per overlegtype", "Overlegtype", ca["in_behandeling_per_overlegtype"],
                  labels.overlegtype, ca["totaal_in_behandeling"],
                  noot="Een casus is in behandeling als hij in de periode op enig moment openstond."),
        met_regio("Casussen", "Casussen gestart per overlegtype", "Overlegtype", ca["gestart_per_overlegtype"],
                  labels.overlegtype),
        Tabel("Afsluiting", "Uitkomsten bij afsluiting", ["Uitkomst", naam, "%"],
              [[labels.uitkomst.get(k, k), n, _als_pct(af["uitkomsten_pct"].get(k))] for k, n in af["uitkomsten"].items()],
              ["Afgesloten casussen", af["totaal"], ""],
              "Percentage van alle afgesloten casussen, van alle overlegtypen samen. Meer uitkomsten per casus mogelijk: "
              "de percentages tellen niet op tot 100%."),
    ]
    return Rapport(
        soort="factsheet", titel=f"Factsheet {naam} {label}", huis=labels.huis, periode=periode, perioden=[periode],
        kolommen=[label], tabellen=tabellen, data=fs, reeks=[fs], labels=labels, gemeente=naam,
        toelichting=[
            _periode_toelichting(periode, []),
            f"Geen namen, alleen aantallen. Aantallen van 1 tot {drempel} staan als '<{drempel}'. Een aantal met "
            f"'{AFGESCHERMD}' is ook afgeschermd, zodat een klein aantal niet uit een totaal en de andere aantallen "
            "te berekenen is. Percentages die daaruit te herleiden zijn, zijn weggelaten (–). Leeftijd, geslacht en herhaalde meldingen staan niet "
            "in de factsheet: in een kleine gemeente wijzen die naar personen.",
            TOELICHTING,
        ],
    )


def maak_rapport(periode: Periode, gemeente=None, drempel: int | None = None) -> Rapport:
    """The annual report of the region, or with `gemeente` that municipality's factsheet."""
    return factsheet_rapport(periode, gemeente, drempel) if gemeente else jaarrapport(periode)
