from django.contrib import messages
from django.db.models import Prefetch
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from schakel.casussen.models import Casus
from schakel.core.access import get_for_user_or_403, rol_vereist
from schakel.core.forms import ingediend
from schakel.core.pagination import page_of
from schakel.gebruikers.rollen import PROCESSTAF, Rol
from schakel.personen.models import Persoon
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_casus_inzage, log_toegang

from . import services, trajecten
from .forms import (
    ActieStatusForm, PlanForm, PlanWijzigForm, acties_formset, doelen_formset, regel_erbij, zonder_foutmeldingen,
)
from .models import Actie, PlanVanAanpak, VrijwilligTraject
from .trajecten import TrajectForm


def _ingevuld(formset):
    return [f.instance for f in formset.forms if f.has_changed() and not formset._should_delete_form(f)]


def _log_plan(request, plan, casus):
    log_toegang(
        request.user, Toegangslog.Actie.BEKEKEN, "plan", [(plan.pk, casus.personen.values_list("pk", flat=True))],
        "Plan van aanpak wijzigen",
    )


def _nog_een_regel(request, template, erbij, *, form, doelen, acties, **context):
    """The plan form again with one more empty goal or action; nothing is checked or saved yet."""
    zonder_foutmeldingen(form, doelen, acties)
    nieuw = (doelen if erbij == "doelen" else acties).forms[-1]
    # Keyboard users land in the new row rather than at the top of a long form.
    nieuw.fields[next(iter(nieuw.fields))].widget.attrs["autofocus"] = True
    context.update(form=form, doelen=doelen, acties=acties, forms_met_fouten=False)
    return render(request, template, context)


@rol_vereist(*PROCESSTAF)
def vaststellen(request, casus_pk):
    casus = get_for_user_or_403(Casus.objects.all(), request.user, casus_pk)
    bestaand = PlanVanAanpak.objects.filter(casus=casus).first()
    if request.method != "POST" and bestaand is not None:
        messages.info(request, "Deze casus heeft al een plan van aanpak; hier kunt u het wijzigen.")
        return redirect("plannen:wijzigen", pk=bestaand.pk)
    data, erbij = regel_erbij(ingediend(request))
    form = PlanForm(data, casus=casus)
    doelen = doelen_formset(data=data, instance=PlanVanAanpak())
    acties = acties_formset(data=data, instance=PlanVanAanpak(), casus=casus)
    if erbij:
        return _nog_een_regel(request, "plannen/vaststellen.html", erbij, casus=casus, form=form, doelen=doelen, acties=acties)
    if data is not None:
        geldig = all([form.is_valid(), doelen.is_valid(), acties.is_valid()])
        if geldig:
            try:
                plan = services.stel_plan_vast(
                    casus=casus, plan=form.save(commit=False), doelen=_ingevuld(doelen), acties=_ingevuld(acties),
                    door=request.user,
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, f"Het plan van aanpak voor casus {casus.nummer} is vastgesteld; de monitoring is ingepland.")
                return redirect("casussen:detail", pk=plan.casus_id)
    fouten = bool(form.errors or doelen.total_error_count() or acties.total_error_count()) if data is not None else False
    return render(
        request, "plannen/vaststellen.html",
        {"casus": casus, "form": form, "doelen": doelen, "acties": acties, "forms_met_fouten": fouten},
        status=400 if fouten else 200,
    )


@rol_vereist(*PROCESSTAF)
def wijzigen(request, pk):
    plan = get_object_or_404(PlanVanAanpak.objects.select_related("casus"), pk=pk)
    casus = get_for_user_or_403(Casus.objects.all(), request.user, plan.casus_id)
    data, erbij = regel_erbij(ingediend(request))
    form = PlanWijzigForm(data, instance=plan, casus=casus)
    doelen = doelen_formset(data=data, instance=plan, extra=1, can_delete=True)
    acties = acties_formset(data=data, instance=plan, extra=1, casus=casus)
    if erbij:
        _log_plan(request, plan, casus)
        return _nog_een_regel(
            request, "plannen/wijzigen.html", erbij, casus=casus, plan=plan, form=form, doelen=doelen, acties=acties
        )
    if data is not None:
        if all([form.is_valid(), doelen.is_valid(), acties.is_valid()]):
            try:
                services.wijzig_plan(
                    plan=form.save(commit=False), doelen=_ingevuld(doelen), verwijderde_doelen=[f.instance for f in doelen.deleted_forms if f.instance.pk], acties=_ingevuld(acties), door=request.user,
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, f"Het plan van aanpak van casus {casus.nummer} is gewijzigd.")
                return redirect("casussen:detail", pk=casus.pk)
    _log_plan(request, plan, casus)
    fouten = bool(form.errors or doelen.total_error_count() or acties.total_error_count()) if data is not None else False
    return render(
        request, "plannen/wijzigen.html",
        {"casus": casus, "plan": plan, "form": form, "doelen": doelen, "acties": acties, "forms_met_fouten": fouten},
        status=400 if fouten else 200,
    )


