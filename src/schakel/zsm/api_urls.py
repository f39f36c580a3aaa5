from django.urls import path

from . import api

urlpatterns = [
    path("vraag/", api.ZsmVraagView.as_view(), name="api-zsm-vraag"),
]
