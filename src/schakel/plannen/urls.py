from django.urls import path

from . import views

app_name = "plannen"
urlpatterns = [
    path("casus/<int:casus_pk>/vaststellen/", views.vaststellen, name="vaststellen"),
    path("<int:pk>/wijzigen/", views.wijzigen, name="wijzigen"),
    path("actie/<int:pk>/", views.actie, name="actie"),
    path("casus/<int:casus_pk>/traject/", views.traject_vastleggen, name="traject_vastleggen"),
    path("traject/<int:pk>/wijzigen/", views.traject_wijzigen, name="traject_wijzigen"),
    path("mijn-acties/", views.mijn_acties, name="mijn_acties"),
]
