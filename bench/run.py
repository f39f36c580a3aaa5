"""Benchmark: server time of the busiest pages on a million meldingen.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/schakel_bench .venv/bin/python bench/run.py [--rebuild]

Migrates, seeds 1,000,000 meldingen and 300,000 persons when the database has no meldingen yet
(--rebuild empties it first), then times each page in-process with Django's test Client: no network
or browser, only view, queries and template. DEBUG is off, as in production.
"""
import argparse
import os
import random
from contextlib import contextmanager
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "alleen-voor-de-benchmark")
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ["SECURE_COOKIES"] = "0"
# In-process requests over plain http: no redirect to https, and no request log line per page.
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ["LOG_VERZOEKEN"] = "WARNING"
# As in production (docs/deployment.md): a page inserts its sealed access-log rows, the separate writer
# `schakel logketenen --herhaal 1` (started below) chains them. --ketenen-in-pagina measures the other way.
KETENEN_IN_PAGINA = "--ketenen-in-pagina" in sys.argv
os.environ["SCHAKEL_LOG_KETENEN_NA_COMMIT"] = "1" if KETENEN_IN_PAGINA else "0"
os.environ.setdefault("SCHAKEL_LOG_KEY", "alleen-voor-de-benchmark-" + "x" * 32)

MELDINGEN = 1_000_000
PERSONEN = 300_000
WARMUP = 3
METINGEN = 30


