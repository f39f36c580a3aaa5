from django.urls import path

from . import views

app_name = "rapportage"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("download/", views.download, name="download"),
]
