from django.urls import path

from . import views

app_name = "koppelingen"
urlpatterns = [
    path("voorstellen/", views.voorstellen, name="voorstellen"),
    path("voorstellen/<int:pk>/", views.voorstel, name="voorstel"),
    path("eigen-nazorg/", views.doorgezet, name="doorgezet"),
]
