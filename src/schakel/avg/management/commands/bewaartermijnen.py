from datetime import date

from django.core.management.base import BaseCommand, CommandError

from schakel.avg.retentie import verwerk


class Command(BaseCommand):
    help = (
        "Anonimiseer de persoonsgegevens waarvan de bewaartermijn verstreken is; aantallen, statussen en datums blijven. "
        "Normaal draait dit dagelijks als geplande taak."
    )

    def add_arguments(self, parser):
        parser.add_argument("--droog", action="store_true", help="Toon wat er zou verdwijnen, zonder iets te wijzigen.")
        parser.add_argument("--datum", help="Doe alsof het deze datum is (JJJJ-MM-DD); standaard vandaag.")

    def handle(self, *args, droog=False, datum=None, **options):
        vandaag = None
        if datum:
            try:
                vandaag = date.fromisoformat(datum)
            except ValueError:
                raise CommandError("Geef de datum als JJJJ-MM-DD.")
        self.stdout.write(str(verwerk(vandaag=vandaag, droog=droog)))
