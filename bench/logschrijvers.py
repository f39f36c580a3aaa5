"""Benchmark of what logging costs a page and whether concurrent pages wait for the log (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/logschaal .venv/bin/python bench/logschrijvers.py

1. Alternating, in one run: a page transaction (the user and his organisation read, as every page
   does) without and with `log_toegang` of 25 rows, the chaining after the commit included.
   With --los the pages only INSERT and a separate writer chains every second (`logketenen --herhaal 1`).
2. 8 threads each log 100 pages of 25 rows at once while a sampler reads pg_stat_activity and pg_locks
   every 5 ms: how many samples show a session of ours waiting for a lock.
Then `verifieer_keten` over everything. Only a scratch database: the log cannot be emptied.
"""
import collections
import os
import statistics
import sys
import threading
import time
from pathlib import Path

# SCHAKEL_ROOT: measure another checkout (e.g. the previous version) with the same script.
ROOT = Path(os.environ.get("SCHAKEL_ROOT") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "alleen-voor-de-benchmark")
os.environ.setdefault("SCHAKEL_LOG_KEY", "alleen-voor-de-benchmark-" + "x" * 32)
RONDES, DRADEN, PAGINAS, REGELS = 200, 8, 100, 25


def main() -> int:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Zet DATABASE_URL op een eigen PostgreSQL-database.")
    import django

    django.setup()
    from django.conf import settings

    # "los": pages only INSERT; a separate writer (as `schakel logketenen --herhaal 1`) chains every second.
    los = "--los" in sys.argv
    settings.SCHAKEL_LOG_KETENEN_NA_COMMIT = not los
    from django.core.management import call_command
    from django.db import connection, connections, transaction

    from schakel.gebruikers.models import Gebruiker
    from schakel.partners.models import Organisatie
    from schakel.privacy.models import Toegangslog
    if los:
        from schakel.privacy.ketenaar import ketenen
    from schakel.privacy.services import log_toegang, verifieer_keten

    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed", "--reference", verbosity=0)
    user, _ = Gebruiker.objects.get_or_create(
        username="bench.log", defaults={"organisatie": Organisatie.objects.get(code="zvh-hollands-midden")})
    items = [(i, [i]) for i in range(REGELS)]

    def pagina(loggen: bool, teller=[0]) -> float:
        begin = time.perf_counter()
        with transaction.atomic():
            u = Gebruiker.objects.select_related("organisatie").get(pk=user.pk)
            if loggen:
                teller[0] += 1
                log_toegang(u, "bekeken", "bench", [(teller[0] * 100 + i, p) for i, p in items], "bench")
        return (time.perf_counter() - begin) * 1000

    zonder, met = [], []
    for r in range(RONDES):
        (met if r % 2 else zonder).append(pagina(bool(r % 2)))
    print("ketenen: " + ("een eigen schrijver elke seconde (--los)" if los else "direct na de commit van elke pagina"))
    print(f"load voor: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    wat = "zonder ketenen" if los else "ketenen na de commit inbegrepen"
    print(f"pagina zonder log: mediaan {statistics.median(zonder):.2f} ms; met log ({REGELS} regels, {wat}): "
          f"mediaan {statistics.median(met):.2f} ms; de log kost {statistics.median(met) - statistics.median(zonder):.2f} ms")

    klaar = threading.Event()
    tijden, fouten, monsters = [], [], []
    soorten = collections.Counter()  # what the waits were for

    def schrijver(n):
        try:
            start.wait()
            for p in range(PAGINAS):
                tijden.append(pagina(True))
        except Exception as e:  # pragma: no cover - reported below
            fouten.append(repr(e))
        finally:
            connections.close_all()

    def bemonsteraar():
        with connections["default"].cursor() as c:
            start.wait()
            while not klaar.is_set():
                c.execute("SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'), count(*) FROM pg_stat_activity "
                          "WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'")
                wachtend, actief = c.fetchone()
                c.execute("SELECT locktype, relation::regclass::text FROM pg_locks WHERE NOT granted")
                niet = c.fetchall()
                soorten.update(f"{t} {r or ''}".strip() for t, r in niet)
                monsters.append((wachtend, actief, len(niet)))
                time.sleep(0.005)
        connections.close_all()

    def ketenaar():
        start.wait()
        while not klaar.is_set():
            ketenen(Toegangslog)
            klaar.wait(1)
        connections.close_all()

    draden = [threading.Thread(target=schrijver, args=[n]) for n in range(DRADEN)]
    meter = threading.Thread(target=bemonsteraar)
    extra = [threading.Thread(target=ketenaar)] if los else []
    start = threading.Barrier(DRADEN + 1 + len(extra))
    for d in draden + [meter] + extra:
        d.start()
    begin = time.perf_counter()
    for d in draden:
        d.join()
    duur = time.perf_counter() - begin
    klaar.set()
    meter.join()
    for d in extra:
        d.join()
    met_wacht = sum(1 for w, _, g in monsters if w or g)
    tijden.sort()
    print(f"{DRADEN} draden x {PAGINAS} pagina's van {REGELS} regels: {DRADEN * PAGINAS / duur:.0f} pagina's/s, "
          f"mediaan {statistics.median(tijden):.2f} ms, p95 {tijden[int(len(tijden) * 0.95)]:.2f} ms, fouten {len(fouten)}")
    print(f"monsters: {len(monsters)}, met een lock-wacht: {met_wacht} "
          f"({100 * met_wacht / max(len(monsters), 1):.1f} %), gemiddeld {statistics.mean(a for _, a, _ in monsters):.1f} actieve sessies")
    if soorten:
        print("waarop gewacht werd (monsters): " + ", ".join(f"{k}: {n}" for k, n in soorten.most_common()))
    print(f"load na: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    begin = time.perf_counter()
    controle = verifieer_keten()
    print(f"verifieer_keten: {time.perf_counter() - begin:.1f} s — {controle.melding}")
    return 0 if controle.intact and not fouten else 1


if __name__ == "__main__":
    sys.exit(main())
