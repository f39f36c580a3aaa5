"""Large synthetic data for the benchmark: a million meldingen in minutes.

Rows are generated as plain tuples with explicit ids, so parents and children can be written in one
pass without reading ids back. PostgreSQL gets them through COPY; SQLite (tests, small runs) through
bulk_create in batches. Deliberately left out, because the benchmark does not read them and they
would double the load time: MeldingStatus history, Briefing/Agendapunt/Weging rows, Terugkoppeling,
CasusStatus history and the Mutatielog/Toegangslog. Statuses are therefore set without history.
"""
from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import connection, models, transaction
from django.utils import timezone

from schakel.casussen.models import Casus, CasusBetrokkenheid
from schakel.gebruikers.models import Gebruiker
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding, MeldingPersoon, Thema
from schakel.overleggen.models import Overlegtype
from schakel.partners.models import Bron, Organisatie
from schakel.personen.models import Persoon, zoeknaam

from schakel.casussen.zichtbaarheid import herbereken_alles
from schakel.core.kopie import copy_rijen

from .referentie import laad_referentiedata

BULK_GEBRUIKER = "bulk.systeem"
BULK_SEED = 20260101
BATCH = 10_000
JAREN = 5

# Weights per municipality for where people live and where meldingen come from: roughly the
# population, with the two centre municipalities heavier because most casework concentrates there.
GEMEENTE_GEWICHTEN = {
    "leiden": 230, "gouda": 140, "alphen-aan-den-rijn": 110, "katwijk": 65, "krimpenerwaard": 55,
    "zuidplas": 45, "noordwijk": 45, "teylingen": 38, "bodegraven-reeuwijk": 35, "waddinxveen": 32,
    "nieuwkoop": 28, "kaag-en-braassem": 28, "leiderdorp": 28, "oegstgeest": 25, "voorschoten": 25,
    "hillegom": 22, "lisse": 22, "zoeterwoude": 9, "noordwijkerhout": 4, "buiten-regio": 20, "geen-gba": 12,
}
# Who brings meldingen in: police and the prison service dominate, municipalities about a quarter.
MELDER_GEWICHTEN = {
    "politie": 36, "dji": 19, "gemeente": 25, "om": 4, "reclassering": 4, "ggz": 3, "veilig-thuis": 2,
    "svg": 2, "ldh-jbr": 1, "leger-des-heils": 1.5, "jeugdbescherming": 1, "rvdk": 0.5, "halt": 0.5, "ggd": 1,
}
K = Melding.Kanaal
KANAAL_PER_MELDER = {
    "politie": {K.POLITIEMUTATIE: 85, K.MAIL: 10, K.TELEFOON: 5},
    "dji": {K.DETENTIEMELDING: 100},
    "om": {K.ZSM: 80, K.MAIL: 20},
    "gemeente": {K.MAIL: 55, K.TELEFOON: 30, K.PARTNER: 15},
    "*": {K.MAIL: 50, K.TELEFOON: 25, K.PARTNER: 20, K.OVERIG: 5},
}
THEMA_PER_MELDER = {
    "politie": {"veelplegers": 22, "huiselijk-geweld": 18, "verward-gedrag": 20, "jeugd": 12, "overlast": 10,
                "high-impact-crime": 10, "ex-partnerstalking": 5, "mensenhandel": 1, "radicalisering": 1, "overig": 1},
    "dji": {"nazorg": 100},
    "gemeente": {"overlast": 30, "verward-gedrag": 20, "jeugd": 12, "huiselijk-geweld": 10, "veelplegers": 8,
                 "radicalisering": 3, "mensenhandel": 2, "overig": 15},
    "om": {"veelplegers": 35, "high-impact-crime": 25, "huiselijk-geweld": 20, "jeugd": 10, "ex-partnerstalking": 10},
    "reclassering": {"nazorg": 30, "veelplegers": 40, "huiselijk-geweld": 15, "verward-gedrag": 15},
    "svg": {"nazorg": 30, "veelplegers": 40, "verward-gedrag": 30},
    "ldh-jbr": {"nazorg": 30, "veelplegers": 40, "jeugd": 30},
    "ggz": {"verward-gedrag": 70, "overlast": 15, "huiselijk-geweld": 5, "overig": 10},
    "ggd": {"verward-gedrag": 60, "overlast": 25, "overig": 15},
    "veilig-thuis": {"huiselijk-geweld": 70, "ex-partnerstalking": 20, "jeugd": 10},
    "jeugdbescherming": {"jeugd": 80, "huiselijk-geweld": 20},
    "rvdk": {"jeugd": 80, "huiselijk-geweld": 20},
    "halt": {"jeugd": 100},
    "leger-des-heils": {"verward-gedrag": 40, "overlast": 30, "nazorg": 30},
}