@rol_vereist(*PROCESSTAF, Rol.PARTNER)
@require_POST
def actie(request, pk):
    try:
        actie = Actie.objects.select_related("plan__casus", "organisatie").get(pk=int(pk))
    except (Actie.DoesNotExist, ValueError):
        raise Http404
    casus = actie.plan.casus
    services.controleer_actie_wijzigen(request.user, actie)
    form = ActieStatusForm(request.POST)
    if form.is_valid():
        try:
            services.zet_actie_status(
                actie=actie, status=form.cleaned_data["status"], reden=form.cleaned_data["reden_niet_gedaan"], door=request.user
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, "De status van de actie is opgeslagen.")
            return redirect("casussen:detail", pk=casus.pk)
    log_toegang(
        request.user, Toegangslog.Actie.BEKEKEN, "actie", [(actie.pk, casus.personen.values_list("pk", flat=True))],
        "Status actie wijzigen",
    )
    return render(request, "plannen/actie.html", {"actie": actie, "casus": casus, "form": form}, status=400)


@rol_vereist(Rol.PARTNER)
def mijn_acties(request):
    """Open actions on my name in running cases, soonest deadline first; `?te_laat=1`: only those past it.
    The start page counts the same queryset."""
    vandaag = timezone.localdate()
    qs = Actie.objects.for_user(request.user).open_van(request.user)
    te_laat = request.GET.get("te_laat") == "1"
    if te_laat:
        qs = qs.te_laat(vandaag)
    pagina = page_of(
        qs.select_related("plan__casus", "organisatie", "categorie").prefetch_related(
            Prefetch("plan__casus__personen", queryset=Persoon.objects.order_by("pk").only("pk"))
        ).order_by("deadline", "pk"),
        request.GET.get("pagina"),
    )
    log_toegang(
        request.user, Toegangslog.Actie.LIJST, "actie",
        [(a.pk, [p.pk for p in a.plan.casus.personen.all()]) for a in pagina.rows], "Mijn acties",
    )
    return render(request, "plannen/mijn_acties.html", {"pagina": pagina, "te_laat": te_laat, "vandaag": vandaag})


def _traject_formulier(request, casus, form, *, traject=None):
    fouten = form.is_bound and bool(form.errors)
    return render(
        request, "plannen/traject.html", {"casus": casus, "form": form, "traject": traject, "forms_met_fouten": fouten},
        status=400 if fouten else 200,
    )


@rol_vereist(*PROCESSTAF)
def traject_vastleggen(request, casus_pk):
    casus = get_for_user_or_403(Casus.objects.all(), request.user, casus_pk)
    form = TrajectForm(ingediend(request), casus=casus)
    if form.is_bound and form.is_valid():
        try:
            trajecten.leg_traject_vast(
                casus=casus, traject=form.save(commit=False), hulpvragen=form.cleaned_data["hulpvragen"], door=request.user
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"Het vrijwillig traject is vastgelegd bij casus {casus.nummer}.")
            return redirect("casussen:detail", pk=casus.pk)
    # The person choice shows the names of the case's persons.
    log_casus_inzage(request.user, casus, "Vrijwillig traject vastleggen")
    return _traject_formulier(request, casus, form)


@rol_vereist(*PROCESSTAF)
def traject_wijzigen(request, pk):
    # A programme outside a case (an import) has no case page to be corrected from.
    traject = get_object_or_404(VrijwilligTraject.objects.exclude(casus=None), pk=pk)
    casus = get_for_user_or_403(Casus.objects.all(), request.user, traject.casus_id)
    form = TrajectForm(ingediend(request), instance=traject, casus=casus)
    if form.is_bound and form.is_valid():
        try:
            trajecten.wijzig_traject(traject=form.save(commit=False), hulpvragen=form.cleaned_data["hulpvragen"], door=request.user)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, f"Het vrijwillig traject bij casus {casus.nummer} is gewijzigd.")
            return redirect("casussen:detail", pk=casus.pk)
    log_toegang(
        request.user, Toegangslog.Actie.BEKEKEN, "vrijwilligtraject", [(traject.pk, [traject.persoon_id])], "Vrijwillig traject wijzigen"
    )
    return _traject_formulier(request, casus, form, traject=traject)
