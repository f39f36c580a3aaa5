import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Invitations per agenda item (issue 9): first the new table and a nullable link from the
    declaration; 0006 moves the data, 0007 drops the meeting-wide columns."""

    dependencies = [
        ("overleggen", "0004_bespreking_categorie"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Uitnodiging",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("aangemaakt_op", models.DateTimeField(auto_now_add=True, verbose_name="uitgenodigd op")),
                ("bespreking", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="uitnodigingen",
                                                 to="overleggen.bespreking", verbose_name="agendapunt")),
                ("deelnemer", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="uitnodigingen",
                                                to="overleggen.deelnemer", verbose_name="deelnemer")),
            ],
            options={
                "verbose_name": "uitnodiging voor een agendapunt",
                "verbose_name_plural": "uitnodigingen voor agendapunten",
                "constraints": [models.UniqueConstraint(fields=("deelnemer", "bespreking"), name="uniek_uitnodiging_per_agendapunt")],
                "indexes": [models.Index(fields=["bespreking", "deelnemer"], name="uitnodiging_bespreking_idx")],
            },
        ),
        migrations.AddField(
            model_name="geheimhoudingsverklaring",
            name="uitnodiging",
            field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="geheimhoudingsverklaring",
                                       to="overleggen.uitnodiging", verbose_name="uitnodiging (agendapunt)"),
        ),
        migrations.AlterField(
            model_name="geheimhoudingsverklaring",
            name="deelnemer",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to="overleggen.deelnemer", verbose_name="deelnemer"),
        ),
    ]
