"""Closing a case (seed 001 §1.15): outcome from the casushouder's view, and afschaling to a local party."""

from schakel.core.access import get_for_user_or_403, rol_vereist
from schakel.core.forms import ingediend
from schakel.gebruikers.rollen import PROCESSTAF

from . import services
from .formulier import casus_formulier
from .forms import AfsluitingForm
from .models import Casus


@rol_vereist(*PROCESSTAF)
def afsluiten(request, pk):
    casus = get_for_user_or_403(Casus.objects.all(), request.user, pk)
    return casus_formulier(
        request, casus, AfsluitingForm(ingediend(request), casus=casus),
        opslaan=lambda form: services.sluit_casus_af(
            casus=casus, afsluiting=form.save(commit=False), uitkomsten=form.cleaned_data["uitkomsten"], door=request.user
        ),
        bericht=lambda a: f"Casus {casus.nummer} is afgesloten na {a.duur_dagen} dagen.",
        template="casussen/afsluiten.html", doel="Casus afsluiten",
    )
