from django.urls import path

from . import views

app_name = "overleggen"
urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("nieuw/", views.nieuw, name="nieuw"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/agenderen/", views.agenderen, name="agenderen"),
    path("<int:pk>/deelnemer/", views.deelnemer, name="deelnemer"),
    path("<int:pk>/aanwezigheid/", views.aanwezigheid, name="aanwezigheid"),
    path("deelnemer/<int:pk>/geheimhouding/", views.geheimhouding, name="geheimhouding"),
    path("bespreking/<int:pk>/", views.bespreking, name="bespreking"),
]
