"""Demo data: two years of a house the size of Hollands Midden, ending today.

Built in memory and written with bulk_create instead of through the services: the services log every
step and would take minutes for 3,000 meldingen. The rows are the ones the services would have
written (status history, agenda, weging, case opened or joined, inbrenger), with historical
timestamps. The change and access logs stay empty: they record real use, not the seeding.
Deterministic: Faker and random are seeded, so the same day gives the same data.
"""
from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, time as dtime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from faker import Faker

from schakel.briefing.models import Agendapunt, BesluitOptie, Briefing, Weging
from schakel.casussen.models import Casus, CasusBetrokkenheid, CasusStatus
from schakel.gebruikers.models import Gebruiker, GebruikerRol
from schakel.gebruikers.rollen import Rol
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding, MeldingPersoon, MeldingStatus, Terugkoppeling, Thema
from schakel.overleggen.models import Overlegtype
from schakel.partners.models import Organisatie
from schakel.personen.models import Persoon, zoeknaam
from schakel.uitvragen.models import InformatieUitvraag

from .bulk import (
    EXTRA_ACHTERNAMEN, GEMEENTE_GEWICHTEN, KANAAL_PER_MELDER, MELDER_GEWICHTEN, OMSCHRIJVING_CONTEXT,
    OMSCHRIJVING_OPENING, OMSCHRIJVING_VRAAG, THEMA_PER_MELDER, gewogen_keuze, historische_tijdstempels,
    splits_achternaam,
)
from .referentie import laad_referentiedata

DEMO_SEED = 2026
DAGEN = 730
AANTAL_MELDINGEN = 3000
AANTAL_PERSONEN = 2200
NOG_TE_AGENDEREN = 15
ZONDER_TERUGKOPPELING = 20
VSH = "zvh-hollands-midden"


@dataclass(frozen=True)
class DemoGebruiker:
    gebruikersnaam: str
    voornaam: str
    achternaam: str
    rol: Rol
    organisatie: str
    contactgemeenten: tuple[str, ...] = ()


DEMO_GEBRUIKERS = [
    DemoGebruiker("ic.demo", "Sanne", "de Vries", Rol.INFORMATIECOORDINATOR, VSH),
    DemoGebruiker("pr.demo", "Mark", "Jansen", Rol.PROCESREGISSEUR, VSH),
    DemoGebruiker("politie.demo", "Kees", "Bakker", Rol.PARTNER, "politie"),
    DemoGebruiker("reclassering.demo", "Fatima", "El Idrissi", Rol.PARTNER, "reclassering"),
    DemoGebruiker("gemeente.leiden.demo", "Eva", "Visser", Rol.GEMEENTE_CONTACT, "gemeente-leiden", ("leiden",)),
    # Second municipal contact so the demo shows that Leiden does not see Gouda's requests.
    DemoGebruiker("gemeente.gouda.demo", "Joost", "Verhoeven", Rol.GEMEENTE_CONTACT, "gemeente-gouda", ("gouda",)),
    DemoGebruiker("zsm.demo", "Jeroen", "Smit", Rol.ZSM, "om"),
    DemoGebruiker("ketenmanager.demo", "Ingrid", "Mulder", Rol.KETENMANAGER, VSH),
    DemoGebruiker("fg.demo", "Thomas", "van Dijk", Rol.PRIVACY_OFFICER, VSH),
    DemoGebruiker("beheer.demo", "Lotte", "Bos", Rol.FUNCTIONEEL_BEHEERDER, VSH),
]
DEMO_MARKER = "ic.demo"

# Decision mix of the seed table (focus ~4%, nazorg ~13%, bilateraal ~44%, vrijwillig ~0.5%,
# opschalen ~0.2%, geen vervolg ~38%). Detentiemeldingen (about a fifth) go mostly to nazorg, so the
# other meldingen get the remainder to keep the overall mix.
BESLUIT_DETENTIE = {"agenderen_nazorg": 50, "bilateraal": 20, "geen_vervolg": 30}
BESLUIT_OVERIG = {"agenderen_focus": 5, "agenderen_nazorg": 3.75, "bilateraal": 50, "vrijwillig_traject": 0.625,
                  "opschalen": 0.25, "geen_vervolg": 40}
