from django.urls import path

from . import api

urlpatterns = [
    path("", api.ActiesView.as_view(), name="api-acties"),
    path("<int:pk>/", api.ActieView.as_view(), name="api-actie"),
    path("<int:pk>/status/", api.ActieStatusView.as_view(), name="api-actie-status"),
]
