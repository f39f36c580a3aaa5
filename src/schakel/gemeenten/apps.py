from django.apps import AppConfig


class GemeentenConfig(AppConfig):
    name = "schakel.gemeenten"
    verbose_name = "Gemeenten"
