from django.utils import timezone

from schakel.casussen.onderdelen import heeft
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from .models import ZsmAdvies

AANWEZIG = {"zsm_adviezen": lambda casus: ZsmAdvies.objects.filter(casus=casus)}


def onderdeel(request, casus) -> dict:
    adviezen = list(casus.zsm_adviezen.select_related("door", "categorie")) if heeft(casus, "zsm_adviezen") else []
    if adviezen:
        personen = casus.persoon_ids
        log_toegang(
            request.user, Toegangslog.Actie.BEKEKEN, "zsm-advies", [(a.pk, personen) for a in adviezen], "Casus bekijken: ZSM-adviezen"
        )
    return {
        "adviezen": adviezen,
        "vandaag": timezone.localdate(),
        "mag_opstellen": request.user.is_processtaf and casus.status != casus.Status.AFGESLOTEN,
    }
