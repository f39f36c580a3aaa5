"""Bulk helpers of the loaders (the synthetic seed, the historical import, the effect-measurement
imports): PostgreSQL's COPY, and looking up many values at once."""
from collections.abc import Callable, Iterable, Iterator

from django.db import connection


def copy_rijen(model, kolommen: list[str], rijen: Iterable[tuple], elke_rij: Callable[[int], None] | None = None) -> int:
    """Streams tuples into the model's table; `kolommen` are column names. Returns the row count."""
    naam = connection.ops.quote_name(model._meta.db_table)
    lijst = ", ".join(connection.ops.quote_name(k) for k in kolommen)
    aantal = 0
    with connection.cursor() as cursor:
        # Django wraps the psycopg cursor; COPY needs the raw psycopg 3 one.
        with cursor.cursor.copy(f"COPY {naam} ({lijst}) FROM STDIN") as copy:
            for rij in rijen:
                copy.write_row(rij)
                aantal += 1
                if elke_rij:
                    elke_rij(aantal)
    return aantal


# Chunks for `__in` look-ups: below SQLite's historical limit of 999 variables per statement;
# PostgreSQL has no such limit and each round trip costs more than its parameters.
ZOEK_CHUNK_SQLITE = 900
ZOEK_CHUNK = 10_000


def chunks(waarden: Iterable) -> Iterator[list]:
    grootte = ZOEK_CHUNK_SQLITE if connection.vendor == "sqlite" else ZOEK_CHUNK
    waarden = list(waarden)
    for i in range(0, len(waarden), grootte):
        yield waarden[i : i + grootte]


def zoek(model, veld: str, waarden: Iterable, kolommen: list[str]) -> list[tuple]:
    """The `kolommen` of every row of `model` whose `veld` is one of `waarden`."""
    waarden = list(set(waarden))
    if not waarden:
        return []
    if connection.vendor == "postgresql":
        # One array parameter: 100,000 values in a fraction of a second, where IN-lists cost seconds
        # in building and planning.
        opts = model._meta
        q = connection.ops.quote_name
        sql = (
            f"SELECT {', '.join(q(opts.get_field(k).column) for k in kolommen)} FROM {q(opts.db_table)} "
            f"WHERE {q(opts.get_field(veld).column)} = ANY(%s)"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [waarden])
            return cursor.fetchall()
    rijen = []
    for chunk in chunks(waarden):
        rijen.extend(model._default_manager.filter(**{f"{veld}__in": chunk}).values_list(*kolommen))
    return rijen


def ververs_statistieken(modellen) -> None:
    """After a bulk load PostgreSQL plans with the old row counts until autovacuum comes by (the
    historical import found a report going from seconds to minutes); ANALYZE the tables written."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in modellen))
