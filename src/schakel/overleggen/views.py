from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from schakel.casussen.models import Casus
from schakel.core.access import rol_vereist
from schakel.core.forms import ingediend
from schakel.core.lijsten import lijst as lijst_context
from schakel.gebruikers.rollen import PROCESSTAF, Rol
from schakel.personen.models import Persoon
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang, waarden

from . import services
from .afdruk import maak_afdruk
from .pdf import afdruk_pdf
from .filters import OverlegFilter
from .forms import AanwezigheidForm, AgenderenForm, BesprekingForm, DeelnemerForm, GeheimhoudingForm, OverlegForm
from .models import Bespreking, Deelnemer, Overleg, Uitnodiging

MAX_KANDIDATEN = 200


def _personen_prefetch(pad="casus__personen"):
    return Prefetch(pad, queryset=Persoon.objects.order_by("pk"))


@rol_vereist(*PROCESSTAF)
def lijst(request):
    context, status = lijst_context(request, Overleg.objects.select_related("overlegtype", "voorzitter"), OverlegFilter)
    pagina = context["pagina"]
    # Counted for the page's meetings only, so the total stays a plain COUNT(*).
    if pagina.rows:
        tellingen = {
            o.pk: o for o in Overleg.objects.filter(pk__in=[o.pk for o in pagina.rows]).annotate(
                aantal_casussen=Count("besprekingen", distinct=True), aantal_deelnemers=Count("deelnemers", distinct=True)
            ).only("pk")
        }
        for o in pagina.rows:
            o.aantal_casussen, o.aantal_deelnemers = tellingen[o.pk].aantal_casussen, tellingen[o.pk].aantal_deelnemers
    context["vandaag"] = timezone.localdate()
    return render(request, "overleggen/lijst.html", context, status=status)


@rol_vereist(*PROCESSTAF)
def nieuw(request):
    form = OverlegForm(ingediend(request), gebruiker=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            overleg = services.maak_overleg(overleg=form.save(commit=False), door=request.user)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"{overleg} is aangemaakt. Zet nu casussen op de agenda.")
            return redirect("overleggen:detail", pk=overleg.pk)
    return render(request, "overleggen/nieuw.html", {"form": form}, status=400 if form.errors else 200)


def _overleg(pk):
    return get_object_or_404(Overleg.objects.select_related("overlegtype", "voorzitter"), pk=pk)


def _detail(request, overleg, *, deelnemer_form=None, aanwezigheid_fout="", aanwezig_gekozen=None, ghv_fout="",
            ghv_deelnemer=None, ghv_waarde="", ghv_gekozen=(), status=200):
    """The meeting page; the POST-only views render it again with their errors and what was typed."""
    agenda = list(
        overleg.besprekingen.select_related("casus__gemeente", "casus__thema").prefetch_related(_personen_prefetch())
    )
    deelnemers = list(
        overleg.deelnemers.select_related("organisatie", "gebruiker").prefetch_related(
            Prefetch(
                "uitnodigingen",
                queryset=Uitnodiging.objects.select_related("bespreking__casus", "geheimhoudingsverklaring")
                .order_by("bespreking__volgorde", "bespreking_id"),
            )
        )
    )
    for d in deelnemers:
        d.ghv_nodig = services.heeft_ghv_nodig(d)
        d.punten = [
            {"bespreking": u.bespreking, "ghv": getattr(u, "geheimhoudingsverklaring", None),
             "gekozen": d.pk == ghv_deelnemer and str(u.bespreking_id) in ghv_gekozen}
            for u in d.uitnodigingen.all()
        ]
        d.ongetekend = [p for p in d.punten if p["ghv"] is None]
        # After a refused attempt the boxes show what the user ticked, not what is stored.
        d.aangevinkt = d.aanwezig if aanwezig_gekozen is None else str(d.pk) in aanwezig_gekozen
    log_toegang(
        request.user, Toegangslog.Actie.LIJST, "casus",
        [(b.casus_id, [p.pk for p in b.casus.personen.all()]) for b in agenda], f"Agenda {overleg}",
    )
    context = {
        "overleg": overleg,
        "agenda": agenda,
        "deelnemers": deelnemers,
        "deelnemer_form": deelnemer_form or DeelnemerForm(overleg=overleg),
        "aanwezigheid_fout": aanwezigheid_fout,
        "ghv_fout": ghv_fout,
        "ghv_deelnemer": ghv_deelnemer,
        "ghv_waarde": ghv_waarde,
        "forms_met_fouten": status == 400,
        "dagen": settings.SCHAKEL_UITNODIGING_DAGEN,
    }
    return render(request, "overleggen/detail.html", context, status=status)


