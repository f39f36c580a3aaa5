from django.urls import include, path

from schakel.beheer.admin import beheer_site
from schakel.core import gezondheid
from schakel.core import views as core_views

urlpatterns = [
    path("", core_views.start, name="start"),
    path("", include("schakel.gebruikers.urls")),
    path("meldingen/", include("schakel.meldingen.urls")),
    path("personen/", include("schakel.personen.urls")),
    path("uitvragen/", include("schakel.uitvragen.urls")),
    path("briefings/", include("schakel.briefing.urls")),
    path("casussen/", include("schakel.casussen.urls")),
    path("privacy/", include("schakel.privacy.urls")),
    path("overleggen/", include("schakel.overleggen.urls")),
    path("plannen/", include("schakel.plannen.urls")),
    path("monitoring/", include("schakel.monitoring.urls")),
    path("opschaling/", include("schakel.opschaling.urls")),
    path("zsm/", include("schakel.zsm.urls")),
    path("avg/", include("schakel.avg.urls")),
    path("rapportage/", include("schakel.rapportage.urls")),
    path("effectmeting/", include("schakel.effectmeting.urls")),
    path("feeds/", include("schakel.koppelingen.urls")),
    path("api/", include("schakel.api_urls")),
    path("rollen/", include("schakel.gebruikers.rollen_urls")),
    path("beheer/", beheer_site.urls),
    path("gezond/", gezondheid.gezond, name="gezond"),
]

handler500 = "schakel.core.views.serverfout"
# An unknown /api/ address gets a problem document (RFC 9457), every other one the 404 page.
handler404 = "schakel.core.api_fouten.niet_gevonden"
