"""The art. 15 inzage as a document the person can read: plain Dutch headings and sentences, their
own data only. Art. 15(4) AVG: the right of access must not harm others, so the reporter's identity,
the other persons on the same melding or case and what was recorded about them are left out, and
the document says so. The PDF and the JSON export are both made from this one structure, so what a
test finds (or does not find) here is what the person receives."""
import datetime
import re
from dataclasses import asdict, dataclass, field

from django.db.models import Q
from django.utils import timezone

from schakel.briefing.models import Weging
from schakel.casussen.models import Afsluiting, Casus
from schakel.effectmeting.kosten import euro
from schakel.effectmeting.models import Detentie, Mutatie
from schakel.meldingen.models import Melding, MeldingPersoon, MeldingStatus, Terugkoppeling
from schakel.monitoring.models import Monitoringcontact, Verlenging
from schakel.opschaling.models import Opschaling
from schakel.overleggen.models import Bespreking
from schakel.personen.models import Persoon
from schakel.plannen.models import Actie, Doel, PlanVanAanpak, VrijwilligTraject
from schakel.privacy.models import Mutatielog, Toegangslog
from schakel.uitvragen.models import InformatieUitvraag
from schakel.zsm.models import ZsmAdvies

from .models import Beperking, Verzoek

WEGGELATEN = "[weggelaten]"
MAANDEN = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"]


def datum(value) -> str:
    """3 maart 2026 (and 3 maart 2026, 14:05 for a moment in time), in local time."""
    if value is None:
        return "onbekend"
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return f"{value.day} {MAANDEN[value.month - 1]} {value.year}, {value:%H:%M}"
    return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"


@dataclass
class Onderdeel:
    titel: str
    regels: list[tuple[str, str]] = field(default_factory=list)  # (label, text); an empty label is a sentence


@dataclass
class Sectie:
    titel: str
    tekst: list[str] = field(default_factory=list)
    onderdelen: list[Onderdeel] = field(default_factory=list)


@dataclass
class Document:
    titel: str
    opgesteld_op: str
    inleiding: list[str]
    weggelaten: list[str]
    secties: list[Sectie]

    def als_dict(self) -> dict:
        d = asdict(self)
        for sectie in d["secties"]:
            for onderdeel in sectie["onderdelen"]:
                onderdeel["regels"] = [{"onderwerp": label, "tekst": tekst} for label, tekst in onderdeel["regels"]]
        return d

    def platte_tekst(self) -> str:
        """Every word of the document, for checks and search."""
        delen = [self.titel, self.opgesteld_op, *self.inleiding, *self.weggelaten]
        for s in self.secties:
            delen += [s.titel, *s.tekst]
            for o in s.onderdelen:
                delen.append(o.titel)
                delen += [f"{label}: {tekst}" if label else tekst for label, tekst in o.regels]
        return "\n".join(delen)


class Afscherming:
    """Replaces other people's identifying data in free text with [weggelaten]: names (whole and per
    word, but never a word of the person's own name), aliases, BSN, birth dates and contact details.
    Free text about a family can name others; the person's own part of it stays readable."""

    def __init__(self, eigen_naamdelen: set[str]):
        self._eigen = {w.lower() for w in eigen_naamdelen}
        self._patronen: dict[str, int] = {}  # pattern -> length of the text it stands for
        self._regex = None

    def _voeg_toe(self, patroon: str, tekst: str):
        self._patronen[patroon] = max(len(tekst), self._patronen.get(patroon, 0))

    def persoon(self, p: Persoon):
        self.naam(p.volledige_naam)
        for alias in re.split(r"[,;/]", p.aliassen or ""):
            self.naam(alias)
        if p.bsn:
            self._voeg_toe(re.escape(p.bsn), p.bsn)
        if p.geboortedatum:
            g = p.geboortedatum
            for tekst in (f"{g:%d-%m-%Y}", f"{g.day}-{g.month}-{g.year}", g.isoformat(), datum(g)):
                self._voeg_toe(re.escape(tekst), tekst)

    def naam(self, naam: str):
        naam = (naam or "").strip()
        if not naam:
            return
        self._voeg_toe(_los(naam), naam)
        for woord in re.findall(r"[^\W\d_][\w'-]*", naam):
            # A single letter or an initial is no name; a word the person shares (a family name) is theirs too.
            if len(woord) > 2 and woord.lower() not in self._eigen:
                self._voeg_toe(_los(woord), woord)

    def contact(self, contact: str):
        contact = (contact or "").strip()
        if not contact:
            return
        self._voeg_toe(re.escape(contact), contact)
        cijfers = re.sub(r"\D", "", contact)
        if len(cijfers) >= 6:  # a phone number written with other separators (or none)
            self._voeg_toe(r"[\s().-]*".join(cijfers), cijfers)
        for deel in re.split(r"[\s,;]+", contact):
            if "@" in deel:
                self._voeg_toe(re.escape(deel), deel)

    def schoon(self, tekst) -> str:
        tekst = "" if tekst is None else str(tekst)
        if not tekst or not self._patronen:
            return tekst
        if self._regex is None or self._regex[0] != len(self._patronen):
            # Longest text first, so a full name or an e-mail address goes before a word in it.
            volgorde = sorted(self._patronen, key=lambda p: (-self._patronen[p], p))
            self._regex = (len(self._patronen), re.compile("|".join(volgorde), re.IGNORECASE))
        return self._regex[1].sub(WEGGELATEN, tekst)


