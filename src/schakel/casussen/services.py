from django.db import transaction

from schakel.privacy.services import log_mutatie, waarden

from .models import CASUS_WORKFLOW, Casus, CasusBetrokkenheid, CasusStatus


@transaction.atomic
def open_of_koppel_casus(*, melding, overlegtype, door) -> Casus:
    """A melding about someone already in an active case of this conference type joins that case:
    re-discussing an active case is not a new case (design §2)."""
    persoon_ids = list(melding.personen.values_list("pk", flat=True))
    casus = None
    if persoon_ids:
        casus = (
            Casus.objects.actief().filter(overlegtype=overlegtype, personen__in=persoon_ids).order_by("geopend_op").first()
        )
    if casus is None:
        CASUS_WORKFLOW.check("", Casus.Status.AANGEMELD)
        casus = Casus.objects.create(
            onderwerp=melding.onderwerp,
            overlegtype=overlegtype,
            gemeente=melding.gemeente,
            thema=melding.thema,
            procesregisseur=door if door.heeft_rol("procesregisseur") else None,
            geopend_door=door,
        )
        casus.personen.set(persoon_ids)
        CasusStatus.objects.create(casus=casus, van="", naar=casus.status, door=door, toelichting="Geopend door weging")
        log_mutatie(door, casus, None)
    CasusBetrokkenheid.objects.get_or_create(
        casus=casus, organisatie=melding.melder_organisatie, rol=CasusBetrokkenheid.Rol.INBRENGER
    )
    oud = waarden(melding, ["casus"])
    melding.casus = casus
    melding.save(update_fields=["casus"])
    log_mutatie(door, melding, oud)
    return casus
