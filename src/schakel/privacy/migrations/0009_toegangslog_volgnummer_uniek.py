from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("privacy", "0008_toegangslog_keten_vullen")]

    operations = [
        migrations.AlterField(
            model_name="toegangslog",
            name="volgnummer",
            field=models.BigIntegerField(help_text="Plaats in de hashketen: 1, 2, 3, … zonder gaten.", unique=True, verbose_name="volgnummer"),
        ),
    ]
