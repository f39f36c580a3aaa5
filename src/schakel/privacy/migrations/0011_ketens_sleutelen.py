"""Step 2 of 3 of the keyed chain, run ONCE at the upgrade: every existing row of the access log, the
change log and both status histories is chained again with the log key (HMAC-SHA256, key from
SCHAKEL_LOG_KEY or SCHAKEL_LOG_KEY_FILE, see settings.py), and each chain gets its head.

The access log keeps its order (volgnummer); the other tables are chained in id order, the order in
which they were written. The old unkeyed SHA-256 hashes are replaced, so whoever runs this vouches
that the log was intact before: run `schakel verifieer_log` on the old version first. After this the
tables refuse UPDATE again; a new key later needs no recomputation (see README, key rotation).

On PostgreSQL the append-only triggers (0002/0003) are switched off for this migration only, inside
its transaction, so no other session ever sees the tables unguarded. SQLite gets its triggers in 0013."""
from django.db import migrations

TABELLEN = [
    ("privacy", "Toegangslog", "volgnummer"),
    ("privacy", "Mutatielog", "id"),
    ("meldingen", "MeldingStatus", "id"),
    ("casussen", "CasusStatus", "id"),
]


def ketenen(apps, schema_editor):
    from schakel.privacy.keten import herbereken

    Logketen = apps.get_model("privacy", "Logketen")
    postgres = schema_editor.connection.vendor == "postgresql"
    using = schema_editor.connection.alias
    for app, naam, volgorde in TABELLEN:
        model = apps.get_model(app, naam)
        tabel = model._meta.db_table
        if postgres:
            schema_editor.execute(f"ALTER TABLE {tabel} DISABLE TRIGGER {tabel}_append_only", params=None)
        volgnummer, laatste = herbereken(model, using=using, volgorde=volgorde)
        if postgres:
            schema_editor.execute(f"ALTER TABLE {tabel} ENABLE TRIGGER {tabel}_append_only", params=None)
        Logketen.objects.using(using).update_or_create(
            naam=model._meta.model_name, defaults={"laatste_volgnummer": volgnummer, "laatste_hash": laatste}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0010_keten_velden"),
        ("meldingen", "0004_meldingstatus_keten"),
        ("casussen", "0007_casusstatus_keten"),
    ]
    operations = [migrations.RunPython(ketenen, migrations.RunPython.noop)]
