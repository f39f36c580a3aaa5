"""PostgreSQL: the access log becomes a table partitioned by month (privacy.partities), its rows
moved along in this migration's transaction. SQLite keeps one table."""
from django.db import migrations


def forwards(apps, schema_editor):
    from schakel.privacy.partities import herbouw

    if schema_editor.connection.vendor == "postgresql":
        herbouw(schema_editor.connection, partitioneren=True)


def backwards(apps, schema_editor):
    from schakel.privacy.partities import herbouw

    if schema_editor.connection.vendor == "postgresql":
        herbouw(schema_editor.connection, partitioneren=False)


class Migration(migrations.Migration):
    dependencies = [("privacy", "0014_toegangslog_later_ketenen")]
    operations = [migrations.RunPython(forwards, backwards)]
