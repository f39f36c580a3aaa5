"""Every error of the API in one form: RFC 9457 problem details (`application/problem+json`) with a
Dutch title and detail, and per field the reasons in `fouten`. DRF calls `uitzonderingen` for every
exception of an API view (settings.REST_FRAMEWORK EXCEPTION_HANDLER); `niet_gevonden` answers an
unknown /api/ address the same way, and the input guard (core.middleware) uses `probleem` too."""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.views import exception_handler

MEDIATYPE = "application/problem+json"

# status -> (slug of the problem type, Dutch title)
SOORTEN = {
    400: ("ongeldige-invoer", "Ongeldige invoer"),
    401: ("niet-aangemeld", "Niet aangemeld"),
    403: ("geen-toegang", "Geen toegang"),
    404: ("niet-gevonden", "Niet gevonden"),
    405: ("methode-niet-toegestaan", "Methode niet toegestaan"),
    406: ("formaat-niet-beschikbaar", "Antwoordformaat niet beschikbaar"),
    409: ("conflict", "Conflict"),
    415: ("soort-inhoud-niet-ondersteund", "Soort inhoud niet ondersteund"),
    429: ("te-veel-verzoeken", "Te veel verzoeken"),
    503: ("tijdelijk-niet-beschikbaar", "Tijdelijk niet beschikbaar"),
}
# Never meant to happen, so not in the document; still a problem document when it does.
SERVERFOUT = ("serverfout", "Interne fout")
# Every status an API operation can answer with a problem (the OpenAPI document lists them all).
STATUSSEN = tuple(SOORTEN)

NIET_AANGEMELD = "Meld u aan met een token ('Authorization: Token <token>') of een sessie met tweede stap."
NIET_GEVONDEN = "Dit adres of object bestaat niet."
GEEN_TOEGANG = "U hebt geen toegang tot dit onderdeel of object."
CONTROLEER = "Controleer de invoer: zie 'fouten' per veld."


def probleem(status_code: int, detail: str, fouten: dict | None = None) -> dict:
    slug, titel = SOORTEN.get(status_code, SERVERFOUT if status_code >= 500 else ("fout", "Fout"))
    uit = {"type": f"urn:schakel:probleem:{slug}", "title": titel, "status": status_code, "detail": detail}
    if fouten:
        uit["fouten"] = fouten
    return uit


def probleem_response(status_code: int, detail: str, fouten: dict | None = None) -> JsonResponse:
    """For answers outside DRF (an unknown address, the input guard)."""
    return JsonResponse(probleem(status_code, detail, fouten), status=status_code, content_type=MEDIATYPE)


def _plat(fouten, prefix="") -> dict[str, list[str]]:
    """DRF's nested errors as {"veld": [...], "personen.0.achternaam": [...]}; general ones under 'algemeen'."""
    uit: dict[str, list[str]] = {}
    if isinstance(fouten, dict):
        for sleutel, waarde in fouten.items():
            naam = "algemeen" if sleutel in ("non_field_errors", "__all__") else str(sleutel)
            for k, v in _plat(waarde, f"{prefix}{naam}.").items():
                uit.setdefault(k, []).extend(v)
    elif isinstance(fouten, list) and fouten and all(not isinstance(f, (dict, list)) for f in fouten):
        uit[prefix.rstrip(".") or "algemeen"] = [str(f) for f in fouten]
    elif isinstance(fouten, list):
        for i, waarde in enumerate(fouten):
            for k, v in _plat(waarde, f"{prefix}{i}.").items():
                uit.setdefault(k, []).extend(v)
    else:
        uit[prefix.rstrip(".") or "algemeen"] = [str(fouten)]
    return uit


def formfouten(form) -> exceptions.ValidationError:
    """A Django form's errors (the same form the screen uses) as the API's 400."""
    return exceptions.ValidationError({veld: [str(m) for m in lijst] for veld, lijst in form.errors.items()})


class TeVeel(exceptions.APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = "Te veel verzoeken; probeer het later opnieuw."
    default_code = "te_veel"


def uitzonderingen(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"algemeen": exc.messages})
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(NIET_GEVONDEN)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(GEEN_TOEGANG)
    response = exception_handler(exc, context)
    if response is None:
        return None  # a real fault: Django's 500 page and the error report, never hidden
    if isinstance(exc, exceptions.ValidationError):
        data = probleem(response.status_code, CONTROLEER, _plat(response.data))
    elif isinstance(exc, exceptions.NotAuthenticated):
        data = probleem(response.status_code, NIET_AANGEMELD)
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        data = probleem(response.status_code, str(detail))
    response.data = data
    response.content_type = MEDIATYPE
    return response


def niet_gevonden(request, exception=None):
    """handler404: an unknown address under /api/ gets a problem, every other one the 404 page."""
    if request.path.startswith("/api/"):
        return probleem_response(404, NIET_GEVONDEN)
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)
