from django.urls import path

from . import views

app_name = "briefing"
urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("nieuw/", views.nieuw, name="nieuw"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/agenderen/", views.agenderen, name="agenderen"),
    path("<int:pk>/wegen/<int:melding_pk>/", views.wegen, name="wegen"),
    path("<int:pk>/wegen/<int:melding_pk>/uitslag/", views.uitslag, name="uitslag"),
]
