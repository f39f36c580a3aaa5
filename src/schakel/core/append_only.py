"""Database triggers that keep the append-only tables (core.models.AppendOnlyModel) append-only below
the ORM: PostgreSQL refuses UPDATE, DELETE (row triggers, privacy migrations 0002/0003) and TRUNCATE
(a statement trigger); SQLite refuses UPDATE and DELETE. A database owner can still switch them off;
what is removed then is caught by the keyed chain and its checkpoints (privacy.keten).

The access log is chained later, by one writer in batches (privacy.ketenaar.ketenen): its rows are
written unchained (volgnummer NULL), and its UPDATE trigger lets through exactly one change, filling
in the chain columns of an unchained row while every other column stays as it was.

On a partitioned table (privacy.partities) TRUNCATE of the parent is refused, but a partition can
be dropped or truncated by its owner without a trigger firing: the chain and its checkpoints catch that.

SQLite drops a table's triggers when a migration rebuilds the table (most AlterField operations):
tests/test_logketen.py checks that every append-only table has them, so such a migration must create
them again with `maak_triggers`."""

PG_FUNCTIE = """
CREATE OR REPLACE FUNCTION schakel_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


# Tables whose rows are chained after they are written, with the columns the chaining must leave alone
# (every column but volgnummer, vorige_hash, hash and sleutel_id; tests/test_logketen.py holds this to
# the model).
LATER_GEKETEND = {
    "privacy_toegangslog": ("id", "tijdstip", "gebruiker_id", "organisatie", "rollen", "actie", "objecttype", "object_id",
                            "persoon_id", "doel"),
}
KETENKOLOMMEN = ("volgnummer", "vorige_hash", "hash", "sleutel_id")

PG_FUNCTIE_KETENEN = """
CREATE OR REPLACE FUNCTION schakel_append_only_ketenen() RETURNS trigger AS $$
BEGIN
    -- The one change allowed: an unchained row gets its place in the chain, nothing else changes.
    IF TG_OP = 'UPDATE' AND OLD.volgnummer IS NULL AND NEW.volgnummer IS NOT NULL
       AND (to_jsonb(OLD) - ARRAY['volgnummer', 'vorige_hash', 'hash', 'sleutel_id'])
           = (to_jsonb(NEW) - ARRAY['volgnummer', 'vorige_hash', 'hash', 'sleutel_id']) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def trigger_namen(vendor: str, tabel: str) -> list[str]:
    if vendor == "postgresql":
        return [f"{tabel}_append_only", f"{tabel}_geen_truncate"]
    return [f"{tabel}_append_only_update", f"{tabel}_append_only_delete"]


def _sqlite_ketenen(tabel: str) -> str:
    """The WHEN clause that lets the chaining through (see PG_FUNCTIE_KETENEN); empty for other tables."""
    if tabel not in LATER_GEKETEND:
        return ""
    gelijk = " AND ".join(f"NEW.{k} IS OLD.{k}" for k in LATER_GEKETEND[tabel])
    return f"WHEN NOT (OLD.volgnummer IS NULL AND NEW.volgnummer IS NOT NULL AND {gelijk}) "


def _sqlite(tabel: str, op: str, wanneer: str = "") -> str:
    return (f"CREATE TRIGGER {tabel}_append_only_{op.lower()} BEFORE {op} ON {tabel} {wanneer}"
            f"BEGIN SELECT RAISE(ABORT, '{tabel} is append-only: {op} is not allowed'); END;")


def trigger_sql(vendor: str, tabel: str, *, rijen: bool = True, truncate: bool = True) -> list[str]:
    if vendor == "postgresql":
        sql = []
        if rijen:
            functie = "schakel_append_only_ketenen" if tabel in LATER_GEKETEND else "schakel_append_only"
            sql.append(f"CREATE TRIGGER {tabel}_append_only BEFORE UPDATE OR DELETE ON {tabel} "
                       f"FOR EACH ROW EXECUTE FUNCTION {functie}();")
        if truncate:
            sql.append(f"CREATE TRIGGER {tabel}_geen_truncate BEFORE TRUNCATE ON {tabel} "
                       f"FOR EACH STATEMENT EXECUTE FUNCTION schakel_append_only();")
        return sql
    if vendor == "sqlite":
        return [_sqlite(tabel, "UPDATE", _sqlite_ketenen(tabel)), _sqlite(tabel, "DELETE")] if rijen else []
    return []


def _uitvoeren(connection, sql: str) -> None:
    with connection.cursor() as cursor:
        # No parameters: the PL/pgSQL body uses % placeholders of its own.
        cursor.execute(sql)


def maak_triggers(connection, tabellen, *, rijen: bool = True, truncate: bool = True) -> None:
    """Create the triggers; `connection` may be a migration's `schema_editor.connection`."""
    if connection.vendor == "postgresql":
        _uitvoeren(connection, PG_FUNCTIE)
        _uitvoeren(connection, PG_FUNCTIE_KETENEN)
    for tabel in tabellen:
        for sql in trigger_sql(connection.vendor, tabel, rijen=rijen, truncate=truncate):
            _uitvoeren(connection, sql)


def verwijder_triggers(connection, tabellen, *, rijen: bool = True, truncate: bool = True) -> None:
    for tabel in tabellen:
        for naam in trigger_namen(connection.vendor, tabel):
            if connection.vendor == "postgresql":
                if (naam.endswith("_geen_truncate") and truncate) or (naam.endswith("_append_only") and rijen):
                    _uitvoeren(connection, f"DROP TRIGGER IF EXISTS {naam} ON {tabel};")
            elif connection.vendor == "sqlite" and rijen:
                _uitvoeren(connection, f"DROP TRIGGER IF EXISTS {naam};")


def schakel_truncate_trigger(connection, tabellen, *, aan: bool) -> None:
    """PostgreSQL only: switch the TRUNCATE triggers off and on inside one transaction (flush)."""
    for tabel in tabellen:
        _uitvoeren(connection, f"ALTER TABLE {tabel} {'ENABLE' if aan else 'DISABLE'} TRIGGER {tabel}_geen_truncate;")
