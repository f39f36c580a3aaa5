from django.apps import AppConfig


class OpschalingConfig(AppConfig):
    name = "schakel.opschaling"
    verbose_name = "Opschaling"
