from django.apps import AppConfig


class OverleggenConfig(AppConfig):
    name = "schakel.overleggen"
    verbose_name = "Overleggen"
