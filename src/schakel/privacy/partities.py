"""Monthly partitions of the access log on PostgreSQL, with their own retention (SQLite: one table).

- `privacy_toegangslog` is partitioned by RANGE (tijdstip), one partition per calendar month (UTC)
  plus a DEFAULT partition for anything outside them. Each partition has the indexes of the model,
  among them (persoon_id, tijdstip) for "who saw person X". The primary key is (id, tijdstip), as
  PostgreSQL requires the partition key in it; `volgnummer` is indexed but can no longer be unique
  over the whole table: the single chaining writer (privacy.ketenaar) hands each out once, and a
  duplicate would break `verifieer_log` anyway.
- `maak_partities` creates the coming months ahead (after migrate and daily).
- `opruimen` drops whole months older than the retention term, but only as the start of the chain:
  it first writes a signed checkpoint that names the new start (`begin`: the volgnummer and previous
  hash of the first row kept), so `verifieer_log` checks the chain from there, and a month removed
  without such a checkpoint is a gap.
"""
import datetime as dt
import logging

from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

TABEL = "privacy_toegangslog"
OVERIG = f"{TABEL}_overig"


def _maand(d: dt.date, plus: int = 0) -> dt.date:
    n = d.year * 12 + d.month - 1 + plus
    return dt.date(n // 12, n % 12 + 1, 1)


def partitienaam(maand: dt.date) -> str:
    return f"{TABEL}_p{maand:%Y%m}"


def _grenzen(maand: dt.date) -> tuple[str, str]:
    return f"{maand.isoformat()} 00:00:00+00", f"{_maand(maand, 1).isoformat()} 00:00:00+00"


def gepartitioneerd(connection) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = %s::regclass)", [TABEL])
        return cursor.fetchone()[0]


def partities(connection) -> list[tuple[str, dt.date]]:
    """The monthly partitions that exist, oldest first (the DEFAULT partition not among them)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                       "WHERE i.inhparent = %s::regclass", [TABEL])
        namen = [r[0] for r in cursor.fetchall()]
    uit = []
    for naam in namen:
        if naam.startswith(f"{TABEL}_p") and naam[-6:].isdigit():
            uit.append((naam, dt.date(int(naam[-6:-2]), int(naam[-2:]), 1)))
    return sorted(uit, key=lambda p: p[1])


def maak_partitie(connection, maand: dt.date) -> bool:
    """Create one month's partition if it is missing; False if the DEFAULT partition already holds
    rows of that month (then it stays there)."""
    naam = partitienaam(maand)
    van, tot = _grenzen(maand)
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [naam])
        if cursor.fetchone()[0]:
            return True
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {OVERIG} WHERE tijdstip >= %s AND tijdstip < %s)", [van, tot])
        if cursor.fetchone()[0]:
            logger.error("Partitie %s niet gemaakt: de overige partitie heeft al regels van die maand.", naam)
            return False
        cursor.execute(f"CREATE TABLE {naam} PARTITION OF {TABEL} FOR VALUES FROM ('{van}') TO ('{tot}')")
    return True


def maak_partities(using: str = "default", vooruit: int = 3) -> list[str]:
    """This month and the next `vooruit`, on PostgreSQL with a partitioned log; returns those made."""
    connection = connections[using]
    if not gepartitioneerd(connection):
        return []
    nu = timezone.now().astimezone(dt.UTC).date()
    bestaand = {n for n, _ in partities(connection)}
    gemaakt = []
    for plus in range(vooruit + 1):
        maand = _maand(nu, plus)
        if partitienaam(maand) not in bestaand and maak_partitie(connection, maand):
            gemaakt.append(partitienaam(maand))
    return gemaakt


# --- converting the table (migration privacy 0015, and back) ------------------------------------------

def _indexen(cursor, tabel: str) -> list[tuple[str, str]]:
    cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s", [tabel])
    return cursor.fetchall()


def herbouw(connection, *, partitioneren: bool) -> None:
    """Rebuild the access log with its rows as a partitioned (or, back, a plain) table: rename the
    old one, create the new one, move the rows, drop the old one, and give the new one the same
    indexes, keys and triggers. One transaction (the migration's): all or nothing."""
    from schakel.core.append_only import maak_triggers

    oud = f"{TABEL}_oud"
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {TABEL} IN ACCESS EXCLUSIVE MODE")
        indexen = _indexen(cursor, TABEL)
        cursor.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                       "AND contype = 'f'", [TABEL])
        sleutels = cursor.fetchall()
        cursor.execute(f"ALTER TABLE {TABEL} RENAME TO {oud}")
        deel = " PARTITION BY RANGE (tijdstip)" if partitioneren else ""
        cursor.execute(f"CREATE TABLE {TABEL} (LIKE {oud} INCLUDING DEFAULTS INCLUDING IDENTITY){deel}")
        if partitioneren:
            cursor.execute(f"CREATE TABLE {OVERIG} PARTITION OF {TABEL} DEFAULT")
            cursor.execute(f"SELECT min(tijdstip), max(tijdstip) FROM {oud}")
            eerste, laatste = cursor.fetchone()
            nu = timezone.now().astimezone(dt.UTC).date()
            maand = _maand(min(eerste.astimezone(dt.UTC).date(), nu) if eerste else nu)
            einde = _maand(max(laatste.astimezone(dt.UTC).date(), nu) if laatste else nu, 3)
            while maand <= einde:
                maak_partitie(connection, maand)
                maand = _maand(maand, 1)
        cursor.execute(f"INSERT INTO {TABEL} OVERRIDING SYSTEM VALUE SELECT * FROM {oud}")
        cursor.execute(f"SELECT max(id) FROM {TABEL}")
        hoogste = cursor.fetchone()[0]
        if hoogste:
            cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s)", [TABEL, hoogste])
        # DROP, not DELETE: the rows are in the new table; no row trigger fires.
        cursor.execute(f"DROP TABLE {oud}")
        for naam, definitie in indexen:
            if naam == f"{TABEL}_pkey":
                continue
            definitie = definitie.replace(f" ON public.{oud} ", f" ON {TABEL} ").replace(f" ON {oud} ", f" ON {TABEL} ")
            definitie = definitie.replace(" ON ONLY ", " ON ")
            if partitioneren and definitie.startswith("CREATE UNIQUE INDEX") and "(volgnummer)" in definitie:
                # Unique over all partitions would need tijdstip in it; the chain checks it instead.
                definitie = definitie.replace("CREATE UNIQUE INDEX", "CREATE INDEX", 1)
            cursor.execute(definitie)
        if partitioneren:
            cursor.execute(f"ALTER TABLE {TABEL} ADD CONSTRAINT {TABEL}_pkey PRIMARY KEY (id, tijdstip)")
        else:
            cursor.execute(f"ALTER TABLE {TABEL} ADD CONSTRAINT {TABEL}_pkey PRIMARY KEY (id)")
            cursor.execute(f"DROP INDEX IF EXISTS {TABEL}_volgnummer_cc4f0a3f_uniq")
            cursor.execute(f"ALTER TABLE {TABEL} ADD CONSTRAINT {TABEL}_volgnummer_cc4f0a3f_uniq UNIQUE (volgnummer)")
        for naam, definitie in sleutels:
            cursor.execute(f"ALTER TABLE {TABEL} ADD CONSTRAINT {naam} {definitie}")
    maak_triggers(connection, [TABEL])


