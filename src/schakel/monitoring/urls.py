from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("", views.werklijst, name="werklijst"),
    path("contact/<int:pk>/", views.contact, name="contact"),
    path("casus/<int:casus_pk>/verlengen/", views.verlengen, name="verlengen"),
]
