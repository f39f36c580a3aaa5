"""The effect measurement as a reader sees it: the dict of effect.bereken (and kosten.bereken_kosten)
laid out as tables with Dutch labels, each measure with a paragraph on what it means and what it
cannot show. The page, the HTML file, the PDF and the spreadsheet all print this one layout; no
figure is computed here, only formatted.

A group of fewer than 10 persons arrives as "<10" and is printed so, with no rate beside it: at
that size a rate says nothing and a person can be recognised."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from schakel.meldingen.models import Thema
from schakel.partners.models import Organisatie
from schakel.rapportage.jaarrapport import datum_tekst

from .afronding import KLEIN, MINIMUM_GROEP

GEEN = "–"
TOTAAL = "totaal"
BLADEN = {"cohort": "Cohort", "kalenderjaren": "Per kalenderjaar", "per-client": "Per cliënt", "vergelijking": "Vergelijking",
          "overleving": "Eerste registratie", "kosten": "Kosten"}
MIN = "\u2212"  # the minus sign: a screen reader says "min", not "streepje"


class Tempo(float):
    """Registrations per 365 days at risk: two decimals, a rate of 0,43 is not 0,4."""


class Pct(float):
    """A change in percent (−70.2 means −70,2%), printed with its sign."""


class Aandeel(float):
    """A share in percent (41.7 means 41,7%)."""


def opmaak(waarde) -> str:
    if waarde is None:
        return GEEN
    if isinstance(waarde, Tempo):
        return f"{waarde:.2f}".replace(".", ",").replace("-", MIN)
    if isinstance(waarde, Aandeel):
        return f"{waarde:.1f}%".replace(".", ",")
    if isinstance(waarde, Pct):
        return f"{waarde:+.1f}%".replace(".", ",").replace("-", MIN) if waarde else "0,0%"
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, int):
        return f"{waarde:,}".replace(",", ".").replace("-", MIN)
    if isinstance(waarde, float):
        return f"{waarde:.1f}".replace(".", ",")
    return str(waarde)


def aandeel(waarde):
    return Aandeel(waarde) if _is_getal(waarde) else waarde


@dataclass
class Cel:
    tekst: str
    getal: bool  # right-aligned
    waarde: object = None  # the number itself, for a spreadsheet cell
    url: str = ""  # a link, in the per-client list


def _is_getal(waarde) -> bool:
    return isinstance(waarde, (int, float)) and not isinstance(waarde, bool)


def cel(waarde) -> Cel:
    if isinstance(waarde, Cel):
        return waarde
    return Cel(opmaak(waarde), _is_getal(waarde) or waarde in (KLEIN, GEEN, None), waarde if _is_getal(waarde) else None)


@dataclass
class Tabel:
    titel: str
    kop: list[str]
    rijen: list[list[Cel]]
    totaal: list[Cel] | None = None
    noot: str = ""

    @property
    def koppen(self) -> list[tuple[str, bool]]:
        """Each heading with whether its column holds figures (right-aligned, as its cells)."""
        rijen = self.rijen + ([self.totaal] if self.totaal else [])
        return [(k, i > 0 and any(r[i].getal for r in rijen if i < len(r))) for i, k in enumerate(self.kop)]

    @property
    def breed(self) -> bool:
        """Many columns may not fit the page: the page makes such a table a scrollable region a
        keyboard can reach."""
        return len(self.kop) > 5


@dataclass
class Onderdeel:
    naam: str
    anker: str
    inleiding: list[str]
    tabellen: list[Tabel]
    kan_niet: list[str] = field(default_factory=list)  # what the measure cannot show
    grafieken: list = field(default_factory=list)

    @property
    def blad(self) -> str:
        """A spreadsheet tab's name: short (31 characters at most) and without ':'."""
        return BLADEN.get(self.anker, self.naam)[:31]


@dataclass
class Verslag:
    titel: str
    huis: str
    periode_tekst: str
    samenvatting: list[str]
    onderdelen: list[Onderdeel]
    data: dict
    opgesteld_op: date = field(default_factory=timezone.localdate)


def klein(n) -> bool:
    """A count of 1 to 9 persons (bereken already writes it as '<10'); 0 has nothing to hide."""
    return n == KLEIN or isinstance(n, int) and 0 < n < MINIMUM_GROEP


