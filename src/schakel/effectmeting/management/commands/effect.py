import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schakel.effectmeting.forms import DownloadForm, fouten_als_tekst
from schakel.effectmeting.uitvoer import FORMATEN, exporteer, meet


class Command(BaseCommand):
    help = (
        "Effectmeting over het cohort cliënten met een start tussen --van en --tot: registraties per kalenderjaar, "
        "per cliënt vóór en na de start (per 365 dagen vrij), naast een vergelijkingsgroep, de tijd tot de eerste "
        "nieuwe registratie en de kosten met hun formules. Groepen onder de 10 personen als <10; geen namen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--van", required=True, help="Eerste startdatum van het cohort, JJJJ-MM-DD.")
        parser.add_argument("--tot", required=True, help="Laatste startdatum van het cohort, JJJJ-MM-DD (telt mee).")
        parser.add_argument("--venster", default="", help="Dagen vóór en na de start per cliënt; standaard 365.")
        parser.add_argument("--jaren", default="", help="Kalenderjaren voor de gebruikelijke methode, bijvoorbeeld 2007,2008,2009.")
        parser.add_argument("--peildatum", default="", help="Tot wanneer de registraties compleet zijn, JJJJ-MM-DD; "
                            "standaard de datum van de laatst geïmporteerde registratie.")
        parser.add_argument("--kosten", help="JSON-bestand met de kosteninvoer (een scenario); zonder: de kosteninvoer "
                            "in beheer van het jaar van --tot, als die er is.")
        parser.add_argument("--format", dest="formaat", default="json", help=f"Uitvoer: {', '.join(FORMATEN)}.")
        parser.add_argument("--output", "-o", help="Schrijf naar dit bestand in plaats van naar standaarduitvoer.")

    def handle(self, *args, van, tot, venster, jaren, peildatum, kosten, formaat, output, **options):
        # The page's form checks the values, so the command refuses exactly what the page refuses.
        form = DownloadForm({"van": van, "tot": tot, "venster": venster, "jaren": jaren, "peildatum": peildatum,
                             "formaat": formaat})
        if not form.is_valid():
            raise CommandError("De effectmeting is niet gemaakt:\n" + fouten_als_tekst(form))
        invoer = None
        if kosten:
            from schakel.effectmeting.kosten_invoer import KostenbestandFout, lees_kostenbestand

            try:
                invoer = lees_kostenbestand(kosten)
            except KostenbestandFout as fout:
                raise CommandError(f"Het kostenbestand is niet gebruikt:\n{fout}") from None
        if output and not Path(output).parent.is_dir():
            raise CommandError(f"De map van {output} bestaat niet.")
        try:
            data = meet(**form.parameters, kosteninvoer=invoer)
        except ValueError as fout:
            raise CommandError(f"De effectmeting is niet gemaakt: {fout}") from None
        inhoud = exporteer(formaat, data)
        if output:
            Path(output).write_bytes(inhoud)
            self.stderr.write(f"Effectmeting geschreven naar {output} ({len(inhoud):,} bytes).".replace(",", "."))
        elif formaat in ("json", "html"):
            self.stdout.write(inhoud.decode(), ending="")
        else:
            sys.stdout.buffer.write(inhoud)
            sys.stdout.buffer.flush()
