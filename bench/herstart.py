"""PostgreSQL restarted under load: errors only while the database is away, and Schakel recovers by
itself (no restart of gunicorn).

    .venv/bin/python bench/herstart.py [--voor 8] [--uit 5] [--na 12] [--draden 8]

Never touches the shared PostgreSQL server: it creates a cluster of its own in a temporary directory
(initdb, as the postgres user when run as root) on a free loopback port, migrates it, gives it the
reference data, two users with a confirmed authenticator and one melding, and starts one gunicorn node
(gunicorn.conf.py, production settings, 2 workers) and the log chainer against it. --draden threads
view the melding without pause. After --voor seconds the cluster stops (fast shutdown: every
connection is cut), stays down --uit seconds and starts again; the load goes on for --na seconds.
Every answer is recorded with its time. Afterwards: which answers were not 200 and when, whether
any came after the database was back (allowing the first second), and whether the access log has a
row for every page answered 200 (and at most one more per failed page) and its chain is intact.
"""
from __future__ import annotations

import argparse
import collections
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)


class EigenCluster:
    """A PostgreSQL cluster of this script's own, owned by the postgres user when run as root."""

    def __init__(self, map_: Path, poort: int):
        self.map, self.poort = map_ / "pgdata", poort
        self.als = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _pg(self, *args, **kwargs):
        return subprocess.run([*self.als, *map(str, args)], check=True, stdout=subprocess.DEVNULL, **kwargs)

    def maak(self):
        self.map.parent.mkdir(parents=True, exist_ok=True)
        if self.als:
            shutil.chown(self.map.parent, "postgres")
        self._pg(PG_BIN / "initdb", "-D", self.map, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        self.start()

    def start(self):
        self._pg(PG_BIN / "pg_ctl", "-D", self.map, "-w", "-l", self.map.parent / "pg.log", "-o",
                 f"-p {self.poort} -k {self.map.parent} -c listen_addresses=127.0.0.1", "start")

    def stop(self):
        self._pg(PG_BIN / "pg_ctl", "-D", self.map, "-w", "-m", "fast", "stop")


def main() -> int:
    parser = argparse.ArgumentParser(description="PostgreSQL herstarten onder belasting.")
    parser.add_argument("--voor", type=float, default=8)
    parser.add_argument("--uit", type=float, default=5)
    parser.add_argument("--na", type=float, default=12)
    parser.add_argument("--draden", type=int, default=8)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    if PG_BIN is None:
        raise SystemExit("Geen PostgreSQL-programma's gevonden onder /usr/lib/postgresql.")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    sys.path.insert(0, str(ROOT))
    from twee_nodes import Nodes, kleine_wereld, omgeving, vraag, vrije_poort

    with tempfile.TemporaryDirectory() as tmp:
        cluster = EigenCluster(Path(tmp), vrije_poort())
        cluster.maak()
        try:
            return meet(args, cluster, Path(tmp), Nodes, omgeving, kleine_wereld, vraag)
        finally:
            try:
                cluster.stop()
            except subprocess.CalledProcessError:
                pass


def meet(args, cluster, tmp, Nodes, omgeving, kleine_wereld, vraag) -> int:
    url = f"postgres://postgres@127.0.0.1:{cluster.poort}/postgres"
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="schakel.settings", DEBUG="0")
    os.environ.setdefault("SECRET_KEY", "alleen-voor-de-benchmark-" + "s" * 30)
    os.environ.setdefault("SCHAKEL_LOG_KEY", "alleen-voor-de-benchmark-" + "x" * 32)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from schakel.privacy import keten, ketenaar
    from schakel.privacy.models import Toegangslog

    sessies, pad = kleine_wereld()
    voor = Toegangslog.objects.count()
    connection.close()  # this process must not hold a connection across the restart

    antwoorden: list[tuple[float, object]] = []
    slot, klaar = threading.Lock(), threading.Event()
    env = omgeving(url, tmp / "var", settings.SECRET_KEY, settings.SCHAKEL_LOG_KEYS[0])
    with Nodes(env, workers=2, aantal=1) as nodes:
        poort = nodes.poorten[0]

        def werk(i: int):
            while not klaar.is_set():
                try:
                    status = vraag(poort, pad, sessies[i % len(sessies)])[0]
                except OSError:
                    status = "geen verbinding"
                with slot:
                    antwoorden.append((time.monotonic(), status))

        start = time.monotonic()
        threads = [threading.Thread(target=werk, args=(i,)) for i in range(args.draden)]
        for t in threads:
            t.start()
        time.sleep(args.voor)
        uit_om = time.monotonic()
        cluster.stop()
        time.sleep(args.uit)
        cluster.start()
        terug_om = time.monotonic()
        time.sleep(args.na)
        klaar.set()
        for t in threads:
            t.join()
        time.sleep(1.5)
    ketenaar.ketenen_alles()
    regels = Toegangslog.objects.count() - voor
    controle = keten.verifieer_alles(map_=tmp / "geen")

    def rel(t):
        return t - start

    per_fase = collections.defaultdict(collections.Counter)
    for t, status in antwoorden:
        fase = "voor" if t < uit_om else "tijdens" if t < terug_om + 1 else "na"
        per_fase[fase][status] += 1
    fout_na = [(rel(t), s) for t, s in antwoorden if t >= terug_om + 1 and s != 200]
    ok = sum(1 for _, s in antwoorden if s == 200)
    print(f"Eigen PostgreSQL-cluster op poort {cluster.poort}; gunicorn 2 workers; {args.draden} draden zonder pauze.")
    print(f"Database uit op {rel(uit_om):.1f} s, weer aan (pg_ctl -w klaar) op {rel(terug_om):.1f} s, einde op "
          f"{rel(max(t for t, _ in antwoorden)):.1f} s.")
    for fase in ("voor", "tijdens", "na"):
        print(f"  {fase}: {dict(per_fase[fase])}")
    eerste_goed = next((rel(t) for t, s in antwoorden if t >= terug_om and s == 200), None)
    print(f"Eerste 200 na de herstart: {eerste_goed:.2f} s" if eerste_goed is not None else "Geen 200 na de herstart")
    print(f"Niet-200 later dan 1 s na de herstart: {len(fout_na)} {fout_na[:5]}")
    # Every page shown has its row. A page whose row was committed just before the database went away and
    # whose answer then failed (the session save) is logged without having been shown: the safe side.
    mislukt = sum(1 for _, s in antwoorden if s != 200)
    print(f"Toegangslogregels erbij: {regels}, pagina's met 200: {ok}, mislukte pagina's: {mislukt}")
    print(controle.melding)
    goed = (not fout_na and per_fase["voor"].keys() == {200} and per_fase["na"].get(200, 0) > 0
            and ok <= regels <= ok + mislukt and controle.intact)
    print("GOED" if goed else "FOUT")
    return 0 if goed else 1


if __name__ == "__main__":
    sys.exit(main())
