"""`schakel bekendheid publiceer`: publish this house's pseudonyms to the middenvelder (full sync)."""
from django.core.management.base import BaseCommand, CommandError

from schakel.bekendheid import client, services


class Command(BaseCommand):
    help = "Bekendheidscheck: publiceer de pseudoniemen van de personen in actieve casussen bij de middenvelder."

    def add_arguments(self, parser):
        parser.add_argument("opdracht", choices=["publiceer"], help="publiceer: de hele set van dit huis (idempotent)")

    def handle(self, *args, **opties):
        if not client.ingesteld():
            raise CommandError("Er is geen middenvelder ingesteld (SCHAKEL_MIDDENVELDER_URL).")
        try:
            aantal = services.publiceer()
        except client.Onbereikbaar as e:
            raise CommandError(f"De middenvelder is niet bereikbaar ({e}); de achtergrondtaak probeert het opnieuw.") from None
        self.stdout.write(f"{aantal} pseudoniemen gepubliceerd bij de middenvelder.")
