from django.urls import path

from . import api

urlpatterns = [
    path("", api.MeldingenView.as_view(), name="api-meldingen"),
    path("<int:pk>/", api.MeldingView.as_view(), name="api-melding"),
]