@rol_vereist(*PROCESSTAF)
def detail(request, pk):
    return _detail(request, _overleg(pk))


@rol_vereist(*PROCESSTAF)
def agenderen(request, pk):
    overleg = _overleg(pk)
    kandidaten = (
        services.kandidaten(overleg, Casus.objects.for_user(request.user))
        .select_related("gemeente", "thema")
        .prefetch_related(Prefetch("personen", queryset=Persoon.objects.order_by("pk")))
        .order_by("geopend_op", "id")
    )
    form = AgenderenForm(ingediend(request), kandidaten=kandidaten, initial={"casussen": request.GET.getlist("casus")})
    if request.method == "POST" and form.is_valid():
        try:
            aantal = services.agendeer(overleg=overleg, casussen=list(form.cleaned_data["casussen"]), door=request.user)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"{aantal} casus(sen) op de agenda gezet.")
            return redirect("overleggen:detail", pk=overleg.pk)
    getoond = list(kandidaten[:MAX_KANDIDATEN])
    gekozen = {str(v) for v in (form["casussen"].value() or [])}
    for c in getoond:
        c.gekozen = str(c.pk) in gekozen
    log_toegang(
        request.user, Toegangslog.Actie.LIJST, "casus",
        [(c.pk, [p.pk for p in c.personen.all()]) for c in getoond], f"Agenderen voor {overleg}",
    )
    return render(
        request, "overleggen/agenderen.html", {"overleg": overleg, "form": form, "kandidaten": getoond},
        status=400 if form.errors else 200,
    )


@require_POST
@rol_vereist(*PROCESSTAF)
def deelnemer(request, pk):
    overleg = _overleg(pk)
    form = DeelnemerForm(request.POST, overleg=overleg)
    if form.is_valid():
        nieuw = form.save(commit=False)
        nieuw.overleg = overleg
        punten = list(form.cleaned_data["agendapunten"])
        try:
            deelnemer = services.voeg_deelnemer_toe(deelnemer=nieuw, besprekingen=punten, door=request.user)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            casussen = ", ".join(b.casus.nummer for b in punten)
            if deelnemer.pk == nieuw.pk:
                tekst = f"{deelnemer} is toegevoegd aan de deelnemers, uitgenodigd voor casus {casussen}."
            else:
                tekst = f"{deelnemer} is nu ook uitgenodigd voor casus {casussen}."
            if services.heeft_ghv_nodig(deelnemer):
                tekst += " Leg de geheimhoudingsverklaring vast voordat de gast aanschuift."
            messages.success(request, tekst)
            return redirect("overleggen:detail", pk=overleg.pk)
    return _detail(request, overleg, deelnemer_form=form, status=400)


