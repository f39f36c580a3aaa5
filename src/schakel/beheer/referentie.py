"""Reference data of a house the size of Hollands Midden. Codes are stable keys: reports group on
them across years, so a code is never reused for something else."""
from django.db import transaction

from schakel.briefing.models import BesluitOptie
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Thema
from schakel.overleggen.models import Overlegtype
from schakel.partners.models import Organisatie

HOLLAND_RIJNLAND = "Holland Rijnland"
MIDDEN_HOLLAND = "Midden Holland"

# (code, naam, subregio, centrumgemeente, eigen nazorg) — seed 001 §5.8 and §1.4.
GEMEENTEN = [
    ("alphen-aan-den-rijn", "Alphen aan den Rijn", HOLLAND_RIJNLAND, False, True),
    ("bodegraven-reeuwijk", "Bodegraven-Reeuwijk", MIDDEN_HOLLAND, False, False),
    ("gouda", "Gouda", MIDDEN_HOLLAND, True, False),
    ("hillegom", "Hillegom", HOLLAND_RIJNLAND, False, False),
    ("kaag-en-braassem", "Kaag en Braassem", HOLLAND_RIJNLAND, False, False),
    ("katwijk", "Katwijk", HOLLAND_RIJNLAND, False, True),
    ("krimpenerwaard", "Krimpenerwaard", MIDDEN_HOLLAND, False, False),
    ("leiden", "Leiden", HOLLAND_RIJNLAND, True, False),
    ("leiderdorp", "Leiderdorp", HOLLAND_RIJNLAND, False, False),
    ("lisse", "Lisse", HOLLAND_RIJNLAND, False, False),
    ("nieuwkoop", "Nieuwkoop", HOLLAND_RIJNLAND, False, False),
    ("noordwijk", "Noordwijk", HOLLAND_RIJNLAND, False, False),
    ("noordwijkerhout", "Noordwijkerhout", HOLLAND_RIJNLAND, False, False),
    ("oegstgeest", "Oegstgeest", HOLLAND_RIJNLAND, False, False),
    ("teylingen", "Teylingen", HOLLAND_RIJNLAND, False, False),
    ("voorschoten", "Voorschoten", HOLLAND_RIJNLAND, False, False),
    ("waddinxveen", "Waddinxveen", MIDDEN_HOLLAND, False, False),
    ("zoeterwoude", "Zoeterwoude", HOLLAND_RIJNLAND, False, False),
    ("zuidplas", "Zuidplas", MIDDEN_HOLLAND, False, False),
]
BIJZONDERE_GEMEENTEN = [
    ("buiten-regio", "Buiten regio", Gemeente.Soort.BUITEN_REGIO),
    ("geen-gba", "Geen GBA", Gemeente.Soort.GEEN_GBA),
]

K = Organisatie.Keten
# (code, naam, keten, is_veiligheidshuis)
ORGANISATIES = [
    ("zvh-hollands-midden", "Zorg- en Veiligheidshuis Hollands Midden", K.BESTUUR, True),
    ("politie", "Politie eenheid Den Haag", K.STRAF, False),
    ("om", "Openbaar Ministerie", K.STRAF, False),
    ("reclassering", "Reclassering Nederland", K.STRAF, False),
    ("svg", "Verslavingsreclassering (SVG)", K.STRAF, False),
    ("ldh-jbr", "Leger des Heils Jeugdbescherming & Reclassering", K.STRAF, False),
    ("dji", "Dienst Justitiële Inrichtingen", K.STRAF, False),
    ("rvdk", "Raad voor de Kinderbescherming", K.STRAF, False),
    ("halt", "Halt", K.STRAF, False),
    ("ggz", "GGZ Rivierduinen", K.ZORG, False),
    ("ggd", "GGD Hollands Midden", K.ZORG, False),
    ("veilig-thuis", "Veilig Thuis Hollands Midden", K.ZORG, False),
    ("jeugdbescherming", "Jeugdbescherming West", K.ZORG, False),
    ("leger-des-heils", "Leger des Heils (maatschappelijke opvang)", K.ZORG, False),
]

# (code, naam, telt in lokale rapportage)
OVERLEGTYPEN = [
    ("focus", "Focusoverleg", True),
    ("top_x", "Top-X-overleg", True),
    ("nazorg", "Nazorg ex-gedetineerden", True),
    ("smd", "SMD/ISD-overleg", True),
    ("radicalisering", "Radicalisering", False),
    ("huiselijk_geweld", "Huiselijk geweld", True),
    ("jeugd", "Jeugd", True),
]

