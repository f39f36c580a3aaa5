"""Existing meeting-wide invitations and declarations become one per agenda item.

Before, a participant was at the table for the whole agenda, so each participant is now invited for
every item that was on his meeting's agenda, and a guest's declaration is copied to each of those
items. This is conservative: nothing opens that was not open before, and the new rule applies on top
(access only from the meeting's start until SCHAKEL_UITNODIGING_DAGEN days later, so invitations to
older meetings no longer open anything). The old 'genodigd' involvements stay as history; they no
longer open a case. A declaration for a meeting without any agenda item covers nothing and is removed."""
from django.db import migrations


def per_agendapunt(apps, schema_editor):
    Deelnemer = apps.get_model("overleggen", "Deelnemer")
    Bespreking = apps.get_model("overleggen", "Bespreking")
    Uitnodiging = apps.get_model("overleggen", "Uitnodiging")
    Geheimhoudingsverklaring = apps.get_model("overleggen", "Geheimhoudingsverklaring")

    agenda: dict[int, list[int]] = {}
    for overleg_id, pk in Bespreking.objects.order_by("volgorde", "id").values_list("overleg_id", "pk"):
        agenda.setdefault(overleg_id, []).append(pk)
    nieuw = [
        Uitnodiging(deelnemer_id=deelnemer_id, bespreking_id=bespreking_id)
        for deelnemer_id, overleg_id in Deelnemer.objects.values_list("pk", "overleg_id").iterator()
        for bespreking_id in agenda.get(overleg_id, [])
    ]
    Uitnodiging.objects.bulk_create(nieuw, batch_size=2000)
    uitnodiging = {(u.deelnemer_id, u.bespreking_id): u.pk for u in Uitnodiging.objects.only("pk", "deelnemer_id", "bespreking_id")}

    for ghv in Geheimhoudingsverklaring.objects.filter(uitnodiging__isnull=True).select_related("deelnemer"):
        punten = agenda.get(ghv.deelnemer.overleg_id, [])
        if not punten:
            ghv.delete()
            continue
        ghv.uitnodiging_id = uitnodiging[(ghv.deelnemer_id, punten[0])]
        ghv.save(update_fields=["uitnodiging"])
        Geheimhoudingsverklaring.objects.bulk_create([
            Geheimhoudingsverklaring(
                uitnodiging_id=uitnodiging[(ghv.deelnemer_id, p)], deelnemer_id=ghv.deelnemer_id, overleg_id=ghv.overleg_id,
                getekend_op=ghv.getekend_op, vastgelegd_door_id=ghv.vastgelegd_door_id,
            )
            for p in punten[1:]
        ])
        # vastgelegd_op is auto_now_add: the copies keep the moment the original was recorded (a
        # participant had exactly one declaration before).
        Geheimhoudingsverklaring.objects.filter(deelnemer_id=ghv.deelnemer_id).update(vastgelegd_op=ghv.vastgelegd_op)


class Migration(migrations.Migration):
    dependencies = [("overleggen", "0005_uitnodiging")]

    operations = [migrations.RunPython(per_agendapunt, migrations.RunPython.noop)]
