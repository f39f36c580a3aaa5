from django.urls import path

from . import views

app_name = "effectmeting"
urlpatterns = [
    path("", views.overzicht, name="overzicht"),
    path("download/", views.download, name="download"),
    path("eigen-casussen/", views.eigen, name="eigen"),
]