def tempo(waarde):
    return Tempo(waarde) if _is_getal(waarde) else waarde


def pct(waarde):
    return Pct(waarde) if _is_getal(waarde) else waarde


def doelgroepen(data: dict) -> dict:
    """Code -> name of every doelgroep in the result, 'totaal' last."""
    codes = []
    for sectie in ("kalenderjaren", "per_client", "vergelijking", "overleving"):
        codes += [c for c in data.get(sectie) or {} if c not in codes]
    namen = dict(Thema.objects.filter(code__in=codes).values_list("code", "naam"))
    namen[TOTAAL] = "Totaal"
    return {c: namen.get(c, c) for c in sorted(codes, key=lambda c: (c == TOTAAL, namen.get(c, c)))}


def _rijen(sectie: dict, namen: dict, maak):
    rijen, totaal = [], None
    for code in namen:
        if code in sectie:
            rij = [Cel(namen[code], False), *(cel(w) for w in maak(sectie[code], code))]
            if code == TOTAAL:
                totaal = rij
            else:
                rijen.append(rij)
    return rijen, totaal


def _afgeschermd(groep: dict, n_sleutel: str, waarden: list) -> list:
    """A small group: its count as '<10' and nothing else."""
    if klein(groep.get(n_sleutel)):
        return [KLEIN, *([GEEN] * (len(waarden) - 1))]
    return waarden


def _interval(groep: dict):
    laag_hoog = groep.get("interval_95")
    if not laag_hoog or None in laag_hoog or any(isinstance(w, str) for w in laag_hoog):
        return GEEN
    laag, hoog = laag_hoog
    return Cel(f"{opmaak(Tempo(laag))} tot {opmaak(Tempo(hoog))}", True)


def omvat_nul(groep: dict) -> bool | None:
    laag_hoog = groep.get("interval_95")
    if not laag_hoog or None in laag_hoog or any(isinstance(w, str) for w in laag_hoog):
        return None
    return laag_hoog[0] <= 0 <= laag_hoog[1]


# --- The sections, in the order a reader needs them: the old method first, then what survives it.

KLEINE_GROEPEN = (
    "Groepen van minder dan 10 personen staan als <10, zonder cijfers erbij: bij zo weinig mensen zegt "
    "een percentage niets en zijn personen te herkennen."
)
DARK_NUMBER = (
    "Alleen wat de politie registreert telt. Wat niet wordt gemeld of opgemerkt (het dark number) blijft "
    "buiten beeld; een daling kan ook betekenen dat er minder wordt gemeld."
)
POLITIEAANDACHT = (
    "Cliënten die het huis prioriteert, krijgen vaak meer aandacht van politie en partners. Dan wordt er "
    "meer van hun gedrag geregistreerd, zonder dat zij meer doen: dat drukt een echt effect weg, of "
    "maakt een stijging die er niet is."
)
REGRESSIE = (
    "Mensen worden aangemeld als het slecht gaat. Na een piek daalt het aantal registraties meestal vanzelf "
    "(regressie naar het gemiddelde); een daling na de start is dus niet vanzelf het werk van de aanpak."
)


def _cohort(data: dict) -> Onderdeel:
    c = data["cohort"]
    rijen = [
        ["Start tussen", f"{datum_kort(c['van'])} en {datum_kort(c['tot'])}"],
        ["Venster vóór en na de start", f"{opmaak(c['venster_dagen'])} dagen"],
        ["Peildatum (registraties compleet tot)", datum_kort(c.get("peildatum"))],
        ["Cliënten in het cohort", opmaak(c["clienten"])],
        ["Nog te kort gevolgd", opmaak(c["te_kort_gevolgd"])],
        ["Minder dan 30 dagen vrij in een venster", opmaak(c.get("uitgesloten_te_weinig_vrij"))],
    ]
    tabel = Tabel("Cohort", ["", "Waarde"], [[Cel(k, False), Cel(v, True)] for k, v in rijen])
    inleiding = [
        "Een cliënt is iemand over wie een casus loopt (radicalisering telt niet mee). Zijn start is de dag "
        "waarop het plan van aanpak werd vastgesteld, of de start van de casus als er geen plan is. Wie meer "
        "casussen had, telt één keer, vanaf de eerste start in de periode.",
        "Een cliënt telt mee in de vergelijking vóór en na als zijn venster na de start op of vóór de peildatum "
        "eindigt; wie dat venster nog niet heeft uitgezeten, is nog te kort gevolgd en telt (nog) niet mee. Wie in een "
        "venster minder dan 30 dagen vrij was, telt in die vergelijking ook niet mee.",
    ]
    return Onderdeel("Cohort", "cohort", inleiding, [tabel])


