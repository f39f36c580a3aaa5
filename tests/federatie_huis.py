"""Run inside one house of the three-house test (tests/test_federatie.py), through `schakel shell -c`,
with that house's settings: seed persons in active cases through the services, close a case.
Prints one JSON line; the test reads the last line of the output."""
import json

from django.utils import timezone

from schakel.briefing.models import BesluitOptie, Briefing, Weging
from schakel.briefing.services import agendeer, maak_briefing, weeg
from schakel.casussen.models import AfsluitUitkomst, Afsluiting, Casus
from schakel.casussen.services import sluit_casus_af
from schakel.gebruikers.models import Gebruiker, GebruikerRol
from schakel.gebruikers.rollen import Rol
from schakel.gebruikers.services import maak_token
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding, Thema
from schakel.meldingen.services import registreer_melding
from schakel.partners.models import Organisatie
from schakel.personen.models import Persoon


def _gebruiker(naam, organisatie, rol):
    g = Gebruiker.objects.create_user(username=naam, password="Federatie-test-2026", organisatie=Organisatie.objects.get(code=organisatie))
    GebruikerRol.objects.create(gebruiker=g, rol=rol)
    return g


def zaai(personen: list[list[str]]) -> None:
    """personen: [bsn, voornamen, achternaam] each; every person gets a melding and a focus case."""
    huis = "zvh-hollands-midden"
    pr = _gebruiker("pr", huis, Rol.PROCESREGISSEUR)
    zsm = _gebruiker("zsm", "om", Rol.ZSM)
    beheerder = _gebruiker("beheerder", huis, Rol.FUNCTIONEEL_BEHEERDER)
    leiden = Gemeente.objects.get(code="leiden")
    briefing = maak_briefing(briefing=Briefing(datum=timezone.localdate()), weegploeg=[], door=pr)
    for bsn, voornamen, achternaam in personen:
        persoon = Persoon(bsn=bsn, voornamen=voornamen, achternaam=achternaam, geboortedatum="1985-02-03", gemeente=leiden)
        melding = registreer_melding(door=pr, persoon=persoon, melding=Melding(
            ontvangen_op=timezone.now(), kanaal=Melding.Kanaal.MAIL, melder_organisatie=Organisatie.objects.get(code="politie"),
            melder_naam="A. Agent", gemeente=leiden, thema=Thema.objects.get(code="overlast"), omschrijving="Overlast.",
        ))
        agendeer(briefing=briefing, meldingen=[melding], door=pr)
        weeg(weging=Weging(briefing=briefing, melding=melding, besluit=BesluitOptie.objects.get(code="focus"),
                           criterium_a=True, motivatie_a="a", criterium_b=True, motivatie_b="b",
                           criterium_c=True, motivatie_c="c"), door=pr)
    _, token = maak_token(door=beheerder, gebruiker=zsm, naam="ZSM-tafel", scopes=["zsm"])
    print(json.dumps({"token": token, "actief": Casus.objects.actief().count()}))


def sluit(bsn: str) -> None:
    pr = Gebruiker.objects.get(username="pr")
    casus = Casus.objects.actief().get(personen__bsn=bsn)
    sluit_casus_af(casus=casus, afsluiting=Afsluiting(datum=timezone.localdate(), reden="overig"),
                   uitkomsten=AfsluitUitkomst.objects.all()[:1], door=pr)
    print(json.dumps({"gesloten": casus.pk}))
