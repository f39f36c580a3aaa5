"""The API's lists and objects, one style for every domain app.

- Filters: the list screen's own `LijstFilter` form validates the query string (the same fields, the
  same Dutch messages, the same sort keys); a refused value is a 400 problem with `fouten` per field,
  never a silently ignored filter.
- Pages: `?pagina=N`, fifty rows, counted with the screens' `counted_page_of` (the count stops at the
  list's limit, `aantal_exact` says so); `volgende`/`vorige` are full links.
- Objects: through `get_for_user_or_403`, so 403/404 behave exactly as on the detail screens.
- Need-to-know and logging: the queryset is always `for_user`, and each view logs what it showed in
  the access log (`log_pagina` / `log_object`) with the same action and purpose as its screen.
"""
from django import forms
from drf_spectacular.plumbing import build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, generics, permissions
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from .access import get_for_user_or_403
from .api import TokenScope
from .api_fouten import formfouten
from .lijsten import DatumVeld, KeuzeVeld, ZoekVeld
from .pagination import PAGE_SIZE, counted_page_of, paginanummer


class HeeftRol(permissions.BasePermission):
    """The roles of the screen this route mirrors: `rollen` on the view, or `rollen_<methode>`
    (e.g. `rollen_post`) when writing needs other roles than reading. A token grants no role."""

    message = "Uw rol geeft geen toegang tot dit deel van de API."

    def has_permission(self, request, view):
        rollen = getattr(view, f"rollen_{request.method.lower()}", None) or getattr(view, "rollen", ())
        user = request.user
        return bool(user and user.is_authenticated and rollen and user.heeft_rol(*rollen))


