"""The monitoring section of the case page: the contact schedule and any extensions."""
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang


def onderdeel(request, casus) -> dict | None:
    contacten = list(casus.monitoringcontacten.select_related("door"))
    verlengingen = list(casus.verlengingen.select_related("door"))
    if not contacten and not verlengingen:
        return None
    if any(c.toelichting for c in contacten) or verlengingen:
        log_toegang(
            request.user, Toegangslog.Actie.BEKEKEN, "monitoring", [(casus.pk, casus.personen.values_list("pk", flat=True))],
            "Monitoring bij casus",
        )
    return {"contacten": contacten, "verlengingen": verlengingen, "staf": request.user.is_processtaf}
