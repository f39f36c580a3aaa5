from django.core.management.base import BaseCommand, CommandError

from schakel.privacy.services import controleer_keten


class Command(BaseCommand):
    help = (
        "Controleer de hashketen van het toegangslog: elke regel moet de hash van de vorige dragen en bij "
        "zijn eigen velden passen. Exitcode 0 als de keten intact is, 1 bij de eerste gebroken regel."
    )

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=5000, help="Aantal regels per keer uit de database (standaard 5000).")

    def handle(self, *args, chunk_size=5000, **options):
        if chunk_size < 1:
            raise CommandError("--chunk-size moet minstens 1 zijn.")
        uitkomst = controleer_keten(chunk_size=chunk_size)
        if not uitkomst.intact:
            # CommandError: message on stderr, exit code 1.
            raise CommandError(uitkomst.melding, returncode=1)
        self.stdout.write(uitkomst.melding)
        # Keep this hash somewhere else (a report, a ticket): a log rewritten as a whole, hashes and
        # all, no longer ends in it.
        self.stdout.write(f"Laatste hash: {uitkomst.laatste_hash}")
