import time

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError, close_old_connections

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
            if herhaal is None:
                self.stdout.write(ketenen_alles())
                return
            try:
                self.stdout.write(ketenen_alles())
            except (OperationalError, InterfaceError) as fout:
                # The database is away (a restart, a failover): the rows wait sealed, and are chained
                # once it answers again. The running process must not die of it.
                self.stderr.write(f"Database niet bereikbaar, opnieuw over {herhaal:g} s: {type(fout).__name__}")
                close_old_connections()
            time.sleep(herhaal)
