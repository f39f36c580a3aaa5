from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render

from schakel.casussen.models import Casus
from schakel.casussen.formulier import casus_formulier
from schakel.core.access import get_for_user_or_403, rol_vereist
from schakel.core.forms import ingediend
from schakel.core.lijsten import lijst as lijst_context
from schakel.core.pagination import counted_page_of
from schakel.gebruikers.rollen import PROCESSTAF, Rol
from schakel.personen.models import Persoon
from schakel.privacy.categorieen import mag_tekst_zien, toon_tekst
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang, waarden

from . import services
from .filters import OpschalingFilter
from .forms import BesluitForm, KnelpuntForm, KnelpuntWijzigForm, OpschalingForm
from .models import Knelpunt, Opschaling

# The ketenmanager decides on escalations and keeps the bottleneck register, but sees no case
# content: casus numbers only, no names and no link into the case.
ROLLEN = PROCESSTAF | {Rol.KETENMANAGER}


def _persoon_ids(casus_ids):
    """One query for the persons behind a set of cases, for the access log."""
    rijen = Casus.personen.through.objects.filter(casus_id__in=set(casus_ids)).values_list("casus_id", "persoon_id")
    per_casus = {}
    for casus_id, persoon_id in rijen:
        per_casus.setdefault(casus_id, []).append(persoon_id)
    return per_casus


@rol_vereist(*PROCESSTAF)
def nieuw(request, pk):
    casus = get_for_user_or_403(Casus.objects.all(), request.user, pk)
    return casus_formulier(
        request, casus, OpschalingForm(ingediend(request), casus=casus),
        opslaan=lambda form: services.schaal_op(casus=casus, opschaling=form.save(commit=False), door=request.user),
        bericht=lambda o: f"Casus {casus.nummer} is opgeschaald naar {o.niveau}.",
        template="opschaling/nieuw.html", doel="Opschalen",
    )


@rol_vereist(*ROLLEN)
def besluit(request, pk):
    opschaling = get_object_or_404(Opschaling.objects.select_related("casus", "melding", "niveau", "door", "categorie"), pk=pk)
    oud = waarden(opschaling, services.BESLUIT_VELDEN)
    # Read before the form binds: a rejected POST writes the typed values onto the instance.
    eerder_besluit = toon_tekst(request.user, opschaling, "genomen_besluit")
    leeg = {} if mag_tekst_zien(request.user, opschaling) else {"genomen_besluit": "", "uitkomst": ""}
    form = BesluitForm(ingediend(request), instance=opschaling, initial=leeg)
    if request.method == "POST" and form.is_valid():
        services.leg_besluit_vast(opschaling=form.save(commit=False), oud=oud, door=request.user)
        messages.success(request, f"Het besluit over de opschaling van {opschaling.onderwerp_nummer} is vastgelegd.")
        return redirect("opschaling:lijst")
    log_toegang(
        request.user, Toegangslog.Actie.BEKEKEN, "opschaling",
        [(opschaling.pk, _persoon_ids([opschaling.casus_id]).get(opschaling.casus_id, []))], "Besluit over opschaling",
    )
    return render(
        request, "opschaling/besluit.html",
        {"opschaling": opschaling, "form": form, "eerder_besluit": eerder_besluit, "toon_casus": request.user.is_processtaf},
        status=400 if form.errors else 200,
    )


@rol_vereist(*ROLLEN)
def lijst(request):
    toon_casus = request.user.is_processtaf
    qs = Opschaling.objects.select_related("casus", "melding", "niveau")
    if toon_casus:
        qs = qs.prefetch_related(Prefetch("casus__personen", queryset=Persoon.objects.order_by("pk")))
    context, status = lijst_context(request, qs, OpschalingFilter)
    pagina = context["pagina"]
    if toon_casus:
        items = [(o.pk, [p.pk for p in o.casus.personen.all()] if o.casus_id else []) for o in pagina.rows]
    else:
        per_casus = _persoon_ids(o.casus_id for o in pagina.rows) if pagina.rows else {}
        items = [(o.pk, per_casus.get(o.casus_id, [])) for o in pagina.rows]
    log_toegang(request.user, Toegangslog.Actie.LIJST, "opschaling", items, "Opschalingen")
    context["toon_casus"] = toon_casus
    return render(request, "opschaling/lijst.html", context, status=status)


@rol_vereist(*ROLLEN)
def knelpunten(request):
    form = KnelpuntForm(ingediend(request))
    if request.method == "POST" and form.is_valid():
        knelpunt = services.meld_knelpunt(knelpunt=form.save(commit=False), door=request.user)
        messages.success(request, "Het knelpunt is vastgelegd.")
        return redirect("opschaling:knelpunt", pk=knelpunt.pk)
    pagina = counted_page_of(Knelpunt.objects.select_related("casus", "door"), request.GET.get("pagina"))
    return render(
        request, "opschaling/knelpunten.html", {"pagina": pagina, "form": form}, status=400 if form.errors else 200
    )


@rol_vereist(*ROLLEN)
def knelpunt(request, pk):
    knelpunt = get_object_or_404(Knelpunt.objects.select_related("casus", "door"), pk=pk)
    oud = waarden(knelpunt, services.KNELPUNT_WIJZIG_VELDEN)
    form = KnelpuntWijzigForm(ingediend(request), instance=knelpunt)
    if request.method == "POST" and form.is_valid():
        services.wijzig_knelpunt(knelpunt=form.save(commit=False), oud=oud, door=request.user)
        messages.success(request, "Het knelpunt is bijgewerkt.")
        return redirect("opschaling:knelpunt", pk=knelpunt.pk)
    return render(
        request, "opschaling/knelpunt.html",
        {"knelpunt": knelpunt, "form": form, "oud": oud, "status_label": dict(Knelpunt.Status.choices)[oud["status"]]},
        status=400 if form.errors else 200,
    )
