from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "schakel.partners"
    verbose_name = "Partnerorganisaties"
