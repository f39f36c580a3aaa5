"""Step 3 of 3 of the keyed chain: volgnummer is required and unique (filled by privacy 0011)."""
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("casussen", "0007_casusstatus_keten"), ("privacy", "0011_ketens_sleutelen")]

    operations = [
        migrations.AlterField(
            model_name="casusstatus",
            name="volgnummer",
            field=models.BigIntegerField(help_text="Plaats in de hashketen: 1, 2, 3, … zonder gaten.", unique=True, verbose_name="volgnummer"),
        ),
    ]
