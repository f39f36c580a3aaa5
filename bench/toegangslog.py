"""Benchmark of "who saw person X" over a large access log with monthly partitions (PostgreSQL only).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/logschaal .venv/bin/python bench/toegangslog.py vullen --rijen 50000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/logschaal .venv/bin/python bench/toegangslog.py vraag

`vullen` builds, in its own schema `bench_log` (never the application's tables), a table with the
columns of privacy_toegangslog, partitioned by month over `--maanden` months, filled with
generate_series straight in SQL (no Python per row): persoon_id uniform over `--personen` persons,
so a person has rijen/personen rows on average, spread over every month. Indexes as the
application's: (persoon_id, tijdstip) and volgnummer, per partition. `vraag` times the question the
privacy officer asks (every row about one person, newest first) for `--aantal` random persons, each
first in a fresh connection, then again warm, and prints the EXPLAIN plan and os.getloadavg().
"""
import argparse
import os
import random
import statistics
import time

import psycopg

SCHEMA = "bench_log"


def verbinding():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("Zet DATABASE_URL op een PostgreSQL-database (alleen een eigen, lege database).")
    return psycopg.connect(url, autocommit=True)


def belasting() -> str:
    return "load %.2f %.2f %.2f" % os.getloadavg()


def vullen(rijen: int, maanden: int, personen: int) -> None:
    per_maand = rijen // maanden
    with verbinding() as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        conn.execute(f"CREATE SCHEMA {SCHEMA}")
        conn.execute(f"""
            CREATE TABLE {SCHEMA}.toegangslog (
                id bigint NOT NULL, tijdstip timestamptz NOT NULL, gebruiker_id integer NOT NULL,
                organisatie varchar(150) NOT NULL, rollen varchar(200) NOT NULL, actie varchar(20) NOT NULL,
                objecttype varchar(40) NOT NULL, object_id bigint NOT NULL, persoon_id bigint NULL,
                doel varchar(200) NOT NULL, volgnummer bigint NULL, vorige_hash varchar(64) NOT NULL,
                hash varchar(64) NOT NULL, sleutel_id varchar(16) NOT NULL
            ) PARTITION BY RANGE (tijdstip)""")
        begin = time.perf_counter()
        for m in range(maanden):
            naam = f"{SCHEMA}.toegangslog_m{m:02d}"
            conn.execute(f"""CREATE TABLE {naam} PARTITION OF {SCHEMA}.toegangslog
                FOR VALUES FROM (timestamptz '2024-01-01 00:00+00' + interval '{m} month')
                TO (timestamptz '2024-01-01 00:00+00' + interval '{m + 1} month')""")
            eerste = m * per_maand
            # Rows in time order within the month, as a real log grows; the persons at random.
            conn.execute(f"""
                INSERT INTO {naam}
                SELECT {eerste} + g, timestamptz '2024-01-01 00:00+00' + interval '{m} month'
                         + ((g - 1)::float8 / {per_maand}) * interval '28 days',
                       1 + (g % 400), 'Zorg- en Veiligheidshuis Hollands Midden', 'procesregisseur',
                       'bekeken', 'casus', 1 + (g % 1000000), 1 + floor(random() * {personen})::bigint,
                       'Casus bekijken', {eerste} + g, md5(g::text) || md5((g + 1)::text),
                       md5((g + 7)::text) || md5((g + 11)::text), '0123456789abcdef'
                FROM generate_series(1, {per_maand}) AS g""")
            print(f"maand {m + 1}/{maanden}: {per_maand} regels, {time.perf_counter() - begin:.0f} s, {belasting()}", flush=True)
        conn.execute(f"CREATE INDEX toegangslog_persoon_idx ON {SCHEMA}.toegangslog (persoon_id, tijdstip DESC)")
        print(f"index (persoon_id, tijdstip): {time.perf_counter() - begin:.0f} s", flush=True)
        conn.execute(f"CREATE INDEX toegangslog_volgnummer_idx ON {SCHEMA}.toegangslog (volgnummer)")
        print(f"index volgnummer: {time.perf_counter() - begin:.0f} s", flush=True)
        conn.execute(f"VACUUM ANALYZE {SCHEMA}.toegangslog")
        aantal = conn.execute(f"SELECT count(*) FROM {SCHEMA}.toegangslog").fetchone()[0]
        grootte = conn.execute(
            f"SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_class c JOIN pg_namespace n "
            f"ON n.oid = c.relnamespace WHERE n.nspname = '{SCHEMA}' AND c.relkind IN ('r', 'i')").fetchone()[0]
        print(f"klaar: {aantal} regels in {maanden} partities, {grootte} op schijf, {time.perf_counter() - begin:.0f} s, {belasting()}")


VRAAG = (f"SELECT tijdstip, gebruiker_id, organisatie, rollen, actie, objecttype, object_id, doel, volgnummer "
         f"FROM {SCHEMA}.toegangslog WHERE persoon_id = %s ORDER BY tijdstip DESC, id DESC")


def vraag(aantal: int, personen: int) -> None:
    rnd = random.Random(12)
    koud, warm, rijen = [], [], []
    for _ in range(aantal):
        persoon = rnd.randint(1, personen)
        for lijst in (koud, warm):
            # A fresh connection each time: no plan or catalogue cache of the session helps.
            with verbinding() as conn:
                begin = time.perf_counter()
                uitkomst = conn.execute(VRAAG, (persoon,)).fetchall()
                lijst.append((time.perf_counter() - begin) * 1000)
        rijen.append(len(uitkomst))
    with verbinding() as conn:
        plan = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + VRAAG, (rnd.randint(1, personen),)).fetchall()
        totaal = conn.execute(f"SELECT count(*) FROM {SCHEMA}.toegangslog").fetchone()[0]
        partities = conn.execute(f"SELECT count(*) FROM pg_inherits WHERE inhparent = '{SCHEMA}.toegangslog'::regclass").fetchone()[0]
    print(f"{totaal} regels in {partities} partities; {aantal} personen, {statistics.mean(rijen):.0f} regels per persoon gemiddeld")
    print(f"eerste keer: mediaan {statistics.median(koud):.1f} ms, max {max(koud):.1f} ms")
    print(f"nog eens:    mediaan {statistics.median(warm):.1f} ms, max {max(warm):.1f} ms")
    print(belasting())
    print("\n".join(r[0] for r in plan))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stap", choices=["vullen", "vraag"])
    parser.add_argument("--rijen", type=int, default=50_000_000)
    parser.add_argument("--maanden", type=int, default=24)
    parser.add_argument("--personen", type=int, default=1_000_000)
    parser.add_argument("--aantal", type=int, default=20)
    args = parser.parse_args()
    if args.stap == "vullen":
        vullen(args.rijen, args.maanden, args.personen)
    else:
        vraag(args.aantal, args.personen)


if __name__ == "__main__":
    main()
