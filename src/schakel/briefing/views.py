from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from schakel.core.access import get_for_user_or_403, rol_vereist
from schakel.core.forms import ingediend
from schakel.core.lijsten import lijst as lijst_context
from schakel.gebruikers.rollen import PROCESSTAF
from schakel.meldingen.forms import TerugkoppelingForm, kies_lege_keuze
from schakel.meldingen.models import Melding
from schakel.opschaling.models import Opschaling
from schakel.personen.models import Persoon
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang
from schakel.uitvragen.models import InformatieUitvraag

from . import services
from .filters import BriefingFilter
from .forms import AgenderenForm, BriefingForm, OpschalingBijWegingForm, WegingForm
from .models import Agendapunt, Briefing, Weging, lopend_elders
from .voorgeschiedenis import MAX_REGELS, log_voorgeschiedenis, voorgeschiedenis

MAX_KANDIDATEN = 200


@rol_vereist(*PROCESSTAF)
def lijst(request):
    # Counted on the page's briefings only: a COUNT per briefing over every agenda of the years would
    # make the total slow.
    context, status = lijst_context(request, Briefing.objects.select_related("voorzitter"), BriefingFilter)
    pagina = context["pagina"]
    if pagina.rows:
        tellingen = {
            b.pk: b for b in Briefing.objects.filter(pk__in=[b.pk for b in pagina.rows]).annotate(
                aantal=Count("agendapunten", distinct=True), gewogen=Count("wegingen", distinct=True)
            ).only("pk")
        }
        for b in pagina.rows:
            b.aantal, b.gewogen = tellingen[b.pk].aantal, tellingen[b.pk].gewogen
    context["vandaag"] = timezone.localdate()
    return render(request, "briefing/lijst.html", context, status=status)


@rol_vereist(*PROCESSTAF)
def nieuw(request):
    form = BriefingForm(ingediend(request))
    if request.method == "POST" and form.is_valid():
        briefing = services.maak_briefing(
            briefing=form.save(commit=False), weegploeg=form.cleaned_data["weegploeg"], door=request.user
        )
        messages.success(request, f"{briefing} is aangemaakt. Zet nu meldingen op de agenda.")
        return redirect("briefing:agenderen", pk=briefing.pk)
    return render(request, "briefing/nieuw.html", {"form": form}, status=400 if form.errors else 200)


def _compacte_agenda(briefing):
    """Minimal data per agenda item: what the weegploeg needs to weigh, nothing more (design §4)."""
    return list(
        briefing.agendapunten.select_related("melding__gemeente", "melding__thema", "melding__melder_organisatie")
        .prefetch_related(
            Prefetch("melding__personen", queryset=Persoon.objects.order_by("pk")),
            Prefetch("melding__uitvragen", queryset=InformatieUitvraag.objects.select_related("gemeente").order_by("gevraagd_op")),
            Prefetch("melding__wegingen", queryset=Weging.objects.filter(briefing=briefing).select_related("besluit", "subreden", "casus")),
        )
    )


@rol_vereist(*PROCESSTAF)
def detail(request, pk):
    briefing = get_object_or_404(Briefing.objects.select_related("voorzitter").prefetch_related("weegploeg"), pk=pk)
    punten = _compacte_agenda(briefing)
    log_toegang(
        request.user, Toegangslog.Actie.LIJST, "melding",
        [(p.melding_id, [q.pk for q in p.melding.personen.all()]) for p in punten], f"Briefing {briefing.datum:%d-%m-%Y}",
    )
    # From the agenda straight to the first melding still to weigh (the result page then goes on).
    eerste_open = next(
        (p for p in punten if p.melding.status == Melding.Status.GEAGENDEERD and not p.melding.wegingen.all()), None
    )
    return render(request, "briefing/detail.html", {"briefing": briefing, "punten": punten, "eerste_open": eerste_open})


@rol_vereist(*PROCESSTAF)
def agenderen(request, pk):
    briefing = get_object_or_404(Briefing, pk=pk)
    kandidaten = (
        Melding.objects.for_user(request.user)
        .filter(Q(status=Melding.Status.GEREGISTREERD))
        .select_related("gemeente", "thema", "melder_organisatie")
        .prefetch_related(Prefetch("personen", queryset=Persoon.objects.order_by("pk")))
        .order_by("ontvangen_op", "id")
    )
    form = AgenderenForm(ingediend(request), kandidaten=kandidaten)
    if request.method == "POST" and form.is_valid():
        try:
            aantal = services.agendeer(briefing=briefing, meldingen=form.cleaned_data["meldingen"], door=request.user)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"{aantal} melding(en) op de agenda gezet.")
            return redirect("briefing:detail", pk=briefing.pk)
    getoond = list(kandidaten[:MAX_KANDIDATEN])
    log_toegang(
        request.user, Toegangslog.Actie.LIJST, "melding",
        [(m.pk, [p.pk for p in m.personen.all()]) for m in getoond], "Agenderen voor briefing",
    )
    return render(
        request, "briefing/agenderen.html", {"briefing": briefing, "form": form, "kandidaten": getoond},
        status=400 if form.errors else 200,
    )


