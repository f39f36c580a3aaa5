from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "schakel.core"
    verbose_name = "Kern"

    def ready(self):
        from . import lookups  # noqa: F401  (registers the in_array lookup)
