from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "schakel.monitoring"
    verbose_name = "Monitoring"