def _los(woorden: str) -> str:
    """The words as a whole: not inside a longer word ('Jan' is not in 'Jansen'), also when the name
    starts or ends with a dot or a quote."""
    return r"(?<!\w)" + re.escape(woorden) + r"(?!\w)"


def _keuze(obj, veld) -> str:
    return getattr(obj, f"get_{veld}_display")() if getattr(obj, veld) else ""


class _Opsteller:
    def __init__(self, persoon: Persoon):
        self.p = persoon
        self.melding_ids = set(
            Melding.objects.filter(Q(koppelingen__persoon=persoon) | Q(uitvragen__persoon=persoon)).values_list("pk", flat=True)
        )
        self.casus_ids = set(
            Casus.objects.filter(Q(personen=persoon) | Q(meldingen__pk__in=self.melding_ids) | Q(wegingen__melding_id__in=self.melding_ids))
            .values_list("pk", flat=True)
        )
        eigen = set(re.findall(r"[\w'-]+", f"{persoon.volledige_naam} {persoon.aliassen}"))
        self.afscherming = Afscherming(eigen)
        self.weggelaten = {"melder": False, "anderen": False, "uitvragen": 0}
        self._verzamel_derden()

    def _verzamel_derden(self):
        anderen = set(MeldingPersoon.objects.filter(melding_id__in=self.melding_ids).exclude(persoon=self.p)
                      .values_list("persoon_id", flat=True))
        anderen |= set(Casus.personen.through.objects.filter(casus_id__in=self.casus_ids).exclude(persoon=self.p)
                       .values_list("persoon_id", flat=True))
        anderen |= set(InformatieUitvraag.objects.filter(melding_id__in=self.melding_ids, persoon__isnull=False)
                       .exclude(persoon=self.p).values_list("persoon_id", flat=True))
        for ander in Persoon.objects.filter(pk__in=anderen):
            self.afscherming.persoon(ander)
        self.weggelaten["anderen"] = bool(anderen)
        for naam, contact in Melding.objects.filter(pk__in=self.melding_ids).values_list("melder_naam", "melder_contact"):
            self.weggelaten["melder"] = True
            self.afscherming.naam(naam)
            self.afscherming.contact(contact)

    def tekst(self, value) -> str:
        return self.afscherming.schoon(value).strip()

    # -- sections -------------------------------------------------------------------------------

    def persoonsgegevens(self) -> Sectie:
        p = self.p
        regels = [
            ("Naam", p.volledige_naam or "onbekend"),
            ("BSN", p.bsn or "niet bekend bij ons"),
            ("Geboortedatum", datum(p.geboortedatum) if p.geboortedatum else "niet bekend bij ons"),
            ("Geslacht", p.get_geslacht_display()),
            ("Woongemeente", str(p.gemeente) if p.gemeente_id else "niet bekend bij ons"),
        ]
        if p.aliassen:
            regels.append(("Andere namen waaronder u bekend bent", p.aliassen))
        regels.append(("Bij ons bekend sinds", datum(p.aangemaakt_op)))
        return Sectie("Uw persoonsgegevens", ["Dit zijn de gegevens waarmee wij u kennen."], [Onderdeel("Persoon", regels)])

    def melder(self) -> Sectie:
        if not self.melding_ids:
            return Sectie("Wie heeft u gemeld", ["Er is geen melding over u bij ons binnengekomen."])
        return Sectie("Wie heeft u gemeld", [
            "Weggelaten. Wie een melding over u deed, geven wij niet door: niet de naam, niet de organisatie en niet de "
            "contactgegevens van de melder. Zo beschermen wij wie zorgen meldt (artikel 15, vierde lid, AVG). Hieronder "
            "staat wel wat er over u is gemeld.",
        ])

    def meldingen(self) -> Sectie:
        sectie = Sectie("Welke meldingen", [
            f"Over u {'is' if len(self.melding_ids) == 1 else 'zijn'} {len(self.melding_ids)} "
            f"{'melding' if len(self.melding_ids) == 1 else 'meldingen'} bij ons binnengekomen."
        ])
        anderen_per_melding = set(
            MeldingPersoon.objects.filter(melding_id__in=self.melding_ids).exclude(persoon=self.p).values_list("melding_id", flat=True)
        )
        statussen = {}
        for s in MeldingStatus.objects.filter(melding_id__in=self.melding_ids).order_by("tijdstip", "pk"):
            statussen.setdefault(s.melding_id, []).append(s)
        uitvragen = {}
        for u in InformatieUitvraag.objects.filter(melding_id__in=self.melding_ids).select_related("gemeente").order_by("gevraagd_op", "pk"):
            if u.persoon_id not in (None, self.p.pk):
                self.weggelaten["uitvragen"] += 1
                continue
            uitvragen.setdefault(u.melding_id, []).append(u)
        terug = {}
        for t in Terugkoppeling.objects.filter(melding_id__in=self.melding_ids).order_by("datum", "pk"):
            terug.setdefault(t.melding_id, []).append(t)

        opschalingen = {}
        for o in Opschaling.objects.filter(melding_id__in=self.melding_ids, casus__isnull=True).select_related("niveau"):
            opschalingen.setdefault(o.melding_id, []).append(o)
        for m in Melding.objects.filter(pk__in=self.melding_ids).select_related("gemeente", "thema").order_by("ontvangen_op", "pk"):
            regels = [
                ("Binnengekomen", f"{datum(m.ontvangen_op)} (via {m.get_kanaal_display().lower()})"),
                ("Soort melding", _keuze(m, "soort")),
                ("Onderwerp", m.thema.naam if m.thema_id else _keuze(m, "onderwerp")),
                ("Gemeente", str(m.gemeente) if m.gemeente_id else "onbekend"),
                ("Urgentie", _keuze(m, "urgentie")),
                ("Wat er gemeld is", self.tekst(m.omschrijving) or "(geen omschrijving)"),
            ]
            if m.pk in anderen_per_melding:
                regels.append(("", "In deze melding komen ook andere personen voor. Hun gegevens zijn weggelaten."))
            for s in statussen.get(m.pk, []):
                regels.append(("Verloop", f"{datum(s.tijdstip)}: {s.get_naar_display().lower()}"))
            for u in uitvragen.get(m.pk, []):
                regels.append(("Vraag aan de gemeente", f"{datum(u.gevraagd_op)}, aan {u.gemeente}: {self.tekst(u.vraag)}"))
                if u.antwoord:
                    regels.append(("Antwoord van de gemeente", f"{datum(u.beantwoord_op)}: {self.tekst(u.antwoord)}"))
            for t in terug.get(m.pk, []):
                regels.append(("Bericht aan de melder", f"{datum(t.datum)}: {self.tekst(t.tekst)}"))
            for o in opschalingen.get(m.pk, []):
                regels.append(("Opgeschaald", f"{datum(o.opgeschaald_op)} naar {o.niveau}: {self.tekst(o.reden)}"))
            sectie.onderdelen.append(Onderdeel(f"Melding van {datum(timezone.localtime(m.ontvangen_op).date())}", regels))
        return sectie

    def besluiten(self) -> Sectie:
        sectie = Sectie("Welke besluiten", [
            "Elke melding wordt op een briefing gewogen: komt zij in een casusoverleg of niet? Hieronder staan die besluiten "
            "en andere adviezen over u."
        ])
        for w in Weging.objects.filter(melding_id__in=self.melding_ids).select_related("besluit", "subreden", "briefing").order_by("gewogen_op", "pk"):
            regels = [("Besluit", str(w.besluit))]
            if w.subreden_id:
                regels.append(("Reden", str(w.subreden)))
            for letter in "abcd":
                if getattr(w, f"criterium_{letter}"):
                    regels.append(("Waarom", f"{w._meta.get_field(f'criterium_{letter}').verbose_name}"
                                   + (f": {self.tekst(getattr(w, f'motivatie_{letter}'))}" if getattr(w, f"motivatie_{letter}") else "")))
            if w.toelichting:
                regels.append(("Toelichting", self.tekst(w.toelichting)))
            sectie.onderdelen.append(Onderdeel(f"Besluit op de briefing van {datum(w.briefing.datum)}", regels))
        for z in ZsmAdvies.objects.filter(casus_id__in=self.casus_ids).order_by("vastgelegd_op", "pk"):
            sectie.onderdelen.append(Onderdeel(f"Advies aan ZSM (politie en justitie) van {datum(z.vastgelegd_op)}", [
                ("Korte schets", self.tekst(z.schets)),
                ("Gewenste maatregelen", self.tekst(z.gewenste_maatregelen)),
                ("Geldig tot en met", datum(z.geldig_tot)),
            ]))
        if not sectie.onderdelen:
            sectie.tekst.append("Er zijn nog geen besluiten over u genomen.")
        return sectie

    def casussen(self) -> Sectie:
        sectie = Sectie("Welke casussen en overleggen", [
            "Een casus is de samenwerking van organisaties rond u. Hieronder staat per casus wanneer die is besproken, "
            "wat er is afgesproken en hoe die liep."
        ])
        for c in Casus.objects.filter(pk__in=self.casus_ids).select_related("overlegtype", "gemeente").order_by("geopend_op", "pk"):
            regels = [
                ("Soort overleg", str(c.overlegtype)),
                ("Geopend op", datum(c.geopend_op)),
                ("Status", _keuze(c, "status")),
            ]
            if c.personen.exclude(pk=self.p.pk).exists():
                regels.append(("", "Bij deze casus zijn ook andere personen betrokken. Hun gegevens zijn weggelaten."))
            for b in Bespreking.objects.filter(casus=c).select_related("overleg__overlegtype").order_by("overleg__datum", "pk"):
                tekst = f"{b.overleg.overlegtype} van {datum(b.overleg.datum)}"
                regels.append(("Besproken", tekst))
                if b.notulen:
                    regels.append(("Verslag", self.tekst(b.notulen)))
                if b.besluiten:
                    regels.append(("Afspraken", self.tekst(b.besluiten)))
            plan = PlanVanAanpak.objects.filter(casus=c).first()
            if plan is not None:
                regels.append(("Plan van aanpak", f"{_keuze(plan, 'type')}"
                               + (f", vastgesteld op {datum(plan.vastgesteld_op)}" if plan.vastgesteld_op else "")))
                if plan.toelichting:
                    regels.append(("Over het plan", self.tekst(plan.toelichting)))
                for d in Doel.objects.filter(plan=plan).order_by("pk"):
                    regels.append(("Doel", f"{_keuze(d, 'leefgebied')}: {self.tekst(d.omschrijving)}"))
                for a in Actie.objects.filter(plan=plan).select_related("organisatie").order_by("deadline", "pk"):
                    regels.append(("Actie", f"{self.tekst(a.omschrijving)} (door {a.organisatie}, uiterlijk {datum(a.deadline)}, "
                                            f"{_keuze(a, 'status').lower()})"))
            for o in Opschaling.objects.filter(casus=c).select_related("niveau").order_by("opgeschaald_op", "pk"):
                regels.append(("Opgeschaald", f"{datum(o.opgeschaald_op)} naar {o.niveau}: {self.tekst(o.reden)}"))
                if o.genomen_besluit:
                    regels.append(("Besluit na opschaling", self.tekst(o.genomen_besluit)))
            for v in Verlenging.objects.filter(casus=c).order_by("pk"):
                regels.append(("Verlengd", f"tot {datum(v.tot)}: {self.tekst(v.reden)}"))
            for m in Monitoringcontact.objects.filter(casus=c).order_by("gepland_op", "pk"):
                uitgevoerd = f", gedaan op {datum(m.uitgevoerd_op)}" if m.uitgevoerd_op else ""
                toelichting = f": {self.tekst(m.toelichting)}" if m.toelichting else ""
                regels.append(("Vinger aan de pols", f"{m.termijn}, gepland op {datum(m.gepland_op)}{uitgevoerd}{toelichting}"))
            afsluiting = Afsluiting.objects.filter(casus=c).select_related("overgedragen_aan").first()
            if afsluiting is not None:
                uitkomsten = ", ".join(str(u) for u in afsluiting.uitkomsten.all())
                regels.append(("Afgesloten", f"{datum(afsluiting.datum)}: {_keuze(afsluiting, 'reden')}"
                               + (f" ({uitkomsten})" if uitkomsten else "")))
                if afsluiting.overgedragen_aan_id:
                    regels.append(("Overgedragen aan", str(afsluiting.overgedragen_aan)))
                if afsluiting.toelichting:
                    regels.append(("Toelichting bij de afsluiting", self.tekst(afsluiting.toelichting)))
            sectie.onderdelen.append(Onderdeel(f"Casus {c.nummer}", regels))
        if not sectie.onderdelen:
            sectie.tekst.append("Er is geen casus over u geopend.")
        return sectie

    def registraties(self) -> Sectie:
        """Police registrations and detention periods are kept only to measure whether the approach works;
        the person has the right to know they are here."""
        sectie = Sectie("Politieregistraties en detentie", [
            "Om te meten of de aanpak werkt, bewaren wij van personen met een casus de registraties van de politie "
            "en de perioden in detentie. Die gegevens komen van de politie en de Dienst Justitiële Inrichtingen."
        ])
        for m in Mutatie.objects.filter(persoon=self.p).order_by("datum", "pk"):
            delict = f", {self.tekst(m.delict)}" if m.delict else ""
            hg = ", huiselijk geweld" if m.huiselijk_geweld else ""
            sectie.tekst.append(f"Registratie op {datum(m.datum)} als {m.get_rol_display().lower()}{delict}{hg}.")
        for d in Detentie.objects.filter(persoon=self.p).order_by("begin", "pk"):
            einde = f"tot en met {datum(d.einde)}" if d.einde else "nog niet beëindigd"
            sectie.tekst.append(f"In detentie vanaf {datum(d.begin)}, {einde}.")
        if len(sectie.tekst) == 1:
            sectie.tekst = ["Wij hebben geen registraties van de politie of perioden in detentie over u."]
        return sectie

    def trajecten(self) -> Sectie | None:
        """Voluntary programmes paid from the Motie Van der Staaij funds, with what they help with. Few
        persons follow one; for the others the letter has no section rather than an empty one."""
        sectie = Sectie("Vrijwillige trajecten", [
            "Volgt u een vrijwillig traject dat wij betalen uit de middelen van de Motie Van der Staaij, dan leggen wij "
            "vast bij welke aanbieder, sinds wanneer, waarmee het u helpt en wat het kost."
        ])
        for t in VrijwilligTraject.objects.filter(persoon=self.p).prefetch_related("hulpvragen").order_by("gestart_op", "pk"):
            hulp = ", ".join(sorted(h.get_leefgebied_display().lower() for h in t.hulpvragen.all()))
            sectie.tekst.append(f"{t.get_soort_display()} bij {t.aanbieder}, gestart op {datum(t.gestart_op)}"
                                + (f", hulp bij: {hulp}" if hulp else "") + f"; kosten {euro(t.kosten, cent=True)}.")
        return sectie if len(sectie.tekst) > 1 else None

    def verzoeken(self) -> Sectie:
        sectie = Sectie("Uw verzoeken over uw gegevens", [])
        for v in Verzoek.objects.filter(persoon=self.p).order_by("ontvangen_op", "pk"):
            afgehandeld = (f"afgehandeld op {datum(v.afgehandeld_op)}: {v.get_besluit_display().lower()}"
                           if v.afgehandeld_op else "nog in behandeling")
            sectie.tekst.append(f"{v.get_soort_display()}, ontvangen op {datum(v.ontvangen_op)}, {afgehandeld}.")
        for b in Beperking.objects.filter(persoon=self.p).order_by("sinds", "pk"):
            tot = f" tot en met {datum(b.tot)}" if b.tot else ""
            sectie.tekst.append(f"Het gebruik van uw gegevens is beperkt vanaf {datum(b.sinds)}{tot}.")
        if not sectie.tekst:
            sectie.tekst.append("Geen.")
        return sectie

    def inzage_door_anderen(self) -> Sectie:
        """NEN 7513: which organisations saw the data, when and why. Per day, organisation and action."""
        sectie = Sectie("Wie heeft uw gegevens ingezien", [
            "Elke keer dat iemand uw gegevens bekijkt, zoekt of downloadt, leggen wij dat vast. Hieronder staat per dag welke "
            "organisatie dat deed, wat en waarom. Namen van medewerkers geven wij niet; u kunt ernaar vragen."
        ])
        groepen: dict[tuple, int] = {}
        for t in Toegangslog.objects.filter(persoon_id=self.p.pk).order_by("tijdstip", "pk"):
            sleutel = (datum(timezone.localtime(t.tijdstip).date()), t.organisatie or "onbekende organisatie",
                       t.get_actie_display().lower(), t.objecttype, t.doel)
            groepen[sleutel] = groepen.get(sleutel, 0) + 1
        regels = [
            ("", f"{dag}: {organisatie}, {actie} ({objecttype}), {doel}" + (f" ({n} keer)" if n > 1 else ""))
            for (dag, organisatie, actie, objecttype, doel), n in groepen.items()
        ]
        if regels:
            sectie.onderdelen.append(Onderdeel("Inzage", regels))
        else:
            sectie.tekst.append("Niemand heeft uw gegevens ingezien.")
        # Changes: what kind of record and when, not the old and new values (which can hold others' data).
        objecten = [("persoon", {self.p.pk}), ("melding", self.melding_ids), ("casus", self.casus_ids)]
        filter_ = Q(pk__in=[])
        for objecttype, ids in objecten:
            if ids:
                filter_ |= Q(objecttype=objecttype, object_id__in=ids)
        wijzigingen = {}
        for m in Mutatielog.objects.filter(filter_).order_by("tijdstip", "pk"):
            sleutel = (datum(timezone.localtime(m.tijdstip).date()), m.objecttype, m.actie)
            wijzigingen[sleutel] = wijzigingen.get(sleutel, 0) + 1
        if wijzigingen:
            sectie.onderdelen.append(Onderdeel("Wijzigingen", [
                ("", f"{dag}: {objecttype} {actie}" + (f" ({n} keer)" if n > 1 else ""))
                for (dag, objecttype, actie), n in wijzigingen.items()
            ]))
        return sectie

    def weggelaten_zinnen(self) -> list[str]:
        zinnen = []
        if self.weggelaten["melder"]:
            zinnen.append("wie u heeft gemeld: de naam, de organisatie en de contactgegevens van de melder;")
        if self.weggelaten["anderen"]:
            zinnen.append("de namen en andere gegevens van andere personen die in dezelfde melding of casus voorkomen;")
        if self.weggelaten["uitvragen"]:
            zinnen.append("wat de gemeente over andere personen heeft geantwoord;")
        if zinnen:
            zinnen.append(f"in teksten zijn namen en contactgegevens van anderen vervangen door {WEGGELATEN};")
        zinnen.append("namen van medewerkers: u ziet per organisatie wie uw gegevens zag of wijzigde.")
        return zinnen


def opstellen(persoon: Persoon, *, huis: str = "het Zorg- en Veiligheidshuis") -> Document:
    o = _Opsteller(persoon)
    secties = [o.persoonsgegevens(), o.melder(), o.meldingen(), o.besluiten(), o.casussen(), o.registraties(), o.trajecten(),
               o.verzoeken(), o.inzage_door_anderen()]
    secties = [s for s in secties if s is not None]
    nu = timezone.localtime()
    return Document(
        titel=f"Uw gegevens bij {huis}",
        opgesteld_op=datum(nu),
        inleiding=[
            f"U heeft gevraagd welke gegevens wij over u hebben (artikel 15 van de Algemene verordening "
            f"gegevensbescherming, AVG). In dit overzicht staat alles wat {huis} over u heeft vastgelegd: "
            "de meldingen over u, de besluiten, de casussen en overleggen, en wie uw gegevens heeft ingezien.",
            f"Dit overzicht is opgesteld op {datum(nu)}.",
        ],
        weggelaten=["Gegevens van anderen zijn weggelaten:", *o.weggelaten_zinnen()],
        secties=secties,
    )
