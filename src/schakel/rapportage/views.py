"""The ketenmanager's reports in the app: the annual report or a factsheet as a page, and the same
report as a file. Aggregates only: no names, no case content, so no access-log line per view."""
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from schakel.core.access import rol_vereist
from schakel.gebruikers.rollen import PROCESSTAF, Rol

from .forms import DownloadForm, RapportForm, vorig_jaar
from .grafieken import grafieken
from .jaarrapport import maak_rapport
from .uitvoer import FORMATEN, bestandsnaam, exporteer, onderdelen

# The ketenmanager (dashboards, annual report) and the house staff who run the process. Partners,
# municipal contacts, ZSM, the FG and the functioneel beheerder have no need for the house's figures.
ROLLEN = PROCESSTAF | {Rol.KETENMANAGER}
DOWNLOADS = [("pdf", "PDF"), ("xlsx", "Excel"), ("csv", "CSV"), ("json", "JSON"), ("html", "HTML")]


def _gevraagd(request, velden) -> bool:
    return any(veld in request.GET for veld in velden)


@require_GET
@rol_vereist(*ROLLEN)
def overzicht(request):
    form = RapportForm(request.GET if _gevraagd(request, RapportForm.base_fields) else vorig_jaar())
    context = {"form": form}
    if form.is_valid():
        r = maak_rapport(form.periode, form.cleaned_data["gemeente"])
        query = {k: v for k, v in form.data.items() if k in RapportForm.base_fields and v not in ("", None)}
        context.update(
            rapport=r, onderdelen=onderdelen(r, grafieken(r)),
            downloads=[(naam, urlencode({**query, "formaat": f})) for f, naam in DOWNLOADS],
        )
    return render(request, "rapportage/overzicht.html", context, status=200 if form.is_valid() else 400)


@require_GET
@rol_vereist(*ROLLEN)
def download(request):
    form = DownloadForm(request.GET)
    if not form.is_valid():
        return render(request, "rapportage/overzicht.html", {"form": form}, status=400)
    formaat, gemeente = form.cleaned_data["formaat"], form.cleaned_data["gemeente"]
    inhoud = exporteer(formaat, form.periode, gemeente)
    response = HttpResponse(inhoud, content_type=FORMATEN[formaat][0])
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam(formaat, form.periode, gemeente)}"'
    return response
