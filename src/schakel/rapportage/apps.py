from django.apps import AppConfig


class RapportageConfig(AppConfig):
    name = "schakel.rapportage"
    verbose_name = "Rapportage"