def datum_kort(waarde) -> str:
    if not waarde:
        return GEEN
    d = waarde if isinstance(waarde, date) else date.fromisoformat(str(waarde))
    return datum_tekst(d)


def _kalenderjaren(data: dict, namen: dict) -> Onderdeel | None:
    kj = data.get("kalenderjaren") or {}
    if not kj:
        return None
    jaren = [str(j) for j in data["cohort"].get("jaren") or []] or sorted(
        {str(j) for groep in kj.values() for j in groep if str(j).isdigit()})
    rijen, totaal = _rijen(kj, namen, lambda g, _: _afgeschermd(
        g, "clienten", [g.get("clienten"), *(g.get(j) for j in jaren), pct(g.get("verschil_pct"))]))
    tabel = Tabel("Registraties als verdachte per kalenderjaar", ["Doelgroep", "Cliënten", *jaren, f"Verschil {jaren[0]}–{jaren[-1]}"],
                  rijen, totaal, "Alle registraties als verdachte van de cliënten van dit cohort in elk kalenderjaar.")
    inleiding = [
        "Zo rekenen jaarverslagen: tel de registraties van de cliënten per kalenderjaar en vergelijk het eerste "
        "jaar met het laatste. Dit is het cijfer dat iedereen kent; het staat hier om te laten zien hoeveel "
        "ervan overeind blijft.",
    ]
    kan_niet = [
        "Cliënten begonnen op verschillende momenten: een kalenderjaar mengt tijd vóór en na hun start.",
        "Dagen in detentie tellen als dagen zonder registratie: wie vastzit, lijkt te verbeteren.",
        REGRESSIE,
        "Er is geen vergelijking met mensen zonder aanpak; dit verschil is daarom geen effect.",
        KLEINE_GROEPEN,
    ]
    return Onderdeel("Registraties per kalenderjaar (de gebruikelijke methode)", "kalenderjaren", inleiding, [tabel], kan_niet)


def _per_client(data: dict, namen: dict) -> Onderdeel:
    pc = data.get("per_client") or {}
    venster = data["cohort"]["venster_dagen"]

    def voor_na(g, _):
        v, n = g.get("voor") or {}, g.get("na") or {}
        return _afgeschermd(g, "clienten", [
            g.get("clienten"), v.get("registraties"), v.get("dagen_vrij"), tempo(v.get("per_365")),
            n.get("registraties"), n.get("dagen_vrij"), tempo(n.get("per_365")), pct(g.get("verschil_pct")),
        ])

    def spreiding(g, _):
        return _afgeschermd(g, "clienten", [
            g.get("clienten"), tempo(g.get("gemiddelde_voor")), tempo(g.get("gemiddelde_na")), tempo(g.get("mediaan_voor")),
            tempo(g.get("mediaan_na")), aandeel(g.get("zonder_na_pct")), g.get("uitgesloten_te_weinig_vrij"),
        ])

    rijen, totaal = _rijen(pc, namen, voor_na)
    eerste = Tabel(
        "Registraties per 365 dagen vrij, vóór en na de start",
        ["Doelgroep", "Cliënten", "Registraties vóór", "Dagen vrij vóór", "Per 365 dagen vóór", "Registraties na",
         "Dagen vrij na", "Per 365 dagen na", "Verschil"],
        rijen, totaal,
        "Per 365 dagen vrij: alle registraties ÷ alle dagen vrij × 365 (de dagen in detentie tellen niet). "
        "Verschil: van vóór naar na, in procenten.",
    )
    rijen, totaal = _rijen(pc, namen, spreiding)
    tweede = Tabel(
        "Per cliënt: gemiddelde, mediaan en cliënten zonder registratie",
        ["Doelgroep", "Cliënten", "Gemiddelde vóór", "Gemiddelde na", "Mediaan vóór", "Mediaan na",
         "Zonder registratie na", "Uitgesloten (< 30 dagen vrij)"],
        rijen, totaal,
        "Gemiddelde en mediaan van de cijfers per cliënt (registraties per 365 dagen vrij). Een cliënt met minder "
        "dan 30 dagen vrij in een venster telt in dat venster niet mee.",
    )
    tabellen = [eerste, tweede]
    for sleutel, kolom, labels in (("per_plantype", "Type plan", _plantypen()), ("per_overlegtype", "Overlegtype", _overlegtypen())):
        groepen = data.get(sleutel) or {}
        if groepen:
            labels = {c: labels.get(c, c) for c in sorted(groepen, key=lambda c: labels.get(c, c))}
            rijen, _ = _rijen(groepen, labels, voor_na)
            tabellen.append(Tabel(f"Per 365 dagen vrij, naar {kolom.lower()}", [kolom, *eerste.kop[1:]], rijen))
    inleiding = [
        f"Per cliënt tellen de registraties als verdachte in de {opmaak(venster)} dagen vóór zijn start en de "
        f"{opmaak(venster)} dagen vanaf zijn start, gedeeld door de dagen dat hij vrij was (niet in detentie). "
        "Bij huiselijk geweld telt alleen huiselijk-geweldgedrag. Zo telt ieder vanaf zijn eigen start en maakt "
        "detentie niemand beter dan hij is.",
    ]
    kan_niet = [DARK_NUMBER, POLITIEAANDACHT, REGRESSIE,
                "Zonder vergelijkingsgroep is ook dit verschil geen effect van de aanpak: zie de vergelijking hieronder.",
                KLEINE_GROEPEN]
    return Onderdeel("Per cliënt: vóór en na de start", "per-client", inleiding, tabellen, kan_niet)


