from django.shortcuts import render
from django.views.decorators.cache import never_cache

from schakel.casussen.models import Casus
from schakel.casussen.formulier import casus_formulier
from schakel.core.access import get_for_user_or_403, rol_vereist
from schakel.core.forms import ingediend
from schakel.gebruikers.rollen import PROCESSTAF, Rol

from . import services
from .forms import ZsmAdviesForm, ZsmVraagForm


@rol_vereist(*PROCESSTAF)
def advies(request, pk):
    casus = get_for_user_or_403(Casus.objects.all(), request.user, pk)
    return casus_formulier(
        request, casus, ZsmAdviesForm(ingediend(request)),
        opslaan=lambda form: services.leg_advies_vast(casus=casus, advies=form.save(commit=False), door=request.user),
        bericht=lambda _: f"Het ZSM-advies voor casus {casus.nummer} is vastgelegd.",
        template="zsm/advies.html", doel="ZSM-advies opstellen",
    )


@never_cache
@rol_vereist(Rol.ZSM)
def vraag(request):
    """A POST form, so a BSN or a name never ends up in a URL, a proxy log or the browser history."""
    if request.method != "POST":
        return render(request, "zsm/vraag.html", {"form": ZsmVraagForm()})
    form = ZsmVraagForm(request.POST)
    if not form.is_valid():
        return render(request, "zsm/vraag.html", {"form": form}, status=400)
    d = form.cleaned_data
    antwoord = services.beantwoord_vraag(
        request.user, bsn=d["bsn"], achternaam=d["achternaam"], geboortedatum=d["geboortedatum"], kanaal="scherm"
    )
    # A fresh form for the next question; above the answer, whom it is about as typed (BSN masked).
    gevraagd = services.Gevraagd.uit(bsn=d["bsn"], achternaam=d["achternaam"], geboortedatum=d["geboortedatum"])
    return render(request, "zsm/vraag.html", {"form": ZsmVraagForm(), "antwoord": antwoord, "gevraagd": gevraagd})
