"""Raw bulk inserts for the imports that write many tables at once (the historical import, the daily
feeds): rows as plain tuples per table, parents given their ids up front, COPY on PostgreSQL and
executemany on SQLite, history rows joined to their hash chain."""
from __future__ import annotations

from datetime import date, datetime

from django.db import connection, models
from django.utils import timezone
from tqdm import tqdm

from schakel.core.bestanden import BestandFout
from schakel.core.kopie import copy_rijen
from schakel.core.models import AppendOnlyModel
from schakel.core.tijd import dagbegin
from schakel.privacy import keten

BATCH = 5_000


class Middernacht(dict):
    """Local midnight, so the local date of the stored moment is the date in the file."""

    def __missing__(self, dag: date) -> datetime:
        moment = self[dag] = dagbegin(dag)
        return moment


class Tabel:
    """The new rows of one table, as plain tuples in the order of `velden`. Every column not named
    gets its model default (auto_now_add: the moment of the import), so the rows are complete
    whatever fields the model gains later."""

    def __init__(self, model, velden: list[str]):
        opts = model._meta
        gegeven = [opts.get_field(v) for v in velden]
        overig = [f for f in opts.concrete_fields if f not in gegeven and not f.primary_key]
        nu = timezone.now()
        self.model = model
        self.gegeven = gegeven
        self.velden = gegeven + overig
        self.vast = tuple(
            nu if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default() for f in overig
        )
        self.rijen: list[tuple] = []

    def voeg_toe(self, *waarden) -> None:
        self.rijen.append(waarden)

    def __len__(self) -> int:
        return len(self.rijen)

    def geketend(self, schakel: keten.Schakel) -> Tabel:
        """The same rows with their links in the table's hash chain (privacy.keten), computed from
        exactly the values that are written."""
        nieuw = Tabel(self.model, [f.name for f in self.gegeven] + ["volgnummer", "vorige_hash", "hash", "sleutel_id"])
        namen = [f.attname for f in self.velden]
        for rij in self.rijen:
            nieuw.voeg_toe(*rij, *schakel.volgende(dict(zip(namen, rij + self.vast))))
        return nieuw


class Schrijver:
    """Raw inserts: COPY on PostgreSQL, executemany on SQLite. Building and compiling 500,000 model
    instances through bulk_create took most of a minute; the database itself needs a few seconds.
    Parents get their ids up front (`reserveer`), so children can point at them without reading
    anything back."""

    def __init__(self, balk: tqdm):
        self.postgres = connection.vendor == "postgresql"
        if not self.postgres and connection.vendor != "sqlite":
            raise BestandFout(f"De import ondersteunt PostgreSQL en SQLite, niet {connection.vendor}.")
        self.balk = balk

    def reserveer(self, model, aantal: int) -> list[int]:
        if not aantal:
            return []
        tabel = model._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                # Taken from the table's own sequence: a registration made meanwhile gets another id.
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [tabel, model._meta.pk.column, aantal],
                )
                return [r[0] for r in cursor.fetchall()]
            # SQLite: the import's transaction holds the write lock from its start (BEGIN IMMEDIATE), so
            # nobody else inserts meanwhile. AUTOINCREMENT never reuses an id, hence sqlite_sequence too.
            cursor.execute(f"SELECT MAX({connection.ops.quote_name(model._meta.pk.column)}) FROM {connection.ops.quote_name(tabel)}")
            hoogste = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [tabel])
            rij = cursor.fetchone()
            start = max(hoogste, rij[0] if rij else 0) + 1
            return list(range(start, start + aantal))

    def schrijf(self, tabel: Tabel) -> None:
        if not tabel.rijen:
            return
        if issubclass(tabel.model, AppendOnlyModel):
            # History rows join their chain; the heads stay locked until the import commits.
            with keten.aanvullen(tabel.model) as schakel:
                self._schrijf(tabel.geketend(schakel))
            return
        self._schrijf(tabel)

    def _schrijf(self, tabel: Tabel) -> None:
        if self.postgres:
            copy_rijen(tabel.model, [f.column for f in tabel.velden], (rij + tabel.vast for rij in tabel.rijen),
                       lambda i: self.balk.update(BATCH) if i % BATCH == 0 else None)
            self.balk.update(len(tabel.rijen) % BATCH)
            return
        kolommen = ", ".join(connection.ops.quote_name(f.column) for f in tabel.velden)
        naam = connection.ops.quote_name(tabel.model._meta.db_table)
        with connection.cursor() as cursor:
            omzetten = [(i, self._sqlite_waarde(f)) for i, f in enumerate(tabel.velden)]
            omzetten = [(i, functie) for i, functie in omzetten if functie is not None]
            vast = self._zet_om(tabel.rijen[0] + tabel.vast, omzetten)[len(tabel.gegeven):]
            omzetten = [(i, functie) for i, functie in omzetten if i < len(tabel.gegeven)]
            sql = f"INSERT INTO {naam} ({kolommen}) VALUES ({', '.join(['%s'] * len(tabel.velden))})"
            for start in range(0, len(tabel.rijen), BATCH):
                batch = tabel.rijen[start : start + BATCH]
                if omzetten:
                    batch = [self._zet_om(rij, omzetten) for rij in batch]
                cursor.executemany(sql, [rij + vast for rij in batch])
                self.balk.update(len(batch))

    @staticmethod
    def _zet_om(rij: tuple, omzetten) -> tuple:
        rij = list(rij)
        for i, functie in omzetten:
            rij[i] = functie(rij[i])
        return tuple(rij)

    @staticmethod
    def _sqlite_waarde(veld):
        """SQLite stores dates and moments as Django writes them (UTC text); a few hundred distinct
        dates, so each is converted once."""
        if isinstance(veld, models.DateTimeField):
            adapt = connection.ops.adapt_datetimefield_value
        elif isinstance(veld, models.DateField):
            adapt = connection.ops.adapt_datefield_value
        else:
            return None
        cache = {}

        def omzetten(waarde):
            if waarde not in cache:
                cache[waarde] = adapt(waarde)
            return cache[waarde]

        return omzetten
