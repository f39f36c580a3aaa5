from django.urls import path

from . import views

app_name = "zsm"
urlpatterns = [
    path("vraag/", views.vraag, name="vraag"),
    path("casus/<int:pk>/advies/", views.advies, name="advies"),
]
