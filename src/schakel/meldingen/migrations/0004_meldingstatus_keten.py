"""The status history of meldingen becomes a keyed hash chain (issue 9, hole 12): step 1 of 3, the columns (volgnummer
still empty). privacy 0011 chains the existing rows with the log key, then volgnummer becomes required."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meldingen", "0003_bron_invullen")]

    operations = [
        migrations.AddField(
            model_name="meldingstatus",
            name="volgnummer",
            field=models.BigIntegerField(null=True, help_text="Plaats in de hashketen: 1, 2, 3, … zonder gaten.", verbose_name="volgnummer"),
        ),
        migrations.AddField(
            model_name="meldingstatus",
            name="vorige_hash",
            field=models.CharField(default="", help_text="Hash van de vorige regel in de keten.", max_length=64, verbose_name="vorige hash"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="meldingstatus",
            name="hash",
            field=models.CharField(default="", help_text="HMAC-SHA256 van deze regel en de vorige hash, met de logsleutel.", max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="meldingstatus",
            name="sleutel_id",
            field=models.CharField(default="", help_text="Welke logsleutel de hash maakte (een vingerafdruk, niet de sleutel zelf).", max_length=16, verbose_name="sleutel-id"),
            preserve_default=False,
        ),
    ]
