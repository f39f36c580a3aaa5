from django.core.management.base import BaseCommand

from schakel.avg.retentie import verwerk
from schakel.core.commando import datum as als_datum


class Command(BaseCommand):
    help = (
        "Anonimiseer de persoonsgegevens waarvan de bewaartermijn verstreken is; aantallen, statussen en datums blijven. "
        "Normaal draait dit dagelijks als geplande taak."
    )

    def add_arguments(self, parser):
        parser.add_argument("--droog", action="store_true", help="Toon wat er zou verdwijnen, zonder iets te wijzigen.")
        parser.add_argument("--datum", help="Doe alsof het deze datum is (JJJJ-MM-DD); standaard vandaag.")

    def handle(self, *args, droog=False, datum=None, **options):
        vandaag = als_datum(datum)
        self.stdout.write(str(verwerk(vandaag=vandaag, droog=droog)))
