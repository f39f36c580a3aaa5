from django.db import migrations

BRON = {
    "politie": "politie", "om": "om", "dji": "dji", "reclassering": "reclassering", "svg": "reclassering",
    "ldh-jbr": "reclassering", "ggz": "zorg", "ggd": "zorg", "ggz-parnassia": "zorg", "leger-des-heils": "zorg",
    "jeugdbescherming": "zorg", "veilig-thuis": "veilig_thuis",
}


def vul(apps, schema_editor):
    Organisatie = apps.get_model("partners", "Organisatie")
    for code, bron in BRON.items():
        Organisatie.objects.filter(code=code).update(bron=bron)
    Organisatie.objects.filter(gemeente__isnull=False).update(bron="gemeente")


class Migration(migrations.Migration):
    dependencies = [("partners", "0002_organisatie_bron")]

    operations = [migrations.RunPython(vul, migrations.RunPython.noop)]
