from django.apps import AppConfig


class EffectmetingConfig(AppConfig):
    name = "schakel.effectmeting"
    verbose_name = "Effectmeting"
