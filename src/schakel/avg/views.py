"""Screens of the privacy officer (FG): a person's data-subject rights, and retention. The FG sees a
person here for the AVG request only; every overview and export goes to the access log."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from schakel.core.access import rol_vereist
from schakel.core.forms import ingediend
from schakel.gebruikers.rollen import Rol
from schakel.personen.models import Persoon
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang, waarden

from . import retentie, services
from .forms import AfhandelForm, BeperkingForm, BewaarplichtForm, ExportForm, PersoonKiezenForm, VerzoekForm, WissenForm
from .inzage import SECTIES
from .models import Bewaartermijn, Verwijderingsregistratie, Verzoek

FG = Rol.PRIVACY_OFFICER


@never_cache
@rol_vereist(FG)
def inzage(request):
    """Choose the person by BSN in a POST, so the BSN never lands in a URL or a log."""
    form = PersoonKiezenForm(ingediend(request))
    onbekend = False
    if request.method == "POST" and form.is_valid():
        persoon = Persoon.objects.filter(bsn=form.cleaned_data["bsn"]).first()
        if persoon is not None:
            return redirect("avg:persoon", pk=persoon.pk)
        onbekend = True
    return render(request, "avg/inzage.html", {"form": form, "onbekend": onbekend}, status=400 if form.errors else 200)


def _pagina(request, persoon, *, status=200, **forms):
    data = services.inzage(persoon)
    secties = [{"key": k, "titel": t, "rijen": data[k]} for k, t in SECTIES if k != "persoon"]
    log_toegang(request.user, Toegangslog.Actie.BEKEKEN, "persoon", [(persoon.pk, [persoon.pk])], "AVG-inzage (overzicht)")
    context = {
        "persoon": persoon,
        "gegevens": data["persoon"][0],
        "secties": secties,
        "verzoeken": Verzoek.objects.filter(persoon=persoon),
        "beperkt": services.is_beperkt(persoon),
        "bezwaren": services.wis_bezwaren(persoon),
        "export_form": ExportForm(),
        "verzoek_form": forms.get("verzoek_form") or VerzoekForm(),
        "beperking_form": forms.get("beperking_form") or BeperkingForm(),
        "wissen_form": forms.get("wissen_form") or WissenForm(persoon=persoon),
        "afhandel_fout": forms.get("afhandel_fout"),
    }
    return render(request, "avg/persoon.html", context, status=status)


@never_cache
@rol_vereist(FG)
def persoon(request, pk):
    return _pagina(request, get_object_or_404(Persoon, pk=pk))


@never_cache
@rol_vereist(FG)
@require_POST
def export(request, pk):
    persoon = get_object_or_404(Persoon, pk=pk)
    form = ExportForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Kies PDF of JSON.", status=400, content_type="text/plain; charset=utf-8")
    inhoud, soort, naam = services.exporteer(persoon, formaat=form.cleaned_data["formaat"], door=request.user)
    response = HttpResponse(inhoud, content_type=soort)
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


@rol_vereist(FG)
@require_POST
def verzoek(request, pk):
    persoon = get_object_or_404(Persoon, pk=pk)
    form = VerzoekForm(request.POST)
    if not form.is_valid():
        return _pagina(request, persoon, status=400, verzoek_form=form)
    v = services.leg_verzoek_vast(verzoek=form.save(commit=False), persoon=persoon, door=request.user)
    messages.success(request, f"Het verzoek ({v.get_soort_display().lower()}) is vastgelegd.")
    return redirect("avg:persoon", pk=persoon.pk)


@rol_vereist(FG)
@require_POST
def verzoek_afhandelen(request, pk):
    v = get_object_or_404(Verzoek.objects.select_related("persoon"), pk=pk)
    oud = waarden(v)
    form = AfhandelForm(request.POST, instance=v)
    if form.is_valid():
        try:
            services.handel_verzoek_af(verzoek=form.save(commit=False), oud=oud, door=request.user)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, "Het verzoek is afgehandeld.")
            return redirect("avg:persoon", pk=v.persoon_id)
    fouten = [f"{e}" for lijst in form.errors.values() for e in lijst]
    return _pagina(request, Persoon.objects.get(pk=v.persoon_id), status=400, afhandel_fout=" ".join(fouten))


@rol_vereist(FG)
@require_POST
def beperking(request, pk):
    persoon = get_object_or_404(Persoon, pk=pk)
    form = BeperkingForm(request.POST)
    if not form.is_valid():
        return _pagina(request, persoon, status=400, beperking_form=form)
    services.leg_beperking_vast(beperking=form.save(commit=False), persoon=persoon, door=request.user)
    messages.success(request, "De beperking van de verwerking is vastgelegd.")
    return redirect("avg:persoon", pk=persoon.pk)


@rol_vereist(FG)
@require_POST
def wissen(request, pk):
    persoon = get_object_or_404(Persoon, pk=pk)
    form = WissenForm(request.POST, persoon=persoon)
    if form.is_valid():
        try:
            services.wis_persoon(persoon, request.user, form.cleaned_data["reden"], verzoek=form.cleaned_data["verzoek"])
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, "De persoonsgegevens zijn gewist; de registratie van de wissing is vastgelegd.")
            return redirect("avg:persoon", pk=persoon.pk)
    return _pagina(request, persoon, status=400, wissen_form=form)


def _bewaartermijnen(request, form, status=200):
    return render(request, "avg/bewaartermijnen.html", {
        "termijnen": Bewaartermijn.objects.select_related("overlegtype"),
        "bewaarplichten": services.actieve_bewaarplicht().select_related("casus"),
        "proef": retentie.verwerk(droog=True),
        "registraties": Verwijderingsregistratie.objects.select_related("door")[:50],
        "form": form,
    }, status=status)


@rol_vereist(FG)
def bewaartermijnen(request):
    return _bewaartermijnen(request, BewaarplichtForm())


@rol_vereist(FG)
@require_POST
def bewaarplicht(request):
    form = BewaarplichtForm(request.POST)
    if not form.is_valid():
        return _bewaartermijnen(request, form, status=400)
    b = services.leg_bewaarplicht_vast(bewaarplicht=form.save(commit=False), casus=form.casus, door=request.user)
    messages.success(request, f"Bewaarplicht op casus {b.casus.nummer} vastgelegd.")
    return redirect("avg:bewaartermijnen")
