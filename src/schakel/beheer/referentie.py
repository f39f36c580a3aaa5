"""Reference data of a house the size of Hollands Midden. Codes are stable keys: reports group on
them across years, so a code is never reused for something else."""
import datetime

from django.db import transaction
from django.db.models import Q

from schakel.briefing.models import BesluitOptie
from schakel.casussen.models import AfsluitUitkomst
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Thema
from schakel.monitoring.models import Monitoringtermijn
from schakel.opschaling.models import Escalatieniveau
from schakel.overleggen.models import Overlegtype
from schakel.partners.models import Bron, Organisatie
from schakel.privacy.models import BijlageCategorie, Convenant, ConvenantBijlage, ConvenantPartij, InformatieCategorie

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
    ("ggz-parnassia", "GGZ Parnassia (buiten de regio)", K.ZORG, False),
    ("woningcorporatie", "Woningcorporatie Rijnhart Wonen", K.BESTUUR, False),
]
# Organisations that have not signed the covenant: their people only join a meeting as a guest after
# a geheimhoudingsverklaring (design §4). GGZ Parnassia works outside the region and is no party.
# Under which source the annual figures count an organisation's meldingen; the rest count as overig.
BRON_PER_ORGANISATIE = {
    "politie": Bron.POLITIE, "om": Bron.OM, "dji": Bron.DJI, "reclassering": Bron.RECLASSERING, "svg": Bron.RECLASSERING,
    "ldh-jbr": Bron.RECLASSERING, "ggz": Bron.ZORG, "ggd": Bron.ZORG, "ggz-parnassia": Bron.ZORG, "leger-des-heils": Bron.ZORG,
    "jeugdbescherming": Bron.ZORG, "veilig-thuis": Bron.VEILIG_THUIS,
}
ZONDER_CONVENANT = {"woningcorporatie", "ggz-parnassia"}

# Seed 001 §4.13-4.14: the covenant rewritten in 2016, signed 28 November 2016, with an annex per
# conference type. Every organisation with covenant (municipalities included) signs it.
CONVENANT = {"naam": "Convenant Zorg- en Veiligheidshuis Hollands Midden 2016", "versie": "2016"}
CONVENANT_DATUM = datetime.date(2016, 11, 28)
# Special categories only some parties of an annex may see (design §4: medical and Veilig Thuis
# details only to the parties the annex names).
ALLEEN_VOOR = {
    "zorg": ["ggz", "ggd", "reclassering", "svg", "veilig-thuis"],
    "veilig-thuis": ["veilig-thuis", "politie"],
}

# (code, naam, bijzonder) — information categories a covenant annex can allow per conference type.
INFORMATIECATEGORIEEN = [
    ("identificerend", "Identificerende gegevens (naam, geboortedatum, adres)", False),
    ("justitieel", "Justitiële en strafvorderlijke gegevens", True),
    ("politie", "Politiegegevens", True),
    ("zorg", "Gezondheid en zorg (medisch, GGZ, verslaving)", True),
    ("veilig-thuis", "Veilig Thuis-gegevens", True),
    ("financieel", "Inkomen en schulden", False),
    ("wonen", "Huisvesting", False),
    ("gezin", "Gezinssituatie en netwerk", False),
]
# Per conference type: the categories its annex allows, the standing partners, and whether the
# client can join the table.
OVERLEG_INRICHTING = {
    "focus": (["identificerend", "justitieel", "politie", "zorg", "financieel", "wonen", "gezin"],
              ["politie", "om", "reclassering", "ggz"], True),
    "top_x": (["identificerend", "justitieel", "politie", "financieel", "wonen", "gezin"], ["politie", "om", "reclassering"], False),
    "nazorg": (["identificerend", "justitieel", "financieel", "wonen", "zorg"], ["dji", "reclassering"], True),
    "smd": (["identificerend", "justitieel", "politie", "zorg"], ["om", "reclassering", "svg"], False),
    "radicalisering": (["identificerend", "justitieel", "politie", "zorg", "gezin"], ["politie", "om"], False),
    "huiselijk_geweld": (["identificerend", "justitieel", "politie", "veilig-thuis", "gezin"], ["veilig-thuis", "politie"], True),
    "jeugd": (["identificerend", "justitieel", "politie", "gezin"], ["rvdk", "jeugdbescherming", "halt"], True),
}

MONITORINGTERMIJNEN = [("Na 1 week", 7), ("Na 1 maand", 30), ("Na 3 maanden", 91), ("Na 6 maanden", 182)]

ESCALATIELADDER = [
    ("procesregisseur", "Procesregisseur"),
    ("ketenmanager", "Ketenmanager"),
    ("regiekamer", "Regiekamer"),
    ("stuurgroep", "Stuurgroep / burgemeester"),
]

