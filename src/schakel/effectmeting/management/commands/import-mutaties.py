from schakel.core.importcommando import ImportCommando
from schakel.effectmeting.importeren import importeer_mutaties


class Command(ImportCommando):
    help = (
        "Importeert politieregistraties (mutaties) voor de effectmeting uit een CSV- of XLSX-bestand met de kolommen "
        "mutatie_id, datum (JJJJ-MM-DD), persoon_id en/of bsn, rol (verdachte, slachtoffer, getuige, betrokkene, overig), "
        "delict (optioneel) en huiselijk_geweld (ja/nee, leeg is nee). Registraties over personen die Schakel niet kent "
        "worden niet opgeslagen, alleen geteld. Alles of niets: bij één foute regel wordt niets geïmporteerd en staat elke "
        "foute regel met regelnummer en reden in de foutuitvoer. Registraties die al zijn geïmporteerd worden overgeslagen."
    )
    importeer = staticmethod(importeer_mutaties)
