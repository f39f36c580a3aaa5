from django.db import migrations

# The annual report and the historical import name decisions by these codes (issue 5).
NIEUW = {
    "agenderen_focus": "focus", "agenderen_nazorg": "nazorg", "geen_vervolg_belegd": "belegd",
    "geen_vervolg_uitgesteld": "uitgesteld", "geen_vervolg_informeren": "informeren", "geen_vervolg_past_niet": "past_niet",
}


def hernoem(apps, schema_editor, paren):
    BesluitOptie = apps.get_model("briefing", "BesluitOptie")
    for oud, nieuw in paren:
        if not BesluitOptie.objects.filter(code=nieuw).exists():
            BesluitOptie.objects.filter(code=oud).update(code=nieuw)


class Migration(migrations.Migration):
    dependencies = [("briefing", "0002_initial")]

    operations = [
        migrations.RunPython(
            lambda apps, se: hernoem(apps, se, NIEUW.items()),
            lambda apps, se: hernoem(apps, se, [(n, o) for o, n in NIEUW.items()]),
        )
    ]
