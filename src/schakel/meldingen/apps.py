from django.apps import AppConfig


class MeldingenConfig(AppConfig):
    name = "schakel.meldingen"
    verbose_name = "Meldingen"
