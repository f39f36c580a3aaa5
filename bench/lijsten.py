"""Benchmark: the case list (filtered, sorted, paged, counted) on a million meldingen.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_lijsten .venv/bin/python bench/lijsten.py \
        [--extra-casussen 200000] [--metingen 20]

Fills an empty database like bench/run.py (`schakel seed --meldingen 1000000 --persons 300000`, COPY),
then gives the cases what the list filters on and the bulk seed leaves empty: a procesregisseur, a plan
with a casushouder, "te heragenderen". With --extra-casussen it adds that many cases with one
INSERT ... SELECT generate_series (a stress case: the seed makes about 18,000 cases of a million
meldingen). Each page is timed in-process with Django's test Client (view, queries, template; DEBUG
off), next to the bare SQL of the same page: the list's own SELECTs (count, page, prefetch) as the page
sent them, re-run on the same connection in the same run. Nothing here is part of the test suite.
"""
import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "alleen-voor-de-benchmark")
os.environ.setdefault("SCHAKEL_LOG_KEY", "alleen-voor-de-benchmark-" + "x" * 32)
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ["SECURE_COOKIES"] = "0"
# In-process requests over plain http: no redirect to https (bench/run.py predates that setting).
os.environ["SECURE_SSL_REDIRECT"] = "0"

WARMUP = 3


