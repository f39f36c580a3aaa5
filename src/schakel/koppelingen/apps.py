from django.apps import AppConfig


class KoppelingenConfig(AppConfig):
    name = "schakel.koppelingen"
    verbose_name = "Dagelijkse feeds (politie en DJI)"
