"""The REST API for partner systems, with its OpenAPI document at /api/schema/."""
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("zsm/", include("schakel.zsm.api_urls")),
]
