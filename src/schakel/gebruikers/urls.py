from django.contrib.auth import views as auth_views
from django.urls import path

from . import tweestap
from .forms import InlogForm

urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(template_name="gebruikers/inloggen.html", redirect_authenticated_user=True,
                                                   authentication_form=InlogForm), name="inloggen"),
    path("inloggen/tweede-stap/", tweestap.tweede_stap, name="tweede_stap"),
    path("inloggen/instellen/", tweestap.instellen, name="tweestap_instellen"),
    # The link a beheerder has mailed to the user: he sets his own password here (no session needed).
    path("inloggen/wachtwoord/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="gebruikers/wachtwoord_herstellen.html", success_url="/inloggen/wachtwoord/ingesteld/",
        post_reset_login=False,
    ), name="wachtwoord_herstellen"),
    path("inloggen/wachtwoord/ingesteld/", auth_views.PasswordResetCompleteView.as_view(
        template_name="gebruikers/wachtwoord_hersteld.html"), name="wachtwoord_hersteld"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="uitloggen"),
]