# --- retention -----------------------------------------------------------------------------------

def bewaartermijn_maanden() -> int:
    return int(getattr(settings, "SCHAKEL_TOEGANGSLOG_BEWAARTERMIJN_MAANDEN", 60))


def opruimen(using: str = "default", maanden: int | None = None, map_=None) -> list[str]:
    """Drop the monthly partitions wholly older than the retention term, after a checkpoint that
    anchors the chain's new start. Returns the partitions dropped; raises ValueError (a Dutch
    message) when it may not, and then drops nothing."""
    from . import keten, ketenaar
    from .models import Toegangslog

    connection = connections[using]
    if not gepartitioneerd(connection):
        return []
    maanden = bewaartermijn_maanden() if maanden is None else maanden
    if maanden < 1:
        raise ValueError("De bewaartermijn moet minstens 1 maand zijn.")
    grens = _maand(timezone.now().astimezone(dt.UTC).date(), -maanden)
    weg = [(n, m) for n, m in partities(connection) if _maand(m, 1) <= grens]
    if not weg:
        return []
    ketenaar.ketenen(Toegangslog, using=using)
    with transaction.atomic(using=using):
        vergrendeld = ketenaar._kop(using, keten.ketennaam(Toegangslog), wachten=True)
        kop_volgnummer, kop_hash = vergrendeld
        with connection.cursor() as cursor:
            delen = " UNION ALL ".join(
                f"SELECT count(*) FILTER (WHERE volgnummer IS NULL), max(volgnummer) FROM {n}" for n, _ in weg)
            cursor.execute(f"SELECT sum(c), max(m) FROM ({delen}) AS x(c, m)")
            wachtend, hoogste_weg = cursor.fetchone()
            if wachtend:
                raise ValueError(f"{wachtend} regels in de oude partities zijn nog niet geketend; eerst ketenen.")
            # The first row kept, wherever it is (the DEFAULT partition too): every row from there on is checked.
            cursor.execute(f"SELECT volgnummer, vorige_hash FROM {TABEL} WHERE volgnummer IS NOT NULL AND tableoid NOT IN "
                           f"({', '.join(['%s::regclass'] * len(weg))}) ORDER BY volgnummer LIMIT 1", [n for n, _ in weg])
            rij = cursor.fetchone()
        begin = rij if rij else (kop_volgnummer + 1, kop_hash)
        if hoogste_weg is not None and hoogste_weg >= begin[0]:
            raise ValueError(
                f"De keten loopt niet netjes over de grens: volgnummer {hoogste_weg} staat in een oude partitie, "
                f"maar {begin[0]} in een bewaarde; er valt niets weg.")
        # First the evidence outside the database, then the drop: a crash in between leaves rows
        # that are merely older than the start, which the check skips.
        keten.schrijf_controlepunt(map_, using=using, begin={keten.ketennaam(Toegangslog): begin})
        with connection.cursor() as cursor:
            for naam, _ in weg:
                cursor.execute(f"DROP TABLE {naam}")
    for naam, _ in weg:
        logger.info("Partitie %s van het toegangslog verwijderd (bewaartermijn %d maanden).", naam, maanden)
    return [n for n, _ in weg]
