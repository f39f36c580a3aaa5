from django.urls import path

from . import api

urlpatterns = [
    path("", api.UitvragenView.as_view(), name="api-uitvragen"),
    path("<int:pk>/", api.UitvraagView.as_view(), name="api-uitvraag"),
    path("<int:pk>/antwoord/", api.AntwoordView.as_view(), name="api-uitvraag-antwoord"),
]