GEEN_VERVOLG_REDEN = {"geen_vervolg_belegd": 40, "geen_vervolg_uitgesteld": 15, "geen_vervolg_informeren": 30,
                      "geen_vervolg_past_niet": 15}
# Chance per criterion (A, B, C, D) by decision: the heavier the decision, the more criteria hold.
CRITERIA_KANS = {
    "agenderen_focus": (0.95, 0.95, 0.9, 0.3), "opschalen": (0.95, 0.95, 0.9, 0.5),
    "agenderen_nazorg": (0.85, 0.8, 0.6, 0.1), "vrijwillig_traject": (0.7, 0.7, 0.5, 0.05),
    "bilateraal": (0.5, 0.4, 0.3, 0.04), "geen_vervolg": (0.25, 0.15, 0.15, 0.02),
}
MOTIVATIE = {
    "a": ["Problemen op het gebied van wonen, financiën en verslaving.", "Psychische klachten, schulden en geen dagbesteding.",
          "Middelengebruik, dakloosheid en justitiecontacten."],
    "b": ["Inzet van straf-, zorg- en bestuursketen nodig.", "Politie, reclassering en gemeente moeten samenwerken.",
          "Zorgpartners en justitie hebben elk een deel van het beeld."],
    "c": ["Gezinsleden en kinderen ondervinden direct de gevolgen.", "Buurt ervaart ernstige overlast en onveiligheid.",
          "Ex-partner en kinderen voelen zich niet veilig."],
    "d": ["Ernstige dreiging voor de openbare orde in de wijk.", "Gebiedsgebonden problematiek met ondermijnende trekken."],
}
TOELICHTING = {
    "agenderen_focus": "Complexe casus; agenderen op het focusoverleg met de betrokken partners.",
    "agenderen_nazorg": "Agenderen op het nazorgoverleg; gemeente pakt wonen, inkomen en ID-bewijs op.",
    "bilateraal": "Partners stemmen bilateraal af; procesregisseur bewaakt de afspraak.",
    "vrijwillig_traject": "Betrokkene staat open voor hulp; vrijwillig traject via het wijkteam.",
    "opschalen": "Situatie escaleert; opschalen naar de driehoek.",
    "geen_vervolg_belegd": "Plan van aanpak loopt al bij een partner; geen rol voor het huis.",
    "geen_vervolg_uitgesteld": "Besluit uitgesteld tot de informatie van de gemeente binnen is.",
    "geen_vervolg_informeren": "Partners zijn geïnformeerd; geen verdere actie vanuit het huis.",
    "geen_vervolg_past_niet": "Enkelvoudige problematiek; past niet binnen het Veiligheidshuis.",
}
TERUGKOPPELING_TEKST = {
    "agenderen_focus": "Melder geïnformeerd dat de casus op het focusoverleg wordt besproken.",
    "agenderen_nazorg": "Melder geïnformeerd dat betrokkene wordt gemonitord in het nazorgoverleg.",
    "bilateraal": "Melder geïnformeerd over de bilaterale afspraak tussen de partners.",
    "vrijwillig_traject": "Melder geïnformeerd dat een vrijwillig traject wordt ingezet.",
    "opschalen": "Melder geïnformeerd dat de casus is opgeschaald.",
    "geen_vervolg": "Melder geïnformeerd dat de casus geen vervolg krijgt binnen het huis, met de reden.",
}
WIJKEN = {
    "leiden": ["Stevenshof", "Merenwijk", "De Kooi", "Slaaghwijk", "Noorderkwartier"],
    "gouda": ["Korte Akkeren", "Oosterwei", "Goverwelle", "Bloemendaal", "Kort Haarlem"],
}
GENODIGD = {
    "focus": ["politie", "om", "reclassering", "ggz", "veilig-thuis", "svg", "leger-des-heils"],
    "nazorg": ["reclassering", "dji", "svg", "leger-des-heils", "ggz"],
}


@dataclass
class _Melding:
    obj: Melding
    persoon_idx: list[int]
    melder: str
    statussen: list[tuple[str, str, datetime, str]] = field(default_factory=list)  # (van, naar, tijdstip, toelichting)
    besluit_code: str = ""
    gewogen_op: datetime | None = None


