"""The REST API for partner systems, with its OpenAPI document at /api/schema/."""
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView



class SchemaView(SpectacularAPIView):
    # The document describes the API and holds no data: any valid token may read it.
    token_scope = None


urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("zsm/", include("schakel.zsm.api_urls")),
    path("feeds/", include("schakel.koppelingen.api_urls")),
]
