from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang


def onderdeel(request, casus) -> dict:
    opschalingen = list(casus.opschalingen.select_related("niveau", "door", "categorie"))
    if opschalingen:
        personen = list(casus.personen.values_list("pk", flat=True))
        log_toegang(
            request.user, Toegangslog.Actie.BEKEKEN, "opschaling", [(o.pk, personen) for o in opschalingen],
            "Casus bekijken: opschalingen",
        )
    staf = request.user.is_processtaf
    return {
        "opschalingen": opschalingen,
        "mag_opschalen": staf and casus.status != casus.Status.AFGESLOTEN,
        "mag_besluiten": staf,
    }