def main() -> int:
    parser = argparse.ArgumentParser(description="Meet de servertijd van lijst- en zoekpagina's op een grote database.")
    parser.add_argument("--rebuild", action="store_true", help="Database eerst leegmaken en opnieuw vullen.")
    parser.add_argument("--meldingen", type=int, default=MELDINGEN)
    parser.add_argument("--persons", type=int, default=PERSONEN)
    parser.add_argument("--metingen", type=int, default=METINGEN)
    parser.add_argument("--pagina", default="",
                        help="Alleen de pagina's waarvan naam of gebruiker dit bevat (bijvoorbeeld: procesregisseur).")
    parser.add_argument("--ketenen-in-pagina", action="store_true",
                        help="Elke pagina ketent zijn eigen logregels na de commit (standaard van de demo), zonder aparte ketenaar.")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        print("Zet DATABASE_URL op een lege PostgreSQL-database voor de benchmark, bijvoorbeeld "
              "postgres://postgres@127.0.0.1:5432/schakel_bench", file=sys.stderr)
        return 2

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse

    import psycopg

    from schakel.casussen.models import Casus
    from schakel.gebruikers.models import Gebruiker, GebruikerRol
    from schakel.gebruikers.rollen import Rol
    from schakel.meldingen.models import Melding
    from schakel.partners.models import Organisatie
    from schakel.personen.models import Persoon

    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0, interactive=False)
    if args.rebuild:
        print("Database leegmaken (--rebuild) ...")
        call_command("flush", verbosity=0, interactive=False)
    if not Melding.objects.exists():
        print(f"Vullen met {args.meldingen} meldingen en {args.persons} personen ...")
        start = time.monotonic()
        call_command("seed", meldingen=args.meldingen, persons=args.persons)
        print(f"Seed klaar in {time.monotonic() - start:.1f} s")
    else:
        print("Data al aanwezig; niet opnieuw gevuld (gebruik --rebuild om opnieuw te vullen).")
    aantal_meldingen = Melding.objects.count()
    aantal_personen = Persoon.objects.count()
    print(f"Omvang: {aantal_meldingen} meldingen, {aantal_personen} personen")

    def bench_gebruiker(username: str, rol: str, org_code: str) -> Gebruiker:
        user, nieuw = Gebruiker.objects.get_or_create(
            username=username, defaults={"organisatie": Organisatie.objects.get(code=org_code), "first_name": "Bench"}
        )
        if nieuw:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        GebruikerRol.objects.get_or_create(gebruiker=user, rol=rol)
        return user

    partner = bench_gebruiker("bench.partner", Rol.PARTNER, "politie")
    # The worst case for the need-to-know filter: the organisation that reported least (maybe nothing),
    # so the newest-first scan must pass many rows before it fills a page.
    kleinste = (
        Organisatie.objects.annotate(n=Count("meldingen")).order_by("n", "code").values_list("code", "n")[:1][0]
    )
    klein = bench_gebruiker("bench.partner.klein", Rol.PARTNER, kleinste[0])
    klein_label = f"partner ({kleinste[0]}, {kleinste[1]} meldingen)"
    weinig = (
        Organisatie.objects.annotate(n=Count("meldingen")).filter(n__gt=0).order_by("n", "code").values_list("code", "n")[:1][0]
    )
    matig = bench_gebruiker("bench.partner.weinig", Rol.PARTNER, weinig[0])
    matig_label = f"partner ({weinig[0]}, {weinig[1]} meldingen)"
    regisseur = bench_gebruiker("bench.pr", Rol.PROCESREGISSEUR, "zvh-hollands-midden")

    # The most common surname: the search with the most candidate rows (the page shows at most 50).
    achternaam = (
        Persoon.objects.values("achternaam").annotate(n=Count("id")).order_by("-n").values_list("achternaam", flat=True)[:1][0]
    )
    lijst = reverse("meldingen:lijst")
    zoeken = reverse("personen:zoeken")
    casussen = reverse("casussen:lijst")
    # A case the police partner may open (involved under a covenant in force), with its persons: the
    # detail page is the one a partner opens most after the lists.
    casus = Casus.objects.for_user(partner).order_by("-pk").values_list("pk", flat=True).first()
    detail = reverse("casussen:detail", args=[casus])
    scenario_s = [
        ("Meldingenlijst pagina 1", partner, "get", lijst, {}),
        ("Meldingenlijst pagina 1", regisseur, "get", lijst, {}),
        ("Meldingenlijst pagina 1", klein, "get", lijst, {}),
        ("Meldingenlijst pagina 1", matig, "get", lijst, {}),
        ("Meldingenlijst pagina 20", partner, "get", lijst, {"pagina": 20}),
        ("Meldingenlijst pagina 20", regisseur, "get", lijst, {"pagina": 20}),
        ("Persoon zoeken (achternaam)", partner, "post", zoeken, {"q": achternaam}),
        ("Persoon zoeken (achternaam)", regisseur, "post", zoeken, {"q": achternaam}),
        ("Casussenlijst pagina 1", partner, "get", casussen, {}),
        ("Casussenlijst pagina 1", regisseur, "get", casussen, {}),
        ("Casuspagina", partner, "get", detail, {}),
        ("Casuspagina", regisseur, "get", detail, {}),
        ("Startpagina Vandaag", partner, "get", reverse("start"), {}),
        ("Startpagina Vandaag", regisseur, "get", reverse("start"), {}),
    ]
    rollen = {partner.pk: "partner (politie)", regisseur.pk: "procesregisseur", klein.pk: klein_label, matig.pk: matig_label}

    # Triggers off on the replay connection (superuser, rolled back): the page's chaining UPDATE names
    # rows the page itself chained already, which the append-only trigger would refuse. It also skips the
    # foreign-key checks of the replayed INSERTs, so the bare SQL is if anything too fast and the ratio
    # too high.
    ketenaar = None
    if not KETENEN_IN_PAGINA:
        ketenaar = subprocess.Popen([sys.executable, "-m", "schakel.manage", "logketenen", "--herhaal", "1"],
                                    env=os.environ.copy(), stdout=subprocess.DEVNULL)
    # Client-side binding, as Django sends its queries: the default cursor would prepare a statement
    # after its fifth run and skip parsing and planning it, which the page never does.
    kaal = psycopg.connect(_conninfo(connection), options="-c jit=off -c session_replication_role=replica",
                           cursor_factory=psycopg.ClientCursor)
    resultaten = []
    for naam, user, methode, url, data in scenario_s:
        if args.pagina.lower() not in f"{naam} / {rollen[user.pk]}".lower():
            continue
        client = ingelogde_client(user)
        verzoek = getattr(client, methode)

        def doe():
            response = verzoek(url, data)
            if response.status_code != 200:
                raise SystemExit(f"{naam}: HTTP {response.status_code} voor {url}")
            return response

        for _ in range(WARMUP):
            doe()
        # Queries captured in a separate request, so recording them does not add to the timings. The
        # page writes its access-log rows on a connection of its own (privacy.logschrijver); here in
        # line, on the page's connection, so their INSERT is among the statements replayed.
        with CaptureQueriesContext(connection) as ctx, override_settings(SCHAKEL_LOG_PARALLEL=False):
            doe()
        sql = [q["sql"] for q in ctx.captured_queries]
        for _ in range(WARMUP):
            herhaal(kaal, sql)
        # Page, bare SQL and the page without the access log, interleaved round by round, so a burst
        # of other work on the machine hits all three alike.
        tijden, kale, zonder_log = [], [], []
        for _ in range(args.metingen):
            start = time.perf_counter()
            doe()
            tijden.append((time.perf_counter() - start) * 1000)
            kale.append(herhaal(kaal, sql))
            with zonder_toegangslog():
                start = time.perf_counter()
                doe()
                zonder_log.append((time.perf_counter() - start) * 1000)
        paren = list(zip(tijden, zonder_log))
        tijden.sort()
        p95 = tijden[max(0, round(0.95 * len(tijden)) - 1)]
        r = (naam, rollen[user.pk], statistics.median(tijden), p95, statistics.median(kale),
             statistics.median(zonder_log), len(sql), log_aandeel_interval(paren))
        resultaten.append(r)
        print(f"  {naam} / {r[1]}: pagina {r[2]:.1f} ms, kale SQL {r[4]:.1f} ms ({r[2] / r[4]:.1f}×), "
              f"zonder toegangslog {r[5]:.1f} ms")
    kaal.close()
    if ketenaar is not None:
        ketenaar.terminate()
        ketenaar.wait(timeout=30)

    print()
    print(f"Gezochte achternaam: meest voorkomende in de data ({Persoon.objects.filter(achternaam=achternaam).count()} personen)")
    print(f"{args.metingen} rondes na {WARMUP} opwarmverzoeken; servertijd in het proces (Django test Client), DEBUG uit.")
    print("Kale SQL: elke query die de pagina stuurde (sessie, gebruiker, tweede stap, lijst, prefetch, toegangslog), "
          "opnieuw uitgevoerd op een eigen psycopg-verbinding in een transactie die wordt teruggedraaid.")
    print("Toegangslog: " + ("elke pagina ketent zijn eigen regels na de commit." if KETENEN_IN_PAGINA else
          "een pagina schrijft verzegelde regels; een aparte ketenaar (schakel logketenen --herhaal 1) ketent ze, "
          "zoals in productie."))
    print("Zonder toegangslog: dezelfde pagina met log_toegang uitgeschakeld, om en om met de gewone pagina gemeten.")
    print(f"Belasting van de machine (1/5/15 min) bij het einde: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    print()
    print("Log-aandeel: (mediaan met log − mediaan zonder log) / mediaan met log; tussen haakjes het 95%-interval "
          "(bootstrap over de rondes): hoe ver de schatting door ruis van de machine kan liggen.")
    print()
    print("| Pagina | Gebruiker | Mediaan (ms) | p95 (ms) | Kale SQL (ms) | Pagina/SQL | Zonder log (ms) | Log-aandeel (95%-interval) | SQL-queries |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for naam, rol, mediaan, p95, sql_ms, zonder, queries, (laag, hoog) in resultaten:
        print(f"| {naam} | {rol} | {mediaan:.1f} | {p95:.1f} | {sql_ms:.1f} | {mediaan / sql_ms:.2f}× | {zonder:.1f} | "
              f"{(mediaan - zonder) / mediaan * 100:.0f} % ({laag:.0f} – {hoog:.0f}) | {queries} |")
    rapportage(connection)
    return 0


def log_aandeel_interval(paren: list[tuple[float, float]], keer: int = 2000) -> tuple[float, float]:
    """The 95% interval of the log's share in %, by resampling the rounds (each a page with and one
    without the log, measured one after the other): a median of 60 rounds moves by several percent
    from run to run on a busy 2-core machine, and a share near the target means nothing without it."""
    rnd = random.Random(0)
    n = len(paren)
    aandelen = []
    for _ in range(keer):
        trek = [paren[rnd.randrange(n)] for _ in range(n)]
        met = statistics.median(p[0] for p in trek)
        aandelen.append((met - statistics.median(p[1] for p in trek)) / met * 100)
    aandelen.sort()
    return aandelen[int(0.025 * keer)], aandelen[int(0.975 * keer) - 1]


def ingelogde_client(user):
    """A test client with the session of a user who passed both steps; without the second factor every
    page redirects to that step."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = device.persistent_id
    sessie.save()
    return client


def _conninfo(connection) -> str:
    d = connection.settings_dict
    return " ".join(f"{k}={v}" for k, v in (("host", d["HOST"]), ("port", d["PORT"]), ("dbname", d["NAME"]),
                                             ("user", d["USER"]), ("password", d["PASSWORD"])) if v)


def herhaal(kaal, sql: list[str]) -> float:
    """The page's statements as the page sent them, on a plain connection without Django: execute and
    fetch every row. What the page wrote (its session, its access-log rows) must not stay, but its
    commits cost a flush of the write-ahead log: each BEGIN … COMMIT of the page becomes a savepoint
    that is rolled back, followed by a real COMMIT of the (then empty) transaction, which still holds
    a transaction id and so still waits for the flush. Returns milliseconds."""
    start = time.perf_counter()
    with kaal.cursor() as cur:
        for q in sql:
            if q == "BEGIN":
                cur.execute("SAVEPOINT herhaling")
            elif q == "COMMIT":
                cur.execute("ROLLBACK TO SAVEPOINT herhaling")
                kaal.commit()
            elif q == "ROLLBACK":
                cur.execute("ROLLBACK TO SAVEPOINT herhaling")
            else:
                cur.execute(q)
                if cur.description is not None:
                    cur.fetchall()
    kaal.rollback()
    return (time.perf_counter() - start) * 1000


@contextmanager
def zonder_toegangslog():
    """The page with log_toegang turned into a no-op, for the log's share of a page. Views import the
    function by name, so its code is swapped rather than the module attribute. Only in this benchmark."""
    from schakel.privacy import services

    echt = services.log_toegang.__code__
    services.log_toegang.__code__ = _geen_log.__code__
    try:
        yield
    finally:
        services.log_toegang.__code__ = echt


def _geen_log(user, actie, objecttype, items, doel):
    return 0


def rapportage(connection) -> None:
    """The annual report's indicators for the busiest year, for the region and for one municipality."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear
    from django.test.utils import CaptureQueriesContext

    from schakel.gemeenten.models import Gemeente
    from schakel.meldingen.models import Melding
    from schakel.rapportage.factsheet import factsheet
    from schakel.rapportage.indicatoren import Periode, bereken

    jaar = (
        Melding.objects.annotate(jaar=ExtractYear("ontvangen_op")).values("jaar").annotate(n=Count("pk"))
        .order_by("-n").values_list("jaar", "n")[:1][0]
    )
    periode = Periode.jaar(jaar[0])
    gemeente = Gemeente.objects.get(code="leiden")
    print()
    print(f"Rapportage over {jaar[0]} ({jaar[1]} meldingen in dat jaar); mediaan van 3 na 1 opwarmronde.")
    print("| Rapport | Mediaan (s) | SQL-queries |")
    print("|---|---:|---:|")
    for naam, maak in [("Jaarrapport regio (JSON)", lambda: bereken(periode)),
                       ("Factsheet Leiden (JSON)", lambda: factsheet(periode, gemeente))]:
        maak()
        tijden = []
        for _ in range(3):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                maak()
            tijden.append(time.perf_counter() - start)
        print(f"| {naam} | {statistics.median(tijden):.2f} | {len(ctx.captured_queries)} |")


if __name__ == "__main__":
    sys.exit(main())
