from django.apps import AppConfig


class CasussenConfig(AppConfig):
    name = "schakel.casussen"
    verbose_name = "Casussen"

    def ready(self):
        from .nieuws import verbind

        verbind()