@require_POST
@rol_vereist(*PROCESSTAF)
def geheimhouding(request, pk):
    deelnemer = get_object_or_404(
        Deelnemer.objects.select_related("overleg__overlegtype", "overleg__voorzitter", "organisatie"), pk=pk
    )
    form = GeheimhoudingForm(request.POST, deelnemer=deelnemer)
    fout = ""
    if form.is_valid():
        punten = list(form.cleaned_data["agendapunten"])
        try:
            services.leg_geheimhouding_vast(
                deelnemer=deelnemer, besprekingen=punten, getekend_op=form.cleaned_data["getekend_op"], door=request.user
            )
        except ValidationError as e:
            fout = " ".join(e.messages)
        else:
            casussen = ", ".join(b.casus.nummer for b in punten)
            messages.success(request, f"De geheimhoudingsverklaring van {deelnemer} is vastgelegd voor casus {casussen}.")
            return redirect("overleggen:detail", pk=deelnemer.overleg_id)
    else:
        fout = " ".join(e for veld in ("agendapunten", "getekend_op") for e in form.errors.get(veld, []))
    return _detail(
        request, deelnemer.overleg, ghv_fout=fout, ghv_deelnemer=deelnemer.pk, ghv_waarde=request.POST.get("getekend_op", ""),
        ghv_gekozen=set(request.POST.getlist("agendapunten")), status=400,
    )


@require_POST
@rol_vereist(*PROCESSTAF)
def aanwezigheid(request, pk):
    overleg = _overleg(pk)
    form = AanwezigheidForm(request.POST, deelnemer_ids=overleg.deelnemers.values_list("pk", flat=True))
    fout = ""
    if form.is_valid():
        try:
            services.registreer_aanwezigheid(overleg=overleg, aanwezig_ids=form.cleaned_data["aanwezig"], door=request.user)
        except ValidationError as e:
            fout = " ".join(e.messages)
        else:
            messages.success(request, "De aanwezigheid is vastgelegd.")
            return redirect("overleggen:detail", pk=overleg.pk)
    else:
        fout = " ".join(e for errors in form.errors.values() for e in errors)
    return _detail(request, overleg, aanwezigheid_fout=fout, aanwezig_gekozen=set(request.POST.getlist("aanwezig")), status=400)


@rol_vereist(*PROCESSTAF)
def bespreking(request, pk):
    bespreking = get_object_or_404(
        Bespreking.objects.select_related("overleg__overlegtype", "overleg__voorzitter", "casus__gemeente", "casus__thema"), pk=pk
    )
    client_toegestaan = bespreking.overleg.overlegtype.client_kan_aansluiten
    oud = waarden(bespreking, BesprekingForm.Meta.fields)
    form = BesprekingForm(ingediend(request), instance=bespreking, client_toegestaan=client_toegestaan)
    if request.method == "POST" and form.is_valid():
        try:
            services.werk_bespreking_bij(bespreking=form.save(commit=False), oud=oud, door=request.user)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"De bespreking van casus {bespreking.casus.nummer} is opgeslagen.")
            return redirect("overleggen:detail", pk=bespreking.overleg_id)
    personen = list(bespreking.casus.personen.order_by("pk"))
    log_toegang(
        request.user, Toegangslog.Actie.BEKEKEN, "casus", [(bespreking.casus_id, [p.pk for p in personen])],
        f"Bespreking in {bespreking.overleg}",
    )
    return render(
        request, "overleggen/bespreking.html",
        {"bespreking": bespreking, "overleg": bespreking.overleg, "casus": bespreking.casus, "personen": personen,
         "form": form, "client_toegestaan": client_toegestaan},
        status=400 if form.errors else 200,
    )


@rol_vereist(*PROCESSTAF, Rol.PARTNER)
def afdruk(request, pk, soort):
    """Agenda or minutes as a printable page (print CSS), with only what this reader may see."""
    doc = maak_afdruk(request.user, pk, soort)
    return render(request, "overleggen/afdruk.html", {"doc": doc, "overleg": doc.overleg})


@rol_vereist(*PROCESSTAF, Rol.PARTNER)
def afdruk_download(request, pk, soort):
    """The same document as a PDF download; logged as an export. The file name holds no name or BSN."""
    doc = maak_afdruk(request.user, pk, soort, export=True)
    response = HttpResponse(afdruk_pdf(doc), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{soort}-overleg-{doc.overleg.pk}.pdf"'
    return response
