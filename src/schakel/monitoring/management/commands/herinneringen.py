from django.core.management.base import BaseCommand

from schakel.core.commando import datum as als_datum
from schakel.monitoring.tasks import verstuur_herinneringen


class Command(BaseCommand):
    help = "Verstuur de herinneringen voor monitoringcontacten die vandaag of eerder gepland stonden (één keer per contact)."

    def add_arguments(self, parser):
        parser.add_argument("--datum", help="Doe alsof het deze datum is (JJJJ-MM-DD); standaard vandaag.")

    def handle(self, *args, datum=None, **options):
        vandaag = als_datum(datum)
        aantal = verstuur_herinneringen(vandaag=vandaag)
        self.stdout.write(f"{aantal} herinnering(en) verstuurd.")
