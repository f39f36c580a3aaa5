from django.apps import AppConfig


class PersonenConfig(AppConfig):
    name = "schakel.personen"
    verbose_name = "Personen"
