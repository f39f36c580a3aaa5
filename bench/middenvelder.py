"""The middenvelder under questions: 1,000 per second over 1,000,000 pseudonyms, on loopback.

    PYTHONPATH=src .venv/bin/python bench/middenvelder.py --pseudoniemen 1000000 --seconden 20

A scratch SQLite file gets three houses; houses A and B publish --pseudoniemen pseudonyms between them
(a tenth known at both), through the store's own full sync (the same code the PUT uses). Then
`python -m schakel.middenvelder --bind 127.0.0.1:<free port>` starts (gunicorn, --workers/--threads)
and --clients client processes, each with --verbindingen keep-alive connections (one thread each),
ask as house C for --seconden seconds: half the questions a published pseudonym, half an unknown one.
Every question is logged by the middenvelder (one INSERT per question); afterwards the log must hold
exactly the number of answered questions. Reports questions per second, latency percentiles and the
machine's load average before and after. Loopback only; everything is stopped in a finally."""
from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import multiprocessing
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from schakel.middenvelder.opslag import Huis, Opslag  # noqa: E402
from tests.middenvelder_hulp import middenvelder_proces  # noqa: E402


def pseudoniem(i: int) -> str:
    return hashlib.sha256(f"bench-{i}".encode()).hexdigest()


def vul(db: Path, n: int) -> str:
    opslag = Opslag(db)
    opslag.voeg_huis_toe("Veiligheidshuis A", "A: 010-0000001")
    opslag.voeg_huis_toe("Veiligheidshuis B", "B: 010-0000002")
    sleutel_c = opslag.voeg_huis_toe("Veiligheidshuis C", "C: 010-0000003")
    con = sqlite3.connect(db)
    ids = dict(con.execute("SELECT naam, id FROM huis"))
    con.close()
    a = Huis(ids["Veiligheidshuis A"], "A", "")
    b = Huis(ids["Veiligheidshuis B"], "B", "")
    helft, overlap = n // 2, n // 10
    # A: 0 .. helft+overlap/2, B: helft-overlap/2 .. n  → n distinct pseudonyms, a tenth at both houses.
    opslag.vervang(a, {pseudoniem(i) for i in range(0, helft + overlap // 2)})
    opslag.vervang(b, {pseudoniem(i) for i in range(helft - overlap // 2, n)})
    opslag.sluit()
    return sleutel_c


def client(poort: int, sleutel: str, n: int, tot: float, verbindingen: int, uitvoer) -> None:
    import threading

    resultaten = []

    def draad(seed: int):
        rnd = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", poort, timeout=10)
        kop = {"Authorization": f"Bearer {sleutel}", "Content-Type": "application/json"}
        tijden, gevonden, fouten = [], 0, 0
        while time.monotonic() < tot:
            i = rnd.randrange(n) if rnd.random() < 0.5 else n + rnd.randrange(n)
            body = json.dumps({"pseudoniem": pseudoniem(i)})
            t0 = time.perf_counter()
            conn.request("POST", "/v1/vraag", body, kop)
            r = conn.getresponse()
            data = r.read()
            tijden.append(time.perf_counter() - t0)
            if r.status != 200:
                fouten += 1
            elif json.loads(data)["bekend_bij"]:
                gevonden += 1
        conn.close()
        resultaten.append((tijden, gevonden, fouten))

    draden = [threading.Thread(target=draad, args=(os.getpid() * 100 + k,)) for k in range(verbindingen)]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    tijden = [t for r in resultaten for t in r[0]]
    uitvoer.put((tijden, sum(r[1] for r in resultaten), sum(r[2] for r in resultaten)))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pseudoniemen", type=int, default=1_000_000)
    p.add_argument("--seconden", type=float, default=20)
    p.add_argument("--clients", type=int, default=2)
    p.add_argument("--verbindingen", type=int, default=4, help="keep-alive verbindingen per clientproces")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=8)
    args = p.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="middenvelder-bench-"))
    db = tmp / "middenvelder.sqlite3"
    try:
        t0 = time.monotonic()
        sleutel = vul(db, args.pseudoniemen)
        print(f"{args.pseudoniemen} pseudoniemen gepubliceerd in {time.monotonic() - t0:.1f} s "
              f"({db.stat().st_size / 1e6:.0f} MB)")
        with middenvelder_proces(db, workers=args.workers, threads=args.threads) as url:
            meet(args, int(url.rsplit(":", 1)[1]), sleutel, db)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def meet(args, poort: int, sleutel: str, db: Path) -> None:
    load_voor = os.getloadavg()
    tot = time.monotonic() + args.seconden
    q = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=client, args=(poort, sleutel, args.pseudoniemen, tot, args.verbindingen, q))
             for _ in range(args.clients)]
    start = time.monotonic()
    for pr in procs:
        pr.start()
    uit = [q.get(timeout=args.seconden + 60) for _ in procs]
    for pr in procs:
        pr.join()
    duur = time.monotonic() - start
    load_na = os.getloadavg()
    tijden = sorted(t for u in uit for t in u[0])
    gevonden, fouten = sum(u[1] for u in uit), sum(u[2] for u in uit)
    con = sqlite3.connect(db)
    gelogd = con.execute("SELECT count(*) FROM vraaglog").fetchone()[0]
    con.close()

    def pct(x):
        return tijden[min(len(tijden) - 1, int(len(tijden) * x))] * 1000

    print(f"vragen: {len(tijden)} in {duur:.1f} s = {len(tijden) / duur:.0f} per seconde "
          f"({args.clients} clients x {args.verbindingen} verbindingen; server {args.workers} workers x {args.threads} threads)")
    print(f"latentie ms: p50 {pct(0.5):.2f}  p95 {pct(0.95):.2f}  p99 {pct(0.99):.2f}  max {tijden[-1] * 1000:.1f}")
    print(f"bekend: {gevonden}, fouten: {fouten}, vraaglog: {gelogd} regels")
    print(f"load average voor {load_voor[0]:.2f}, na {load_na[0]:.2f} ({os.cpu_count()} cores)")
    if gelogd != len(tijden) or fouten:
        sys.exit("FOUT: niet elke vraag beantwoord en gelogd")


if __name__ == "__main__":
    main()
