from django.utils import timezone

from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang


def onderdeel(request, casus) -> dict:
    adviezen = list(casus.zsm_adviezen.select_related("door", "categorie"))
    if adviezen:
        personen = list(casus.personen.values_list("pk", flat=True))
        log_toegang(
            request.user, Toegangslog.Actie.BEKEKEN, "zsm-advies", [(a.pk, personen) for a in adviezen], "Casus bekijken: ZSM-adviezen"
        )
    return {
        "adviezen": adviezen,
        "vandaag": timezone.localdate(),
        "mag_opstellen": request.user.is_processtaf and casus.status != casus.Status.AFGESLOTEN,
    }
