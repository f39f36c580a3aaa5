from django.urls import path

from . import api

urlpatterns = [
    path("", api.OverleggenView.as_view(), name="api-overleggen"),
    path("<int:pk>/", api.OverlegView.as_view(), name="api-overleg"),
]
