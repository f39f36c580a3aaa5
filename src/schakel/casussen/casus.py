from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from .models import Afsluiting, Casus
from .onderdelen import heeft

AANWEZIG = {"vervolgcasussen": lambda casus: Casus.objects.filter(vorige_casus=casus)}


def _verwijzing(pk: int) -> dict:
    # The number is derived from the id, so linking cases costs no query per case.
    return {"pk": pk, "nummer": f"C-{pk:07d}"}


def onderdeel(request, casus) -> dict:
    afsluiting = None
    if casus.status == casus.Status.AFGESLOTEN:
        afsluiting = (
            Afsluiting.objects.filter(casus=casus).select_related("overgedragen_aan", "door", "categorie").prefetch_related("uitkomsten").first()
        )
    if afsluiting is not None:
        afsluiting.casus = casus  # duur_dagen reads the opening date; no second fetch of the case
        log_toegang(
            request.user, Toegangslog.Actie.BEKEKEN, "afsluiting",
            [(afsluiting.pk, casus.persoon_ids)], "Casus bekijken: afsluiting",
        )
    return {
        "afsluiting": afsluiting,
        "vorige_casus": _verwijzing(casus.vorige_casus_id) if casus.vorige_casus_id else None,
        "vervolgcasussen": [_verwijzing(pk) for pk in casus.vervolgcasussen.order_by("geopend_op", "pk").values_list("pk", flat=True)]
        if heeft(casus, "vervolgcasussen") else [],
        "mag_afsluiten": request.user.is_processtaf and casus.status != casus.Status.AFGESLOTEN,
    }
