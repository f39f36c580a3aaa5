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
from schakel.core.pagination import page_of
from schakel.gebruikers.rollen import Rol
from schakel.personen.models import Persoon
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang, waarden

from . import retentie, services
from .forms import AfhandelForm, BeperkingForm, BewaarplichtForm, ExportForm, PersoonZoekenForm, VerzoekForm, WissenForm
from .inzage import SECTIES
from .models import Bewaartermijn, Verwijderingsregistratie, Verzoek

FG = Rol.PRIVACY_OFFICER


# The persons found by the FG's last search: a request can be recorded only for one of them (or for
# a person who already has an open request), so a request is never made for an id typed by hand.
TREFFERS = "avg_treffers"


@never_cache
@rol_vereist(FG)
def inzage(request):
    """Find the data subject by BSN or by surname and birth date, in a POST so neither lands in a URL.
    The hits show only what is needed to pick the right person: name and birth date."""
    form = PersoonZoekenForm(ingediend(request))
    treffers = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        treffers = services.zoek_betrokkene(
            request.user, reden=d["reden"], bsn=d["bsn"], achternaam=d["achternaam"], geboortedatum=d["geboortedatum"]
        )
        request.session[TREFFERS] = [p.pk for p in treffers]
    context = {
        "form": form,
        "gezocht": treffers is not None,
        "treffers": [{"persoon": p, "open": list(services.open_verzoeken(p))} for p in treffers or []],
        "soort": form.cleaned_data.get("reden") if treffers is not None else "",
    }
    return render(request, "avg/inzage.html", context, status=400 if form.errors else 200)


def _geen_verzoek(request, uitleg=""):
    return render(request, "avg/geen_verzoek.html", {"uitleg": uitleg}, status=403)


def _pagina(request, persoon, *, status=200, **forms):
    """The person's records, for handling their request: only while a recorded request is open."""
    open_verzoeken = list(services.open_verzoeken(persoon))
    if not open_verzoeken:
        return _geen_verzoek(request)
    data = services.inzage(persoon)
    secties = [{"key": k, "titel": t, "rijen": data[k]} for k, t in SECTIES if k != "persoon"]
    log_toegang(request.user, Toegangslog.Actie.BEKEKEN, "persoon", [(persoon.pk, [persoon.pk])],
                f"AVG-inzage (overzicht) bij {services.verzoek_ids(open_verzoeken)}")
    context = {
        "persoon": persoon,
        "gegevens": data["persoon"][0],
        "secties": secties,
        "open_verzoeken": open_verzoeken,
        "inzageverzoek": next((v for v in open_verzoeken if v.soort == Verzoek.Soort.INZAGE), None),
        "verzoeken": Verzoek.objects.filter(persoon=persoon),
        "beperkt": services.is_beperkt(persoon),
        "bezwaren": services.wis_bezwaren(persoon),
        "export_form": ExportForm(),
        "verzoek_form": VerzoekForm(),
        "beperking_form": forms.get("beperking_form") or BeperkingForm(),
        "wissen_form": forms.get("wissen_form") or WissenForm(persoon=persoon),
        "afhandel_fout": forms.get("afhandel_fout"),
    }
    return render(request, "avg/persoon.html", context, status=status)


def _verder(persoon):
    """After a request is closed: back to the person while another request is open, else to the search."""
    if services.open_verzoeken(persoon).exists():
        return redirect("avg:persoon", pk=persoon.pk)
    return redirect("avg:inzage")


@never_cache
@rol_vereist(FG)
def persoon(request, pk):
    return _pagina(request, get_object_or_404(Persoon, pk=pk))


@never_cache
@rol_vereist(FG)
@require_POST
def export(request, pk):
    persoon = get_object_or_404(Persoon, pk=pk)
    verzoek = services.open_verzoeken(persoon).filter(soort=Verzoek.Soort.INZAGE).first()
    if verzoek is None:
        return _geen_verzoek(request, "Een inzage-export is er alleen bij een open inzageverzoek (art. 15).")
    form = ExportForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Kies PDF of JSON.", status=400, content_type="text/plain; charset=utf-8")
    inhoud, soort, naam = services.exporteer(persoon, formaat=form.cleaned_data["formaat"], door=request.user, verzoek=verzoek)
    response = HttpResponse(inhoud, content_type=soort)
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


