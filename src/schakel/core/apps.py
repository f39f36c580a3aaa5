from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "schakel.core"
    verbose_name = "Kern"

    def ready(self):
        from . import api_schema, lookups  # noqa: F401  (register the in_array lookup and the API's auth in OpenAPI)
