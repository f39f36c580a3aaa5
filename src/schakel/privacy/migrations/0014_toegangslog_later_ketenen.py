"""The access log is chained after the fact (privacy.ketenaar): volgnummer may be empty while a row
waits, a partial index finds the waiting rows, and the row triggers let through the one change the
chaining makes (core.append_only.LATER_GEKETEND). The rows already chained keep their place."""
from django.conf import settings
from django.db import migrations, models

TABEL = "privacy_toegangslog"


def triggers_weg(apps, schema_editor):
    from schakel.core.append_only import verwijder_triggers

    verwijder_triggers(schema_editor.connection, [TABEL], rijen=True, truncate=False)


def triggers_terug(apps, schema_editor):
    from schakel.core.append_only import maak_triggers

    # SQLite rebuilt the table (and lost its triggers); PostgreSQL gets the row trigger that allows chaining.
    maak_triggers(schema_editor.connection, [TABEL], rijen=True, truncate=False)


class Migration(migrations.Migration):

    dependencies = [
        ('privacy', '0013_append_only_truncate'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(triggers_weg, triggers_terug),
        migrations.AlterField(
            model_name='toegangslog',
            name='volgnummer',
            field=models.BigIntegerField(blank=True, help_text='Plaats in de hashketen: 1, 2, 3, … zonder gaten; leeg zolang de regel nog op de keten wacht.', null=True, unique=True, verbose_name='volgnummer'),
        ),
        migrations.AddIndex(
            model_name='toegangslog',
            index=models.Index(condition=models.Q(('volgnummer__isnull', True)), fields=['id'], name='toegangslog_wacht_idx'),
        ),
        migrations.RunPython(triggers_terug, triggers_weg),
    ]