class Paginering(BasePagination):
    page_query_param = "pagina"

    def paginate_queryset(self, queryset, request, view=None):
        max_totaal = getattr(getattr(view, "filterklasse", None), "max_totaal", None)
        self.request = request
        self.pagina = counted_page_of(queryset, request.query_params.get(self.page_query_param), max_total=max_totaal)
        return self.pagina.rows

    def _link(self, nummer):
        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, nummer)

    def get_paginated_response(self, data):
        p = self.pagina
        return Response({
            "aantal": p.total,
            "aantal_exact": p.exact,
            "pagina": p.number,
            "paginas": p.num_pages,
            "per_pagina": PAGE_SIZE,
            "volgende": self._link(p.number + 1) if p.has_next else None,
            "vorige": self._link(p.number - 1) if p.has_previous else None,
            "resultaten": data,
        })

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["aantal", "aantal_exact", "pagina", "paginas", "per_pagina", "volgende", "vorige", "resultaten"],
            "properties": {
                "aantal": {"type": "integer", "description": "Aantal rijen (tot de telgrens van de lijst)."},
                "aantal_exact": {"type": "boolean", "description": "Onwaar als de telling bij de telgrens stopte."},
                "pagina": {"type": "integer"},
                "paginas": {"type": "integer"},
                "per_pagina": {"type": "integer"},
                "volgende": {"type": "string", "format": "uri", "nullable": True},
                "vorige": {"type": "string", "format": "uri", "nullable": True},
                "resultaten": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [{
            "name": self.page_query_param, "required": False, "in": "query",
            "description": "Paginanummer (vanaf 1, vijftig rijen per pagina; voorbij het einde: de laatste pagina).",
            "schema": {"type": "integer", "minimum": 1},
        }]


def _parameter(naam: str, veld: forms.Field) -> dict:
    beschrijving = str(veld.help_text or veld.label or naam)
    if isinstance(veld, ZoekVeld):
        schema = {"type": "string", "maxLength": veld.max_length or 20}
    elif isinstance(veld, DatumVeld):
        schema = build_basic_type(OpenApiTypes.DATE)
    elif isinstance(veld, KeuzeVeld):
        schema = {"type": "integer"}
    elif isinstance(veld, forms.ChoiceField) and [k for k, _ in veld.choices if k]:
        schema = {"type": "string", "enum": [k for k, _ in veld.choices if k]}
    else:
        schema = {"type": "string"}
    return build_parameter_type(name=naam, schema=schema, location=OpenApiParameter.QUERY, description=beschrijving)


# What the list screens add to a refused filter; the API answers 400 instead of showing the list.
SCHERMMELDINGEN = ("Een filter met een fout is niet toegepast", "Het paginanummer moet een geheel getal", "Op deze kolom kan niet")


class LijstFilterBackend:
    """Filters and sorts with the view's `filterklasse` (a core.lijsten.LijstFilter)."""

    def filter_queryset(self, request, queryset, view):
        filters = view.filterklasse(request.query_params, gebruiker=request.user)
        if not filters.is_valid():
            fouten = dict(formfouten(filters).detail)
            # The screen shows the list without the refused filter and says so; the API refuses the request.
            algemeen = [f for f in fouten.pop("__all__", []) if not f.startswith(SCHERMMELDINGEN)]
            if "pagina" in request.query_params and paginanummer(request.query_params["pagina"]) is None:
                fouten["pagina"] = ["Het paginanummer moet een geheel getal vanaf 1 zijn."]
            sortering = request.query_params.get("sortering")
            if sortering and sortering.removeprefix("-") not in view.filterklasse.sorteringen:
                fouten["sortering"] = ["Op deze kolom kan niet worden gesorteerd."]
            if algemeen:
                fouten["algemeen"] = algemeen
            raise exceptions.ValidationError(fouten)
        return filters.toepassen(queryset)

    def get_schema_operation_parameters(self, view):
        klasse = view.filterklasse
        uit = [_parameter(naam, veld) for naam, veld in klasse.base_fields.items()]
        sorteringen = [s for k in klasse.sorteringen for s in (k, f"-{k}")]
        uit.append(build_parameter_type(
            name="sortering", schema={"type": "string", "enum": sorteringen}, location=OpenApiParameter.QUERY,
            description=f"Sortering; '-' ervoor is aflopend. Standaard: {klasse.standaard}.",
        ))
        return uit


class LijstView(generics.ListAPIView):
    """A list route: `basis()` (the for_user queryset), `filterklasse`, `serializer_class`,
    `rollen`, `token_scope`; `verrijk(rows)` prepares the page (one query per relation, not per row)
    and `log_pagina(rows)` writes the access log as the list screen does."""

    permission_classes = [permissions.IsAuthenticated, HeeftRol, TokenScope]
    pagination_class = Paginering
    filter_backends = [LijstFilterBackend]
    filterklasse = None

    def basis(self):  # pragma: no cover - every list defines it
        raise NotImplementedError

    def get_queryset(self):
        return self.basis()

    def verrijk(self, rows) -> None:
        pass

    def log_pagina(self, rows) -> None:  # pragma: no cover - every list logs
        raise NotImplementedError

    def paginate_queryset(self, queryset):
        rows = super().paginate_queryset(queryset)
        self.verrijk(rows)
        self.log_pagina(rows)
        return rows


class ObjectView(generics.RetrieveAPIView):
    """A detail route: the object through `get_for_user_or_403(basis(), user, pk)`, logged by `log_object`."""

    permission_classes = [permissions.IsAuthenticated, HeeftRol, TokenScope]

    def basis(self):  # pragma: no cover
        raise NotImplementedError

    def get_queryset(self):
        return self.basis()

    def get_object(self):
        obj = get_for_user_or_403(self.basis(), self.request.user, self.kwargs["pk"])
        self.check_object_permissions(self.request, obj)
        return obj

    def log_object(self, obj) -> None:  # pragma: no cover
        raise NotImplementedError

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        self.verrijk(obj)
        self.log_object(obj)
        return Response(self.get_serializer(obj).data)

    def verrijk(self, obj) -> None:
        pass


def invoer(serializer_class, request):
    """The request body through its serializer (types, lengths); a refusal is a 400 problem."""
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def controleer_formulier(form):
    """The screen's own form decides (the same checks, the same Dutch messages)."""
    if not form.is_valid():
        raise formfouten(form)
    return form.cleaned_data
