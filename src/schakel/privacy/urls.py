from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("toegangslog/", views.toegangslog, name="toegangslog"),
    path("toegangslog/export/", views.toegangslog_export, name="toegangslog_export"),
    path("toegangslog/keten-controleren/", views.keten_controleren, name="keten_controleren"),
]
