from schakel.core.importcommando import ImportCommando
from schakel.koppelingen.feed import verwerk
from schakel.koppelingen.models import Bron


def _verwerk(bestand, *, voortgang, bron):
    return verwerk(bron, bestand, voortgang=voortgang)


class Command(ImportCommando):
    help = (
        "Leest een dagelijkse feed in: 'politie' (mutaties en aanhoudingen uit BVH/BPS) of 'dji' (detentiemeldingen). "
        "Elke nieuwe regel wordt een melding; een bronnummer dat al eerder binnenkwam wordt overgeslagen. Alles of niets: "
        "bij één foute regel wordt niets ingelezen en staat elke foute regel met regelnummer en reden in de foutuitvoer."
    )
    importeer = staticmethod(_verwerk)

    def add_arguments(self, parser):
        parser.add_argument("bron", choices=Bron.values, help="De bron van het bestand: politie of dji.")
        super().add_arguments(parser)

    def opties(self, options) -> dict:
        return {"bron": options["bron"]}