# Seed 001 §5.6: outcomes at closing of a focus case, multi-select.
AFSLUITUITKOMSTEN = [
    ("samenwerking", "Alle partijen werken samen"),
    ("voortgang", "Er is voortgang geboekt"),
    ("beheersbaar", "Casus beheersbaar gemaakt"),
    ("casushouder_verder", "Casushouder kan verder, waar hij/zij vastliep"),
    ("doorbraak", "Afgeweken van procedures / doorbraak geforceerd"),
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
    ("focus", "Agenderen focus/Top-X", "focus", True),
    ("nazorg", "Agenderen/monitoren nazorg", "nazorg", True),
    ("bilateraal", "Bilateraal afhandelen", None, True),
    ("vrijwillig_traject", "Vrijwillig traject inzetten", None, True),
    ("opschalen", "Opschalen", None, True),
    ("geen_vervolg", "Casus krijgt (nog) geen vervolg", None, False),
]
GEEN_VERVOLG_REDENEN = [
    ("belegd", "Casus is belegd in overleg / plan van aanpak lopend bij partner"),
    ("uitgesteld", "Uitgestelde beslissing"),
    ("informeren", "Informeren partners / informatiedeling"),
    ("past_niet", "Casus past niet binnen het Veiligheidshuis"),
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
        Organisatie.objects.get_or_create(
            code=code,
            defaults={"naam": naam, "keten": keten, "is_veiligheidshuis": is_vh, "convenantpartner": code not in ZONDER_CONVENANT,
                      "bron": BRON_PER_ORGANISATIE.get(code, Bron.OVERIG)},
        )
    for gemeente in Gemeente.objects.filter(soort=Gemeente.Soort.GEMEENTE):
        Organisatie.objects.get_or_create(
            code=f"gemeente-{gemeente.code}",
            defaults={"naam": f"Gemeente {gemeente.naam}", "keten": K.BESTUUR, "gemeente": gemeente, "bron": Bron.GEMEENTE},
        )
    for code, naam, bijzonder in INFORMATIECATEGORIEEN:
        InformatieCategorie.objects.get_or_create(code=code, defaults={"naam": naam, "bijzonder": bijzonder})
    for volgorde, (code, naam, lokaal) in enumerate(OVERLEGTYPEN):
        categorieen, partners, client = OVERLEG_INRICHTING[code]
        overlegtype, nieuw = Overlegtype.objects.get_or_create(
            code=code,
            defaults={"naam": naam, "telt_in_lokale_rapportage": lokaal, "volgorde": volgorde, "client_kan_aansluiten": client},
        )
        if nieuw:
            overlegtype.informatiecategorieen.set(InformatieCategorie.objects.filter(code__in=categorieen))
            overlegtype.vaste_partners.set(Organisatie.objects.filter(code__in=partners))
    _laad_convenant()
    for naam, dagen in MONITORINGTERMIJNEN:
        Monitoringtermijn.objects.get_or_create(dagen=dagen, defaults={"naam": naam})
    for trede, (code, naam) in enumerate(ESCALATIELADDER, start=1):
        Escalatieniveau.objects.get_or_create(code=code, defaults={"naam": naam, "volgorde": trede})
    for volgorde, (code, naam) in enumerate(AFSLUITUITKOMSTEN):
        AfsluitUitkomst.objects.get_or_create(code=code, defaults={"naam": naam, "volgorde": volgorde})
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


def _laad_convenant() -> None:
    """The covenant with its parties and an annex per conference type. Only what is missing is
    added; parties, annex parties and categories a beheerder changed stay as they are."""
    convenant, nieuw = Convenant.objects.get_or_create(
        naam=CONVENANT["naam"], versie=CONVENANT["versie"],
        defaults={"ondertekend_op": CONVENANT_DATUM, "geldig_van": CONVENANT_DATUM, "geldig_tot": None},
    )
    partijen = Organisatie.objects.filter(convenantpartner=True).exclude(code__in=ZONDER_CONVENANT)
    if nieuw:
        ConvenantPartij.objects.bulk_create(
            [ConvenantPartij(convenant=convenant, organisatie=o, ondertekend_op=CONVENANT_DATUM) for o in partijen]
        )
    for overlegtype in Overlegtype.objects.filter(code__in=OVERLEG_INRICHTING):
        categorieen, vaste_partners, _client = OVERLEG_INRICHTING[overlegtype.code]
        bijlage, nieuw = ConvenantBijlage.objects.get_or_create(
            convenant=convenant, overlegtype=overlegtype, defaults={"doel": overlegtype.doel}
        )
        if not nieuw:
            continue
        # The standing partners plus every other party of the covenant may join when invited.
        bijlage.partijen.set(
            Organisatie.objects.filter(Q(convenantpartijen__convenant=convenant) | Q(code__in=vaste_partners)).distinct()
        )
        for categorie in InformatieCategorie.objects.filter(code__in=categorieen):
            rij = BijlageCategorie.objects.create(bijlage=bijlage, categorie=categorie)
            if categorie.code in ALLEEN_VOOR:
                rij.alleen_voor.set(Organisatie.objects.filter(code__in=ALLEEN_VOOR[categorie.code]))
