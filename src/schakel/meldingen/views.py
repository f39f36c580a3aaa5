from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from schakel.bekendheid import services as bekendheid
from schakel.core.access import get_for_user_or_403, rol_vereist
from schakel.core.forms import ingediend
from schakel.core.lijsten import lijst as lijst_context
from schakel.core.pagination import counted_page_of
from schakel.gebruikers.rollen import MELDERS, PROCESSTAF, Rol
from schakel.gemeenten.models import Gemeente
from schakel.personen.models import Persoon
from schakel.personen.services import BEKEND_BIJ_HUIS, TeVeelControles, dubbelingstreffers
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang, waarden

from . import services
from .forms import KoppelForm, MeldingFilterForm, MeldingForm, PersoonForm, TerugkoppelingForm, beperk_melder_organisatie
from .historie import meldinghistorie
from .models import Melding, MeldingPersoon
from .weergave import getoonde_persoon_ids, inzage, opgave_uit_formulier, opgegeven_persoon, personen_per_melding

LIJST_ROLLEN = PROCESSTAF | {Rol.PARTNER}


def _personen_prefetch():
    return Prefetch("personen", queryset=Persoon.objects.select_related("gemeente").order_by("pk"))


@rol_vereist(*LIJST_ROLLEN)
def lijst(request):
    # Only the columns the list shows: not the description (up to 10,000 characters) nor the
    # reporter's contact details of fifty meldingen.
    qs = Melding.objects.for_user(request.user).select_related("gemeente", "thema", "melder_organisatie").only(
        "ontvangen_op", "onderwerp", "gebied", "anoniem", "kanaal", "status", "gemeente__naam", "thema__naam",
        "melder_organisatie__naam",
    )
    context, status = lijst_context(request, qs, MeldingFilterForm)
    pagina = context["pagina"]
    te_koppelen = set()
    personen = personen_per_melding(request.user, pagina.rows, te_koppelen, kort=True)
    for m in pagina.rows:
        m.getoonde_personen = personen[m.pk]
        m.te_koppelen = m.pk in te_koppelen
    log_toegang(
        request.user, Toegangslog.Actie.LIJST, "melding",
        [(m.pk, getoonde_persoon_ids(m.getoonde_personen)) for m in pagina.rows], "Meldingenlijst",
    )
    return render(request, "meldingen/lijst.html", context, status=status)


@rol_vereist(*MELDERS)
def nieuw(request):
    if request.method != "POST":
        form = MeldingForm()
        beperk_melder_organisatie(form, request.user)
        return render(request, "meldingen/nieuw.html", {"form": form, "persoon_form": PersoonForm()})

    form = MeldingForm(request.POST)
    beperk_melder_organisatie(form, request.user)
    persoon_form = PersoonForm(request.POST, verplicht=request.POST.get("onderwerp") == Melding.Onderwerp.PERSOON
                               and not request.POST.get("anoniem"))
    treffers, keuze_fout, status = [], "", 200
    if form.is_valid() and persoon_form.is_valid():
        if request.user.is_processtaf:
            gelukt, treffers, keuze_fout = _registreer_als_staf(request, form, persoon_form)
            status = 400 if keuze_fout else 200
        else:
            gelukt, keuze_fout = _registreer_als_partner(request, form, persoon_form)
            status = 429 if keuze_fout else 200  # only the rate limit refuses a valid partner form
        if gelukt is not None:
            if Melding.objects.for_user(request.user).filter(pk=gelukt.pk).exists():
                return redirect("meldingen:detail", pk=gelukt.pk)
            return redirect("meldingen:lijst")
    return render(
        request,
        "meldingen/nieuw.html",
        {"form": form, "persoon_form": persoon_form, "treffers": treffers, "keuze_fout": keuze_fout,
         "nieuw_toegestaan": not any(t.reden == "zelfde BSN" for t in treffers)},
        status=400 if form.errors or persoon_form.errors else status,
    )


def _registreer_als_staf(request, form, persoon_form):
    """House staff see who is known (counts, case, contact) and pick the person themselves."""
    persoon, opgave, treffers, keuze_fout = None, None, [], ""
    if not persoon_form.leeg:
        d = persoon_form.cleaned_data
        opgave = opgave_uit_formulier(d)
        treffers = dubbelingstreffers(request.user, bsn=d.get("bsn"), achternaam=d["achternaam"], geboortedatum=d.get("geboortedatum"))
        persoon, keuze_fout = _kies_persoon(request.POST.get("persoonkeuze"), treffers, persoon_form, d.get("bsn"))
    if treffers and persoon is None:
        return None, treffers, keuze_fout
    melding = services.registreer_melding(door=request.user, melding=form.save(commit=False), persoon=persoon, opgave=opgave)
    messages.success(request, f"Melding {melding.nummer} is geregistreerd.")
    if persoon is not None and persoon.bsn:
        # Once per registration, and only for house staff: is this person known at another house?
        elders = bekendheid.vraag(request.user, bsn=persoon.bsn, persoon_ids=[persoon.pk], aanleiding="registratie melding")
        if elders and elders.melding:
            (messages.info if elders.bereikbaar else messages.warning)(request, elders.melding)
    return melding, treffers, ""


