from django.contrib.auth import views as auth_views
from django.urls import path

from . import oidc_views, tweestap
from .forms import InlogForm

urlpatterns = [
    path("inloggen/", oidc_views.Inloggen.as_view(template_name="gebruikers/inloggen.html", redirect_authenticated_user=True,
                                                   authentication_form=InlogForm), name="inloggen"),
    # Single sign-on: off to the provider, back from it (one address for every provider), linking.
    path("inloggen/oidc/terug/", oidc_views.terug, name="oidc_terug"),
    path("inloggen/oidc/<str:sleutel>/", oidc_views.inloggen, name="oidc_inloggen"),
    # Linking needs a full session (password and code), so it lives outside /inloggen/.
    path("account/organisatie-koppelen/", oidc_views.koppelen, name="oidc_koppelen"),
    path("account/organisatie-koppelen/<str:sleutel>/", oidc_views.koppelen_starten, name="oidc_koppelen_starten"),
    path("inloggen/tweede-stap/", tweestap.tweede_stap, name="tweede_stap"),
    path("inloggen/instellen/", tweestap.instellen, name="tweestap_instellen"),
    # The link a beheerder has mailed to the user: he sets his own password here (no session needed).
    path("inloggen/wachtwoord/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name="gebruikers/wachtwoord_herstellen.html", success_url="/inloggen/wachtwoord/ingesteld/",
        post_reset_login=False,
    ), name="wachtwoord_herstellen"),
    path("inloggen/wachtwoord/ingesteld/", auth_views.PasswordResetCompleteView.as_view(
        template_name="gebruikers/wachtwoord_hersteld.html"), name="wachtwoord_hersteld"),
    path("uitloggen/", oidc_views.Uitloggen.as_view(), name="uitloggen"),
]
