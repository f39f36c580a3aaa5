"""EXPLAIN ANALYZE of a partner's list (page 1 and its capped count) before and after the table of
visible cases (casussen.ZichtbareCasus), on an existing bench database, without changing it.

    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/schakel_bench PYTHONPATH=src \
        .venv/bin/python bench/zichtbaarheid.py regel|tabel [casus]

`regel` runs the reference rule (for_user_volgens_regel), `tabel` the table-based for_user. For `tabel`
on a database without the migration, a temporary table of the same name (session-local, gone when the
script ends) is filled with herbereken_alles() and analysed. Uses the user `bench.partner` (politie) of
bench/run.py. Each captured query runs twice under EXPLAIN (ANALYZE, BUFFERS); the second is printed.
Results in docs/performance.md."""
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from schakel.casussen.models import Casus  # noqa: E402
from schakel.casussen.zichtbaarheid import herbereken_alles  # noqa: E402
from schakel.core.pagination import counted_page_of  # noqa: E402
from schakel.gebruikers.models import Gebruiker  # noqa: E402
from schakel.meldingen.models import Melding  # noqa: E402


def tijdelijke_tabel():
    if "casussen_zichtbarecasus" in connection.introspection.table_names():
        return
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE casussen_zichtbarecasus (id bigserial PRIMARY KEY, van timestamptz NOT NULL, "
                    "tot timestamptz NULL, casus_id bigint NOT NULL, organisatie_id bigint NOT NULL)")
        cur.execute("CREATE INDEX ON casussen_zichtbarecasus (organisatie_id, casus_id, van, tot)")
        cur.execute("CREATE INDEX ON casussen_zichtbarecasus (casus_id)")
    t = time.monotonic()
    n = herbereken_alles()
    print(f"herbereken_alles: {n} rijen in {time.monotonic() - t:.1f} s")
    with connection.cursor() as cur:
        cur.execute("ANALYZE casussen_zichtbarecasus")


def main():
    modus = sys.argv[1]
    model = Casus if "casus" in sys.argv[2:] else Melding
    if modus == "tabel":
        tijdelijke_tabel()
    user = Gebruiker.objects.get(username="bench.partner")
    qs = model.objects.for_user_volgens_regel(user) if modus == "regel" else model.objects.for_user(user)
    if model is Casus:
        qs = qs.select_related("gemeente", "thema")
    else:
        qs = qs.select_related("gemeente", "thema", "melder_organisatie").order_by("-ontvangen_op", "-id")
    with CaptureQueriesContext(connection) as vastgelegd:
        list(counted_page_of(qs, "1").rows)
    for query in vastgelegd.captured_queries:
        with connection.cursor() as cur:
            for _ in range(2):
                cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                plan = [r[0] for r in cur.fetchall()]
        print("SQL:", query["sql"][:300], "...\n" + "\n".join(plan) + "\n")


if __name__ == "__main__":
    main()
