from django.core.management.base import BaseCommand

from schakel.core.commando import datum as als_datum
from schakel.notificaties.tasks import dagelijks


class Command(BaseCommand):
    help = (
        "Mail de eigenaar van elke open actie waarvan de termijn verstreken is (één keer per actie en eigenaar), "
        "en verstuur notificaties van de afgelopen week die nog niet verstuurd zijn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--datum", help="Doe alsof het deze datum is (JJJJ-MM-DD); standaard vandaag.")

    def handle(self, *args, datum=None, **options):
        aantal = dagelijks(vandaag=als_datum(datum))
        self.stdout.write(f"{aantal} notificatie(s) verstuurd.")