def _plantypen() -> dict:
    from schakel.plannen.models import PlanVanAanpak

    return {**dict(PlanVanAanpak.Type.choices), "geen_plan": "Geen plan (start van de casus)"}


def _overlegtypen() -> dict:
    from schakel.overleggen.models import Overlegtype

    return dict(Overlegtype.objects.values_list("code", "naam"))


def _vergelijking(data: dict, namen: dict) -> Onderdeel:
    vg = data.get("vergelijking") or {}

    def rij(g, _):
        klein_c, klein_v = klein(g.get("clienten_n")), klein(g.get("controle_n"))
        beide = not (klein_c or klein_v or g.get("te_klein"))
        return [
            KLEIN if klein_c else g.get("clienten_n"),
            *((tempo(g.get("clienten_voor_per_365")), tempo(g.get("clienten_na_per_365"))) if beide else (GEEN, GEEN)),
            KLEIN if klein_v else g.get("controle_n"),
            *((tempo(g.get("controle_voor_per_365")), tempo(g.get("controle_na_per_365"))) if beide else (GEEN, GEEN)),
            *((tempo(g.get("netto_per_365")), _interval(g)) if beide else (GEEN, GEEN)),
        ]

    rijen, totaal = _rijen(vg, namen, rij)
    methoden = sorted({g.get("methode") for g in vg.values() if g.get("methode")})
    tabel = Tabel(
        "Cliënten naast de vergelijkingsgroep: het netto verschil",
        ["Doelgroep", "Cliënten (gematcht)", "Cliënten vóór", "Cliënten na", "Vergelijking (gematcht)", "Vergelijking vóór",
         "Vergelijking na", "Netto per 365 dagen", "95%-interval"],
        rijen, totaal,
        "Cijfers per 365 dagen vrij, alleen van cliënten met vergelijkbare personen in hun groep. Netto: de verandering bij "
        "de cliënten min de verandering in de vergelijkingsgroep; negatief betekent minder registraties dan zonder aanpak "
        "te verwachten was." + (f" {' '.join(methoden)}" if methoden else ""),
    )
    inleiding = [
        "De vergelijkingsgroep zijn personen die in de briefing zijn gewogen maar geen casus kregen (geen vervolg, "
        "bilateraal), met dezelfde vensters vanaf de weegdatum. Ze zijn per doelgroep, leeftijdsklasse en "
        "registratieniveau vooraf naast de cliënten gelegd en zo gewogen dat die groepen even zwaar tellen. Wat "
        "beide groepen toch al doen (ook de daling na een piek), valt zo tegen elkaar weg.",
        *_conclusies(vg, namen),
    ]
    kan_niet = [
        "De vergelijkingsgroep is niet geloot: wie geen casus kreeg, kan verschillen op wat niet in Schakel staat "
        "(motivatie, netwerk, de reden van de weegploeg).",
        DARK_NUMBER, POLITIEAANDACHT, KLEINE_GROEPEN,
    ]
    return Onderdeel("Vergelijkingsgroep en netto effect", "vergelijking", inleiding, [tabel], kan_niet)


