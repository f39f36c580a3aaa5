"""Role changes with four eyes, and the FG's view of every account and role change. Thin views: the
rules live in services.py."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from schakel.core.access import rol_vereist
from schakel.core.forms import ingediend
from schakel.privacy.models import Mutatielog

from . import services
from .forms import BeoordelingForm, RolvoorstelForm
from .models import GebruikerRol, Rolvoorstel
from .rollen import BEOORDELAARS, VIER_OGEN_ROLLEN, Rol

# The change-log rows about accounts, roles and tokens.
ACCOUNT_OBJECTEN = ("gebruiker", "gebruikerrol", "rolvoorstel", "apitoken", "identiteitskoppeling")
MAX_REGELS = 500


@rol_vereist(*BEOORDELAARS)
def lijst(request):
    """Open proposals first (what needs a second person), then the last decisions."""
    open_ = Rolvoorstel.objects.filter(status=Rolvoorstel.Status.OPEN).select_related("gebruiker", "voorgesteld_door")
    besloten = (
        Rolvoorstel.objects.exclude(status=Rolvoorstel.Status.OPEN)
        .select_related("gebruiker", "voorgesteld_door", "beoordeeld_door")[:50]
    )
    return render(request, "gebruikers/rollen/lijst.html", {
        "open": [(v, services.kan_beoordelen(request.user, v)) for v in open_],
        "besloten": besloten,
        "mag_voorstellen": request.user.heeft_rol(Rol.FUNCTIONEEL_BEHEERDER),
    })


@rol_vereist(Rol.FUNCTIONEEL_BEHEERDER)
def voorstellen(request):
    form = RolvoorstelForm(ingediend(request), door=request.user)
    if form.is_valid():
        d = form.cleaned_data
        try:
            voorstel = services.stel_rol_voor(door=request.user, gebruiker=d["gebruiker"], rol=d["rol"], toelichting=d["toelichting"])
        except ValidationError as e:
            form.add_error(None, e)
        else:
            if voorstel.status == Rolvoorstel.Status.OPEN:
                messages.success(request, f"Het voorstel is vastgelegd. De rol {voorstel.get_rol_display()} gaat pas in "
                                          "als een andere functioneel beheerder of de FG het bevestigt.")
            else:
                messages.success(request, f"{voorstel.gebruiker} heeft nu de rol {voorstel.get_rol_display()}.")
            return redirect("rollen:lijst")
    toekenningen = GebruikerRol.objects.exclude(gebruiker=request.user).select_related("gebruiker").order_by("gebruiker__username", "rol")
    return render(request, "gebruikers/rollen/voorstellen.html", {
        "form": form, "toekenningen": toekenningen,
        "vier_ogen": [Rol(r).label for r in Rol.values if r in VIER_OGEN_ROLLEN],
    }, status=400 if form.errors else 200)


@rol_vereist(*BEOORDELAARS)
def beoordelen(request, pk):
    voorstel = get_object_or_404(Rolvoorstel.objects.select_related("gebruiker", "voorgesteld_door", "beoordeeld_door"), pk=pk)
    form = BeoordelingForm(ingediend(request))
    if form.is_valid():
        bevestigen = form.cleaned_data["besluit"] == "bevestigen"
        try:
            services.beoordeel_voorstel(door=request.user, voorstel=voorstel, bevestigen=bevestigen, reden=form.cleaned_data["reden"])
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"{voorstel.gebruiker} heeft nu de rol {voorstel.get_rol_display()}." if bevestigen
                             else "Het voorstel is afgewezen; er is niets veranderd.")
            return redirect("rollen:lijst")
    return render(request, "gebruikers/rollen/beoordelen.html", {
        "voorstel": voorstel, "form": form, "mag": services.kan_beoordelen(request.user, voorstel),
    }, status=400 if form.errors else 200)


@rol_vereist(Rol.FUNCTIONEEL_BEHEERDER)
@require_POST
def intrekken(request, pk):
    toekenning = get_object_or_404(GebruikerRol.objects.select_related("gebruiker"), pk=pk)
    try:
        services.trek_rol_in(door=request.user, toekenning=toekenning)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, f"De rol {toekenning.get_rol_display()} van {toekenning.gebruiker} is ingetrokken.")
    return redirect("rollen:voorstellen")


@rol_vereist(Rol.PRIVACY_OFFICER)
def logboek(request):
    """For the FG: every account, role and token change, who made it and when."""
    regels = Mutatielog.objects.filter(objecttype__in=ACCOUNT_OBJECTEN).select_related("gebruiker")[:MAX_REGELS]
    return render(request, "gebruikers/rollen/logboek.html", {"regels": regels, "max_regels": MAX_REGELS})
