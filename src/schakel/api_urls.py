"""The REST API for partner systems, with its OpenAPI document at /api/schema/ (committed as
docs/openapi.yaml). Conventions (errors, pages, filters, tokens): docs/architectuur.md, "De API"."""
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView


class SchemaView(SpectacularAPIView):
    # The document describes the API and holds no data: any valid token may read it.
    token_scope = None


urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("zsm/", include("schakel.zsm.api_urls")),
    path("feeds/", include("schakel.koppelingen.api_urls")),
    path("meldingen/", include("schakel.meldingen.api_urls")),
    path("casussen/", include("schakel.casussen.api_urls")),
    path("acties/", include("schakel.plannen.api_urls_acties")),
    path("plannen/", include("schakel.plannen.api_urls")),
    path("uitvragen/", include("schakel.uitvragen.api_urls")),
    path("overleggen/", include("schakel.overleggen.api_urls")),
]
