from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from schakel.core.access import get_for_user_or_403, rol_vereist
from schakel.core.forms import ingediend
from schakel.core.pagination import page_of
from schakel.gebruikers.rollen import MELDERS, PROCESSTAF, Rol
from schakel.personen.models import Persoon
from schakel.personen.services import dubbelingstreffers
from schakel.privacy.models import Mutatielog, Toegangslog
from schakel.privacy.services import log_toegang, waarden

from . import services
from .forms import MeldingFilterForm, MeldingForm, PersoonForm, TerugkoppelingForm
from .models import Melding

LIJST_ROLLEN = PROCESSTAF | {Rol.PARTNER}


def _personen_prefetch():
    return Prefetch("personen", queryset=Persoon.objects.select_related("gemeente").order_by("pk"))


@rol_vereist(*LIJST_ROLLEN)
def lijst(request):
    filters = MeldingFilterForm(request.GET or None)
    qs = filters.filter(
        Melding.objects.for_user(request.user)
        .select_related("gemeente", "thema", "melder_organisatie")
        .prefetch_related(_personen_prefetch())
    )
    pagina = page_of(qs, request.GET.get("pagina"))
    log_toegang(
        request.user, Toegangslog.Actie.LIJST, "melding",
        [(m.pk, [p.pk for p in m.personen.all()]) for m in pagina.rows], "Meldingenlijst",
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(request, "meldingen/lijst.html", {"filters": filters, "pagina": pagina, "query": query.urlencode()})


def _melder_organisatie_beperken(form, user):
    # A partner reports on behalf of his own organisation; house staff register for any partner.
    if not user.is_processtaf:
        form.fields["melder_organisatie"].queryset = form.fields["melder_organisatie"].queryset.filter(pk=user.organisatie_id)
        form.fields["melder_organisatie"].initial = user.organisatie_id


@rol_vereist(*MELDERS)
def nieuw(request):
    if request.method != "POST":
        form = MeldingForm()
        _melder_organisatie_beperken(form, request.user)
        return render(request, "meldingen/nieuw.html", {"form": form, "persoon_form": PersoonForm()})

    form = MeldingForm(request.POST)
    _melder_organisatie_beperken(form, request.user)
    persoon_form = PersoonForm(request.POST, verplicht=request.POST.get("onderwerp") == Melding.Onderwerp.PERSOON
                               and not request.POST.get("anoniem"))
    treffers, keuze_fout = [], ""
    if form.is_valid() and persoon_form.is_valid():
        persoon = None
        if not persoon_form.leeg:
            d = persoon_form.cleaned_data
            treffers = dubbelingstreffers(request.user, bsn=d.get("bsn"), achternaam=d["achternaam"], geboortedatum=d.get("geboortedatum"))
            persoon, keuze_fout = _kies_persoon(request.POST.get("persoonkeuze"), treffers, persoon_form, d.get("bsn"))
        if not treffers or persoon is not None:
            melding = services.registreer_melding(door=request.user, melding=form.save(commit=False), persoon=persoon)
            messages.success(request, f"Melding {melding.nummer} is geregistreerd.")
            if Melding.objects.for_user(request.user).filter(pk=melding.pk).exists():
                return redirect("meldingen:detail", pk=melding.pk)
            return redirect("meldingen:lijst")
    return render(
        request,
        "meldingen/nieuw.html",
        {"form": form, "persoon_form": persoon_form, "treffers": treffers, "keuze_fout": keuze_fout,
         "nieuw_toegestaan": not any(t.reden == "zelfde BSN" for t in treffers)},
        status=400 if form.errors or persoon_form.errors or keuze_fout else 200,
    )


def _kies_persoon(keuze, treffers, persoon_form, bsn):
    """The user picks an offered existing person, or (when no hit shares the BSN) a new one.
    The chosen id must be one of the hits just computed, so a forged id links nobody."""
    if not treffers:
        return persoon_form.save(commit=False), ""
    if not keuze:
        return None, ""
    if keuze == "nieuw":
        if any(t.reden == "zelfde BSN" for t in treffers):
            return None, "Er bestaat al een persoon met dit BSN; kies die persoon."
        return persoon_form.save(commit=False), ""
    for t in treffers:
        if keuze == f"bestaand-{t.persoon.pk}":
            return t.persoon, ""
    return None, "Kies een van de getoonde personen of maak een nieuwe persoon aan."


def _melding_or_403(request, pk):
    return get_for_user_or_403(
        Melding.objects.select_related("gemeente", "thema", "melder_organisatie", "casus__overlegtype", "geregistreerd_door"),
        request.user,
        pk,
    )


def detail(request, pk):
    melding = _melding_or_403(request, pk)
    personen = list(melding.personen.select_related("gemeente").order_by("pk"))
    log_toegang(request.user, Toegangslog.Actie.BEKEKEN, "melding", [(melding.pk, [p.pk for p in personen])], "Melding bekijken")
    context = {
        "melding": melding,
        "personen": personen,
        "statushistorie": melding.statushistorie.select_related("door"),
        "wegingen": melding.wegingen.select_related("besluit", "subreden", "briefing", "casus"),
        "terugkoppelingen": melding.terugkoppelingen.select_related("door"),
        "uitvragen": melding.uitvragen.select_related("gemeente", "beantwoord_door", "persoon"),
        "mutaties": Mutatielog.objects.filter(objecttype="melding", object_id=melding.pk).select_related("gebruiker"),
        "terugkoppeling_form": TerugkoppelingForm(),
    }
    return render(request, "meldingen/detail.html", context)


@rol_vereist(*PROCESSTAF)
def wijzigen(request, pk):
    melding = _melding_or_403(request, pk)
    oud = waarden(melding, MeldingForm.Meta.fields)
    form = MeldingForm(ingediend(request), instance=melding)
    if request.method == "POST" and form.is_valid():
        services.wijzig_melding(melding=form.save(commit=False), oud=oud, door=request.user)
        messages.success(request, f"Melding {melding.nummer} is gewijzigd.")
        return redirect("meldingen:detail", pk=melding.pk)
    log_toegang(
        request.user, Toegangslog.Actie.BEKEKEN, "melding",
        [(melding.pk, melding.personen.values_list("pk", flat=True))], "Melding wijzigen",
    )
    return render(request, "meldingen/wijzigen.html", {"melding": melding, "form": form}, status=400 if form.errors else 200)


@require_POST
@rol_vereist(*PROCESSTAF)
def terugkoppeling(request, pk):
    melding = _melding_or_403(request, pk)
    form = TerugkoppelingForm(request.POST)
    if form.is_valid():
        services.leg_terugkoppeling_vast(melding=melding, terugkoppeling=form.save(commit=False), door=request.user)
        messages.success(request, "De terugkoppeling aan de melder is vastgelegd.")
        return redirect("meldingen:detail", pk=melding.pk)
    personen = list(melding.personen.all())
    return render(
        request, "meldingen/terugkoppeling.html", {"melding": melding, "personen": personen, "terugkoppeling_form": form}, status=400
    )


@rol_vereist(*PROCESSTAF)
def terugkoppeling_open(request):
    """Worklist: weighed meldingen whose reporter has not heard the decision yet."""
    qs = (
        Melding.objects.for_user(request.user)
        .filter(status=Melding.Status.GEWOGEN, terugkoppelingen__isnull=True)
        .select_related("melder_organisatie", "gemeente")
        .prefetch_related(_personen_prefetch())
        .order_by("ontvangen_op", "id")
    )
    pagina = page_of(qs, request.GET.get("pagina"))
    log_toegang(
        request.user, Toegangslog.Actie.LIJST, "melding",
        [(m.pk, [p.pk for p in m.personen.all()]) for m in pagina.rows], "Werklijst terugkoppeling",
    )
    return render(request, "meldingen/terugkoppeling_open.html", {"pagina": pagina})


@rol_vereist(*PROCESSTAF)
def persoon_toevoegen(request, pk):
    melding = _melding_or_403(request, pk)
    persoon_form = PersoonForm(ingediend(request), verplicht=True)
    treffers, keuze_fout = [], ""
    if request.method == "POST" and persoon_form.is_valid():
        d = persoon_form.cleaned_data
        treffers = dubbelingstreffers(request.user, bsn=d.get("bsn"), achternaam=d["achternaam"], geboortedatum=d.get("geboortedatum"))
        persoon, keuze_fout = _kies_persoon(request.POST.get("persoonkeuze"), treffers, persoon_form, d.get("bsn"))
        if persoon is not None:
            services.koppel_persoon(melding=melding, persoon=persoon, door=request.user)
            messages.success(request, "De persoon is aan de melding gekoppeld.")
            return redirect("meldingen:detail", pk=melding.pk)
    return render(
        request,
        "meldingen/persoon_toevoegen.html",
        {"melding": melding, "persoon_form": persoon_form, "treffers": treffers, "keuze_fout": keuze_fout,
         "nieuw_toegestaan": not any(t.reden == "zelfde BSN" for t in treffers)},
        status=400 if request.method == "POST" and (persoon_form.errors or keuze_fout) else 200,
    )
