from django.core.management.base import BaseCommand, CommandError

from schakel.historie.importeren import BestandFout, RegelFouten, importeer


class Command(BaseCommand):
    help = (
        "Importeert historische meldingen uit een GCOS-export of Excel-lijst (CSV UTF-8 met kopregel, of XLSX). "
        "Alles of niets per bestand: bij één foute regel wordt niets geïmporteerd en staat elke foute regel met "
        "regelnummer en reden in de foutuitvoer. Meldingen die al zijn geïmporteerd worden overgeslagen."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand", metavar="FILE", help="Het CSV- of XLSX-bestand.")

    def handle(self, *args, bestand, **options):
        # tqdm writes carriage returns itself; Django's OutputWrapper would add a newline to each.
        voortgang = getattr(self.stderr, "_out", None)
        try:
            uitkomst = importeer(bestand, voortgang=voortgang)
        except BestandFout as fout:
            raise CommandError(str(fout))
        except RegelFouten as fout:
            for regel in fout.fouten:
                self.stderr.write(regel)
            raise CommandError(str(fout))
        self.stdout.write(self.style.SUCCESS(uitkomst.samenvatting()))
