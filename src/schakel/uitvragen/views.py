from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from schakel.core.access import get_for_user_or_403, require_role, rol_vereist
from schakel.core.forms import ingediend
from schakel.core.lijsten import lijst as lijst_context
from schakel.gebruikers.rollen import PROCESSTAF, Rol
from schakel.meldingen.models import Melding
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from . import services
from .filters import UitvraagFilter
from .forms import AntwoordForm, UitvraagForm
from .models import InformatieUitvraag


@rol_vereist(*PROCESSTAF, Rol.GEMEENTE_CONTACT)
def lijst(request):
    qs = InformatieUitvraag.objects.for_user(request.user).select_related("gemeente", "persoon", "melding")
    context, status = lijst_context(request, qs, UitvraagFilter)
    pagina = context["pagina"]
    log_toegang(
        request.user, Toegangslog.Actie.LIJST, "uitvraag",
        [(u.pk, [u.persoon_id] if u.persoon_id else []) for u in pagina.rows], "Lijst informatie-uitvragen",
    )
    return render(request, "uitvragen/lijst.html", context, status=status)


@rol_vereist(*PROCESSTAF)
def nieuw(request, melding_pk):
    melding = get_for_user_or_403(Melding.objects.all(), request.user, melding_pk)
    form = UitvraagForm(ingediend(request), melding=melding)
    if request.method == "POST" and form.is_valid():
        uitvraag = services.vraag_uit(uitvraag=form.save(commit=False), melding=melding, door=request.user)
        messages.success(request, f"Uitvraag {uitvraag.nummer} is verstuurd naar de contactpersonen van {uitvraag.gemeente}.")
        return redirect("meldingen:detail", pk=melding.pk)
    log_toegang(
        request.user, Toegangslog.Actie.BEKEKEN, "melding",
        [(melding.pk, melding.personen.values_list("pk", flat=True))], "Informatie-uitvraag opstellen",
    )
    return render(request, "uitvragen/nieuw.html", {"melding": melding, "form": form}, status=400 if form.errors else 200)


def detail(request, pk):
    uitvraag = get_for_user_or_403(
        InformatieUitvraag.objects.select_related("gemeente", "persoon__gemeente", "melding__thema", "gevraagd_door", "beantwoord_door"),
        request.user,
        pk,
    )
    form = AntwoordForm(ingediend(request))
    if request.method == "POST":
        # Only the municipal contact answers; house staff read the answer.
        require_role(request.user, Rol.GEMEENTE_CONTACT)
        if form.is_valid():
            try:
                services.beantwoord(
                    uitvraag=uitvraag, antwoord=form.cleaned_data["antwoord"], categorie=form.cleaned_data["categorie"],
                    door=request.user,
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, "Uw antwoord is opgeslagen en is zichtbaar op de briefing.")
                return redirect("uitvragen:lijst")
    log_toegang(
        request.user, Toegangslog.Actie.BEKEKEN, "uitvraag",
        [(uitvraag.pk, [uitvraag.persoon_id] if uitvraag.persoon_id else [])], "Informatie-uitvraag",
    )
    return render(request, "uitvragen/detail.html", {"uitvraag": uitvraag, "form": form}, status=400 if form.errors else 200)
