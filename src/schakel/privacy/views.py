from django.contrib import messages
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from schakel.core.access import rol_vereist
from schakel.core.forms import ingediend
from schakel.gebruikers.rollen import Rol

from . import keten, services
from .forms import ToegangslogExport, ToegangslogFilter
from .models import Logketen, Toegangslog

MAX_REGELS = 500


def _pagina(request, form, regels, status=200):
    return render(
        request,
        "privacy/toegangslog.html",
        {
            "form": form,
            "regels": regels,
            "max_regels": MAX_REGELS,
            "persoon_onbekend": form.is_bound and not form.errors and form.persoon_onbekend,
            "ketens": _ketens(),
        },
        status=status,
    )


def _ketens() -> list[tuple[str, Logketen | None]]:
    koppen = {k.naam: k for k in Logketen.objects.all()}
    return [(keten.label(m), koppen.get(keten.ketennaam(m))) for m in keten.geketende_modellen()]


def _log_bsn_zoekvraag(user, persoon_id):
    """A look-up by BSN is itself a view of who the person is: logged with the person found (by id,
    never the BSN), or as a look-up without a hit."""
    from schakel.avg.services import ZONDER_TREFFER

    doel = "Toegangslog: zoeken op BSN"
    if persoon_id is None:
        services.log_toegang(user, Toegangslog.Actie.ZOEKTREFFER, ZONDER_TREFFER, [(0, [])], f"{doel}: geen treffer")
    else:
        services.log_toegang(user, Toegangslog.Actie.ZOEKTREFFER, "persoon", [(persoon_id, [persoon_id])], doel)


@rol_vereist(Rol.PRIVACY_OFFICER)
def toegangslog(request):
    """The privacy officer's view: who saw what, filtered by user, person and period. POST keeps a BSN
    out of the URL."""
    form = ToegangslogFilter(ingediend(request))
    regels = []
    if form.is_valid():
        if form.cleaned_data.get("bsn"):
            _log_bsn_zoekvraag(request.user, form.cleaned_data["persoon_id"])
        regels = list(form.regels().select_related("gebruiker")[:MAX_REGELS])
    elif request.method != "POST":
        regels = list(Toegangslog.objects.select_related("gebruiker")[:MAX_REGELS])
    return _pagina(request, form, regels, status=400 if form.errors else 200)


@rol_vereist(Rol.PRIVACY_OFFICER)
@require_POST
def toegangslog_export(request):
    """The filtered log as a CSV or JSON download, in chain order. The export is itself logged."""
    form = ToegangslogExport(request.POST)
    if not form.is_valid():
        # Back on the page, the export buttons carry the format again: no hidden copy of the bad one.
        form.fields.pop("formaat")
        return _pagina(request, form, [], status=400)
    formaat = form.cleaned_data["formaat"]
    grens = services.registreer_export(request.user, formaat, form.omschrijving(), form.cleaned_data["persoon_id"])
    regels = form.regels().filter(volgnummer__lte=grens)
    if formaat == "csv":
        response = StreamingHttpResponse(services.export_csv(regels), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(services.export_json(regels), content_type="application/json; charset=utf-8")
    naam = f"toegangslog-{timezone.localtime():%Y%m%d-%H%M%S}.{formaat}"
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    response["Cache-Control"] = "no-store"
    return response


@rol_vereist(Rol.PRIVACY_OFFICER)
@require_POST
def keten_controleren(request):
    """Verify the hash chain now (the same check as `schakel verifieer_log`)."""
    uitkomst = services.controleer_keten()
    (messages.success if uitkomst.intact else messages.error)(request, uitkomst.melding)
    return redirect("privacy:toegangslog")
