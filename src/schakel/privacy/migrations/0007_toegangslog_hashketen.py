"""The access log becomes a hash chain (issue 4): sequence number and hashes, and the chain head.

Three steps, each its own transaction on PostgreSQL: add the columns (volgnummer still nullable),
chain the rows that already exist (0008), then make volgnummer required and unique (0009)."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("privacy", "0006_convenant")]

    operations = [
        migrations.CreateModel(
            name="Logketen",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("naam", models.CharField(max_length=40, unique=True, verbose_name="naam")),
                ("laatste_volgnummer", models.BigIntegerField(default=0, verbose_name="laatste volgnummer")),
                ("laatste_hash", models.CharField(default="0" * 64, max_length=64, verbose_name="laatste hash")),
                ("gecontroleerd_op", models.DateTimeField(blank=True, null=True, verbose_name="laatst gecontroleerd op")),
                ("controle_intact", models.BooleanField(blank=True, null=True, verbose_name="keten intact bij laatste controle")),
                ("controle_uitkomst", models.CharField(blank=True, max_length=300, verbose_name="uitkomst laatste controle")),
            ],
            options={"verbose_name": "logketen", "verbose_name_plural": "logketens"},
        ),
        migrations.AddField(
            model_name="toegangslog",
            name="volgnummer",
            field=models.BigIntegerField(null=True, help_text="Plaats in de hashketen: 1, 2, 3, … zonder gaten.", verbose_name="volgnummer"),
        ),
        migrations.AddField(
            model_name="toegangslog",
            name="vorige_hash",
            field=models.CharField(default="", help_text="Hash van de vorige regel in de keten.", max_length=64, verbose_name="vorige hash"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="toegangslog",
            name="hash",
            field=models.CharField(default="", help_text="SHA-256 van deze regel en de vorige hash.", max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
    ]
