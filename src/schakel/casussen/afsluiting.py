"""Closing a case (seed 001 §1.15): outcome from the casushouder's view, and afschaling to a local party."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from schakel.core.access import get_for_user_or_403, rol_vereist
from schakel.core.forms import ingediend
from schakel.gebruikers.rollen import PROCESSTAF
from schakel.privacy.services import log_casus_inzage

from . import services
from .forms import AfsluitingForm
from .models import Casus


@rol_vereist(*PROCESSTAF)
def afsluiten(request, pk):
    casus = get_for_user_or_403(Casus.objects.all(), request.user, pk)
    form = AfsluitingForm(ingediend(request), casus=casus)
    if request.method == "POST" and form.is_valid():
        try:
            afsluiting = services.sluit_casus_af(
                casus=casus, afsluiting=form.save(commit=False), uitkomsten=form.cleaned_data["uitkomsten"], door=request.user
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"Casus {casus.nummer} is afgesloten na {afsluiting.duur_dagen} dagen.")
            return redirect("casussen:detail", pk=casus.pk)
    log_casus_inzage(request.user, casus, "Casus afsluiten")
    return render(request, "casussen/afsluiten.html", {"casus": casus, "form": form}, status=400 if form.errors else 200)
