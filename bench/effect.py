"""Benchmark of the effect measurement: `effect.bereken` over 10,000 clients and 1,000,000 police
registrations, next to the bare SQL that gathers the same rows.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<scratch> .venv/bin/python bench/effect.py --leegmaken [--runs 3]

With --leegmaken it first drops every table (point it at a scratch database only), then loads the reference data and
generates: 10,000 clients with a case and a plan adopted in 2014–2016; 20,000 persons weighed without
a case (geen vervolg / bilateraal) in the same years; 1,000,000 registrations as suspect, other roles
among them, spread over 2012–2018 by each person's own rate (gamma distributed, as offending is); and
5,000 detention periods, some overlapping, some still running. Registrations go in with COPY.

Then it times `bereken(2014-01-01, 2016-12-31, jaren=[2014, 2015, 2016], peildatum=2018-12-31)` and the
queries it sent, re-run bare on the same connection (cursor.execute + fetchall, no Django, no
numpy), and prints both, their ratio and the machine's load average. Nothing here is part of the tests.
"""
import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "alleen-voor-de-benchmark")
os.environ.setdefault("SCHAKEL_LOG_KEY", "alleen-voor-de-benchmark-" + "x" * 32)

CLIENTEN, CONTROLE, REGISTRATIES, DETENTIES = 10_000, 20_000, 1_000_000, 5_000
SEED = 2014
THEMAS = {"veelplegers": 35, "jeugd": 20, "huiselijk-geweld": 20, "nazorg": 15, "overlast": 10}
PLANTYPEN = ["justitieel", "zorg", "integraal", "nazorg", "huisverbod"]
EERSTE, LAATSTE = date(2012, 1, 1).toordinal(), date(2018, 12, 31).toordinal()