@dataclass
class _Casus:
    obj: Casus
    overleg: str
    sluit: datetime
    persoon_idx: set[int] = field(default_factory=set)
    orgs: dict[str, str] = field(default_factory=dict)  # org code -> rol


class _Bouwer:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        Faker.seed(seed)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.tz = timezone.get_current_timezone()
        self.nu = timezone.now()
        self.vandaag = timezone.localdate()
        self.begin = self.vandaag - timedelta(days=DAGEN)
        self.gemeenten = {g.code: g for g in Gemeente.objects.all()}
        self.orgs = {o.code: o for o in Organisatie.objects.all()}
        self.themas = {t.code: t for t in Thema.objects.all()}
        self.overlegtypen = {o.code: o for o in Overlegtype.objects.all()}
        self.besluiten = {b.code: b for b in BesluitOptie.objects.all()}
        self.tellingen: dict[str, int] = {}

    def moment(self, dag: date, uur: int, minuut: int = 0) -> datetime:
        return datetime.combine(dag, dtime(uur, minuut), tzinfo=self.tz)

    def tel(self, naam: str, rijen: list) -> list:
        self.tellingen[naam] = self.tellingen.get(naam, 0) + len(rijen)
        return rijen

    # --- Gebruikers -----------------------------------------------------------------------------
    def gebruikers(self) -> None:
        self.users = {}
        for d in DEMO_GEBRUIKERS:
            user = Gebruiker(username=d.gebruikersnaam, first_name=d.voornaam, last_name=d.achternaam,
                             email=f"{d.gebruikersnaam}@example.nl", organisatie=self.orgs[d.organisatie])
            user.set_password(settings.SCHAKEL_DEMO_PASSWORD)
            user.save()
            GebruikerRol.objects.create(gebruiker=user, rol=d.rol)
            if d.contactgemeenten:
                user.contactgemeenten.set([self.gemeenten[c] for c in d.contactgemeenten])
            self.users[d.gebruikersnaam] = user
        self.ic = self.users["ic.demo"]
        self.pr = self.users["pr.demo"]
        self.tel("gebruikers", DEMO_GEBRUIKERS)

    # --- Personen -------------------------------------------------------------------------------
    def personen(self) -> None:
        rng, fake = self.rng, self.fake
        G = Persoon.Geslacht
        codes = [c for c in GEMEENTE_GEWICHTEN if c in self.gemeenten]
        woon = rng.choices(codes, weights=[GEMEENTE_GEWICHTEN[c] for c in codes], k=AANTAL_PERSONEN)
        geslachten = gewogen_keuze(rng, {G.MAN: 72, G.VROUW: 26, G.ANDERS: 1, G.ONBEKEND: 1}, AANTAL_PERSONEN)
        bsns: set[str] = set()
        self.persoon_lijst = []
        for i in range(AANTAL_PERSONEN):
            geslacht = geslachten[i]
            voornaam = fake.first_name_female if geslacht == G.VROUW else fake.first_name_male
            voornamen = voornaam() if rng.random() < 0.6 else f"{voornaam()} {voornaam()}"
            if rng.random() < 0.12:
                tv, achternaam = "", rng.choice(EXTRA_ACHTERNAMEN)
            else:
                tv, achternaam = splits_achternaam(fake.last_name())
            bsn = None
            if woon[i] != "geen-gba" and rng.random() < 0.72:
                while bsn is None or bsn in bsns:
                    bsn = fake.ssn()
                bsns.add(bsn)
            geboren = None if rng.random() < 0.03 else self.vandaag - timedelta(days=rng.randint(14 * 365, 75 * 365))
            aliassen = f"{achternaam[:1]}. {fake.first_name_male()}" if rng.random() < 0.03 else ""
            self.persoon_lijst.append(Persoon(
                bsn=bsn, voornamen=voornamen, tussenvoegsel=tv, achternaam=achternaam, geboortedatum=geboren,
                geslacht=geslacht, gemeente=self.gemeenten[woon[i]], aliassen=aliassen, zoeknaam=zoeknaam(achternaam),
            ))

    # --- Meldingen ------------------------------------------------------------------------------
    def meldingen(self) -> None:
        rng = self.rng
        S, O, Soort = Melding.Status, Melding.Onderwerp, Melding.Soort
        # Fewer meldingen at weekends; police reports arrive at any hour, the rest in office hours.
        dagen = [self.begin + timedelta(days=d) for d in range(1, DAGEN + 1)]
        dag_gewichten = [0.35 if d.weekday() >= 5 else 1.0 for d in dagen]
        gekozen_dagen = sorted(rng.choices(dagen, weights=dag_gewichten, k=AANTAL_MELDINGEN))
        # Some detentiemeldingen turn into police meldingen below (own-aftercare municipalities), so DJI
        # is drawn a little more often to land at its share.
        melders = gewogen_keuze(rng, {**MELDER_GEWICHTEN, "dji": MELDER_GEWICHTEN["dji"] * 1.3}, AANTAL_MELDINGEN)
        soorten = gewogen_keuze(rng, {Soort.CASUS: 85, Soort.INFORMATIEVRAAG: 7, Soort.ADVIES: 5, Soort.CONTACTVERZOEK: 3},
                                AANTAL_MELDINGEN)
        plannen = []
        for i in range(AANTAL_MELDINGEN):
            soort = Soort.CASUS if melders[i] == "dji" else soorten[i]
            anoniem = soort == Soort.ADVIES and rng.random() < 0.5
            r = rng.random()
            onderwerp = O.GEBIED if r < 0.03 else O.GEZIN if r < 0.12 else O.PERSOON
            if melders[i] == "dji":
                onderwerp = O.PERSOON
            aantal = 0 if anoniem or onderwerp == O.GEBIED else (rng.randint(2, 3) if onderwerp == O.GEZIN else
                                                                (2 if rng.random() < 0.05 else 1))
            plannen.append((soort, anoniem, onderwerp, aantal))

        # Repeat reports: fresh persons keep appearing so that all are used by the end; otherwise a
        # person already known is picked, with preference for those reported often.
        totaal_links = sum(p[3] for p in plannen)
        nieuw = 0
        links_over = totaal_links
        eerder: list[int] = []

        def kies() -> int:
            nonlocal nieuw
            if nieuw < AANTAL_PERSONEN and (not eerder or rng.random() < (AANTAL_PERSONEN - nieuw) / links_over):
                nieuw += 1
                return nieuw - 1
            return rng.choice(eerder) if rng.random() < 0.6 else rng.randrange(nieuw)

        regulier = [c for c in GEMEENTE_GEWICHTEN if c in self.gemeenten and c not in ("buiten-regio", "geen-gba")]
        self.melding_lijst: list[_Melding] = []
        for i, (soort, anoniem, onderwerp, aantal) in enumerate(plannen):
            idx: list[int] = []
            while len(idx) < aantal:
                p = kies()
                links_over -= 1
                # Municipalities with their own aftercare get no detentiemeldingen at the briefing.
                # A fresh person is kept (every person belongs to a melding); the melding then comes from the police.
                if melders[i] == "dji" and self.persoon_lijst[p].gemeente.eigen_nazorg and p != nieuw - 1:
                    continue
                if p not in idx:
                    idx.append(p)
            eerder.extend(idx)
            if idx:
                gemeente = self.persoon_lijst[idx[0]].gemeente
            else:
                gemeente = self.gemeenten[rng.choices(regulier, weights=[GEMEENTE_GEWICHTEN[c] for c in regulier])[0]]
            melder = melders[i]
            if melder == "dji" and (gemeente.eigen_nazorg or not idx):
                melder = "politie"
            org_code = melder
            if melder == "gemeente":
                org_code = f"gemeente-{gemeente.code}" if f"gemeente-{gemeente.code}" in self.orgs else "gemeente-leiden"
            sleutel = melder if melder in KANAAL_PER_MELDER else "*"
            kanaal = gewogen_keuze(rng, KANAAL_PER_MELDER[sleutel], 1)[0]
            thema = gewogen_keuze(rng, THEMA_PER_MELDER[melder], 1)[0]
            uur = rng.randint(0, 23) if melder == "politie" else rng.randint(8, 17)
            ontvangen = self.moment(gekozen_dagen[i], uur, rng.randint(0, 59))
            if ontvangen > self.nu:
                ontvangen = self.nu - timedelta(minutes=rng.randint(5, 120))
            wijk = rng.choice(WIJKEN.get(gemeente.code, ["centrum", "de oude kern", "het buitengebied"]))
            delen = [OMSCHRIJVING_OPENING[thema]]
            if onderwerp == O.GEBIED:
                delen = [f"Signalen over de wijk {wijk}: overlast van jongeren, drugshandel en intimidatie van bewoners."]
            delen += rng.sample(OMSCHRIJVING_CONTEXT, rng.randint(1, 3))
            delen.append(rng.choice(OMSCHRIJVING_VRAAG))
            melder_naam = self.fake.name()
            org = self.orgs[org_code]
            contact = (f"{melder_naam.split()[0][0].lower()}.{melder_naam.split()[-1].lower()}@{org_code}.example.nl"
                       if rng.random() < 0.7 else self.fake.phone_number())
            r = rng.random()
            urgentie = Melding.Urgentie.SPOED if r < 0.03 else Melding.Urgentie.HOOG if r < 0.15 else Melding.Urgentie.NORMAAL
            obj = Melding(
                ontvangen_op=ontvangen, kanaal=kanaal, soort=soort, anoniem=anoniem, onderwerp=onderwerp,
                gebied=wijk if onderwerp == O.GEBIED else "", melder_organisatie=org, melder_naam=melder_naam,
                melder_contact=contact, gemeente=gemeente, thema=self.themas[thema], omschrijving=" ".join(delen),
                urgentie=urgentie, lopend_bij_veilig_thuis=melder == "veilig-thuis" or (thema == "huiselijk-geweld" and rng.random() < 0.1),
                lopend_bij_zsm=kanaal == Melding.Kanaal.ZSM, status=S.GEREGISTREERD, geregistreerd_door=self.ic,
                geregistreerd_op=ontvangen + timedelta(minutes=rng.randint(5, 180)),
            )
            if obj.geregistreerd_op > self.nu:
                obj.geregistreerd_op = self.nu
            m = _Melding(obj=obj, persoon_idx=idx, melder=org_code)
            m.statussen.append(("", S.GEREGISTREERD, obj.geregistreerd_op, "Geregistreerd"))
            self.melding_lijst.append(m)
            for p in idx:
                persoon = self.persoon_lijst[p]
                if persoon.aangemaakt_op is None:
                    persoon.aangemaakt_op = obj.geregistreerd_op
        for persoon in self.persoon_lijst:
            if persoon.aangemaakt_op is None:
                persoon.aangemaakt_op = self.moment(self.begin, 9)

    # --- Briefings, wegingen en casussen ---------------------------------------------------------
    def briefings(self) -> None:
        rng = self.rng
        S = Melding.Status
        # Twice a week, Tuesday and Thursday mornings.
        datums = [self.begin + timedelta(days=d) for d in range(1, DAGEN + 1)]
        # Today's briefing only counts once it has been held.
        datums = [d for d in datums if d.weekday() in (1, 3) and self.moment(d, 12) < self.nu]
        self.briefing_lijst = [Briefing(datum=d, voorzitter=self.pr, aangemaakt_op=self.moment(d - timedelta(days=1), 16))
                               for d in datums]
        weegploeg_codes = [VSH, "politie", "om", "reclassering", "ggz", "veilig-thuis", "gemeente-leiden", "gemeente-gouda"]
        self.weegploeg = [(b, [c for c in weegploeg_codes if c in (VSH, "politie", "om") or rng.random() < 0.7])
                          for b in self.briefing_lijst]
        self.agendapunten: list[Agendapunt] = []
        self.wegingen: list[Weging] = []
        self.casussen: list[_Casus] = []
        volgorde = {id(b): 0 for b in self.briefing_lijst}

        wachtend = self.melding_lijst[:-NOG_TE_AGENDEREN]
        b_idx = 0
        for m in wachtend:
            dag = m.obj.ontvangen_op.astimezone(self.tz).date()
            while b_idx < len(datums) and datums[b_idx] <= dag:
                b_idx += 1
            if b_idx >= len(datums):
                continue
            self._weeg(m, b_idx, volgorde, rng)
            laatste = m.statussen[-1]
            # A postponed decision comes back on a briefing a week or two later.
            if m.besluit_code == "geen_vervolg_uitgesteld" and b_idx + 3 < len(datums):
                self._weeg(m, b_idx + rng.randint(2, 3), volgorde, rng, van=S.GEWOGEN, na=laatste[2])

    def _weeg(self, m: _Melding, b_idx: int, volgorde: dict, rng: random.Random, van: str = "", na=None) -> None:
        S = Melding.Status
        briefing = self.briefing_lijst[b_idx]
        volgorde[id(briefing)] += 1
        nr = volgorde[id(briefing)]
        self.agendapunten.append(Agendapunt(briefing=briefing, melding=m.obj, volgorde=nr))
        geagendeerd = max(self.moment(briefing.datum, 8), (na or m.obj.geregistreerd_op) + timedelta(minutes=15))
        m.statussen.append((van or S.GEREGISTREERD, S.GEAGENDEERD, geagendeerd, str(briefing)))

        verdeling = BESLUIT_DETENTIE if m.obj.kanaal == Melding.Kanaal.DETENTIEMELDING else BESLUIT_OVERIG
        besluit = gewogen_keuze(rng, verdeling, 1)[0]
        subreden = None
        if besluit == "geen_vervolg":
            redenen = dict(GEEN_VERVOLG_REDEN)
            if van:  # the second time round the decision is not postponed again
                redenen.pop("geen_vervolg_uitgesteld")
            subreden = gewogen_keuze(rng, redenen, 1)[0]
        kans = CRITERIA_KANS[besluit]
        a, b, c, d = (rng.random() < k for k in kans)
        gewogen_op = self.moment(briefing.datum, 9, 30) + timedelta(minutes=3 * nr)
        if gewogen_op <= geagendeerd:
            gewogen_op = geagendeerd + timedelta(minutes=5)
        optie = self.besluiten[besluit]
        weging = Weging(
            briefing=briefing, melding=m.obj, besluit=optie, subreden=self.besluiten[subreden] if subreden else None,
            criterium_a=a, motivatie_a=rng.choice(MOTIVATIE["a"]) if a else "",
            criterium_b=b, motivatie_b=rng.choice(MOTIVATIE["b"]) if b else "",
            criterium_c=c, motivatie_c=rng.choice(MOTIVATIE["c"]) if c else "",
            criterium_d=d, motivatie_d=rng.choice(MOTIVATIE["d"]) if d else "",
            voldoet_aan_kader=Weging.kader(a, b, c, d),
            met_client=(rng.choice([Weging.MetClient.MET, Weging.MetClient.ZONDER, Weging.MetClient.ZONDER])
                        if besluit == "agenderen_focus" else Weging.MetClient.NVT),
            toelichting=TOELICHTING[subreden or besluit], gewogen_door=self.pr, gewogen_op=gewogen_op,
        )
        if optie.overlegtype_id is not None:
            weging.casus = self._casus(m, optie.overlegtype, gewogen_op, rng)
        self.wegingen.append(weging)
        m.statussen.append((S.GEAGENDEERD, S.GEWOGEN, gewogen_op, f"Besluit: {optie}"))
        m.besluit_code = subreden or besluit
        m.gewogen_op = gewogen_op
        m.obj.status = S.GEWOGEN

    def _casus(self, m: _Melding, overlegtype: Overlegtype, tijdstip: datetime, rng: random.Random) -> Casus:
        """Same rule as open_of_koppel_casus: a person in an active case of this type joins it."""
        casus = None
        for c in self.casussen:
            if (c.overleg == overlegtype.code and c.obj.geopend_op <= tijdstip < c.sluit
                    and c.persoon_idx.intersection(m.persoon_idx)):
                casus = c
                break
        if casus is None:
            obj = Casus(onderwerp=m.obj.onderwerp, overlegtype=overlegtype, gemeente=m.obj.gemeente, thema=m.obj.thema,
                        procesregisseur=self.pr, geopend_op=tijdstip, geopend_door=self.pr)
            casus = _Casus(obj=obj, overleg=overlegtype.code, sluit=tijdstip + timedelta(days=rng.randint(60, 300)))
            self.casussen.append(casus)
            gemeente_org = f"gemeente-{m.obj.gemeente.code}"
            kandidaten = GENODIGD.get(overlegtype.code, GENODIGD["focus"])
            genodigd = rng.sample([k for k in kandidaten if k != m.melder], rng.randint(1, 3))
            if gemeente_org in self.orgs and gemeente_org != m.melder:
                genodigd.append(gemeente_org)
            for org in genodigd:
                casus.orgs.setdefault(org, CasusBetrokkenheid.Rol.GENODIGD)
        casus.persoon_idx.update(m.persoon_idx)
        casus.orgs[m.melder] = CasusBetrokkenheid.Rol.INBRENGER
        m.obj.casus = casus.obj
        return casus.obj

    # --- Terugkoppeling en uitvragen ---------------------------------------------------------------
    def terugkoppelingen(self) -> list[Terugkoppeling]:
        rng = self.rng
        gewogen = sorted((m for m in self.melding_lijst if m.gewogen_op), key=lambda m: m.gewogen_op)
        rijen = []
        T = Terugkoppeling.Kanaal
        for m in gewogen[:-ZONDER_TERUGKOPPELING]:
            datum = min(m.gewogen_op.astimezone(self.tz).date() + timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 5])),
                        self.vandaag)
            vastgelegd = min(self.moment(datum, 15, rng.randint(0, 59)), self.nu)
            hoofd = m.besluit_code if m.besluit_code in TERUGKOPPELING_TEKST else "geen_vervolg"
            rijen.append(Terugkoppeling(
                melding=m.obj, datum=datum, kanaal=gewogen_keuze(rng, {T.MAIL: 55, T.TELEFOON: 30, T.OVERLEG: 10, T.BRIEF: 5}, 1)[0],
                tekst=TERUGKOPPELING_TEKST[hoofd], door=self.ic, vastgelegd_op=max(vastgelegd, m.gewogen_op),
            ))
        return rijen

    def uitvragen(self) -> list[InformatieUitvraag]:
        rng = self.rng
        grens = self.nu - timedelta(days=42)
        recent = [m for m in self.melding_lijst if m.obj.ontvangen_op >= grens and m.persoon_idx]
        hoofd = [m for m in recent if m.obj.gemeente.code in ("leiden", "gouda")]
        overig = [m for m in recent if m.obj.gemeente.code not in ("leiden", "gouda")]
        gekozen = rng.sample(hoofd, min(len(hoofd), 32)) + rng.sample(overig, min(len(overig), 6))
        contact = {"leiden": self.users["gemeente.leiden.demo"], "gouda": self.users["gemeente.gouda.demo"]}
        rijen = []
        for m in sorted(gekozen, key=lambda m: m.obj.ontvangen_op):
            gevraagd = min(m.obj.geregistreerd_op + timedelta(hours=rng.randint(1, 6)), self.nu)
            beantwoord = gevraagd + timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 6))
            # Open when still waiting: not yet weighed or asked only days ago.
            open_ = m.gewogen_op is None or beantwoord > self.nu
            if not open_ and m.gewogen_op and beantwoord > m.gewogen_op:
                beantwoord = max(gevraagd + timedelta(hours=2), m.gewogen_op - timedelta(hours=2))
            u = InformatieUitvraag(
                melding=m.obj, gemeente=m.obj.gemeente, persoon=self.persoon_lijst[m.persoon_idx[0]],
                vraag="Is betrokkene bekend bij de gemeente, en zo ja: lopen er trajecten bij Werk & Inkomen, "
                      "schuldhulpverlening of het wijkteam?",
                afdelingen="Werk & Inkomen, schuldhulpverlening, wijkteam", gevraagd_door=self.ic, gevraagd_op=gevraagd,
            )
            if not open_:
                u.status = InformatieUitvraag.Status.BEANTWOORD
                u.antwoord = rng.choice([
                    "Betrokkene is bekend bij schuldhulpverlening; traject gestopt wegens geen contact.",
                    "Betrokkene ontvangt een bijstandsuitkering; wijkteam heeft sinds drie maanden geen contact.",
                    "Niet bekend bij Werk & Inkomen of het wijkteam.",
                    "Lopende melding bij het wijkteam over woonoverlast; contactpersoon is bekend bij de procesregisseur.",
                ])
                u.beantwoord_door = contact.get(m.obj.gemeente.code, self.ic)
                u.beantwoord_op = beantwoord
            rijen.append(u)
        return rijen

    # --- Schrijven ------------------------------------------------------------------------------
    def schrijf(self) -> None:
        bc = lambda model, rijen: model.objects.bulk_create(self.tel(model._meta.verbose_name_plural, rijen), batch_size=2000)  # noqa: E731
        historie = self._casus_historie()
        with historische_tijdstempels(Persoon, Melding, Briefing, Terugkoppeling):
            bc(Persoon, self.persoon_lijst)
            bc(Casus, [c.obj for c in self.casussen])
            bc(Melding, [m.obj for m in self.melding_lijst])
            bc(MeldingPersoon, [MeldingPersoon(melding=m.obj, persoon=self.persoon_lijst[p])
                                for m in self.melding_lijst for p in m.persoon_idx])
            bc(MeldingStatus, [MeldingStatus(melding=m.obj, van=van, naar=naar, door=self.ic if naar == "geregistreerd" else self.pr,
                                             tijdstip=t, toelichting=toel)
                               for m in self.melding_lijst for van, naar, t, toel in m.statussen])
            bc(Briefing, self.briefing_lijst)
            Weegploeg = Briefing.weegploeg.through
            Weegploeg.objects.bulk_create([Weegploeg(briefing=b, organisatie=self.orgs[c]) for b, codes in self.weegploeg
                                           for c in codes], batch_size=2000)
            bc(Agendapunt, self.agendapunten)
            bc(Weging, self.wegingen)
            bc(Terugkoppeling, self.terugkoppelingen())
            bc(InformatieUitvraag, self.uitvragen())
            CasusPersoon = Casus.personen.through
            CasusPersoon.objects.bulk_create([CasusPersoon(casus=c.obj, persoon=self.persoon_lijst[p])
                                              for c in self.casussen for p in sorted(c.persoon_idx)], batch_size=2000)
            bc(CasusBetrokkenheid, [CasusBetrokkenheid(casus=c.obj, organisatie=self.orgs[org], rol=rol, sinds=c.obj.geopend_op)
                                    for c in self.casussen for org, rol in c.orgs.items()])
            bc(CasusStatus, historie)

    def _casus_historie(self) -> list[CasusStatus]:
        """Cases run their course: in treatment after two weeks, closed on their planned end date."""
        S = Casus.Status
        historie = []
        for c in self.casussen:
            geopend = c.obj.geopend_op
            historie.append(CasusStatus(casus=c.obj, van="", naar=S.AANGEMELD, door=self.pr, tijdstip=geopend,
                                        toelichting="Geopend door weging"))
            status = S.AANGEMELD
            if geopend + timedelta(days=14) < self.nu:
                status = S.IN_BEHANDELING
                historie.append(CasusStatus(casus=c.obj, van=S.AANGEMELD, naar=status, door=self.pr,
                                            tijdstip=geopend + timedelta(days=14)))
            if c.sluit < self.nu:
                historie.append(CasusStatus(casus=c.obj, van=status, naar=S.AFGESLOTEN, door=self.pr, tijdstip=c.sluit,
                                            toelichting="Doelen plan van aanpak bereikt"))
                status = S.AFGESLOTEN
            c.obj.status = status
        return historie


def demo_aanwezig() -> bool:
    return Gebruiker.objects.filter(username=DEMO_MARKER).exists()


def bouw_demo(*, seed: int = DEMO_SEED) -> dict[str, int] | None:
    """None when the demo data is already there: the command is safe to run on every start."""
    start = time.monotonic()
    laad_referentiedata()
    with transaction.atomic():
        if demo_aanwezig():
            return None
        bouwer = _Bouwer(seed)
        bouwer.gebruikers()
        bouwer.personen()
        bouwer.meldingen()
        bouwer.briefings()
        bouwer.schrijf()
    resultaat = dict(bouwer.tellingen)
    resultaat["seconden"] = round(time.monotonic() - start, 1)
    return resultaat
