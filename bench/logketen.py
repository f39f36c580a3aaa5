"""Benchmark of the keyed access-log chain: what a page pays for logging, and how long the check takes.

    .venv/bin/python bench/logketen.py                      # SQLite, a scratch file under var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/schakel_bench_log .venv/bin/python bench/logketen.py

Times `log_toegang` for pages of 1,000 rows and of 1 row, next to the bare INSERT of the same rows
without the chain in the same run (the ratio is what holds on a noisy machine), and then
`verifieer_keten` over everything written. Only point DATABASE_URL at a scratch database: the log
cannot be emptied, so a second run on the same database just adds to it.
"""
import os
import sys
import time

from _gemeen import django_op_scratch

PAGINAS = 100


def main() -> int:
    django_op_scratch("bench_logketen.sqlite3")
    from django.core.management import call_command
    from django.db import connection, transaction

    from schakel.gebruikers.models import Gebruiker
    from schakel.partners.models import Organisatie
    from schakel.privacy.models import Toegangslog
    from schakel.privacy.services import log_toegang, verifieer_keten

    call_command("seed", "--reference", verbosity=0)
    user, _ = Gebruiker.objects.get_or_create(
        username="bench.log", defaults={"organisatie": Organisatie.objects.get(code="zvh-hollands-midden")})
    tabel = Toegangslog._meta.db_table
    kale_sql = (f"INSERT INTO {tabel} (tijdstip, gebruiker_id, organisatie, rollen, actie, objecttype, object_id, "
                "persoon_id, doel, volgnummer, vorige_hash, hash, sleutel_id) VALUES (%s, %s, '', '', 'bekeken', 'bench', "
                "%s, %s, 'bench', %s, '', '', '')")

    def tijd(fn) -> float:
        begin = time.perf_counter()
        for _ in range(PAGINAS):
            with transaction.atomic():
                fn()
        return (time.perf_counter() - begin) / PAGINAS * 1000

    groot = [(i, [i]) for i in range(1000)]
    ms_groot = tijd(lambda: log_toegang(user, "bekeken", "bench", groot, "bench"))
    ms_klein = tijd(lambda: log_toegang(user, "bekeken", "bench", [(1, [1])], "bench"))
    # The bare INSERT writes into a copy of the table, so the chain itself stays intact.
    with connection.cursor() as c:
        c.execute(f"CREATE TABLE bench_kaal AS SELECT * FROM {tabel} WHERE 1 = 0")
    kaal = kale_sql.replace(tabel, "bench_kaal")
    nu = Toegangslog.objects.order_by("-pk").values_list("tijdstip", flat=True).first()
    teller = iter(range(10**9))

    def kale_pagina(n):
        with connection.cursor() as c:
            c.executemany(kaal, [(nu, user.pk, i, i, next(teller)) for i in range(n)])

    ms_kaal_groot = tijd(lambda: kale_pagina(1000))
    ms_kaal_klein = tijd(lambda: kale_pagina(1))
    with connection.cursor() as c:
        c.execute("DROP TABLE bench_kaal")
    begin = time.perf_counter()
    controle = verifieer_keten()
    s_verifieer = time.perf_counter() - begin
    rijen = Toegangslog.objects.count()
    print(f"database: {connection.vendor}; load: {os.getloadavg()[0]:.2f}")
    print(f"pagina van 1.000 regels: {ms_groot:.1f} ms (kale INSERT {ms_kaal_groot:.1f} ms, x{ms_groot / ms_kaal_groot:.1f})")
    print(f"pagina van 1 regel: {ms_klein:.1f} ms (kale INSERT {ms_kaal_klein:.1f} ms, x{ms_klein / ms_kaal_klein:.1f})")
    print(f"verifieer_keten over {rijen} regels: {s_verifieer:.1f} s — {controle.melding}")
    return 0 if controle.intact else 1


if __name__ == "__main__":
    sys.exit(main())
