"""The visible cases per organisation (casussen.zichtbaarheid), filled for existing installations."""

import django.db.models.deletion
from django.db import migrations, models


def vul(apps, schema_editor):
    from schakel.casussen.zichtbaarheid import herbereken_alles

    herbereken_alles(apps=apps)


class Migration(migrations.Migration):

    dependencies = [
        ('casussen', '0011_lijst_indexen'),
        ('partners', '0003_bron_invullen'),
        ('overleggen', '0011_lijst_indexen'),
        ('privacy', '0015_toegangslog_partities'),
    ]

    operations = [
        migrations.CreateModel(
            name='ZichtbareCasus',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('van', models.DateTimeField(verbose_name='zichtbaar vanaf')),
                ('tot', models.DateTimeField(blank=True, help_text='Leeg: zolang het convenant loopt, zonder einddatum.', null=True, verbose_name='zichtbaar tot')),
                ('casus', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='zichtbaar_voor', to='casussen.casus', verbose_name='casus')),
                ('organisatie', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='partners.organisatie', verbose_name='organisatie')),
            ],
            options={
                'verbose_name': 'zichtbare casus',
                'verbose_name_plural': 'zichtbare casussen',
                'indexes': [models.Index(fields=['organisatie', 'casus', 'van', 'tot'], name='zichtbaar_org_casus_idx')],
            },
        ),
        migrations.RunPython(vul, migrations.RunPython.noop),
    ]
