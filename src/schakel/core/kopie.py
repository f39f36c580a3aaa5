"""PostgreSQL's COPY for the two bulk loaders (the synthetic seed and the historical import)."""
from collections.abc import Callable, Iterable

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
