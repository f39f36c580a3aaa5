"""The append-only tables refuse TRUNCATE on PostgreSQL (a statement trigger; UPDATE and DELETE were
already refused by 0002/0003) and UPDATE and DELETE on SQLite (core.append_only)."""
from django.db import migrations

TABELLEN = ["privacy_toegangslog", "privacy_mutatielog", "meldingen_meldingstatus", "casussen_casusstatus"]


def forwards(apps, schema_editor):
    from schakel.core.append_only import maak_triggers

    connection = schema_editor.connection
    # On PostgreSQL the row triggers exist already; on SQLite there were none.
    maak_triggers(connection, TABELLEN, rijen=connection.vendor != "postgresql", truncate=True)


def backwards(apps, schema_editor):
    from schakel.core.append_only import verwijder_triggers

    connection = schema_editor.connection
    verwijder_triggers(connection, TABELLEN, rijen=connection.vendor != "postgresql", truncate=True)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0012_mutatielog_volgnummer_uniek"),
        ("meldingen", "0005_meldingstatus_volgnummer_uniek"),
        ("casussen", "0008_casusstatus_volgnummer_uniek"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
