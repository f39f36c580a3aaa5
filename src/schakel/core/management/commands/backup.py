"""`schakel backup BESTAND`: the whole database in one file (core/backup.py)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError

from schakel.core.backup import BackupFout, maak_backup


class Command(BaseCommand):
    help = "Schrijft een volledige back-up van de database naar BESTAND (PostgreSQL: pg_dump; SQLite: de backup-API)."

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="het nieuwe back-upbestand; een bestaand bestand wordt nooit overschreven")

    def handle(self, bestand, **options):
        try:
            grootte = maak_backup(Path(bestand))
        except BackupFout as e:
            raise CommandError(str(e)) from None
        except DatabaseError as e:
            raise CommandError(f"De database gaf een fout: {type(e).__name__}.") from None
        except OSError as e:
            raise CommandError(f"De back-up kon niet worden geschreven: {e.strerror}.") from None
        self.stdout.write(f"Back-up geschreven naar {bestand} ({grootte:,} bytes).".replace(",", "."))
