from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [
    path("inloggen/", auth_views.LoginView.as_view(template_name="gebruikers/inloggen.html", redirect_authenticated_user=True), name="inloggen"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="uitloggen"),
]
