"""The meetings section of the case page."""

from django.utils import timezone

from schakel.casussen.models import Casus
from schakel.casussen.onderdelen import heeft
from schakel.core.tijd import dagbegin
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from .models import Bespreking, Overleg

AANWEZIG = {"besprekingen": lambda casus: Bespreking.objects.filter(casus=casus)}

MAX_KOMENDE = 5


def onderdeel(request, casus) -> dict:
    besprekingen = list(casus.besprekingen.select_related("overleg__overlegtype", "categorie").order_by("-overleg__datum", "-id")
                        ) if heeft(casus, "besprekingen") else []
    if besprekingen:
        # Minutes and decisions are about the case's persons: showing them is a view of personal data.
        persoon_ids = casus.persoon_ids
        log_toegang(
            request.user, Toegangslog.Actie.BEKEKEN, "bespreking", [(b.pk, persoon_ids) for b in besprekingen],
            f"Besprekingen bij casus {casus.nummer}",
        )
    # Only a case the agenda screen would offer gets the link (seed 001 §1.8: in principle discussed
    # once, again only when the monitoring flags it for re-discussion).
    kandidaat = casus.status != Casus.Status.AFGESLOTEN and bool(
        casus.heragenderen_sinds or (casus.status == Casus.Status.AANGEMELD and not besprekingen)
    )
    komende = []
    if request.user.is_processtaf and kandidaat:
        vandaag = dagbegin(timezone.localdate())
        komende = list(
            Overleg.objects.filter(overlegtype_id=casus.overlegtype_id, datum__gte=vandaag)
            .exclude(besprekingen__casus=casus)
            .select_related("overlegtype")
            .order_by("datum", "id")[:MAX_KOMENDE]
        )
    return {"besprekingen": besprekingen, "komende": komende, "kandidaat": kandidaat, "staf": request.user.is_processtaf}
