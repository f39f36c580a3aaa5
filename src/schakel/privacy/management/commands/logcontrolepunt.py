from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schakel.privacy.tasks import controlepunt_maken


class Command(BaseCommand):
    help = (
        "Schrijf een getekend controlepunt van de logketens (per keten: volgnummer en hash van de kop, met tijdstip, "
        "getekend met de logsleutel) naar een nieuw bestand buiten de database. De achtergrondwerker doet dit dagelijks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--map", metavar="MAP", help="Waar het bestand komt. Standaard SCHAKEL_LOG_CHECKPOINT_DIR.")

    def handle(self, *args, map=None, **options):
        try:
            pad, inhoud, waarschuwingen = controlepunt_maken(Path(map) if map else None)
        except OSError as e:
            raise CommandError(f"Het controlepunt kon niet worden geschreven: {e.strerror} ({e.filename}).") from None
        self.stdout.write(f"Controlepunt geschreven: {pad}")
        for naam, kop in inhoud["ketens"].items():
            self.stdout.write(f"  {naam}: volgnummer {kop['volgnummer']}, hash {kop['hash']}")
        if waarschuwingen:
            raise CommandError("\n".join(waarschuwingen), returncode=1)
