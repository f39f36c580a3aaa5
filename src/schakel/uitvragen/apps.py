from django.apps import AppConfig


class UitvragenConfig(AppConfig):
    name = "schakel.uitvragen"
    verbose_name = "Informatie-uitvragen"
