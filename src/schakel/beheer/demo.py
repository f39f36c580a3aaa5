"""Demo data: two years of a house the size of Hollands Midden, ending today.

Built in memory and written with bulk_create instead of through the services: the services log every
step and would take minutes for 3,000 meldingen. The rows are the ones the services would have
written (status history, agenda, weging, case opened or joined, inbrenger; meetings with participants
and guests, discussions, plans with goals and actions, monitoring contacts, extensions, escalations,
closings and ZSM advice; and every CasusBetrokkenheid those steps imply), with historical timestamps.
The change and access logs stay empty: they record real use, not the seeding.
Deterministic: Faker and random are seeded, so the same day gives the same data.
"""
from __future__ import annotations

import bisect
import random
import time
from base64 import b32decode
from dataclasses import dataclass, field
from datetime import date, datetime, time as dtime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from schakel.briefing.models import KADER_OVERLEGTYPEN, OPSCHALEN, Agendapunt, BesluitOptie, Briefing, Weging
from schakel.casussen.models import AfsluitUitkomst, Afsluiting, Casus, CasusBetrokkenheid, CasusStatus
from schakel.casussen.zichtbaarheid import herbereken_alles
from schakel.effectmeting.demo import bouw_effectdemo
from schakel.gebruikers.models import Gebruiker, GebruikerRol
from schakel.gebruikers.rollen import Rol
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding, MeldingPersoon, MeldingStatus, Terugkoppeling, Thema
from schakel.meldingen.services import herbereken_terugkoppeling_open
from schakel.meldingen.weergave import opgave_uit_persoon
from schakel.monitoring.models import Monitoringcontact, Monitoringtermijn, Verlenging
from schakel.opschaling.models import Escalatieniveau, Knelpunt, Opschaling
from schakel.overleggen.models import Bespreking, Deelnemer, Geheimhoudingsverklaring, Overleg, Overlegtype, Uitnodiging
from schakel.partners.models import Bron, Organisatie
from schakel.personen.models import Persoon, zoeknaam
from schakel.plannen.models import Actie, Doel, Leefgebied, PlanVanAanpak
from schakel.privacy.models import InformatieCategorie
from schakel.uitvragen.models import InformatieUitvraag
from schakel.zsm.models import ZsmAdvies

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
    DemoGebruiker("ggz.demo", "Noor", "Hendriks", Rol.PARTNER, "ggz"),
    # A partner of a covenant organisation that is never involved in a case: sees nothing.
    DemoGebruiker("ggz.parnassia.demo", "Pieter", "de Graaf", Rol.PARTNER, "ggz-parnassia"),
    # Organisation without covenant: sees only cases of meetings where he signed a geheimhoudingsverklaring.
    DemoGebruiker("woningcorporatie.demo", "Yvonne", "Kramer", Rol.PARTNER, "woningcorporatie"),
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
BESLUIT_DETENTIE = {"nazorg": 50, "bilateraal": 20, "geen_vervolg": 30}
BESLUIT_OVERIG = {"focus": 5, "nazorg": 3.75, "bilateraal": 50, "vrijwillig_traject": 0.625,
                  "opschalen": 0.25, "geen_vervolg": 40}
GEEN_VERVOLG_REDEN = {"belegd": 40, "uitgesteld": 15, "informeren": 30,
                      "past_niet": 15}
