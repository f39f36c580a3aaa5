from django.urls import path

from . import api

urlpatterns = [
    path("", api.PlannenView.as_view(), name="api-plannen"),
    path("<int:pk>/", api.PlanView.as_view(), name="api-plan"),
]