def _conclusies(vg: dict, namen: dict) -> list[str]:
    """Per doelgroep in plain Dutch what the interval allows one to say, above all when it holds zero."""
    zinnen = []
    for code in namen:
        g = vg.get(code)
        if not g or g.get("te_klein") or klein(g.get("clienten_n")) or klein(g.get("controle_n")):
            continue
        nul = g.get("interval_bevat_nul", omvat_nul(g))
        zin = g.get("conclusie") or ""
        if nul and "nul" not in zin:
            zin = ("Het 95%-interval bevat nul: dit verschil is niet te onderscheiden van toeval en regressie naar het "
                   "gemiddelde. " + zin).strip()
        if zin:
            zinnen.append(f"{namen[code]}: {zin}")
    return zinnen


def _overleving(data: dict, namen: dict) -> Onderdeel:
    ov = data.get("overleving") or {}

    def kant(groep: dict) -> list:
        if klein(groep.get("n")):
            return [KLEIN, GEEN]
        if groep.get("te_klein") or not groep:
            return [GEEN, GEEN]
        return [aandeel(groep.get("binnen_1_jaar_pct")), aandeel(groep.get("binnen_2_jaar_pct"))]

    def rij(g, _):
        return [*kant(g.get("clienten") or {}), *kant(g.get("controle") or {})]

    rijen, totaal = _rijen(ov, namen, rij)
    tabel = Tabel(
        "Eerste registratie als verdachte binnen 1 en 2 jaar vrij",
        ["Doelgroep", "Cliënten: binnen 1 jaar", "Cliënten: binnen 2 jaar", "Vergelijking: binnen 1 jaar",
         "Vergelijking: binnen 2 jaar"],
        rijen, totaal,
        "Kaplan-Meierschatting over de dagen vrij na de start; wie nog niet zo lang gevolgd is, telt mee zolang hij "
        "gevolgd is. De vergelijkingsgroep is gewogen zoals in de vergelijking hierboven.",
    )
    inleiding = [
        "Zoals de landelijke recidivemonitor: hoeveel procent heeft binnen een of twee jaar vrij na de start een "
        "eerste nieuwe registratie als verdachte, naast de vergelijkingsgroep. De grafiek toont het hele verloop.",
    ]
    kan_niet = [
        "Het gaat om de eerste registratie: of iemand daarna vaker of minder vaak in beeld kwam, staat in de cijfers "
        "per cliënt.",
        DARK_NUMBER, POLITIEAANDACHT, KLEINE_GROEPEN,
    ]
    return Onderdeel("Tijd tot de eerste nieuwe registratie", "overleving", inleiding, [tabel], kan_niet)


def verslag(data: dict, grafieken=None) -> Verslag:
    """The whole measurement as a reader sees it; `grafieken` (from grafieken.grafieken) are placed in
    the section they belong to."""
    from .kostenweergave import kosten_onderdeel

    namen = doelgroepen(data)
    onderdelen = [o for o in (
        _cohort(data), _kalenderjaren(data, namen), _per_client(data, namen), _vergelijking(data, namen),
        _overleving(data, namen), kosten_onderdeel(data),
    ) if o]
    for g in grafieken or ():
        for o in onderdelen:
            if o.anker == g.sectie:
                o.grafieken.append(g)
    c = data["cohort"]
    periode = f"start tussen {datum_kort(c['van'])} en {datum_kort(c['tot'])}"
    huis = Organisatie.objects.filter(is_veiligheidshuis=True).order_by("pk").values_list("naam", flat=True).first()
    samenvatting = [
        "Meet of het aantal politieregistraties als verdachte van cliënten daalt na de start van hun aanpak, en of "
        "dat meer is dan bij vergelijkbare personen zonder casus. Geen namen: alleen aantallen per doelgroep.",
        KLEINE_GROEPEN,
    ]
    return Verslag("Effectmeting", huis or "Zorg- en Veiligheidshuis", periode, samenvatting, onderdelen, data)
