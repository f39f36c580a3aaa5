from django.apps import AppConfig


class CasussenConfig(AppConfig):
    name = "schakel.casussen"
    verbose_name = "Casussen"

    def ready(self):
        from . import nieuws, zichtbaarheid

        nieuws.verbind()
        zichtbaarheid.verbind()
