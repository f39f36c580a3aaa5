from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schakel.privacy.services import controleer_keten


class Command(BaseCommand):
    help = (
        "Controleer de hashketens van toegangslog, mutatielog en statushistories: elke regel moet de hash van de "
        "vorige dragen en zijn HMAC moet kloppen met de logsleutel; daarnaast moet elke keten nog kloppen met de "
        "getekende controlepunten (schakel logcontrolepunt). Exitcode 0 als alles intact is, 1 als iets gebroken is."
    )

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=5000, help="Aantal regels per keer uit de database (standaard 5000).")
        parser.add_argument(
            "--controlepunten", metavar="PAD",
            help="Map (of één bestand) met controlepunten, bijvoorbeeld de kopie van de FG. Standaard SCHAKEL_LOG_CHECKPOINT_DIR.",
        )

    def handle(self, *args, chunk_size=5000, controlepunten=None, **options):
        if chunk_size < 1:
            raise CommandError("--chunk-size moet minstens 1 zijn.")
        if controlepunten and not Path(controlepunten).exists():
            raise CommandError(f"De controlepunten {controlepunten} bestaan niet.")
        uitkomst = controleer_keten(chunk_size=chunk_size, controlepunten=controlepunten)
        if not uitkomst.intact:
            # CommandError: message on stderr, exit code 1.
            raise CommandError(uitkomst.melding, returncode=1)
        self.stdout.write(uitkomst.melding)
        for controle in uitkomst.ketens:
            self.stdout.write(f"Laatste hash {controle.keten.lower()}: {controle.laatste_hash}")
