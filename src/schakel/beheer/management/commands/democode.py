from base64 import b32decode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp


class Command(BaseCommand):
    requires_system_checks = []
    help = "Toont de huidige tweestapscode van de demogebruikers (alleen met DEBUG aan)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Alleen voor de demo: zet DEBUG=1. Echte gebruikers gebruiken hun eigen authenticator-app.")
        self.stdout.write(f"{totp(b32decode(settings.SCHAKEL_DEMO_TOTP_SECRET)):06d}")
