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
    path("<int:pk>/agenda/", views.afdruk, {"soort": "agenda"}, name="agenda_afdruk"),
    path("<int:pk>/agenda.pdf", views.afdruk_download, {"soort": "agenda"}, name="agenda_pdf"),
    path("<int:pk>/verslag/", views.afdruk, {"soort": "verslag"}, name="verslag_afdruk"),
    path("<int:pk>/verslag.pdf", views.afdruk_download, {"soort": "verslag"}, name="verslag_pdf"),
]