OMSCHRIJVING_OPENING = {
    "nazorg": "Detentiemelding: betrokkene verblijft in een penitentiaire inrichting en komt binnen enkele weken vrij.",
    "veelplegers": "Betrokkene is het afgelopen jaar meerdere keren aangehouden voor winkeldiefstal en vernieling.",
    "huiselijk-geweld": "Melding van huiselijk geweld op het woonadres; de politie is meerdere keren ter plaatse geweest.",
    "jeugd": "Jongere is betrokken bij een groep die zich schuldig maakt aan straatroof en bedreiging.",
    "verward-gedrag": "Betrokkene vertoont verward gedrag in de openbare ruimte en zorgt voor onrust in de buurt.",
    "radicalisering": "Zorgen over radicalisering: betrokkene deelt extremistische uitingen en zondert zich af.",
    "ex-partnerstalking": "Betrokkene blijft zijn ex-partner lastigvallen ondanks een contactverbod.",
    "mensenhandel": "Signalen van mogelijke uitbuiting: betrokkene werkt onder dwang en woont op het adres van de werkgever.",
    "overlast": "Aanhoudende woonoverlast: buren klagen over geluid, vervuiling en bedreigend gedrag.",
    "high-impact-crime": "Betrokkene wordt verdacht van een woninginbraak en een overval in de regio.",
    "overig": "Melder maakt zich zorgen over de situatie van betrokkene en vraagt om afstemming.",
}
OMSCHRIJVING_CONTEXT = [
    "Er is sprake van schulden en een dreigende huisuitzetting.",
    "Betrokkene gebruikt dagelijks alcohol en drugs.",
    "Er zijn minderjarige kinderen in het gezin.",
    "Hulpverlening is eerder gestart maar door betrokkene afgehouden.",
    "Betrokkene heeft geen vaste woon- of verblijfplaats.",
    "Er is een vermoeden van psychiatrische problematiek zonder behandeling.",
    "Betrokkene heeft geen dagbesteding of inkomen.",
    "Wijkagent en wijkteam zijn bekend met de situatie.",
    "De reclassering houdt toezicht in het kader van een voorwaardelijk strafdeel.",
    "Buurtbewoners voelen zich onveilig.",
]
OMSCHRIJVING_VRAAG = [
    "Verzoek om weging in de briefing en afstemming tussen de ketens.",
    "Melder vraagt of het Veiligheidshuis regie kan voeren.",
    "Graag bespreken welke partner het voortouw neemt.",
    "Verzoek om informatie van de gemeente over lopende trajecten.",
]

# Names are drawn from pools: Faker costs ~5 µs a call, which is minutes for a million rows.
TUSSENVOEGSELS = ("van der", "van den", "van de", "in 't", "van", "de", "den", "der", "ter", "te", "'t")
EXTRA_ACHTERNAMEN = [
    "Yılmaz", "Çelik", "Şahin", "Öztürk", "Demir", "Kaya", "El Amrani", "El Idrissi", "Bouzid", "Benali",
    "Ait Taleb", "Ramdin", "Sewnath", "Jagesar", "Kowalski", "Nowak", "Wiśniewski", "Nguyen", "Pérez", "Müller",
]


def splits_achternaam(volledig: str) -> tuple[str, str]:
    """Faker gives 'van der Ploeg'; the register keeps the tussenvoegsel apart from the surname."""
    for tv in TUSSENVOEGSELS:
        if volledig.startswith(tv + " "):
            return tv, volledig[len(tv) + 1:]
    return "", volledig


