from django.db import migrations

# Status histories are append-only like the logs; the function comes from 0002.
TABLES = ["meldingen_meldingstatus", "casussen_casusstatus"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION schakel_append_only();",
            params=None,
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_append_only_trigger"),
        ("meldingen", "0001_initial"),
        ("casussen", "0002_initial"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
