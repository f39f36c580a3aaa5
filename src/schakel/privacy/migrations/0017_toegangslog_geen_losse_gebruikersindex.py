"""The access log's own index on gebruiker_id goes: (gebruiker_id, tijdstip) starts with the same
column, and every index costs each row a page writes and again when the row is chained. The index is
dropped by name (the same on PostgreSQL, where dropping the partitioned index drops it from every
month, and on SQLite): an AlterField would make SQLite copy the table, and the append-only triggers
with it would have to be made again."""
from django.conf import settings
from django.db import migrations, models

INDEX = "privacy_toegangslog_gebruiker_id_4e9eec2a"


class Migration(migrations.Migration):
    dependencies = [("privacy", "0016_alter_toegangslog_actie")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="toegangslog",
                    name="gebruiker",
                    field=models.ForeignKey(db_index=False, on_delete=models.PROTECT, related_name="+",
                                            to=settings.AUTH_USER_MODEL, verbose_name="gebruiker"),
                ),
            ],
            database_operations=[
                migrations.RunSQL(f"DROP INDEX IF EXISTS {INDEX}",
                                  f"CREATE INDEX {INDEX} ON privacy_toegangslog (gebruiker_id)"),
            ],
        ),
    ]
