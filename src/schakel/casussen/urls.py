from django.urls import path

from . import views

app_name = "casussen"
urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tijdlijn/", views.tijdlijn, name="tijdlijn"),
]

from . import afsluiting  # noqa: E402

urlpatterns += [
    path("<int:pk>/afsluiten/", afsluiting.afsluiten, name="afsluiten"),
]
