from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from schakel.casussen.models import Casus
from schakel.casussen.formulier import casus_formulier
from schakel.core.access import get_for_user_or_403, rol_vereist
from schakel.core.forms import ingediend
from schakel.core.lijsten import lijst as lijst_context
from schakel.gebruikers.rollen import PROCESSTAF
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from . import services
from .filters import WerklijstFilter
from .forms import ContactForm, VerlengingForm
from .models import Monitoringcontact

AFSLUITEN_MAX = 100


@rol_vereist(*PROCESSTAF)
def werklijst(request):
    vandaag = timezone.localdate()
    contacten = services.open_contacten(vandaag).select_related("casus__plan__casushouder__organisatie")
    context, status = lijst_context(request, contacten, WerklijstFilter, vandaag=vandaag)
    pagina = context["pagina"]
    dagen = services.afsluittermijn_dagen()
    afsluiten = list(
        services.over_afsluittermijn(vandaag).select_related("plan__casushouder__organisatie").order_by("plan__vastgesteld_op", "pk")[
            : AFSLUITEN_MAX + 1
        ]
    )
    # Only case numbers and professionals are shown, no client data: the log records which cases were listed.
    log_toegang(
        request.user, Toegangslog.Actie.LIJST, "casus",
        [(c.casus_id, []) for c in pagina.rows] + [(c.pk, []) for c in afsluiten[:AFSLUITEN_MAX]], "Werklijst monitoring",
    )
    context.update(
        {"vandaag": vandaag, "afsluiten": afsluiten[:AFSLUITEN_MAX], "afsluiten_meer": len(afsluiten) > AFSLUITEN_MAX, "termijn_dagen": dagen}
    )
    return render(request, "monitoring/werklijst.html", context, status=status)


@rol_vereist(*PROCESSTAF)
def contact(request, pk):
    contact = get_object_or_404(Monitoringcontact.objects.select_related("casus__plan__casushouder__organisatie", "door"), pk=pk)
    casus = get_for_user_or_403(Casus.objects.all(), request.user, contact.casus_id)
    plan = getattr(contact.casus, "plan", None)
    form = ContactForm(ingediend(request), begin=plan.vastgesteld_op if plan else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.leg_contact_vast(
                contact=contact, uitgevoerd_op=d["uitgevoerd_op"], uitkomst=d["uitkomst"], toelichting=d["toelichting"],
                categorie=d["categorie"], door=request.user,
            )
        except ValidationError as e:
            form.add_error(None, e)
        else:
            if d["uitkomst"] == Monitoringcontact.Uitkomst.STAGNEERT:
                messages.success(request, f"Het contact is vastgelegd; casus {casus.nummer} staat klaar om te heragenderen.")
            else:
                messages.success(request, f"Het monitoringcontact van casus {casus.nummer} is vastgelegd.")
            return redirect("monitoring:werklijst")
    eerdere = list(casus.monitoringcontacten.filter(uitgevoerd_op__isnull=False).exclude(pk=contact.pk).select_related("door", "categorie"))
    log_toegang(
        request.user, Toegangslog.Actie.BEKEKEN, "monitoringcontact", [(contact.pk, casus.personen.values_list("pk", flat=True))],
        "Monitoringcontact vastleggen",
    )
    return render(
        request, "monitoring/contact.html",
        {"contact": contact, "casus": casus, "form": form, "eerdere": eerdere},
        status=400 if form.errors else 200,
    )


@rol_vereist(*PROCESSTAF)
def verlengen(request, casus_pk):
    casus = get_for_user_or_403(Casus.objects.select_related("plan"), request.user, casus_pk)
    return casus_formulier(
        request, casus, VerlengingForm(ingediend(request)),
        opslaan=lambda form: services.verleng(
            casus=casus, tot=form.cleaned_data["tot"], reden=form.cleaned_data["reden"],
            categorie=form.cleaned_data["categorie"], door=request.user,
        ),
        bericht=lambda v: f"Casus {casus.nummer} is verlengd tot {v.tot:%d-%m-%Y}.",
        template="monitoring/verlengen.html", doel="Casus verlengen", terug="monitoring:werklijst",
        extra={"verlengingen": casus.verlengingen.select_related("door")},
    )
