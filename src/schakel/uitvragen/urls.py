from django.urls import path

from . import views

app_name = "uitvragen"
urlpatterns = [
    path("", views.lijst, name="lijst"),
    path("nieuw/<int:melding_pk>/", views.nieuw, name="nieuw"),
    path("<int:pk>/", views.detail, name="detail"),
]
