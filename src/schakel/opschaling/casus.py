from schakel.casussen.onderdelen import heeft
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from .models import Opschaling

AANWEZIG = {"opschalingen": lambda casus: Opschaling.objects.filter(casus=casus)}


def onderdeel(request, casus) -> dict:
    opschalingen = list(casus.opschalingen.select_related("niveau", "door", "categorie")) if heeft(casus, "opschalingen") else []
    if opschalingen:
        personen = casus.persoon_ids
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
