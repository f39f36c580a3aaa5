from django.urls import path

from . import views

app_name = "avg"
urlpatterns = [
    path("inzage/", views.inzage, name="inzage"),
    path("verzoeken/", views.verzoeken, name="verzoeken"),
    path("persoon/<int:pk>/", views.persoon, name="persoon"),
    path("persoon/<int:pk>/export/", views.export, name="export"),
    path("persoon/<int:pk>/verzoek/", views.verzoek, name="verzoek"),
    path("verzoek/<int:pk>/afhandelen/", views.verzoek_afhandelen, name="verzoek_afhandelen"),
    path("persoon/<int:pk>/beperking/", views.beperking, name="beperking"),
    path("persoon/<int:pk>/wissen/", views.wissen, name="wissen"),
    path("bewaartermijnen/", views.bewaartermijnen, name="bewaartermijnen"),
    path("bewaarplicht/", views.bewaarplicht, name="bewaarplicht"),
]
