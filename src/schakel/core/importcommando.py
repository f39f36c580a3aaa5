from django.core.management.base import BaseCommand, CommandError

from schakel.core.bestanden import BestandFout, RegelFouten


class ImportCommando(BaseCommand):
    """Every import command behaves alike (the historical import, police registrations, detention
    periods): the summary on stdout, every bad row on stderr, a non-zero exit status when anything is
    refused."""

    importeer = None

    def opties(self, options) -> dict:
        """Further keyword arguments for `importeer`, from the command's own arguments."""
        return {}

    def add_arguments(self, parser):
        parser.add_argument("bestand", metavar="FILE", help="Het CSV-bestand (UTF-8 met kopregel) of XLSX-bestand.")

    def handle(self, *args, bestand, **options):
        # tqdm writes carriage returns itself; Django's OutputWrapper would add a newline to each.
        voortgang = getattr(self.stderr, "_out", None)
        try:
            uitkomst = type(self).importeer(bestand, voortgang=voortgang, **self.opties(options))
        except BestandFout as fout:
            raise CommandError(str(fout))
        except RegelFouten as fout:
            for regel in fout.fouten:
                self.stderr.write(regel)
            raise CommandError(str(fout))
        self.stdout.write(self.style.SUCCESS(uitkomst.samenvatting()))
