from django.contrib.auth import views as auth_views
from django.urls import path

from . import tweestap

urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(template_name="gebruikers/inloggen.html", redirect_authenticated_user=True), name="inloggen"),
    path("inloggen/tweede-stap/", tweestap.tweede_stap, name="tweede_stap"),
    path("inloggen/instellen/", tweestap.instellen, name="tweestap_instellen"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="uitloggen"),
]
