from django.apps import AppConfig


class HistorieConfig(AppConfig):
    name = "schakel.historie"
    verbose_name = "Historische import"
