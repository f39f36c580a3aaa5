"""The ketenmanager's effect page and its downloads (aggregates of groups of at least 10, no names,
so no access-log line per view), and the procesregisseur's per-client list of his own cases (case
numbers, no names; logged as any view of a person's data)."""
from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from schakel.core.access import rol_vereist
from schakel.gebruikers.rollen import Rol
from schakel.rapportage.views import ROLLEN

from .eigen import eigen_clienten
from .forms import DownloadForm, EffectForm, EigenForm, standaard_cohort
from .grafieken import grafieken
from .uitvoer import FORMATEN, bestandsnaam, exporteer, meet
from .weergave import verslag

DOWNLOADS = [("pdf", "PDF"), ("xlsx", "Excel"), ("json", "JSON")]


def _formulier(request, form_class=EffectForm):
    """The form bound to the address once anything is asked, else showing the default cohort."""
    if any(veld in request.GET for veld in form_class.base_fields):
        return form_class(request.GET), True
    return form_class(initial=standaard_cohort()), False


def _query(form) -> str:
    return urlencode({k: v for k, v in form.data.items() if k in type(form).base_fields and v not in ("", None)})


@require_GET
@rol_vereist(*ROLLEN)
def overzicht(request):
    form, gevraagd = _formulier(request)
    context = {"form": form, "mag_eigen_casussen": request.user.heeft_rol(Rol.PROCESREGISSEUR)}
    data = _meet(form) if gevraagd else None
    if data is not None:
        query = _query(form)
        context.update(verslag=verslag(data, grafieken(data)), query=query,
                       downloads=[(naam, f"{query}&formaat={f}") for f, naam in DOWNLOADS])
    return render(request, "effectmeting/overzicht.html", context, status=400 if gevraagd and data is None else 200)


def _meet(form) -> dict | None:
    """The measurement of a valid form; a question bereken itself refuses becomes the form's error."""
    if not form.is_valid():
        return None
    try:
        return meet(**form.parameters)
    except ValueError as fout:
        form.add_error(None, str(fout))
        return None


@require_GET
@rol_vereist(*ROLLEN)
def download(request):
    form = DownloadForm(request.GET)
    data = _meet(form)
    if data is None:
        return render(request, "effectmeting/overzicht.html", {"form": form}, status=400)
    formaat, p = form.cleaned_data["formaat"], form.parameters
    response = HttpResponse(exporteer(formaat, data), content_type=FORMATEN[formaat][0])
    response["Content-Disposition"] = f'attachment; filename="{bestandsnaam(formaat, p["van"], p["tot"])}"'
    return response


@require_GET
@rol_vereist(Rol.PROCESREGISSEUR)
def eigen(request):
    form, gevraagd = _formulier(request, EigenForm)
    context = {"form": form}
    if gevraagd and form.is_valid():
        context.update(lijst=eigen_clienten(request.user, **form.parameters), query=_query(form))
    return render(request, "effectmeting/eigen.html", context, status=400 if gevraagd and not form.is_valid() else 200)
