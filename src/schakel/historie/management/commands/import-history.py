from schakel.core.importcommando import ImportCommando
from schakel.historie.importeren import importeer


class Command(ImportCommando):
    help = (
        "Importeert historische meldingen uit een GCOS-export of Excel-lijst (CSV UTF-8 met kopregel, of XLSX). "
        "Alles of niets per bestand: bij één foute regel wordt niets geïmporteerd en staat elke foute regel met "
        "regelnummer en reden in de foutuitvoer. Meldingen die al zijn geïmporteerd worden overgeslagen."
    )
    importeer = staticmethod(importeer)
