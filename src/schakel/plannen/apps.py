from django.apps import AppConfig


class PlannenConfig(AppConfig):
    name = "schakel.plannen"
    verbose_name = "Plannen van aanpak"
