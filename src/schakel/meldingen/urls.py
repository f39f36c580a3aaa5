from django.urls import path

from . import views

app_name = "meldingen"
urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("nieuw/", views.nieuw, name="nieuw"),
    path("terugkoppeling-open/", views.terugkoppeling_open, name="terugkoppeling_open"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/wijzigen/", views.wijzigen, name="wijzigen"),
    path("<int:pk>/terugkoppeling/", views.terugkoppeling, name="terugkoppeling"),
    path("<int:pk>/persoon-toevoegen/", views.persoon_toevoegen, name="persoon_toevoegen"),
    path("<int:pk>/koppelen/<int:koppeling>/", views.koppelen, name="koppelen"),
]
