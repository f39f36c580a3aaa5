from django.db import migrations

TABLES = ["privacy_toegangslog", "privacy_mutatielog"]

FUNCTION = """
CREATE OR REPLACE FUNCTION schakel_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def create_triggers(schema_editor, tables):
    """Refuse UPDATE and DELETE in PostgreSQL itself. TRUNCATE (used by `flush` and test teardown)
    is not a row operation and stays possible for whoever owns the database. The demo's SQLite has
    no such trigger: its flush deletes row by row, and the model-level guard covers the demo."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in tables:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION schakel_append_only();",
            params=None,
        )


def drop_triggers(schema_editor, tables):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in tables:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};", params=None)


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # params=None: the PL/pgSQL body uses % placeholders of its own, not driver parameters.
        schema_editor.execute(FUNCTION, params=None)
    create_triggers(schema_editor, TABLES)


def backwards(apps, schema_editor):
    drop_triggers(schema_editor, TABLES)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS schakel_append_only();", params=None)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