def mediaan_p95(tijden):
    tijden = sorted(tijden)
    return statistics.median(tijden), tijden[max(0, round(0.95 * len(tijden)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description="Meet de casussenlijst op een grote database.")
    parser.add_argument("--meldingen", type=int, default=1_000_000)
    parser.add_argument("--persons", type=int, default=300_000)
    parser.add_argument("--extra-casussen", type=int, default=0, help="Extra casussen bovenop die van de seed.")
    parser.add_argument("--metingen", type=int, default=20)
    parser.add_argument("--explain", action="store_true", help="Toon het plan (EXPLAIN ANALYZE) van de gefilterde pagina.")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("Zet DATABASE_URL op een PostgreSQL-database die weg mag, bijvoorbeeld "
              "postgres://postgres@127.0.0.1:5432/bench_lijsten", file=sys.stderr)
        return 2

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from schakel.casussen.models import Casus
    from schakel.gebruikers.models import Gebruiker, GebruikerRol
    from schakel.gebruikers.rollen import Rol
    from schakel.gemeenten.models import Gemeente
    from schakel.meldingen.models import Melding
    from schakel.overleggen.models import Overlegtype
    from schakel.partners.models import Organisatie

    print(f"Database: {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0, interactive=False)
    if not Melding.objects.exists():
        start = time.monotonic()
        call_command("seed", meldingen=args.meldingen, persons=args.persons)
        print(f"Seed klaar in {time.monotonic() - start:.1f} s")

    def gebruiker(username, rol, org_code):
        user, nieuw = Gebruiker.objects.get_or_create(
            username=username, defaults={"organisatie": Organisatie.objects.get(code=org_code), "first_name": "Bench",
                                         "last_name": username.split(".")[-1]}
        )
        if nieuw:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        GebruikerRol.objects.get_or_create(gebruiker=user, rol=rol)
        return user

    regisseurs = [gebruiker(f"bench.pr{i}", Rol.PROCESREGISSEUR, "zvh-hollands-midden") for i in range(3)]
    houders = [gebruiker(f"bench.houder{i}", Rol.PARTNER, "politie") for i in range(5)]
    partner = houders[0]
    verrijk(connection, regisseurs, houders, args.extra_casussen)

    aantal_casussen = Casus.objects.count()
    print(f"Omvang: {Melding.objects.count()} meldingen, {aantal_casussen} casussen")
    leiden = Gemeente.objects.get(code="leiden").pk
    focus = Overlegtype.objects.get(code="focus").pk
    melding = Melding.objects.filter(casus__isnull=False).order_by("-pk").values_list("pk", flat=True).first()
    lijst = reverse("casussen:lijst")
    scenario_s = [
        ("standaard (nieuwste eerst), pagina 1", {}),
        ("pagina 3", {"pagina": 3}),
        ("status in behandeling + gemeente Leiden, nieuwste eerst", {"status": "in_behandeling", "gemeente": leiden}),
        ("overleg Focus, gesorteerd op nummer", {"overlegtype": focus, "sortering": "nummer"}),
        ("procesregisseur, gesorteerd op gemeente", {"procesregisseur": regisseurs[1].pk, "sortering": "gemeente"}),
        ("casushouder, oudste eerst", {"casushouder": houders[1].pk, "sortering": "geopend"}),
        ("werklijst te heragenderen", {"werklijst": "te_heragenderen"}),
        ("geopend in een jaar, op status", {"van": "2024-01-01", "tot": "2024-12-31", "sortering": "status"}),
        ("zoeken op meldingnummer", {"zoek": f"M-{melding:07d}"}),
        ("laatste pagina", {"pagina": 1_000_000}),
    ]
    metingen = []
    for rol_naam, user in (("procesregisseur", regisseurs[0]), ("partner (politie)", partner)):
        client = ingelogd(Client(), user, TOTPDevice, DEVICE_ID_SESSION_KEY)
        for naam, data in scenario_s:
            if rol_naam != "procesregisseur":
                if "procesregisseur" in data:
                    continue
                if "casushouder" in data:  # a partner filters on his own cases as casushouder
                    data = {**data, "casushouder": "ik"}
            metingen.append((rol_naam, naam, *meet(client, lijst, data, args.metingen, connection, CaptureQueriesContext)))
    # The counted page on the melding list, for comparison with docs/performance.md.
    client = ingelogd(Client(), regisseurs[0], TOTPDevice, DEVICE_ID_SESSION_KEY)
    for naam, data in (("meldingenlijst, pagina 1", {}), ("meldingenlijst, status gewogen + Leiden", {"status": "gewogen", "gemeente": leiden})):
        metingen.append(("procesregisseur", naam, *meet(client, reverse("meldingen:lijst"), data, args.metingen, connection,
                                                          CaptureQueriesContext, tabel="meldingen_melding")))

    print()
    print(f"{args.metingen} metingen na {WARMUP} opwarmverzoeken; servertijd in het proces (Django test Client), DEBUG uit.")
    print("Kale SQL: de SELECT's van de lijst zelf (telling, pagina, prefetch), zoals de pagina ze stuurde, opnieuw uitgevoerd.")
    print()
    print("CPU Python: processortijd van het Django-proces zelf (time.process_time), zonder wachten op de processor of de database.")
    print()
    print("| Gebruiker | Lijst | Rijen | Pagina mediaan (ms) | p95 (ms) | CPU Python (ms) | Kale SQL mediaan (ms) | Verhouding pagina/SQL | Queries |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for rol, naam, totaal, pagina, p95, cpu, sql, queries in metingen:
        print(f"| {rol} | {naam} | {totaal} | {pagina:.1f} | {p95:.1f} | {cpu:.1f} | {sql:.1f} | {pagina / sql:.1f} | {queries} |")
    per_rol = {}
    for rol, naam, *_, queries in metingen:
        if naam.startswith("meldingenlijst"):
            continue
        per_rol.setdefault(rol, set()).add(queries)
    print()
    print("Queries per pagina van de casussenlijst, per rol:", {rol: sorted(q) for rol, q in per_rol.items()})
    if args.explain:
        explain(client, connection, lijst, scenario_s[2][1], regisseurs[0], TOTPDevice, DEVICE_ID_SESSION_KEY, CaptureQueriesContext)
    return 0


def ingelogd(client, user, TOTPDevice, DEVICE_ID_SESSION_KEY):
    client.force_login(user)
    # A real session has passed the second factor; without it every page redirects to that step.
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = device.persistent_id
    sessie.save()
    return client


def lijst_sql(ctx, tabel):
    return [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT") and f'"{tabel}' in q["sql"]
            and "django_session" not in q["sql"]]


def meet(client, url, data, n, connection, CaptureQueriesContext, tabel="casussen_casus"):
    def doe():
        response = client.get(url, data)
        if response.status_code != 200:
            raise SystemExit(f"{url} {data}: HTTP {response.status_code}")
        return response

    for _ in range(WARMUP):
        doe()
    tijden, cpu = [], []
    for _ in range(n):
        start, start_cpu = time.perf_counter(), time.process_time()
        doe()
        tijden.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        response = doe()
    telling = re.search(r'<p class="telling">(Meer dan )?(\d+)', response.content.decode())
    totaal = f"> {telling.group(2)}" if telling.group(1) else telling.group(2)
    sql = lijst_sql(ctx, tabel)
    kaal = []
    with connection.cursor() as cursor:
        for _ in range(WARMUP):
            for q in sql:
                cursor.execute(q)
                cursor.fetchall()
        for _ in range(n):
            start = time.perf_counter()
            for q in sql:
                cursor.execute(q)
                cursor.fetchall()
            kaal.append((time.perf_counter() - start) * 1000)
    mediaan, p95 = mediaan_p95(tijden)
    return totaal, mediaan, p95, statistics.median(cpu), statistics.median(kaal), len(ctx.captured_queries)


def explain(client, connection, url, data, user, TOTPDevice, DEVICE_ID_SESSION_KEY, CaptureQueriesContext):
    client = ingelogd(client, user, TOTPDevice, DEVICE_ID_SESSION_KEY)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url, data)
    with connection.cursor() as cursor:
        for q in lijst_sql(ctx, "casussen_casus")[:2]:
            print()
            print(q)
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q)
            for (regel,) in cursor.fetchall():
                print("   ", regel)


def verrijk(connection, regisseurs, houders, extra):
    """What the bulk seed leaves empty and the list filters on, in a few set-based statements. Run once:
    a second run finds the procesregisseurs set and only adds extra cases if asked."""
    from schakel.casussen.models import Casus

    start = time.monotonic()
    with connection.cursor() as c:
        c.execute("SELECT max(id) FROM casussen_casus")
        (hoogste,) = c.fetchone()
        if extra:
            # Copies of existing cases, spread over the last five years, each with one person and
            # Politie as inbrenger for one in three (so the partner sees a share).
            c.execute(
                """
                WITH bron AS (SELECT array_agg(id ORDER BY id) AS ids FROM casussen_casus)
                INSERT INTO casussen_casus (onderwerp, overlegtype_id, gemeente_id, thema_id, status, procesregisseur_id,
                                            geopend_op, geopend_door_id, heragenderen_sinds, vorige_casus_id)
                SELECT c.onderwerp, c.overlegtype_id, c.gemeente_id, c.thema_id, c.status, NULL,
                       now() - make_interval(days => (g.i * 7919) %% 1825, mins => g.i %% 1440), c.geopend_door_id, NULL, NULL
                FROM generate_series(1, %s) AS g(i), bron
                JOIN casussen_casus c ON true
                WHERE c.id = bron.ids[1 + g.i %% array_length(bron.ids, 1)]
                """,
                [extra],
            )
            c.execute("SELECT min(id), max(id) FROM personen_persoon")
            pmin, pmax = c.fetchone()
            c.execute(
                "INSERT INTO casussen_casus_personen (casus_id, persoon_id) SELECT id, %s + (id * 7919) %% (%s - %s + 1) "
                "FROM casussen_casus WHERE id > %s",
                [pmin, pmax, pmin, hoogste],
            )
            c.execute(
                "INSERT INTO casussen_casusbetrokkenheid (casus_id, organisatie_id, rol, gebruiker_id, sinds) "
                "SELECT id, (SELECT id FROM partners_organisatie WHERE code = 'politie'), 'inbrenger', NULL, geopend_op "
                "FROM casussen_casus WHERE id > %s AND id %% 3 = 0",
                [hoogste],
            )
            print(f"{extra} extra casussen toegevoegd in {time.monotonic() - start:.1f} s")
        ids = [u.pk for u in regisseurs]
        c.execute(
            "UPDATE casussen_casus SET procesregisseur_id = (%s::int[])[1 + id %% %s] WHERE procesregisseur_id IS NULL",
            [ids, len(ids)],
        )
        c.execute(
            "UPDATE casussen_casus SET heragenderen_sinds = geopend_op + interval '60 days' "
            "WHERE status = %s AND id %% 10 = 0 AND heragenderen_sinds IS NULL",
            [Casus.Status.IN_BEHANDELING],
        )
        houder_ids = [u.pk for u in houders]
        c.execute(
            "INSERT INTO plannen_planvanaanpak (casus_id, type, casushouder_id, vastgesteld_op, vastgesteld_in_id, "
            "client_akkoord, toelichting, categorie_id) "
            "SELECT id, 'integraal', (%s::int[])[1 + id %% %s], (geopend_op + interval '30 days')::date, NULL, 'onbekend', '', NULL "
            "FROM casussen_casus c WHERE status <> %s AND id %% 2 = 0 "
            "AND NOT EXISTS (SELECT 1 FROM plannen_planvanaanpak p WHERE p.casus_id = c.id)",
            [houder_ids, len(houder_ids), Casus.Status.AANGEMELD],
        )
        c.execute("ANALYZE casussen_casus; ANALYZE casussen_casus_personen; ANALYZE casussen_casusbetrokkenheid; "
                  "ANALYZE plannen_planvanaanpak")
    print(f"Casussen verrijkt (procesregisseur, plan, heragenderen) in {time.monotonic() - start:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
