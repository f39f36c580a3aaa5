from django.db import migrations


def hernoem(oud, nieuw):
    def run(apps, schema_editor):
        AfsluitUitkomst = apps.get_model("casussen", "AfsluitUitkomst")
        if not AfsluitUitkomst.objects.filter(code=nieuw).exists():
            AfsluitUitkomst.objects.filter(code=oud).update(code=nieuw)
    return run


class Migration(migrations.Migration):
    """The annual report and the historical import name this outcome casushouder_verder (issue 5)."""

    dependencies = [("casussen", "0004_heragenderen")]

    operations = [
        migrations.RunPython(hernoem("casushouder_kan_verder", "casushouder_verder"), hernoem("casushouder_verder", "casushouder_kan_verder"))
    ]
