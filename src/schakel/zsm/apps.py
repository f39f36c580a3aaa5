from django.apps import AppConfig


class ZsmConfig(AppConfig):
    name = "schakel.zsm"
    verbose_name = "ZSM"
