import time

from django.core.management.base import BaseCommand, CommandError

from schakel.privacy.ketenaar import ketenen_alles


class Command(BaseCommand):
    help = (
        "Keten de regels van het toegangslog die nog wachten (een pagina schrijft ze zonder op de keten te wachten). "
        "Normaal gebeurt dit direct na elke pagina en elke minuut in de achtergrond; met --herhaal loopt dit "
        "commando door, bijvoorbeeld als eigen proces naast de webservers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--herhaal", type=float, metavar="SECONDEN", help="Blijf ketenen, elke zoveel seconden.")

    def handle(self, *args, herhaal=None, **options):
        if herhaal is not None and herhaal <= 0:
            raise CommandError("--herhaal moet groter zijn dan 0 seconden.")
        while True:
            self.stdout.write(ketenen_alles())
            if herhaal is None:
                return
            time.sleep(herhaal)
