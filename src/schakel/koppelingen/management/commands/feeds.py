from django.core.management.base import BaseCommand, CommandError

from schakel.core.bestanden import BestandFout
from schakel.koppelingen.afleverfolder import AlBezig, verwerk_map


class Command(BaseCommand):
    help = (
        "Verwerkt de afleverfolder van de dagelijkse feeds: elk *.csv- of *.xlsx-bestand in MAP/politie/ en MAP/dji/. "
        "Een bestand dat nog wordt gekopieerd heet *.part en wordt overgeslagen tot het is hernoemd. Ingelezen bestanden "
        "gaan naar verwerkt/, geweigerde naar fout/ met een foutenbestand ernaast. Opnieuw draaien is veilig."
    )

    def add_arguments(self, parser):
        parser.add_argument("--map", required=True, metavar="MAP", help="De afleverfolder.")

    def handle(self, *args, map, **options):
        voortgang = getattr(self.stderr, "_out", None)
        try:
            resultaten = verwerk_map(map, voortgang)
        except (BestandFout, AlBezig) as fout:
            raise CommandError(str(fout))
        if not resultaten:
            self.stdout.write("Geen nieuwe bestanden in de afleverfolder.")
        for r in resultaten:
            if r.gelukt:
                self.stdout.write(self.style.SUCCESS(f"{r.bron}: {r.tekst}"))
            else:
                self.stderr.write(f"{r.bron}: {r.bestand} geweigerd, zie fout/{r.bestand}.fouten.txt: {r.tekst}")
        if any(not r.gelukt for r in resultaten):
            raise CommandError("Niet elk bestand is ingelezen.")
