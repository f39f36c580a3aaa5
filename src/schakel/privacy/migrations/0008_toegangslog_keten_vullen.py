"""Chain the access-log rows that existed before the hash chain, in id order, and create the head.

On PostgreSQL the append-only trigger (0002) refuses UPDATE; it is switched off for this migration
only, inside its transaction, so no other session ever sees the table unguarded."""
from django.db import migrations

TRIGGER = "privacy_toegangslog_append_only"
BATCH = 2000


def keten_vullen(apps, schema_editor):
    from schakel.privacy.services import GENESIS, regel_hash

    Toegangslog = apps.get_model("privacy", "Toegangslog")
    Logketen = apps.get_model("privacy", "Logketen")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE privacy_toegangslog DISABLE TRIGGER {TRIGGER}", params=None)
    vorige, volgnummer, batch = GENESIS, 0, []
    for regel in Toegangslog.objects.order_by("id").iterator(chunk_size=BATCH):
        volgnummer += 1
        regel.volgnummer, regel.vorige_hash = volgnummer, vorige
        regel.hash = vorige = regel_hash(
            volgnummer=volgnummer, tijdstip=regel.tijdstip, gebruiker_id=regel.gebruiker_id, organisatie=regel.organisatie,
            rollen=regel.rollen, actie=regel.actie, objecttype=regel.objecttype, object_id=regel.object_id,
            persoon_id=regel.persoon_id, doel=regel.doel, vorige_hash=regel.vorige_hash,
        )
        batch.append(regel)
        if len(batch) == BATCH:
            Toegangslog.objects.bulk_update(batch, ["volgnummer", "vorige_hash", "hash"])
            batch = []
    if batch:
        Toegangslog.objects.bulk_update(batch, ["volgnummer", "vorige_hash", "hash"])
    if postgres:
        schema_editor.execute(f"ALTER TABLE privacy_toegangslog ENABLE TRIGGER {TRIGGER}", params=None)
    Logketen.objects.update_or_create(naam="toegangslog", defaults={"laatste_volgnummer": volgnummer, "laatste_hash": vorige})


class Migration(migrations.Migration):
    dependencies = [("privacy", "0007_toegangslog_hashketen")]
    operations = [migrations.RunPython(keten_vullen, migrations.RunPython.noop)]
