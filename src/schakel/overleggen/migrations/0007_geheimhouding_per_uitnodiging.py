import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("overleggen", "0006_uitnodigingen_per_agendapunt")]

    operations = [
        migrations.RemoveField(model_name="geheimhoudingsverklaring", name="deelnemer"),
        migrations.RemoveField(model_name="geheimhoudingsverklaring", name="overleg"),
        migrations.AlterField(
            model_name="geheimhoudingsverklaring",
            name="uitnodiging",
            field=models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="geheimhoudingsverklaring",
                                       to="overleggen.uitnodiging", verbose_name="uitnodiging (agendapunt)"),
        ),
    ]
