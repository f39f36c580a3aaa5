from schakel.core.importcommando import ImportCommando
from schakel.effectmeting.importeren import importeer_detenties


class Command(ImportCommando):
    help = (
        "Importeert detentieperioden voor de effectmeting uit een CSV- of XLSX-bestand met de kolommen detentie_id, "
        "persoon_id en/of bsn, begin (JJJJ-MM-DD) en einde (leeg als de persoon nog gedetineerd is). Perioden van "
        "personen die Schakel niet kent worden niet opgeslagen, alleen geteld. Alles of niets: bij één foute regel wordt "
        "niets geïmporteerd en staat elke foute regel met regelnummer en reden in de foutuitvoer. Perioden die al zijn "
        "geïmporteerd worden overgeslagen; een open periode krijgt het einde dat een later bestand geeft."
    )
    importeer = staticmethod(importeer_detenties)