def _registreer_als_partner(request, form, persoon_form):
    """A partner never picks a known person and never learns who it is (services.registreer_als_partner)."""
    d = None if persoon_form.leeg else persoon_form.cleaned_data
    try:
        melding, bekend = services.registreer_als_partner(
            door=request.user, melding=form.save(commit=False), persoon=None if d is None else persoon_form.save(commit=False),
            opgave=None if d is None else opgave_uit_formulier(d),
        )
    except TeVeelControles as e:
        return None, e.boodschap
    messages.success(request, f"Melding {melding.nummer} is geregistreerd.")
    if bekend:
        messages.info(request, BEKEND_BIJ_HUIS)
    return melding, ""


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
        Melding.objects.select_related("gemeente", "thema", "melder_organisatie", "casus__overlegtype", "geregistreerd_door", "categorie"),
        request.user,
        pk,
    )


def detail(request, pk):
    melding = _melding_or_403(request, pk)
    personen = personen_per_melding(request.user, [melding])[melding.pk]
    zicht = inzage(request.user, melding)
    log_toegang(
        request.user, Toegangslog.Actie.BEKEKEN, "melding", [(melding.pk, getoonde_persoon_ids(personen))], "Melding bekijken"
    )
    context = {"melding": melding, "personen": personen, "inzage": zicht}
    if zicht.volledig:
        koppelingen = list(melding.koppelingen.filter(persoon__isnull=True).order_by("pk"))
        context.update(
            te_koppelen=koppelingen,
            # The municipal answer is for the briefing, so for house staff only (never for the reporter).
            uitvragen=melding.uitvragen.select_related("gemeente", "beantwoord_door", "persoon"),
            terugkoppeling_form=TerugkoppelingForm(),
        )
    if zicht.casus:
        context.update(
            wegingen=melding.wegingen.select_related("besluit", "subreden", "briefing", "casus"),
            historie=meldinghistorie(melding, request.user),
        )
    if zicht.terugkoppeling:
        context["terugkoppelingen"] = melding.terugkoppelingen.select_related("door")
    return render(request, "meldingen/detail.html", context)


@rol_vereist(*PROCESSTAF)
def koppelen(request, pk, koppeling):
    """House staff decide who the person a reporter typed is, when the duplicate check found a
    known person: that person, or (when no hit shares the BSN) a new one from the reporter's data."""
    melding = _melding_or_403(request, pk)
    koppeling = get_object_or_404(MeldingPersoon, pk=koppeling, melding=melding)
    opgegeven = opgegeven_persoon(koppeling.opgave, Gemeente.objects.in_bulk([(koppeling.opgave or {}).get("gemeente_id")]))
    treffers, fout = [], ""
    if koppeling.te_koppelen:
        treffers = dubbelingstreffers(
            request.user, bsn=opgegeven.bsn or None, achternaam=opgegeven.achternaam, geboortedatum=opgegeven.geboortedatum
        )
    form = KoppelForm(ingediend(request), treffers=treffers)
    if request.method == "POST":
        if not koppeling.te_koppelen:
            fout = "Deze persoon is al gekoppeld."
        elif form.is_valid():
            persoon = form.gekozen_persoon() or Persoon(
                bsn=opgegeven.bsn or None, voornamen=opgegeven.voornamen, tussenvoegsel=opgegeven.tussenvoegsel,
                achternaam=opgegeven.achternaam, geboortedatum=opgegeven.geboortedatum,
                geslacht=(koppeling.opgave or {}).get("geslacht") or Persoon.Geslacht.ONBEKEND, gemeente=opgegeven.gemeente,
            )
            try:
                services.koppel_opgegeven_persoon(koppeling=koppeling, persoon=persoon, door=request.user)
            except ValidationError as e:
                fout = e.messages[0]
            else:
                messages.success(request, f"De opgegeven persoon is gekoppeld aan melding {melding.nummer}.")
                return redirect("meldingen:detail", pk=melding.pk)
    log_toegang(
        request.user, Toegangslog.Actie.BEKEKEN, "melding", [(melding.pk, [t.persoon.pk for t in treffers])], "Opgegeven persoon koppelen"
    )
    return render(
        request, "meldingen/koppelen.html",
        {"melding": melding, "koppeling": koppeling, "opgegeven": opgegeven, "treffers": treffers, "form": form, "fout": fout},
        status=400 if request.method == "POST" else 200,
    )


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


def _besluit_prefetch():
    """The decisions to pass on, newest first: the worklist shows the last one."""
    from schakel.briefing.models import Weging

    return Prefetch(
        "wegingen", queryset=Weging.objects.select_related("besluit", "subreden", "briefing").order_by("-gewogen_op", "-id"),
        to_attr="besluiten",
    )


@rol_vereist(*PROCESSTAF)
def terugkoppeling_open(request):
    """Worklist: weighed meldingen whose reporter has not heard the decision yet."""
    qs = (
        Melding.objects.for_user(request.user)
        .terugkoppeling_open()
        .select_related("melder_organisatie", "gemeente")
        .prefetch_related(_personen_prefetch(), _besluit_prefetch())
        .order_by("ontvangen_op", "id")
    )
    pagina = counted_page_of(qs, request.GET.get("pagina"))
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
