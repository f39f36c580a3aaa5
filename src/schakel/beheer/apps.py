from django.apps import AppConfig


class BeheerConfig(AppConfig):
    name = "schakel.beheer"
    verbose_name = "Beheer"
