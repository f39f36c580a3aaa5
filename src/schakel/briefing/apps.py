from django.apps import AppConfig


class BriefingConfig(AppConfig):
    name = "schakel.briefing"
    verbose_name = "Briefing"
