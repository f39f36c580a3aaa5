"""`schakel restore BESTAND [--overschrijven]`: the database back from a backup (core/backup.py)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError

from schakel.core.backup import BackupFout, herstel_backup


class Command(BaseCommand):
    help = ("Zet een back-up van `schakel backup` terug. Weigert een database die al gegevens bevat, tenzij "
            "--overschrijven is gegeven. Controleer daarna de logketens met `schakel verifieer_log`.")

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="het back-upbestand")
        parser.add_argument("--overschrijven", action="store_true",
                            help="vervang een database die al gegevens bevat volledig door de back-up")

    def handle(self, bestand, overschrijven, **options):
        try:
            herstel_backup(Path(bestand), overschrijven=overschrijven)
        except BackupFout as e:
            raise CommandError(str(e)) from None
        except DatabaseError as e:
            raise CommandError(f"De database gaf een fout: {type(e).__name__}.") from None
        except OSError as e:
            raise CommandError(f"De back-up kon niet worden gelezen: {e.strerror}.") from None
        self.stdout.write(f"Back-up {bestand} teruggezet. Controleer de logketens met `schakel verifieer_log`.")
