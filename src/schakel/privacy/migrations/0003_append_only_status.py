import importlib

from django.db import migrations

_0002 = importlib.import_module("schakel.privacy.migrations.0002_append_only_trigger")
create_triggers, drop_triggers = _0002.create_triggers, _0002.drop_triggers

# Status histories are append-only like the logs; the trigger helpers (and PostgreSQL function) come from 0002.
TABLES = ["meldingen_meldingstatus", "casussen_casusstatus"]


def forwards(apps, schema_editor):
    create_triggers(schema_editor, TABLES)


def backwards(apps, schema_editor):
    drop_triggers(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0002_append_only_trigger"),
        ("meldingen", "0001_initial"),
        ("casussen", "0002_initial"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
