from django.urls import path

from . import views

app_name = "rollen"

urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("voorstellen/", views.voorstellen, name="voorstellen"),
    path("<int:pk>/", views.beoordelen, name="beoordelen"),
    path("toekenning/<int:pk>/intrekken/", views.intrekken, name="intrekken"),
    path("logboek/", views.logboek, name="logboek"),
]