def _weegpunt(request, pk, melding_pk):
    briefing = get_object_or_404(Briefing, pk=pk)
    melding = get_for_user_or_403(Melding.objects.select_related("gemeente", "thema", "melder_organisatie"), request.user, melding_pk)
    return briefing, melding, get_object_or_404(Agendapunt, briefing=briefing, melding=melding)


@rol_vereist(*PROCESSTAF)
def wegen(request, pk, melding_pk):
    briefing, melding, punt = _weegpunt(request, pk, melding_pk)
    data = ingediend(request)
    form = WegingForm(data, melding=melding, initial={"categorie": melding.categorie_id})
    opschaling_form = OpschalingBijWegingForm(data)
    if request.method == "POST":
        form_geldig = form.is_valid()
        opschaling_form.opschalen = form.kiest_opschalen()
        if opschaling_form.is_valid() and form_geldig:
            weging = form.save(commit=False)
            weging.briefing, weging.melding = briefing, melding
            try:
                weging = services.weeg(
                    weging=weging, door=request.user, overlegtype=form.cleaned_data.get("overlegtype"),
                    opschaling=_opschaling(opschaling_form) if opschaling_form.opschalen else None,
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                uitslag = "voldoet" if weging.voldoet_aan_kader else "voldoet niet"
                tekst = f"Melding {melding.nummer} gewogen: {weging.besluit}. Landelijk Kader: {uitslag}."
                if weging.casus_id:
                    tekst += f" Casus {weging.casus.nummer} ({weging.casus.overlegtype})."
                messages.success(request, tekst)
                return redirect("briefing:uitslag", pk=briefing.pk, melding_pk=melding.pk)
    personen = list(melding.personen.order_by("pk"))
    geschiedenis, afgekapt = voorgeschiedenis(request.user, melding=melding, personen=personen, briefing=briefing)
    log_toegang(request.user, Toegangslog.Actie.BEKEKEN, "melding", [(melding.pk, [p.pk for p in personen])], "Weging op briefing")
    log_voorgeschiedenis(request.user, melding, geschiedenis)
    return render(
        request,
        "briefing/wegen.html",
        {"briefing": briefing, "melding": melding, "punt": punt, "personen": personen, "form": form,
         "opschaling_form": opschaling_form, "fouten": bool(form.errors or opschaling_form.errors), "elders": lopend_elders(melding),
         "geschiedenis": geschiedenis, "afgekapt": afgekapt, "max_regels": MAX_REGELS,
         "uitvragen": melding.uitvragen.select_related("gemeente"),
         "eerdere_wegingen": melding.wegingen.select_related("besluit", "briefing")},
        status=400 if form.errors or opschaling_form.errors else 200,
    )


def _opschaling(opschaling_form) -> Opschaling:
    d = opschaling_form.cleaned_data
    return Opschaling(niveau=d["niveau"], reden=d["reden"], gevraagd_besluit=d["gevraagd_besluit"])


@rol_vereist(*PROCESSTAF)
def uitslag(request, pk, melding_pk):
    """The weighing's result, with the feedback to the reporter right here and the way on to the next."""
    briefing, melding, punt = _weegpunt(request, pk, melding_pk)
    weging = (
        Weging.objects.filter(briefing=briefing, melding=melding)
        .select_related("briefing", "besluit", "subreden", "casus__overlegtype", "gewogen_door").order_by("-gewogen_op", "-id").first()
    )
    if weging is None:
        return redirect("briefing:wegen", pk=briefing.pk, melding_pk=melding.pk)
    form = TerugkoppelingForm(
        ingediend(request), initial={"tekst": _terugkoppeltekst(weging), "categorie": weging.categorie_id}, prefix="terugkoppeling",
    )
    kies_lege_keuze(form)
    if request.method == "POST" and form.is_valid():
        try:
            services.koppel_terug(weging=weging, terugkoppeling=form.save(commit=False), door=request.user)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"De terugkoppeling aan de melder van {melding.nummer} is vastgelegd.")
            return redirect("briefing:uitslag", pk=briefing.pk, melding_pk=melding.pk)
    personen = list(melding.personen.order_by("pk"))
    log_toegang(request.user, Toegangslog.Actie.BEKEKEN, "melding", [(melding.pk, [p.pk for p in personen])], "Uitslag weging")
    volgende = services.volgende_op_agenda(briefing, na=punt)
    return render(
        request, "briefing/uitslag.html",
        {"briefing": briefing, "melding": melding, "personen": personen, "weging": weging, "form": form,
         "terugkoppelingen": list(melding.terugkoppelingen.select_related("door")), "volgende": volgende},
        status=400 if form.errors else 200,
    )


def _terugkoppeltekst(weging: Weging) -> str:
    """A starting text for the reporter: the decision, nothing of the deliberation."""
    besluit = f"{weging.besluit}: {weging.subreden}" if weging.subreden_id else str(weging.besluit)
    tekst = f"De briefing van {weging.briefing.datum:%d-%m-%Y} heeft uw melding gewogen. Besluit: {besluit}."
    if weging.casus_id:
        tekst += f" Vervolg in: {weging.casus.overlegtype}."
    return tekst