def vullen(rng) -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from schakel.briefing.models import BesluitOptie, Briefing, Weging
    from schakel.casussen.models import Casus
    from schakel.core.kopie import copy_rijen
    from schakel.core.tijd import dagbegin
    from schakel.effectmeting.models import Bronbestand, Detentie, Mutatie
    from schakel.gemeenten.models import Gemeente
    from schakel.meldingen.models import Melding, MeldingPersoon, Thema
    from schakel.overleggen.models import Overlegtype
    from schakel.personen.models import Persoon
    from schakel.plannen.models import PlanVanAanpak

    door = get_user_model().objects.create(username="bench.effect")
    gemeente = Gemeente.objects.get(code="leiden")
    themas = {t.code: t for t in Thema.objects.filter(code__in=THEMAS)}
    focus = Overlegtype.objects.get(code="focus")
    besluiten = list(BesluitOptie.objects.filter(code__in=["geen_vervolg", "bilateraal"]))
    codes = rng.choice(list(THEMAS), size=CLIENTEN + CONTROLE, p=np.array(list(THEMAS.values())) / 100)
    geboren = [date(1950, 1, 1) + timedelta(days=int(x)) for x in rng.integers(0, 365 * 55, CLIENTEN + CONTROLE)]
    personen = Persoon.objects.bulk_create(
        [Persoon(achternaam="Bench", zoeknaam="bench", geboortedatum=g) for g in geboren], batch_size=5000
    )
    ids = np.array([p.pk for p in personen])
    start = date(2014, 1, 1).toordinal() + rng.integers(0, 3 * 365, CLIENTEN + CONTROLE)

    casussen = Casus.objects.bulk_create([
        Casus(overlegtype=focus, gemeente=gemeente, thema=themas[codes[i]], status=Casus.Status.IN_BEHANDELING,
              geopend_op=dagbegin(date.fromordinal(int(start[i]) - 20)), geopend_door=door)
        for i in range(CLIENTEN)
    ], batch_size=5000)
    Casus.personen.through.objects.bulk_create(
        [Casus.personen.through(casus=c, persoon_id=int(ids[i])) for i, c in enumerate(casussen)], batch_size=5000
    )
    PlanVanAanpak.objects.bulk_create([
        PlanVanAanpak(casus=c, type=PLANTYPEN[i % 5], vastgesteld_op=date.fromordinal(int(start[i])), casushouder=door)
        for i, c in enumerate(casussen)
    ], batch_size=5000)

    briefing = Briefing.objects.create(datum=date(2014, 1, 1), voorzitter=door)
    meldingen = Melding.objects.bulk_create([
        Melding(ontvangen_op=dagbegin(date.fromordinal(int(start[i]) - 7)), kanaal=Melding.Kanaal.MAIL, gemeente=gemeente,
                thema=themas[codes[i]], omschrijving="Bench.", geregistreerd_door=door, status=Melding.Status.GEWOGEN)
        for i in range(CLIENTEN, CLIENTEN + CONTROLE)
    ], batch_size=5000)
    MeldingPersoon.objects.bulk_create(
        [MeldingPersoon(melding=m, persoon_id=int(ids[CLIENTEN + j])) for j, m in enumerate(meldingen)], batch_size=5000
    )
    Weging.objects.bulk_create([
        Weging(briefing=briefing, melding=m, besluit=besluiten[j % 2], gewogen_door=door,
               gewogen_op=dagbegin(date.fromordinal(int(start[CLIENTEN + j]))) + timedelta(hours=11))
        for j, m in enumerate(meldingen)
    ], batch_size=5000)

    def bron(soort):
        return Bronbestand.objects.create(soort=soort, bestandsnaam=f"bench-{soort}.csv", sha256="0" * 64, regels=0,
                                          toegevoegd=0, al_aanwezig=0, onbekende_personen=0, door=door,
                                          geimporteerd_op=timezone.now())

    mb, db = bron("mutaties"), bron("detenties")
    # Each person's own rate, widely spread: most have a few registrations, some dozens.
    gewicht = rng.gamma(0.8, 1.0, len(ids))
    wie = rng.choice(len(ids), size=REGISTRATIES, p=gewicht / gewicht.sum())
    dag = rng.integers(EERSTE, LAATSTE + 1, REGISTRATIES)
    rol = rng.choice(["verdachte", "slachtoffer", "getuige", "betrokkene", "overig"], size=REGISTRATIES, p=[0.8, 0.08, 0.06, 0.04, 0.02])
    hg = rng.random(REGISTRATIES) < 0.15
    rijen = (
        (f"BVH-{n}", date.fromordinal(int(dag[n])), int(ids[wie[n]]), rol[n], "", bool(hg[n]), mb.pk)
        for n in range(REGISTRATIES)
    )
    copy_rijen(Mutatie, ["mutatie_id", "datum", "persoon_id", "rol", "delict", "huiselijk_geweld", "bronbestand_id"], rijen)

    wie = rng.choice(CLIENTEN + CONTROLE, size=DETENTIES)
    begin = start[wie] + rng.integers(-400, 700, DETENTIES)
    duur = rng.integers(5, 300, DETENTIES)
    Detentie.objects.bulk_create([
        Detentie(detentie_id=f"DJI-{n}", persoon_id=int(ids[wie[n]]), begin=date.fromordinal(int(begin[n])),
                 einde=None if n % 50 == 0 else date.fromordinal(int(begin[n] + duur[n])), bronbestand=db)
        for n in range(DETENTIES)
    ], batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hergebruik", action="store_true", help="Gebruik de data van een vorige run (niet opnieuw vullen).")
    parser.add_argument("--leegmaken", action="store_true", help="Gooi alle tabellen van de database eerst weg (alleen een scratch-database!).")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("Zet DATABASE_URL op een scratch-database in PostgreSQL.", file=sys.stderr)
        return 2

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from schakel.beheer.referentie import laad_referentiedata
    from schakel.effectmeting import effect

    if not args.hergebruik:
        if connection.introspection.table_names():
            if not args.leegmaken:
                print("Deze database is niet leeg; gebruik een scratch-database of --leegmaken.", file=sys.stderr)
                return 2
            # The append-only tables refuse TRUNCATE; a scratch database is simply rebuilt.
            with connection.cursor() as cursor:
                cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        call_command("migrate", verbosity=0, interactive=False)
        laad_referentiedata()
        t = time.perf_counter()
        vullen(np.random.default_rng(SEED))
        print(f"gevuld in {time.perf_counter() - t:.1f} s")

    van, tot, peil = date(2014, 1, 1), date(2016, 12, 31), date(2018, 12, 31)
    tijden, kale = [], []
    for _ in range(args.runs):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            r = effect.bereken(van, tot, jaren=[2014, 2015, 2016], peildatum=peil)
            tijden.append(time.perf_counter() - t)
        t = time.perf_counter()
        with connection.cursor() as cursor:
            for q in ctx.captured_queries:
                cursor.execute(q["sql"])
                cursor.fetchall()
        kale.append(time.perf_counter() - t)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM effectmeting_mutatie")
        n_mut = cursor.fetchone()[0]
    m, k = statistics.median(tijden), statistics.median(kale)
    print(f"registraties in de database: {n_mut:,}; cliënten in het cohort: {r['cohort']['clienten']:,}; "
          f"gematchte vergelijkingspersonen: {r['vergelijking']['totaal']['controle_n']:,}")
    print(f"queries per bereken(): {len(ctx.captured_queries)}")
    print(f"bereken(): mediaan {m:.2f} s over {args.runs} runs ({', '.join(f'{x:.2f}' for x in tijden)})")
    print(f"kale SQL van dezelfde queries: mediaan {k:.2f} s; verhouding {m / k:.1f}×")
    print(f"load average (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())} op {os.cpu_count()} cores")
    return 0


if __name__ == "__main__":
    sys.exit(main())