def bsn_reeks(overslaan: Iterable[str] = ()) -> Iterator[str]:
    """Valid BSNs in increasing order: per 8-digit prefix the check digit follows from the
    eleven-test, so every prefix but one in eleven yields exactly one BSN."""
    bezet = set(overslaan)
    for prefix in range(10_000_000, 100_000_000):
        cijfers = str(prefix)
        som = sum(int(c) * w for c, w in zip(cijfers, range(9, 1, -1)))
        laatste = som % 11
        if laatste == 10:
            continue
        bsn = f"{cijfers}{laatste}"
        if bsn not in bezet:
            yield bsn


@contextmanager
def historische_tijdstempels(*modellen: type[models.Model]):
    """auto_now_add would stamp years of history with the moment of seeding."""
    velden = [f for m in modellen for f in m._meta.concrete_fields if getattr(f, "auto_now_add", False)]
    for veld in velden:
        veld.auto_now_add = False
    try:
        yield
    finally:
        for veld in velden:
            veld.auto_now_add = True


def gewogen_keuze(rng: random.Random, gewichten: dict, k: int) -> list:
    return rng.choices(list(gewichten), weights=list(gewichten.values()), k=k)


class Schrijver:
    """Writes tuples to a model's table: COPY on PostgreSQL, bulk_create elsewhere."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"

    def volgend_id(self, model: type[models.Model]) -> int:
        return (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1

    def schrijf(self, model: type[models.Model], velden: list[str], rijen: Iterable[tuple]) -> int:
        kolommen = [model._meta.get_field(v).column for v in velden]
        aantal = 0
        if self.postgres:
            return copy_rijen(model, kolommen, rijen)
        attnames = [model._meta.get_field(v).attname for v in velden]
        batch = []
        with historische_tijdstempels(model):
            for rij in rijen:
                batch.append(model(**dict(zip(attnames, rij))))
                if len(batch) >= BATCH:
                    model.objects.bulk_create(batch)
                    aantal += len(batch)
                    batch = []
            if batch:
                model.objects.bulk_create(batch)
                aantal += len(batch)
        return aantal

    def herstel_reeksen(self, *modellen: type[models.Model]) -> None:
        """Ids were written explicitly; the identity sequences must continue after them."""
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            for model in modellen:
                tabel = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT MAX(id) FROM {tabel}), 0) + 1, false)",
                    [tabel],
                )


def bouw_bulk(*, meldingen: int, personen: int, log: Callable[[str], None] = print, seed: int = BULK_SEED) -> dict:
    start = time.monotonic()
    rng = random.Random(seed)
    laad_referentiedata()

    def meld(tekst: str) -> None:
        log(f"[{time.monotonic() - start:7.1f} s] {tekst}")

    systeem, nieuw = Gebruiker.objects.get_or_create(
        username=BULK_GEBRUIKER, defaults={"first_name": "Bulk", "last_name": "Systeem", "is_active": False}
    )
    if nieuw:
        systeem.set_unusable_password()
        systeem.save(update_fields=["password"])

    gemeenten = {g.code: g.pk for g in Gemeente.objects.all()}
    gemeente_codes = [c for c in GEMEENTE_GEWICHTEN if c in gemeenten]
    gemeente_gewichten = [GEMEENTE_GEWICHTEN[c] for c in gemeente_codes]
    orgs = {o.code: o.pk for o in Organisatie.objects.all()}
    org_bron = {o.code: o.bron for o in Organisatie.objects.all()}
    themas = {t.code: t.pk for t in Thema.objects.all()}
    overlegtypen = {o.code: o.pk for o in Overlegtype.objects.all()}
    eigen_nazorg = set(Gemeente.objects.filter(eigen_nazorg=True).values_list("code", flat=True))
    partners = [c for c in orgs if not c.startswith("gemeente-") and c != "zvh-hollands-midden"]

    from faker import Faker

    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    voornamen_man = [fake.first_name_male() for _ in range(600)]
    voornamen_vrouw = [fake.first_name_female() for _ in range(600)]
    achternamen = [splits_achternaam(fake.last_name()) for _ in range(3000)]
    achternamen += [("", n) for n in EXTRA_ACHTERNAMEN] * 5
    zoeknamen = {a: zoeknaam(a) for _, a in achternamen}
    melder_namen = [fake.name() for _ in range(2000)]

    schrijver = Schrijver()
    nu = timezone.now()
    begin = nu - timedelta(days=365 * JAREN)
    vandaag = timezone.localdate()
    resultaat = {}

    with transaction.atomic():
        # --- Personen -------------------------------------------------------------------------
        eerste_persoon = schrijver.volgend_id(Persoon)
        bestaande_bsn = set(Persoon.objects.exclude(bsn=None).values_list("bsn", flat=True))
        bsns = bsn_reeks(bestaande_bsn)
        persoon_gemeente: list[int] = []
        # Fresh persons enter the meldingen in this order, so a person's creation time can follow it.
        personen_volgorde = list(range(personen))
        rng.shuffle(personen_volgorde)
        rang = [0] * personen
        for positie, p in enumerate(personen_volgorde):
            rang[p] = positie
        span = (nu - begin).total_seconds()

        def persoon_rijen():
            G = Persoon.Geslacht
            geslachten = gewogen_keuze(rng, {G.MAN: 72, G.VROUW: 26, G.ANDERS: 1, G.ONBEKEND: 1}, personen)
            woon = rng.choices(gemeente_codes, weights=gemeente_gewichten, k=personen)
            for i in range(personen):
                geslacht = geslachten[i]
                namen = voornamen_vrouw if geslacht == G.VROUW else voornamen_man
                voornamen = rng.choice(namen) if rng.random() < 0.6 else f"{rng.choice(namen)} {rng.choice(namen)}"
                tv, achternaam = rng.choice(achternamen)
                gemeente = woon[i]
                persoon_gemeente.append(gemeenten[gemeente])
                bsn = next(bsns) if gemeente != "geen-gba" and rng.random() < 0.72 else None
                geboren = None if rng.random() < 0.03 else vandaag - timedelta(days=rng.randint(14 * 365, 75 * 365))
                yield (eerste_persoon + i, bsn, voornamen, tv, achternaam, geboren, geslacht, gemeenten[gemeente],
                       "", zoeknamen[achternaam], begin + timedelta(seconds=span * 0.9 * rang[i] / personen))

        n = schrijver.schrijf(
            Persoon,
            ["id", "bsn", "voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "geslacht", "gemeente",
             "aliassen", "zoeknaam", "aangemaakt_op"],
            persoon_rijen(),
        )
        meld(f"{n:,} personen geschreven".replace(",", "."))
        resultaat["personen"] = n

        # --- Meldingen, koppelingen en casussen -----------------------------------------------
        eerste_melding = schrijver.volgend_id(Melding)
        volgende_casus = schrijver.volgend_id(Casus)
        volgende_koppeling = schrijver.volgend_id(MeldingPersoon)
        volgende_betrokkenheid = schrijver.volgend_id(CasusBetrokkenheid)
        CasusPersoon = Casus.personen.through
        volgende_casuspersoon = schrijver.volgend_id(CasusPersoon)

        # Repeat reports: a small hot set of persons ("veelplegers") collects a large share of the
        # meldingen, the rest is spread evenly; fresh persons keep appearing until all are used.
        hot = max(1, personen // 20)
        tijden = sorted(rng.random() for _ in range(meldingen))
        melders = gewogen_keuze(rng, MELDER_GEWICHTEN, meldingen)
        kanaal_keuzes = {m: list(g) for m, g in KANAAL_PER_MELDER.items()}
        kanaal_gewichten = {m: list(g.values()) for m, g in KANAAL_PER_MELDER.items()}
        thema_keuzes = {m: list(g) for m, g in THEMA_PER_MELDER.items()}
        thema_gewichten = {m: list(g.values()) for m, g in THEMA_PER_MELDER.items()}
        recent = nu - timedelta(days=14)
        S = Melding.Status
        nieuw_persoon = 0

        casussen: list[tuple] = []
        casus_van_persoon: dict[int, int] = {}
        casus_personen: dict[int, set[int]] = {}
        casus_orgs: dict[int, set[str]] = {}
        koppelingen: list[tuple] = []
        betrokkenheden: list[tuple] = []
        casuspersonen: list[tuple] = []
        tellingen = {"meldingen": 0, "koppelingen": 0, "casussen": 0, "betrokkenheden": 0}

        def kies_persoon(i: int) -> int:
            nonlocal nieuw_persoon
            over = meldingen - i
            if nieuw_persoon < personen and (nieuw_persoon == 0 or rng.random() < (personen - nieuw_persoon) / (over * 1.1)):
                p = personen_volgorde[nieuw_persoon]
                nieuw_persoon += 1
                return p
            gebruikt = nieuw_persoon
            if rng.random() < 0.4:
                return personen_volgorde[rng.randrange(min(hot, gebruikt))]
            return personen_volgorde[rng.randrange(gebruikt)]

        def melding_rijen():
            nonlocal volgende_casus, volgende_koppeling, volgende_betrokkenheid, volgende_casuspersoon
            for i in range(meldingen):
                mid = eerste_melding + i
                ontvangen = begin + timedelta(seconds=tijden[i] * span)
                eerste = kies_persoon(i)
                ids = [eerste]
                if rng.random() < 0.15 and personen > 1:
                    tweede = kies_persoon(i)
                    if tweede != eerste:
                        ids.append(tweede)
                gemeente_id = persoon_gemeente[eerste]
                melder = melders[i]
                if melder == "dji" and gemeente_id in eigen_nazorg_ids:
                    melder = "politie"
                if melder == "gemeente":
                    org_code = gemeente_org.get(gemeente_id, "gemeente-leiden")
                else:
                    org_code = melder
                sleutel = melder if melder in kanaal_keuzes else "*"
                kanaal = rng.choices(kanaal_keuzes[sleutel], weights=kanaal_gewichten[sleutel])[0]
                thema = rng.choices(thema_keuzes[melder], weights=thema_gewichten[melder])[0]
                if ontvangen > recent:
                    status = rng.choice((S.GEREGISTREERD, S.GEAGENDEERD, S.GEWOGEN))
                else:
                    status = S.GEWOGEN
                omschrijving = " ".join(
                    (OMSCHRIJVING_OPENING[thema], rng.choice(OMSCHRIJVING_CONTEXT), rng.choice(OMSCHRIJVING_VRAAG))
                )
                casus_id = None
                if status == S.GEWOGEN and rng.random() < 0.02:
                    casus_id = casus_van_persoon.get(eerste)
                    if casus_id is None:
                        casus_id = volgende_casus
                        volgende_casus += 1
                        overleg = "nazorg" if thema == "nazorg" else rng.choice(("focus", "focus", "top_x", "huiselijk_geweld", "jeugd"))
                        leeftijd = (nu - ontvangen).days
                        if leeftijd > 365:
                            cstatus = Casus.Status.AFGESLOTEN
                        elif leeftijd > 30:
                            cstatus = rng.choice((Casus.Status.IN_BEHANDELING, Casus.Status.IN_BEHANDELING, Casus.Status.AFGESLOTEN))
                        else:
                            cstatus = rng.choice((Casus.Status.AANGEMELD, Casus.Status.IN_BEHANDELING))
                        geopend = min(ontvangen + timedelta(days=3), nu)
                        casussen.append((casus_id, Casus.Onderwerp.PERSOON, overlegtypen[overleg], gemeente_id,
                                         themas[thema], cstatus, None, geopend, systeem.pk))
                        casus_personen[casus_id] = set()
                        casus_orgs[casus_id] = set()
                        genodigd = rng.sample([p for p in partners if p != org_code], rng.randint(1, 3))
                        for org in genodigd:
                            betrokkenheden.append((volgende_betrokkenheid, casus_id, orgs[org],
                                                   CasusBetrokkenheid.Rol.GENODIGD, None, geopend))
                            volgende_betrokkenheid += 1
                        casus_van_persoon[eerste] = casus_id
                    if org_code not in casus_orgs[casus_id]:
                        casus_orgs[casus_id].add(org_code)
                        betrokkenheden.append((volgende_betrokkenheid, casus_id, orgs[org_code],
                                               CasusBetrokkenheid.Rol.INBRENGER, None, min(ontvangen + timedelta(days=3), nu)))
                        volgende_betrokkenheid += 1
                    for p in ids:
                        if p not in casus_personen[casus_id]:
                            casus_personen[casus_id].add(p)
                            casuspersonen.append((volgende_casuspersoon, casus_id, eerste_persoon + p))
                            volgende_casuspersoon += 1
                for p in ids:
                    koppelingen.append((volgende_koppeling, mid, eerste_persoon + p))
                    volgende_koppeling += 1
                yield (mid, ontvangen, kanaal, Melding.Soort.CASUS, False, Melding.Onderwerp.PERSOON, "",
                       orgs[org_code], Bron.ZSM if kanaal == K.ZSM else org_bron[org_code], rng.choice(melder_namen), "", gemeente_id, themas[thema], omschrijving,
                       Melding.Urgentie.NORMAAL, False, kanaal == K.ZSM, status, casus_id, systeem.pk,
                       ontvangen + timedelta(minutes=rng.randint(5, 600)))

        eigen_nazorg_ids = {gemeenten[c] for c in eigen_nazorg}
        gemeente_org = {
            gid: f"gemeente-{code}" for code, gid in gemeenten.items() if f"gemeente-{code}" in orgs
        }
        melding_velden = ["id", "ontvangen_op", "kanaal", "soort", "anoniem", "onderwerp", "gebied",
                          "melder_organisatie", "bron", "melder_naam", "melder_contact", "gemeente", "thema",
                          "omschrijving", "urgentie", "lopend_bij_veilig_thuis", "lopend_bij_zsm", "status", "casus",
                          "geregistreerd_door", "geregistreerd_op"]

        def blok(rijen: Iterator[tuple], grootte: int) -> Iterator[list[tuple]]:
            buffer = []
            for rij in rijen:
                buffer.append(rij)
                if len(buffer) >= grootte:
                    yield buffer
                    buffer = []
            if buffer:
                yield buffer

        # Written in blocks: each block's cases go in before its meldingen so the foreign keys hold
        # even where constraints are checked immediately.
        for stuk in blok(melding_rijen(), 100_000):
            tellingen["casussen"] += schrijver.schrijf(
                Casus, ["id", "onderwerp", "overlegtype", "gemeente", "thema", "status", "procesregisseur",
                        "geopend_op", "geopend_door"], casussen)
            tellingen["meldingen"] += schrijver.schrijf(Melding, melding_velden, stuk)
            tellingen["koppelingen"] += schrijver.schrijf(MeldingPersoon, ["id", "melding", "persoon"], koppelingen)
            tellingen["betrokkenheden"] += schrijver.schrijf(
                CasusBetrokkenheid, ["id", "casus", "organisatie", "rol", "gebruiker", "sinds"], betrokkenheden)
            schrijver.schrijf(CasusPersoon, ["id", "casus", "persoon"], casuspersonen)
            casussen.clear()
            koppelingen.clear()
            betrokkenheden.clear()
            casuspersonen.clear()
            meld(f"{tellingen['meldingen']:,} van {meldingen:,} meldingen geschreven".replace(",", "."))

        schrijver.herstel_reeksen(Persoon, Melding, MeldingPersoon, Casus, CasusBetrokkenheid, CasusPersoon)
        # Feedback rows are not generated: the reporters of meldingen weighed before the last two weeks
        # count as told, the recent weighed ones wait (the start page's feedback worklist).
        Melding.objects.filter(status=S.GEWOGEN, ontvangen_op__gt=recent).update(wacht_op_terugkoppeling=True)
        resultaat.update(tellingen)
        # COPY passes no signals: the visible cases per organisation are rebuilt in one go.
        meld("zichtbare casussen ...")
        resultaat["zichtbaar"] = herbereken_alles()

    if schrijver.postgres:
        meld("ANALYZE ...")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    resultaat["seconden"] = round(time.monotonic() - start, 1)
    meld("klaar")
    return resultaat