THEMAS = [
    ("nazorg", "Nazorg ex-gedetineerden"),
    ("veelplegers", "Veelplegers / SMD"),
    ("huiselijk-geweld", "Huiselijk geweld"),
    ("jeugd", "Jeugdcriminaliteit"),
    ("verward-gedrag", "Personen met verward gedrag"),
    ("radicalisering", "Radicalisering"),
    ("ex-partnerstalking", "(Ex-)partnerstalking"),
    ("mensenhandel", "Mensenhandel"),
    ("overlast", "Overlast en woonoverlast"),
    ("high-impact-crime", "High impact crime"),
    ("overig", "Overig"),
]

# (code, naam, overlegtype-code of None, huis onderneemt actie) — seed 001 §1.5 and §5.2.
BESLUITEN = [
    ("agenderen_focus", "Agenderen focus/Top-X", "focus", True),
    ("agenderen_nazorg", "Agenderen/monitoren nazorg", "nazorg", True),
    ("bilateraal", "Bilateraal afhandelen", None, True),
    ("vrijwillig_traject", "Vrijwillig traject inzetten", None, True),
    ("opschalen", "Opschalen", None, True),
    ("geen_vervolg", "Casus krijgt (nog) geen vervolg", None, False),
]
GEEN_VERVOLG_REDENEN = [
    ("geen_vervolg_belegd", "Casus is belegd in overleg / plan van aanpak lopend bij partner"),
    ("geen_vervolg_uitgesteld", "Uitgestelde beslissing"),
    ("geen_vervolg_informeren", "Informeren partners / informatiedeling"),
    ("geen_vervolg_past_niet", "Casus past niet binnen het Veiligheidshuis"),
]


@transaction.atomic
def laad_referentiedata() -> None:
    """Idempotent and keyed on codes: a second run changes nothing, and never overwrites what a
    functioneel beheerder has configured since."""
    for code, naam, subregio, centrum, eigen_nazorg in GEMEENTEN:
        Gemeente.objects.get_or_create(
            code=code,
            defaults={"naam": naam, "subregio": subregio, "soort": Gemeente.Soort.GEMEENTE,
                      "centrumgemeente": centrum, "eigen_nazorg": eigen_nazorg},
        )
    for code, naam, soort in BIJZONDERE_GEMEENTEN:
        Gemeente.objects.get_or_create(code=code, defaults={"naam": naam, "soort": soort, "subregio": ""})
    for code, naam, keten, is_vh in ORGANISATIES:
        Organisatie.objects.get_or_create(code=code, defaults={"naam": naam, "keten": keten, "is_veiligheidshuis": is_vh})
    for gemeente in Gemeente.objects.filter(soort=Gemeente.Soort.GEMEENTE):
        Organisatie.objects.get_or_create(
            code=f"gemeente-{gemeente.code}",
            defaults={"naam": f"Gemeente {gemeente.naam}", "keten": K.BESTUUR, "gemeente": gemeente},
        )
    for volgorde, (code, naam, lokaal) in enumerate(OVERLEGTYPEN):
        Overlegtype.objects.get_or_create(
            code=code, defaults={"naam": naam, "telt_in_lokale_rapportage": lokaal, "volgorde": volgorde}
        )
    for code, naam in THEMAS:
        Thema.objects.get_or_create(code=code, defaults={"naam": naam})
    for volgorde, (code, naam, overleg, actie) in enumerate(BESLUITEN):
        BesluitOptie.objects.get_or_create(
            code=code,
            defaults={"naam": naam, "volgorde": volgorde, "huis_onderneemt_actie": actie, "hoofdbesluit": None,
                      "overlegtype": Overlegtype.objects.get(code=overleg) if overleg else None},
        )
    geen_vervolg = BesluitOptie.objects.get(code="geen_vervolg")
    for volgorde, (code, naam) in enumerate(GEEN_VERVOLG_REDENEN):
        BesluitOptie.objects.get_or_create(
            code=code,
            defaults={"naam": naam, "volgorde": volgorde, "hoofdbesluit": geen_vervolg, "huis_onderneemt_actie": False},
        )
