from datetime import date

from django.core.management.base import BaseCommand, CommandError

from schakel.monitoring.tasks import verstuur_herinneringen


class Command(BaseCommand):
    help = "Verstuur de herinneringen voor monitoringcontacten die vandaag of eerder gepland stonden (één keer per contact)."

    def add_arguments(self, parser):
        parser.add_argument("--datum", help="Doe alsof het deze datum is (JJJJ-MM-DD); standaard vandaag.")

    def handle(self, *args, datum=None, **options):
        vandaag = None
        if datum:
            try:
                vandaag = date.fromisoformat(datum)
            except ValueError:
                raise CommandError("Geef de datum als JJJJ-MM-DD.")
        aantal = verstuur_herinneringen(vandaag=vandaag)
        self.stdout.write(f"{aantal} herinnering(en) verstuurd.")
