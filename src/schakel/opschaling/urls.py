from django.urls import path

from . import views

app_name = "opschaling"
urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("casus/<int:pk>/nieuw/", views.nieuw, name="nieuw"),
    path("<int:pk>/besluit/", views.besluit, name="besluit"),
    path("knelpunten/", views.knelpunten, name="knelpunten"),
    path("knelpunten/<int:pk>/", views.knelpunt, name="knelpunt"),
]
