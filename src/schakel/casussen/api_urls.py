from django.urls import path

from . import api

urlpatterns = [
    path("", api.CasussenView.as_view(), name="api-casussen"),
    path("<int:pk>/", api.CasusView.as_view(), name="api-casus"),
]
