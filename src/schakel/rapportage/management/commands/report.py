import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from schakel.core.commando import datum
from schakel.rapportage.factsheet import drempel_standaard
from schakel.rapportage.indicatoren import Periode
from schakel.rapportage.rapport import OnbekendeGemeente, zoek_gemeente
from schakel.rapportage.uitvoer import FORMATEN, exporteer


class Command(BaseCommand):
    help = (
        "Managementrapportage over een periode (beide data inclusief): de indicatoren van het huis "
        "voor de regio, of met --gemeente de factsheet van één gemeente (zonder namen, kleine aantallen als <5)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="van", required=True, help="Eerste dag, JJJJ-MM-DD.")
        parser.add_argument("--to", dest="tot", required=True, help="Laatste dag, JJJJ-MM-DD (telt mee).")
        parser.add_argument("--format", dest="formaat", choices=list(FORMATEN), default="json")
        parser.add_argument("--gemeente", help="Naam van de gemeente voor een factsheet.")
        parser.add_argument("--drempel", type=int, help="Een hogere drempel voor kleine aantallen dan de ingestelde (RAPPORTAGE_DREMPEL, standaard 5); "
                 "lager kan niet.")
        parser.add_argument("--output", "-o", help="Schrijf naar dit bestand in plaats van naar standaarduitvoer.")

    def handle(self, *args, van, tot, formaat, gemeente, drempel, output, **options):
        try:
            periode = Periode(datum(van), datum(tot))
            gemeente = zoek_gemeente(gemeente) if gemeente else None
        except (ValueError, OnbekendeGemeente) as fout:
            raise CommandError(str(fout)) from None
        # The configured threshold protects people in small municipalities; one report may be stricter,
        # never looser, so a lower value is refused rather than silently raised.
        if drempel is not None and drempel < drempel_standaard():
            raise CommandError(
                f"De drempel kan alleen hoger dan de ingestelde drempel ({drempel_standaard()}); "
                "een lagere drempel zou kleine aantallen tonen."
            )
        inhoud = exporteer(formaat, periode, gemeente, drempel)
        if output:
            Path(output).write_bytes(inhoud)
            self.stderr.write(f"Rapportage geschreven naar {output} ({len(inhoud):,} bytes).".replace(",", "."))
        elif formaat in ("json", "csv", "html"):
            self.stdout.write(inhoud.decode(), ending="")
        else:
            sys.stdout.buffer.write(inhoud)
            sys.stdout.buffer.flush()