# Chance per criterion (A, B, C, D) by decision: the heavier the decision, the more criteria hold.
CRITERIA_KANS = {
    "focus": (0.95, 0.95, 0.9, 0.3), "opschalen": (0.95, 0.95, 0.9, 0.5),
    "nazorg": (0.85, 0.8, 0.6, 0.1), "vrijwillig_traject": (0.7, 0.7, 0.5, 0.05),
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
    "focus": "Complexe casus; agenderen op het focusoverleg met de betrokken partners.",
    "nazorg": "Agenderen op het nazorgoverleg; gemeente pakt wonen, inkomen en ID-bewijs op.",
    "bilateraal": "Partners stemmen bilateraal af; procesregisseur bewaakt de afspraak.",
    "vrijwillig_traject": "Betrokkene staat open voor hulp; vrijwillig traject via het wijkteam.",
    "opschalen": "Situatie escaleert; opschalen naar de driehoek.",
    "belegd": "Plan van aanpak loopt al bij een partner; geen rol voor het huis.",
    "uitgesteld": "Besluit uitgesteld tot de informatie van de gemeente binnen is.",
    "informeren": "Partners zijn geïnformeerd; geen verdere actie vanuit het huis.",
    "past_niet": "Enkelvoudige problematiek; past niet binnen het Veiligheidshuis.",
}
TERUGKOPPELING_TEKST = {
    "focus": "Melder geïnformeerd dat de casus op het focusoverleg wordt besproken.",
    "nazorg": "Melder geïnformeerd dat betrokkene wordt gemonitord in het nazorgoverleg.",
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

# --- Overleggen, plannen, monitoring, afsluiting ---------------------------------------------------
VOORUIT = 21  # meetings are planned three weeks ahead
# (overlegtype, weekday, hour, minute, every n weeks, location)
OVERLEG_ROOSTER = [
    ("focus", 2, 13, 30, 1, "Zorg- en Veiligheidshuis Hollands Midden, Leiden, vergaderzaal 2"),
    ("top_x", 3, 14, 0, 4, "Politiebureau Leiden, Langegracht, zaal Rijnland"),
    ("nazorg", 0, 10, 0, 2, "Zorg- en Veiligheidshuis Hollands Midden, locatie Gouda"),
]
TOP_X_THEMAS = {"veelplegers", "high-impact-crime"}
# Words that make a demo text care information (category 'zorg').
ZORGWOORDEN = ("GGZ", "zorg", "medicatie", "middelengebruik", "behandeling", "opname", "verslaving", "psych")
NOTULEN = {
    "focus": [
        "Procesregisseur schetst de aanleiding; de partners vullen het beeld aan vanuit hun eigen dossier.",
        "Politie meldt drie nieuwe registraties in de afgelopen maand; de overlast in de wijk houdt aan.",
        "GGZ kent betrokkene uit een eerder traject; zorgmijding en middelengebruik spelen een grote rol.",
        "Reclassering heeft toezicht lopen; betrokkene komt afspraken wisselend na.",
        "Gemeente bevestigt een oplopende huurachterstand en schulden bij meerdere schuldeisers.",
        "Het netwerk rond betrokkene is klein; de zus is het enige stabiele contact.",
    ],
    "top_x": [
        "Politie licht de recente antecedenten toe; betrokkene is de spil in een groep jonge veelplegers.",
        "OM bespreekt de lopende zaken en de mogelijkheden voor een snelle afdoening.",
        "Reclassering ziet weinig motivatie; eerdere trajecten zijn voortijdig gestopt.",
        "Gemeente onderzoekt een bestuurlijke maatregel naast de strafrechtelijke aanpak.",
    ],
    "nazorg": [
        "DJI meldt de einddatum van detentie; ID-bewijs en zorgverzekering ontbreken nog.",
        "Betrokkene heeft geen woonadres na ontslag; de opvang heeft op dit moment een wachtlijst.",
        "Reclassering start met toezicht na ontslag; bijzondere voorwaarden zijn opgelegd.",
        "Gemeente heeft de uitkeringsaanvraag voorbereid zodat die op de dag van ontslag kan ingaan.",
        "De schulden zijn in kaart gebracht; aanmelding bij schuldhulpverlening volgt na ontslag.",
    ],
}
BESLUITEN_BESPREKING = [
    "Plan van aanpak vastgesteld; {houder} is casushouder.",
    "Casushouder {houder} houdt de regie en koppelt terug via de monitoring.",
    "Partners zetten de acties uit het plan uiterlijk binnen vier weken in gang.",
    "Binnen zes weken terugkoppeling aan de procesregisseur over de voortgang.",
]
NOTULEN_HERAGENDERING = [
    "Heragendering na stagnatie: de afspraken uit het plan komen niet van de grond.",
    "Heragendering: betrokkene is uit beeld geraakt en de casushouder loopt vast.",
    "Heragendering: de woonsituatie is verslechterd en de overlast is toegenomen.",
]
BESLUITEN_HERAGENDERING = [
    "Plan bijgesteld; een nieuwe actie is belegd en de casushouder blijft aan.",
    "Partners maken een nieuwe afspraak met betrokkene; bij geen verbetering opschalen naar de regiekamer.",
    "Casushouder krijgt ondersteuning van de procesregisseur; terugkoppeling over vier weken.",
]
VERTROKKEN = "Cliënt en begeleider verlieten de tafel na het beeld."
DOEL_TEKST = {
    "identiteit": ["Betrokkene heeft een geldig identiteitsbewijs.", "ID-kaart is aangevraagd vóór de dag van ontslag."],
    "huisvesting": ["Betrokkene heeft een vaste woon- of verblijfplek.", "De huurachterstand is opgelost en huisuitzetting voorkomen.",
                    "Plaatsing in beschermd wonen of maatschappelijke opvang."],
    "inkomen_werk": ["Betrokkene heeft een inkomen of uitkering.", "Betrokkene heeft een vorm van dagbesteding.",
                     "Betrokkene volgt een re-integratietraject."],
    "schulden": ["De schulden zijn in kaart en er loopt een schuldhulptraject.", "Beschermingsbewind is aangevraagd."],
    "zorg": ["Betrokkene is in zorg bij de GGZ.", "Betrokkene volgt behandeling voor het middelengebruik.",
             "Betrokkene heeft een zorgverzekering en een huisarts."],
    "gezin": ["De kinderen zijn veilig en het gezin heeft een vaste hulpverlener.", "Contact met het netwerk is hersteld."],
    "justitie": ["Geen nieuwe delicten in de komende zes maanden.", "Betrokkene houdt zich aan de bijzondere voorwaarden."],
    "overig": ["De overlast in de wijk is afgenomen."],
}
# Who can hold an action per leefgebied; "gemeente" is the case's own municipality.
ACTIE_ORGS = {
    "identiteit": ["gemeente"], "huisvesting": ["gemeente", "leger-des-heils"], "inkomen_werk": ["gemeente", "reclassering"],
    "schulden": ["gemeente", "leger-des-heils"], "zorg": ["ggz", "svg", "ggd"], "gezin": ["veilig-thuis", "jeugdbescherming", "gemeente"],
    "justitie": ["reclassering", "om", "politie", "svg"], "overig": ["politie"],
}
ACTIE_TEKST = {
    "identiteit": "ID-kaart aanvragen en de afspraak bij de balie regelen.",
    "huisvesting": "Aanmelding bij de opvang en bemiddeling naar een woning.",
    "inkomen_werk": "Uitkering aanvragen en een intake dagbesteding plannen.",
    "schulden": "Schulden inventariseren en aanmelden bij schuldhulpverlening.",
    "zorg": "Intake plannen en betrokkene naar de eerste afspraak begeleiden.",
    "gezin": "Veiligheidsplan opstellen met het gezin en de kinderen.",
    "justitie": "Toezicht op de bijzondere voorwaarden en terugmelden bij overtreding.",
    "overig": "Wijkagent legt wekelijks contact en houdt de overlast bij.",
}
NIET_GEDAAN_REDEN = [
    "Betrokkene is niet op de afspraken verschenen.", "Wachtlijst bij de zorgaanbieder; actie vervalt door afschaling.",
    "Betrokkene weigert medewerking.", "Niet meer nodig: betrokkene is verhuisd.",
]
PLAN_TOELICHTING = {
    "nazorg": "Nazorg op de vijf leefgebieden; gemeente en reclassering pakken de basisvoorwaarden op.",
    "integraal": "Integrale aanpak: straf, zorg en bestuur trekken samen op.",
    "justitieel": "Justitiële aanpak met toezicht en een snelle afdoening bij nieuwe feiten.",
    "zorg": "Zorg voorop; justitie en gemeente ondersteunen.",
    "huisverbod": "Huisverbod opgelegd; hulpverlening aan pleger en gezin tijdens de tien dagen.",
}
MONITORING_TEKST = {
    "op_koers": ["Acties lopen volgens plan.", "Casushouder meldt voortgang; betrokkene werkt mee.", "Op koers, geen bijzonderheden."],
    "stagneert": ["Acties lopen vast; betrokkene is uit beeld.", "Geen voortgang op huisvesting; heragenderen."],
    "klaar": ["Doelen bereikt; casus kan worden afgesloten.", "Lokale partij neemt het over; klaar om af te sluiten."],
}
VERLENGING_REDEN = [
    "Huisvesting is pas over twee maanden beschikbaar; de casushouder wil de overgang begeleiden.",
    "Behandeling is net gestart; afschalen is nu te vroeg.",
    "Strafzaak loopt nog; de uitkomst bepaalt de vervolgaanpak.",
    "Betrokkene komt binnenkort vrij; nazorg moet eerst op gang komen.",
]
AFSLUIT_REDEN = {"doelen_behaald": 52, "afgeschaald": 30, "niet_haalbaar": 6, "detentie": 5, "verhuisd": 4, "overleden": 1,
                 "overig": 2}
AFSLUIT_TOELICHTING = {
    "doelen_behaald": "Doelen plan van aanpak bereikt",
    "afgeschaald": "Afgeschaald naar het lokale zorg- en veiligheidsnetwerk",
    "niet_haalbaar": "Geen verdere meerwaarde van het casusoverleg",
    "detentie": "Betrokkene is langdurig gedetineerd",
    "verhuisd": "Betrokkene is verhuisd buiten de regio",
    "overleden": "Betrokkene is overleden",
    "overig": "Afgesloten in overleg met de partners",
}
# Seed 001 §5.6: share of closed cases per outcome.
UITKOMST_KANS = {"samenwerking": 0.95, "casushouder_verder": 0.9, "voortgang": 0.55, "beheersbaar": 0.4, "doorbraak": 0.15}
MOTIVATIE_BUITEN_KADER = "Niet alle criteria gehaald, maar de weegploeg ziet zonder focus een snelle escalatie."
OPSCHALING_BRIEFING = ("De situatie escaleert en de partners komen er aan de briefing niet uit.",
                       "Wie neemt de regie en welke partij zet als eerste een stap?")
OPSCHALING = [
    ("Betrokkene komt uit een lange detentie en is niet groepsgeschikt; geen enkele partij kan begeleiding bieden.",
     "Welke organisatie neemt de begeleiding op zich na detentie?",
     "Leger des Heils start met motivatie in de inrichting; er wordt gekeken naar verplicht reclasseringscontact.",
     "Passende woonvorm gevonden binnen het Leger des Heils, aansluitend aan detentie."),
    ("Gezin staat al lang op een wachtlijst en wil verhuizen naar familie buiten de regio.",
     "Kan de gemeente met voorrang een woning beschikbaar maken?",
     "Burgemeester zet zich in voor een woning via de corporatie in de nieuwe gemeente.",
     "Woningaanbod gedaan; overdracht aan de contactpersoon in de nieuwe gemeente."),
    ("Zorgaanbieder weigert opname door eerdere agressie; het risico voor de buurt blijft hoog.",
     "Doorbraak gevraagd voor een plek in de intensieve zorg.",
     "Regiekamer spreekt de bestuurder van de zorgaanbieder aan; plaatsing binnen drie weken.",
     "Betrokkene is opgenomen; de overlast in de wijk is gestopt."),
    ("Financiering van de begeleiding ontbreekt omdat betrokkene onder het adolescentenstrafrecht valt.",
     "Wie betaalt de begeleiding tot de 23e verjaardag?",
     "Gemeente en reclassering delen de kosten voor een jaar.",
     "Begeleiding is gestart; de kostenverdeling gaat als knelpunt naar de stuurgroep."),
]
KNELPUNTEN = [
    ("Personen met een RNI-status krijgen geen noodzakelijke zorg of begeleiding: geen gemeente voelt zich verantwoordelijk.",
     "agenda", ""),
    ("Huurkosten tijdens detentie worden niet doorbetaald, waardoor ex-gedetineerden hun woning verliezen.",
     "opgelost", "Gemeenten nemen beleid op voor doorbetaling van de huur bij detentie korter dan zes maanden."),
    ("Er is geen huisvesting voor de allermoeilijksten; behoefte aan containerwoningen of spaceboxen.",
     "agenda", ""),
    ("Financiering voor hulpverlening bij toepassing van het adolescentenstrafrecht ontbreekt regelmatig.",
     "opgelost", "Stuurgroep spreekt een vaste kostenverdeling af tussen gemeente en reclassering."),
    ("Het huis wordt niet geïnformeerd als gedetineerde Nederlanders in het buitenland worden uitgezet; nazorg is dan niet te organiseren.",
     "open", ""),
    ("Uitkeringsaanvragen van ex-gedetineerden lopen volgens de gewone procedure, waardoor zij weken zonder inkomen zitten.",
     "open", ""),
]
ZSM_SCHETS = [
    "Veelpleger met middelenproblematiek in een focustraject; toezicht door de reclassering loopt.",
    "Jongvolwassene in een Top-X-aanpak; groepsgerelateerde feiten in de binnenstad.",
    "Betrokkene is in zorg bij de GGZ; recidive hangt sterk samen met het stoppen van de medicatie.",
    "Pleger van huiselijk geweld; er loopt een plan van aanpak met Veilig Thuis.",
]
ZSM_MAATREGELEN = [
    "Voorkeur voor een voorwaardelijke straf met bijzondere voorwaarden en meldplicht bij de reclassering.",
    "Geen taakstraf: eerdere taakstraffen zijn niet uitgevoerd. Voorkeur voor een snelle zitting.",
    "Voorwaarde ambulante behandeling bij de GGZ; contact opnemen met de casushouder.",
    "Contactverbod en locatieverbod; afstemmen met de procesregisseur.",
]


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
    orgs: dict[str, str] = field(default_factory=dict)  # org code -> rol, at opening
    # Involvement added later (meetings, plan): (org code, rol) -> (professional, sinds)
    extra: dict[tuple[str, str], tuple[Gebruiker | None, datetime]] = field(default_factory=dict)
    vorige: _Casus | None = None
    eerste: _Overleg | None = None  # the meeting where the case is first discussed
    vastgesteld: datetime | None = None  # plan adopted at that meeting (only when it has been held)
    plan: PlanVanAanpak | None = None
    reden: str = ""  # reason for closing


@dataclass
class _Overleg:
    obj: Overleg
    code: str
    besprekingen: list[tuple[Bespreking, _Casus, datetime]] = field(default_factory=list)  # with moment agendered


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
        self.categorieen = {c.code: c for c in InformatieCategorie.objects.all()}
        self.tellingen: dict[str, int] = {}

    def soort(self, tekst: str, organisatie: Organisatie | None = None):
        """The information category a careful writer would pick for `tekst` (design §4: care and Veilig
        Thuis details only for the parties the annex names), so the demo shows shielded texts too."""
        if "Veilig Thuis" in tekst or (organisatie is not None and organisatie.code == "veilig-thuis"):
            return self.categorieen.get("veilig-thuis")
        if any(w in tekst for w in ZORGWOORDEN) or (organisatie is not None and organisatie.keten == Organisatie.Keten.ZORG):
            return self.categorieen.get("zorg")
        return None

    def moment(self, dag: date, uur: int, minuut: int = 0) -> datetime:
        return datetime.combine(dag, dtime(uur, minuut), tzinfo=self.tz)

    def tel(self, naam: str, rijen: list) -> list:
        self.tellingen[naam] = self.tellingen.get(naam, 0) + len(rijen)
        return rijen

    # --- Gebruikers -----------------------------------------------------------------------------
    def gebruikers(self) -> None:
        self.users = {}
        # One hash for the one published password: argon2 takes a third of a second per call.
        wachtwoord = make_password(settings.SCHAKEL_DEMO_PASSWORD)
        demo_totp_sleutel = b32decode(settings.SCHAKEL_DEMO_TOTP_SECRET).hex()
        for d in DEMO_GEBRUIKERS:
            user = Gebruiker(username=d.gebruikersnaam, first_name=d.voornaam, last_name=d.achternaam,
                             email=f"{d.gebruikersnaam}@example.nl", organisatie=self.orgs[d.organisatie], password=wachtwoord)
            user.save()
            GebruikerRol.objects.create(gebruiker=user, rol=d.rol)
            if d.contactgemeenten:
                user.contactgemeenten.set([self.gemeenten[c] for c in d.contactgemeenten])
            # Demo only: one published TOTP secret for all demo users (README), so a tester can add
            # it once to any authenticator app.
            TOTPDevice.objects.create(user=user, name="Demo-authenticator", confirmed=True, key=demo_totp_sleutel)
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
                bron=Bron.ZSM if kanaal == Melding.Kanaal.ZSM else org.bron,
                melder_contact=contact, gemeente=gemeente, thema=self.themas[thema], omschrijving=" ".join(delen),
                categorie=self.soort(" ".join(delen), org),
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
            if m.besluit_code == "uitgesteld" and b_idx + 3 < len(datums):
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
                redenen.pop("uitgesteld")
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
                        if besluit == "focus" else Weging.MetClient.NVT),
            toelichting=TOELICHTING[subreden or besluit], gewogen_door=self.pr, gewogen_op=gewogen_op,
        )
        if optie.overlegtype_id is not None:
            overlegtype = optie.overlegtype
            # The briefing can choose Top-X instead of focus for (young) high-impact offenders.
            if besluit == "focus" and m.obj.thema.code in TOP_X_THEMAS and rng.random() < 0.5:
                overlegtype = self.overlegtypen["top_x"]
            weging.casus = self._casus(m, overlegtype, gewogen_op, rng)
            if overlegtype.code in KADER_OVERLEGTYPEN and not weging.voldoet_aan_kader:
                weging.motivatie_buiten_kader = MOTIVATIE_BUITEN_KADER
        self.wegingen.append(weging)
        m.statussen.append((S.GEAGENDEERD, S.GEWOGEN, gewogen_op, f"Besluit: {optie}"))
        m.besluit_code = subreden or besluit
        m.gewogen_op = gewogen_op
        m.obj.status = S.GEWOGEN

    @staticmethod
    def _duur(rng: random.Random) -> int:
        """Days from opening to closing: about eight months on average, one in eight within six months."""
        if rng.random() < 0.12:
            return rng.randint(95, 181)
        return int(rng.triangular(183, 400, 200))

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
            # A request after closing is a new case, linked to the persons' last (closed) case of this type.
            eerdere = [c for c in self.casussen if c.overleg == overlegtype.code and c.obj.geopend_op < tijdstip
                       and c.persoon_idx.intersection(m.persoon_idx)]
            vorige = max(eerdere, key=lambda c: c.obj.geopend_op) if eerdere else None
            casus = _Casus(obj=obj, overleg=overlegtype.code, sluit=tijdstip + timedelta(days=self._duur(rng)),
                           vorige=vorige if vorige is not None and vorige.sluit <= tijdstip else None)
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

    # --- Overleggen, plannen, monitoring, opschaling, afsluiting -----------------------------------
    def zaken(self) -> None:
        """What happens to a case after the briefing, in the order the services would write it."""
        # Partner professionals who can be casushouder or hold an action, by organisation code.
        self.partners = {self.users[n].organisatie.code: self.users[n] for n in ("politie.demo", "reclassering.demo", "ggz.demo")}
        self.overleggen()
        for c in sorted(self.casussen, key=lambda c: c.obj.geopend_op):
            self._eerste_bespreking(c)
        for c in self.casussen:
            if c.sluit < self.nu:
                c.reden = gewogen_keuze(self.rng, AFSLUIT_REDEN, 1)[0]
        self.plannen()
        self.monitoring()
        self.deelnemers()
        self.afsluitingen()
        self.opschalingen()
        self.zsm_adviezen()
        self.historie = self._casus_historie()

    def _dag(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def _betrek(self, c: _Casus, org: str, rol: str, gebruiker: Gebruiker | None, sinds: datetime) -> None:
        """Same rule as betrek_organisatie: one row per organisation and role, never for organisations
        without covenant (their guests see a case only through a geheimhoudingsverklaring)."""
        if c.orgs.get(org) == rol or not self.orgs[org].convenantpartner:
            return
        sinds = max(sinds, c.obj.geopend_op)
        bestaand = c.extra.get((org, rol))
        if bestaand is None or sinds < bestaand[1]:
            c.extra[(org, rol)] = (bestaand[0] if bestaand else gebruiker, sinds)

    def overleggen(self) -> None:
        rng = self.rng
        self.vaste_partners = {code: [o.code for o in ot.vaste_partners.order_by("code")] for code, ot in self.overlegtypen.items()}
        self.overleg_per_type: dict[str, list[_Overleg]] = {}
        eind = self.vandaag + timedelta(days=VOORUIT)
        for code, weekdag, uur, minuut, elke, locatie in OVERLEG_ROOSTER:
            lijst = []
            dag = self.begin + timedelta(days=(weekdag - self.begin.weekday()) % 7)
            week = 0
            while dag <= eind:
                if week % elke == 0:
                    datum = self.moment(dag, uur, minuut)
                    plek = "Online (Teams)" if rng.random() < 0.15 else locatie
                    obj = Overleg(overlegtype=self.overlegtypen[code], datum=datum, locatie=plek, voorzitter=self.pr,
                                  aangemaakt_op=min(datum - timedelta(days=rng.randint(14, 28)), self.nu))
                    lijst.append(_Overleg(obj=obj, code=code))
                dag += timedelta(days=7)
                week += 1
            self.overleg_per_type[code] = lijst
        self.overleg_datums = {code: [o.obj.datum for o in lijst] for code, lijst in self.overleg_per_type.items()}

    def _volgend_overleg(self, code: str, na: datetime) -> _Overleg | None:
        i = bisect.bisect_left(self.overleg_datums[code], na)
        return self.overleg_per_type[code][i] if i < len(self.overleg_per_type[code]) else None

    def _bespreek(self, o: _Overleg, c: _Casus, reden: str, agenda_op: datetime) -> Bespreking:
        b = Bespreking(overleg=o.obj, casus=c.obj, reden=reden)
        o.besprekingen.append((b, c, min(max(agenda_op, c.obj.geopend_op), self.nu)))
        return b

    def _eerste_bespreking(self, c: _Casus) -> None:
        """On the agenda of the next meeting of its type, one to three weeks after opening."""
        if c.overleg not in self.overleg_per_type:
            return
        o = self._volgend_overleg(c.overleg, c.obj.geopend_op + timedelta(days=7))
        if o is not None and c.overleg == "focus" and self.rng.random() < 0.3:
            o = self._volgend_overleg(c.overleg, o.obj.datum + timedelta(days=1))
        if o is None:
            return  # opened in the last days: waiting for the next meeting to be planned
        c.eerste = o
        b = self._bespreek(o, c, Bespreking.Reden.BRIEFING, o.obj.datum - timedelta(days=7))
        if o.obj.datum < self.nu:
            c.vastgesteld = o.obj.datum + timedelta(minutes=45)
            rng = self.rng
            b.notulen = " ".join(rng.sample(NOTULEN[c.overleg], 2))
            b.categorie = self.soort(b.notulen)
            if c.overleg == "focus" and rng.random() < 0.25:
                b.client_stappen = rng.choice([["vraag", "beeld"], ["vraag", "beeld", "oordeel", "besluit"], ["beeld", "oordeel", "besluit"]])
                if b.client_stappen == ["vraag", "beeld"]:
                    b.vertrokken_voor_besluit = VERTROKKEN

    def plannen(self) -> None:
        rng = self.rng
        L = Leefgebied
        T = PlanVanAanpak.Type
        nazorg_gebieden = [L.IDENTITEIT, L.HUISVESTING, L.INKOMEN_WERK, L.SCHULDEN, L.ZORG]
        focus_gebieden = [L.HUISVESTING, L.INKOMEN_WERK, L.SCHULDEN, L.ZORG, L.GEZIN, L.JUSTITIE, L.OVERIG]
        self.plan_lijst, self.doelen, self.acties = [], [], []
        for c in self.casussen:
            if c.vastgesteld is None:
                continue
            if c.overleg == "nazorg":
                soort = T.NAZORG
                houder = self.partners[gewogen_keuze(rng, {"reclassering": 70, "ggz": 30}, 1)[0]]
            else:
                soort = gewogen_keuze(rng, {T.INTEGRAAL: 45, T.JUSTITIEEL: 30, T.ZORG: 25}, 1)[0]
                if c.obj.thema.code in ("huiselijk-geweld", "ex-partnerstalking") and rng.random() < 0.4:
                    soort = T.HUISVERBOD
                houder = self.partners[{T.JUSTITIEEL: rng.choice(["politie", "reclassering"]), T.ZORG: "ggz",
                                        T.HUISVERBOD: "politie"}.get(soort, rng.choice(["politie", "reclassering", "ggz"]))]
            start = self._dag(c.vastgesteld)
            plan = PlanVanAanpak(
                casus=c.obj, type=soort, casushouder=houder, vastgesteld_op=start, vastgesteld_in=c.eerste.obj,
                client_akkoord=gewogen_keuze(rng, {"ja": 55, "onbekend": 30, "nee": 15}, 1)[0],
                toelichting=PLAN_TOELICHTING[soort],
            )
            c.plan = plan
            self.plan_lijst.append(plan)
            self._betrek(c, houder.organisatie.code, CasusBetrokkenheid.Rol.CASUSHOUDER, houder, c.vastgesteld)
            besluiten = [BESLUITEN_BESPREKING[0].format(houder=houder.organisatie.naam)]
            besluiten += rng.sample(BESLUITEN_BESPREKING[2:], 1)
            for b, bc, _ in c.eerste.besprekingen:
                if bc is c:
                    b.besluiten = " ".join(besluiten)

            gebieden = nazorg_gebieden if soort == T.NAZORG else focus_gebieden
            gekozen = rng.sample(gebieden, rng.randint(2, 4))
            if soort in (T.JUSTITIEEL, T.HUISVERBOD) and L.JUSTITIE not in gekozen:
                gekozen[0] = L.JUSTITIE
            if soort == T.HUISVERBOD and L.GEZIN not in gekozen:
                gekozen[-1] = L.GEZIN
            doelen = [Doel(plan=plan, leefgebied=lg, omschrijving=rng.choice(DOEL_TEKST[lg])) for lg in gekozen]
            for doel in doelen:
                doel.categorie = self.soort(doel.omschrijving)
            self.doelen.extend(doelen)

            gemeente_org = f"gemeente-{c.obj.gemeente.code}"
            gebruikt: set[str] = set()
            sluitdag = self._dag(c.sluit) if c.sluit < self.nu else None
            for k in range(rng.randint(2, 5)):
                for doel in doelen[k % len(doelen):] + doelen[:k % len(doelen)]:
                    kandidaten = [gemeente_org if o == "gemeente" else o for o in ACTIE_ORGS[doel.leefgebied]]
                    kandidaten = [o for o in kandidaten if o in self.orgs and o not in gebruikt]
                    if kandidaten:
                        break
                else:
                    if k >= 2:
                        break
                    doel, kandidaten = doelen[0], [o for o in ("reclassering", "politie") if o not in gebruikt]
                org = rng.choice(kandidaten)
                gebruikt.add(org)
                deadline = start + timedelta(days=rng.randint(14, 120))
                if sluitdag:
                    deadline = max(min(deadline, sluitdag - timedelta(days=rng.randint(3, 20))), start + timedelta(days=7))
                    status = gewogen_keuze(rng, {Actie.Status.GEDAAN: 85, Actie.Status.NIET_GEDAAN: 15}, 1)[0]
                elif deadline < self.vandaag:
                    status = gewogen_keuze(rng, {Actie.Status.GEDAAN: 70, Actie.Status.OPEN: 22, Actie.Status.NIET_GEDAAN: 8}, 1)[0]
                else:
                    status = gewogen_keuze(rng, {Actie.Status.OPEN: 80, Actie.Status.GEDAAN: 20}, 1)[0]
                eigenaar = self.partners.get(org) if rng.random() < 0.6 else None
                self.acties.append(Actie(
                    plan=plan, doel=doel, organisatie=self.orgs[org], eigenaar=eigenaar, omschrijving=ACTIE_TEKST[doel.leefgebied],
                    deadline=deadline, status=status, categorie=self.soort(ACTIE_TEKST[doel.leefgebied]),
                    reden_niet_gedaan=rng.choice(NIET_GEDAAN_REDEN) if status == Actie.Status.NIET_GEDAAN else "",
                ))
                self._betrek(c, org, CasusBetrokkenheid.Rol.ACTIEHOUDER, eigenaar, c.vastgesteld)

    def monitoring(self) -> None:
        """One contact per term from adoption; done on time in the past, some left open for the worklist."""
        rng = self.rng
        U = Monitoringcontact.Uitkomst
        termijnen = list(Monitoringtermijn.objects.filter(actief=True).order_by("dagen"))
        self.contacten, self.verlengingen = [], []
        for c in self.casussen:
            if c.plan is None:
                continue
            start = c.plan.vastgesteld_op
            gesloten = c.sluit < self.nu
            grens = self._dag(c.sluit) if gesloten else self.vandaag
            contacten = [Monitoringcontact(casus=c.obj, termijn=t.naam, gepland_op=start + timedelta(days=t.dagen))
                         for t in termijnen]
            self.contacten.extend(contacten)
            gedaan = []
            for i, mc in enumerate(contacten):
                if mc.gepland_op > grens:
                    break
                uitgevoerd = min(mc.gepland_op + timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 5])), grens)
                if not gesloten and (uitgevoerd >= self.vandaag - timedelta(days=1) or
                                     (mc.gepland_op >= self.vandaag - timedelta(days=40) and rng.random() < 0.3)):
                    continue  # due or overdue, not recorded yet: the worklist and the reminder task pick it up
                mc.uitgevoerd_op, mc.door, mc.uitkomst = uitgevoerd, self.pr, U.OP_KOERS
                mc.herinnering_verstuurd_op = self.moment(mc.gepland_op, 7)
                gedaan.append(mc)
            if gesloten and gedaan and c.reden in ("doelen_behaald", "afgeschaald", "overig"):
                gedaan[-1].uitkomst = U.KLAAR
            kandidaten = gedaan[:-1] if gesloten else gedaan
            gestagneerd = bool(kandidaten) and rng.random() < 0.17 and self._stagnatie(c, rng.choice(kandidaten), gesloten)
            for mc in gedaan:
                mc.toelichting = rng.choice(MONITORING_TEKST[mc.uitkomst])
            # Recent stagnation of a running case: waiting to be put on the next agenda.
            if not gesloten and not gestagneerd and gedaan and gedaan[-1].uitgevoerd_op >= self.vandaag - timedelta(days=10) \
                    and rng.random() < 0.35:
                gedaan[-1].uitkomst = U.STAGNEERT
                gedaan[-1].toelichting = rng.choice(MONITORING_TEKST[U.STAGNEERT])
                c.obj.heragenderen_sinds = self.moment(gedaan[-1].uitgevoerd_op, 11)
            self._verlengingen(c, start, grens if gesloten else None)

    def _stagnatie(self, c: _Casus, mc: Monitoringcontact, gesloten: bool) -> bool:
        """Stagnation puts the case back on the agenda of the next meeting (reden heragendering)."""
        moment = self.moment(mc.uitgevoerd_op, 11)
        o = self._volgend_overleg(c.overleg, moment + timedelta(days=1))
        if o is None or (gesloten and o.obj.datum >= c.sluit) or o is c.eerste:
            return False
        mc.uitkomst = Monitoringcontact.Uitkomst.STAGNEERT
        if o.obj.datum >= self.nu and self.rng.random() < 0.5:
            c.obj.heragenderen_sinds = moment  # not on an agenda yet
            return True
        b = self._bespreek(o, c, Bespreking.Reden.HERAGENDERING, moment)
        if o.obj.datum < self.nu:
            b.notulen = self.rng.choice(NOTULEN_HERAGENDERING) + " " + self.rng.choice(NOTULEN[c.overleg])
            b.besluiten = self.rng.choice(BESLUITEN_HERAGENDERING)
        return True

    def _verlengingen(self, c: _Casus, start: date, sluitdag: date | None) -> None:
        """Past six months a running case needs a recorded extension; half of the running ones have one."""
        rng = self.rng
        termijn = start + timedelta(days=182)
        einde = sluitdag or self.vandaag
        if termijn >= einde or rng.random() < (0.1 if sluitdag else 0.5):
            return
        vanaf = termijn - timedelta(days=rng.randint(0, 10))
        while True:
            tot = vanaf + timedelta(days=rng.randint(60, 120))
            if sluitdag and tot >= sluitdag:
                tot = max(sluitdag + timedelta(days=rng.randint(0, 21)), vanaf + timedelta(days=14))
            self.verlengingen.append(Verlenging(casus=c.obj, tot=tot, reden=rng.choice(VERLENGING_REDEN), door=self.pr,
                                                vastgelegd_op=min(self.moment(vanaf, 15), self.nu)))
            if tot >= einde if sluitdag else tot > einde:
                return
            vanaf = tot - timedelta(days=rng.randint(0, 5))

    def deelnemers(self) -> None:
        """Standing partners and sometimes an invited organisation; a few meetings with a guest of the
        woningcorporatie. Every covenant organisation invited for an agenda item is recorded as genodigd for its case."""
        rng = self.rng
        S = Deelnemer.Soort
        gast = self.users["woningcorporatie.demo"]
        focus = self.overleg_per_type["focus"]
        gehouden = [o for o in focus if o.obj.datum < self.nu and o.besprekingen]
        # The latest held meeting always has a guest, so the demo shows a guest inside his window.
        met_gast = set(map(id, rng.sample(gehouden[-52:], min(5, len(gehouden))))) | ({id(gehouden[-1])} if gehouden else set())
        komend = next((o for o in focus if o.obj.datum >= self.nu), None)
        self.deelnemer_lijst, self.ghv_lijst, self.bespreking_lijst, self.overleg_lijst = [], [], [], []
        self.uitnodiging_lijst = []
        for code in sorted(self.overleg_per_type):
            for o in self.overleg_per_type[code]:
                self.overleg_lijst.append(o.obj)
                gehouden_ = o.obj.datum < self.nu
                deelnemers = [Deelnemer(overleg=o.obj, organisatie=self.orgs[org], soort=S.VAST,
                                        aanwezig=gehouden_ and rng.random() < 0.92) for org in self.vaste_partners[code]]
                if rng.random() < 0.35:
                    kandidaten = sorted({org for _, c, _ in o.besprekingen for org, rol in c.orgs.items()
                                         if rol == CasusBetrokkenheid.Rol.GENODIGD} - set(self.vaste_partners[code]) - {VSH})
                    kandidaten = kandidaten or [k for k in GENODIGD.get(code, GENODIGD["focus"]) if k not in self.vaste_partners[code]]
                    deelnemers.append(Deelnemer(overleg=o.obj, organisatie=self.orgs[rng.choice(kandidaten)], soort=S.GENODIGD,
                                                aanwezig=gehouden_ and rng.random() < 0.85))
                gast_d = None
                if id(o) in met_gast or o is komend:
                    gast_d = Deelnemer(overleg=o.obj, organisatie=gast.organisatie, gebruiker=gast, soort=S.GAST, aanwezig=o is not komend)
                    deelnemers.append(gast_d)
                self.deelnemer_lijst.extend(deelnemers)
                o.besprekingen.sort(key=lambda x: (x[0].reden != Bespreking.Reden.BRIEFING, x[1].obj.geopend_op))
                for volgorde, (b, c, agenda_op) in enumerate(o.besprekingen, start=1):
                    b.volgorde = volgorde
                    self.bespreking_lijst.append(b)
                # Invitations are per agenda item: the standing partners sit at every item, an invited
                # organisation at one or two, a guest at one (with his declaration for that item only).
                for d in deelnemers:
                    punten = o.besprekingen
                    if d.soort != S.VAST and punten:
                        punten = rng.sample(punten, 1 if d.soort == S.GAST else min(len(punten), rng.randint(1, 2)))
                    for b, c, agenda_op in punten:
                        u = Uitnodiging(deelnemer=d, bespreking=b, aangemaakt_op=max(agenda_op, o.obj.datum - timedelta(days=7)))
                        self.uitnodiging_lijst.append(u)
                        self._betrek(c, d.organisatie.code, CasusBetrokkenheid.Rol.GENODIGD, None, agenda_op)
                        if d is gast_d and o is not komend:  # the upcoming meeting: the guest has not signed yet
                            self.ghv_lijst.append(Geheimhoudingsverklaring(
                                uitnodiging=u, getekend_op=self._dag(o.obj.datum), vastgelegd_door=self.pr,
                                vastgelegd_op=o.obj.datum - timedelta(minutes=10)))

    def afsluitingen(self) -> None:
        rng = self.rng
        uitkomsten = {u.code: u for u in AfsluitUitkomst.objects.all()}
        self.afsluiting_lijst, self.afsluit_uitkomsten = [], []
        for c in self.casussen:
            if not c.reden:
                continue
            a = Afsluiting(casus=c.obj, datum=self._dag(c.sluit), reden=c.reden, door=self.pr, vastgelegd_op=c.sluit,
                           toelichting=AFSLUIT_TOELICHTING[c.reden] + ".")
            if c.reden == Afsluiting.Reden.AFGESCHAALD:
                gemeente_org = f"gemeente-{c.obj.gemeente.code}"
                a.overgedragen_aan = self.orgs.get(gemeente_org) or self.orgs["gemeente-leiden"]
                a.overdracht_contact = f"Wijkteam {a.overgedragen_aan.naam.removeprefix('Gemeente ')}, {self.fake.name()}"
            positief = c.reden in ("doelen_behaald", "afgeschaald")
            for code, kans in UITKOMST_KANS.items():
                if code in uitkomsten and rng.random() < (kans if positief or code in ("samenwerking", "casushouder_verder")
                                                          else kans / 2):
                    self.afsluit_uitkomsten.append((a, uitkomsten[code]))
            self.afsluiting_lijst.append(a)

    def opschalingen(self) -> None:
        rng = self.rng
        niveaus = {n.code: n for n in Escalatieniveau.objects.all()}
        met_plan = [c for c in self.casussen if c.plan is not None]
        aantal = round(len(self.casussen) * 0.02)
        ladder = ["regiekamer", "ketenmanager", "regiekamer", "stuurgroep", "regiekamer", "regiekamer", "ketenmanager",
                  "regiekamer", "regiekamer", "stuurgroep", "regiekamer", "regiekamer"]
        self.opschaling_lijst = []
        for i, c in enumerate(rng.sample(met_plan, min(aantal, len(met_plan)))):
            einde = min(self._dag(c.sluit), self.vandaag)
            op = c.plan.vastgesteld_op + timedelta(days=rng.randint(21, 120))
            if op >= einde:
                op = c.plan.vastgesteld_op + (einde - c.plan.vastgesteld_op) // 2
            reden, vraag, besluit, uitkomst = OPSCHALING[i % len(OPSCHALING)]
            niveau = niveaus.get(ladder[i % len(ladder)]) or niveaus["regiekamer"]
            o = Opschaling(casus=c.obj, niveau=niveau, reden=reden, gevraagd_besluit=vraag, opgeschaald_op=op, door=self.pr,
                           categorie=self.soort(" ".join((reden, vraag, besluit, uitkomst))))
            besluit_op = op + timedelta(days=rng.randint(5, 21))
            if besluit_op <= self.vandaag and rng.random() < 0.85:
                o.genomen_besluit, o.besluit_op = besluit, besluit_op
                if besluit_op + timedelta(days=14) <= self.vandaag:
                    o.uitkomst = uitkomst
            self.opschaling_lijst.append(o)
        # The decision "opschalen" at the briefing records its escalation on the melding (no case), as
        # briefing.services.weeg does: the report's escalations from the briefing match the decisions.
        for w in self.wegingen:
            if w.besluit.code == OPSCHALEN:
                self.opschaling_lijst.append(Opschaling(
                    melding=w.melding, casus=None, niveau=niveaus.get("ketenmanager") or niveaus["regiekamer"],
                    reden=OPSCHALING_BRIEFING[0], gevraagd_besluit=OPSCHALING_BRIEFING[1],
                    opgeschaald_op=self._dag(w.gewogen_op), door=self.pr,
                ))
        ketenmanager = self.users["ketenmanager.demo"]
        self.knelpunt_lijst = []
        for i, (tekst, status, besluit) in enumerate(KNELPUNTEN):
            gemeld = self.vandaag - timedelta(days=[620, 500, 410, 300, 130, 45][i % 6])
            aanleiding = [c for c in self.casussen if self._dag(c.obj.geopend_op) < gemeld
                          and c.overleg == ("nazorg" if i in (1, 4, 5) else "focus")]
            self.knelpunt_lijst.append(Knelpunt(
                omschrijving=tekst, casus=rng.choice(aanleiding[-30:]).obj if aanleiding and i != 2 else None, gemeld_op=gemeld,
                status=status, besluit=besluit, door=ketenmanager if i % 2 else self.pr,
            ))

    def zsm_adviezen(self) -> None:
        rng = self.rng
        lopend = [c for c in self.casussen if c.plan is not None and c.sluit >= self.nu and c.overleg in ("focus", "top_x")]
        self.zsm_lijst = []
        for i, c in enumerate(sorted(rng.sample(lopend, min(20, len(lopend))), key=lambda c: c.obj.geopend_op)):
            vastgelegd = min(c.plan.vastgesteld_op + timedelta(days=rng.randint(1, 14)), self.vandaag - timedelta(days=1))
            geldig_tot = self.vandaag + timedelta(days=rng.randint(20, 150))
            if i < 3 and vastgelegd < self.vandaag - timedelta(days=30):  # the oldest few have expired
                geldig_tot = self.vandaag - timedelta(days=rng.randint(3, 25))
            schets, maatregelen = rng.choice(ZSM_SCHETS), rng.choice(ZSM_MAATREGELEN)
            self.zsm_lijst.append(ZsmAdvies(
                casus=c.obj, schets=schets, gewenste_maatregelen=maatregelen, categorie=self.soort(f"{schets} {maatregelen}"),
                geldig_tot=geldig_tot, door=self.pr, vastgelegd_op=self.moment(vastgelegd, 14),
            ))

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
        # Meldingen still waiting for the briefing are the ones the house asks the municipality about,
        # so they always get an (open) uitvraag; the rest is a sample of the recent ones.
        wachtend = [m for m in hoofd if m.gewogen_op is None][:8]
        rest = [m for m in hoofd if m.gewogen_op is not None]
        gekozen = wachtend + rng.sample(rest, min(len(rest), 32 - len(wachtend))) + rng.sample(overig, min(len(overig), 6))
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
        with historische_tijdstempels(Persoon, Melding, Briefing, Terugkoppeling, Overleg, Geheimhoudingsverklaring, Uitnodiging, Verlenging,
                                      Afsluiting, ZsmAdvies):
            bc(Persoon, self.persoon_lijst)
            bc(Casus, [c.obj for c in self.casussen])
            vervolg = [c for c in self.casussen if c.vorige is not None]
            for c in vervolg:
                c.obj.vorige_casus = c.vorige.obj
            Casus.objects.bulk_update([c.obj for c in vervolg], ["vorige_casus"], batch_size=2000)
            bc(Melding, [m.obj for m in self.melding_lijst])
            # The reporter of a person's first melding typed that person; later meldingen found it
            # known, so their reporters hold no copy (meldingen.weergave).
            gezien = set()
            koppelingen = []
            for m in self.melding_lijst:
                for p in m.persoon_idx:
                    persoon = self.persoon_lijst[p]
                    eerste = p not in gezien and m.obj.melder_organisatie_id is not None
                    gezien.add(p)
                    koppelingen.append(MeldingPersoon(melding=m.obj, persoon=persoon,
                                                      opgave=opgave_uit_persoon(persoon) if eerste else None))
            bc(MeldingPersoon, koppelingen)
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
            bc(Overleg, self.overleg_lijst)
            bc(Deelnemer, self.deelnemer_lijst)
            bc(Bespreking, self.bespreking_lijst)
            bc(Uitnodiging, self.uitnodiging_lijst)
            bc(Geheimhoudingsverklaring, self.ghv_lijst)
            bc(PlanVanAanpak, self.plan_lijst)
            bc(Doel, self.doelen)
            bc(Actie, self.acties)
            bc(Monitoringcontact, self.contacten)
            bc(Verlenging, self.verlengingen)
            bc(Opschaling, self.opschaling_lijst)
            bc(Knelpunt, self.knelpunt_lijst)
            bc(Afsluiting, self.afsluiting_lijst)
            AfsluitingUitkomst = Afsluiting.uitkomsten.through
            AfsluitingUitkomst.objects.bulk_create([AfsluitingUitkomst(afsluiting=a, afsluituitkomst=u)
                                                    for a, u in self.afsluit_uitkomsten], batch_size=2000)
            bc(ZsmAdvies, self.zsm_lijst)
            bc(CasusBetrokkenheid, [CasusBetrokkenheid(casus=c.obj, organisatie=self.orgs[org], rol=rol, sinds=c.obj.geopend_op)
                                    for c in self.casussen for org, rol in c.orgs.items()]
                                   + [CasusBetrokkenheid(casus=c.obj, organisatie=self.orgs[org], rol=rol, gebruiker=gebruiker, sinds=sinds)
                                      for c in self.casussen for (org, rol), (gebruiker, sinds) in c.extra.items()])
            bc(CasusStatus, self.historie)
            herbereken_terugkoppeling_open()

    def _casus_historie(self) -> list[CasusStatus]:
        """In treatment once the plan is adopted at the first discussion, closed on the closing date."""
        S = Casus.Status
        historie = []
        for c in self.casussen:
            geopend = c.obj.geopend_op
            historie.append(CasusStatus(casus=c.obj, van="", naar=S.AANGEMELD, door=self.pr, tijdstip=geopend,
                                        toelichting="Geopend door weging"))
            status = S.AANGEMELD
            if c.vastgesteld is not None:
                status = S.IN_BEHANDELING
                historie.append(CasusStatus(casus=c.obj, van=S.AANGEMELD, naar=status, door=self.pr, tijdstip=c.vastgesteld,
                                            toelichting="Plan van aanpak vastgesteld"))
            if c.reden:
                historie.append(CasusStatus(casus=c.obj, van=status, naar=S.AFGESLOTEN, door=self.pr, tijdstip=c.sluit,
                                            toelichting=AFSLUIT_TOELICHTING[c.reden]))
                status = S.AFGESLOTEN
                c.obj.heragenderen_sinds = None
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
        bouwer.zaken()
        bouwer.schrijf()
        effect = bouw_effectdemo(random.Random(seed + 1), Gebruiker.objects.get(username="beheer.demo"))
        # bulk_create passes no signals: the visible cases per organisation are rebuilt in one go.
        herbereken_alles()
    resultaat = dict(bouwer.tellingen) | effect
    resultaat["seconden"] = round(time.monotonic() - start, 1)
    return resultaat
