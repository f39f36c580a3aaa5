from django.apps import AppConfig


class GebruikersConfig(AppConfig):
    name = "schakel.gebruikers"
    verbose_name = "Gebruikers"
