from django.db import migrations
from django.db.models import OuterRef, Subquery


def vul(apps, schema_editor):
    Melding = apps.get_model("meldingen", "Melding")
    Organisatie = apps.get_model("partners", "Organisatie")
    Melding.objects.filter(melder_organisatie__isnull=False).update(
        bron=Subquery(Organisatie.objects.filter(pk=OuterRef("melder_organisatie_id")).values("bron")[:1])
    )
    Melding.objects.filter(kanaal="zsm").update(bron="zsm")


class Migration(migrations.Migration):
    dependencies = [("meldingen", "0002_melding_bron_melding_extern_id_and_more"), ("partners", "0003_bron_invullen")]

    operations = [migrations.RunPython(vul, migrations.RunPython.noop)]
