"""The monitoring section of the case page: the contact schedule and any extensions."""
from schakel.casussen.onderdelen import heeft
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from .models import Monitoringcontact, Verlenging

AANWEZIG = {
    "monitoringcontacten": lambda casus: Monitoringcontact.objects.filter(casus=casus),
    "verlengingen": lambda casus: Verlenging.objects.filter(casus=casus),
}


def onderdeel(request, casus) -> dict | None:
    contacten = list(casus.monitoringcontacten.select_related("door")) if heeft(casus, "monitoringcontacten") else []
    verlengingen = list(casus.verlengingen.select_related("door")) if heeft(casus, "verlengingen") else []
    if not contacten and not verlengingen:
        return None
    if any(c.toelichting for c in contacten) or verlengingen:
        log_toegang(
            request.user, Toegangslog.Actie.BEKEKEN, "monitoring", [(casus.pk, casus.persoon_ids)],
            "Monitoring bij casus",
        )
    return {"contacten": contacten, "verlengingen": verlengingen, "staf": request.user.is_processtaf}
