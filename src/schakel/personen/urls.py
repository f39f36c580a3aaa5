from django.urls import path

from . import views

app_name = "personen"
urlpatterns = [
    path("zoeken/", views.zoeken, name="zoeken"),
    path("<int:pk>/", views.detail, name="detail"),
]