@never_cache
@rol_vereist(FG)
def verzoek(request, pk):
    """Record a request for a person the FG just found (or who already has an open request). The page
    shows name and birth date only, to check it is the right person."""
    persoon = get_object_or_404(Persoon, pk=pk)
    if persoon.pk not in request.session.get(TREFFERS, []) and not services.open_verzoeken(persoon).exists():
        return _geen_verzoek(request, "Zoek de betrokkene eerst op BSN of op achternaam en geboortedatum.")
    soort = request.GET.get("soort")
    form = VerzoekForm(ingediend(request), initial={"soort": soort if soort in Verzoek.Soort.values else None})
    if request.method == "POST" and form.is_valid():
        try:
            v = services.leg_verzoek_vast(verzoek=form.save(commit=False), persoon=persoon, door=request.user)
        except ValidationError as e:
            form.add_error("ontvangen_op", e)
        else:
            messages.success(request, f"Het verzoek ({v.get_soort_display().lower()}) is vastgelegd.")
            return redirect("avg:persoon", pk=persoon.pk)
    log_toegang(request.user, Toegangslog.Actie.BEKEKEN, "persoon", [(persoon.pk, [persoon.pk])], "AVG: verzoek vastleggen")
    return render(request, "avg/verzoek.html", {"persoon": persoon, "form": form}, status=400 if form.errors else 200)


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
            return _verder(v.persoon)
    fouten = [f"{e}" for lijst in form.errors.values() for e in lijst]
    return _pagina(request, Persoon.objects.get(pk=v.persoon_id), status=400, afhandel_fout=" ".join(fouten))


def _persoon_met_verzoek(pk):
    """The person, or None when no request of theirs is open (the caller answers 403)."""
    persoon = get_object_or_404(Persoon, pk=pk)
    return persoon if services.open_verzoeken(persoon).exists() else None


@rol_vereist(FG)
@require_POST
def beperking(request, pk):
    persoon = _persoon_met_verzoek(pk)
    if persoon is None:
        return _geen_verzoek(request)
    form = BeperkingForm(request.POST)
    if not form.is_valid():
        return _pagina(request, persoon, status=400, beperking_form=form)
    services.leg_beperking_vast(beperking=form.save(commit=False), persoon=persoon, door=request.user)
    messages.success(request, "De beperking van de verwerking is vastgelegd.")
    return redirect("avg:persoon", pk=persoon.pk)


@rol_vereist(FG)
@require_POST
def wissen(request, pk):
    persoon = _persoon_met_verzoek(pk)
    if persoon is None:
        return _geen_verzoek(request)
    form = WissenForm(request.POST, persoon=persoon)
    if form.is_valid():
        try:
            services.wis_persoon(persoon, request.user, form.cleaned_data["reden"], verzoek=form.cleaned_data["verzoek"])
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, "De persoonsgegevens zijn gewist; de registratie van de wissing is vastgelegd.")
            return _verder(persoon)
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


@never_cache
@rol_vereist(FG)
def verzoeken(request):
    """The open requests with their legal term (one month after receipt, art. 12(3) AVG), the nearest
    term first; `?te_laat=1`: only those past it. The start page counts the same querysets."""
    te_laat = request.GET.get("te_laat") == "1"
    qs = Verzoek.objects.te_laat() if te_laat else Verzoek.objects.open()
    pagina = page_of(qs.select_related("persoon").order_by("ontvangen_op", "pk"), request.GET.get("pagina"))
    log_toegang(request.user, Toegangslog.Actie.LIJST, "persoon", [(v.persoon_id, [v.persoon_id]) for v in pagina.rows],
                "Open AVG-verzoeken")
    return render(request, "avg/verzoeken.html", {"pagina": pagina, "te_laat": te_laat})
