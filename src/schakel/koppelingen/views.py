"""The informatiecoördinator's review queue of the daily feeds, and the detention notices routed to
the municipalities that do their own aftercare. Thin views: the decisions are services.py."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render

from schakel.core.access import get_for_user_or_403, rol_vereist
from schakel.core.forms import ingediend
from schakel.core.lijsten import lijst as lijst_context
from schakel.gebruikers.rollen import PROCESSTAF, Rol
from schakel.meldingen.models import Melding, MeldingPersoon
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from . import services
from .filters import DoorgezetFilter, VoorstelFilter
from .forms import BesluitForm
from .models import Koppelvoorstel
from .services import persoon_uit_opgave


@rol_vereist(Rol.INFORMATIECOORDINATOR)
def voorstellen(request):
    qs = Koppelvoorstel.objects.for_user(request.user).select_related("melding")
    context, status = lijst_context(request, qs, VoorstelFilter)
    log_toegang(
        request.user, Toegangslog.Actie.LIJST, "koppelvoorstel", [(v.pk, [v.kandidaat_id]) for v in context["pagina"].rows],
        "Koppelvoorstellen dagelijkse feeds",
    )
    return render(request, "koppelingen/voorstellen.html", context, status=status)


@rol_vereist(Rol.INFORMATIECOORDINATOR)
def voorstel(request, pk):
    voorstel = get_for_user_or_403(
        Koppelvoorstel.objects.select_related("melding__gemeente", "melding__feedrecord", "kandidaat__gemeente", "koppeling"),
        request.user, pk,
    )
    form = BesluitForm(ingediend(request))
    fout = ""
    if request.method == "POST" and form.is_valid():
        besluit = form.cleaned_data["besluit"]
        try:
            if besluit == BesluitForm.KOPPELEN:
                besloten = services.koppel(voorstel=voorstel, door=request.user)
            else:
                besloten = services.wijs_af(voorstel=voorstel, door=request.user)
        except ValidationError as e:
            fout = e.messages[0]
        else:
            if besloten.al_gekoppeld:
                tekst = "De persoon van deze melding was intussen op de melding zelf gekoppeld; het voorstel is gesloten."
            elif besluit == BesluitForm.KOPPELEN:
                tekst = "De melding is gekoppeld aan de bekende persoon."
            else:
                tekst = "De melding heeft een nieuwe persoon gekregen."
            messages.success(request, f"{voorstel.nummer}: {tekst}")
            return redirect("koppelingen:voorstellen")
    log_toegang(
        request.user, Toegangslog.Actie.BEKEKEN, "koppelvoorstel", [(voorstel.pk, [voorstel.kandidaat_id])], "Koppelvoorstel vergelijken",
    )
    context = {
        "voorstel": voorstel, "form": form, "fout": fout,
        "opgegeven": persoon_uit_opgave(voorstel.koppeling.opgave or {}, voorstel.melding.gemeente_id),
        "kandidaat": voorstel.kandidaat,
        "historie": voorstel.statushistorie.select_related("door"),
    }
    return render(request, "koppelingen/voorstel.html", context, status=400 if request.method == "POST" else 200)


def doorgezet_voor(user):
    """Detention notices routed to a municipality with its own aftercare: house staff see all, a
    municipal contact those of his municipalities, nobody else any."""
    qs = Melding.objects.filter(status=Melding.Status.DOORGEZET)
    if user.is_processtaf:
        return qs
    if user.heeft_rol(Rol.GEMEENTE_CONTACT):
        return qs.filter(gemeente__in=user.contactgemeenten.values("pk"))
    return qs.none()


@rol_vereist(*PROCESSTAF, Rol.GEMEENTE_CONTACT)
def doorgezet(request):
    qs = doorgezet_voor(request.user).select_related("gemeente", "detentie").prefetch_related(
        Prefetch("koppelingen", queryset=MeldingPersoon.objects.order_by("pk"), to_attr="feedpersonen")
    )
    context, status = lijst_context(request, qs, DoorgezetFilter)
    for m in context["pagina"].rows:
        # What DJI delivered, not the house's record of the person (the municipality learns no more).
        opgave = m.feedpersonen[0].opgave if m.feedpersonen and m.feedpersonen[0].opgave else {}
        m.feedpersoon = persoon_uit_opgave(opgave, m.gemeente_id)
    log_toegang(
        request.user, Toegangslog.Actie.LIJST, "melding",
        [(m.pk, [k.persoon_id for k in m.feedpersonen if k.persoon_id]) for m in context["pagina"].rows],
        "Detentiemeldingen eigen nazorg",
    )
    return render(request, "koppelingen/doorgezet.html", context, status=status)
