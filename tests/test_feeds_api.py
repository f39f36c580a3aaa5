"""Delivering a feed through the API: the source's own system with a token scoped 'feeds'; the answer
holds counts and row errors, never who a row turned out to be."""
import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from schakel.gebruikers.services import maak_token
from schakel.koppelingen.models import Feedlevering
from schakel.meldingen.models import Melding
from schakel.personen.models import Persoon

from .conftest import org
from .factories import GebruikerFactory

KOP = "bron_id,datum,soort,bsn,voornamen,tussenvoegsel,achternaam,geboortedatum,gemeente\n"


def upload(sleutel, inhoud: str, bron="politie", naam="mutaties.csv"):
    bestand = io.BytesIO(inhoud.encode())
    bestand.name = naam
    return Client().post(reverse("api-feed", args=[bron]), {"bestand": bestand}, HTTP_AUTHORIZATION=f"Token {sleutel}")


@pytest.fixture
def politie_systeem(users):
    systeem = GebruikerFactory(username="bvh.systeem", organisatie=org("politie"), rollen=["partner"])
    _, sleutel = maak_token(door=users["beheerder"], gebruiker=systeem, naam="BVH-export", scopes=["feeds"])
    return systeem, sleutel


def test_upload_geeft_alleen_aantallen(users, politie_systeem):
    systeem, sleutel = politie_systeem
    bekend = Persoon.objects.create(voornamen="Piet", achternaam="Kok", geboortedatum="1980-05-20", bsn="123456782")
    inhoud = KOP + "P-1,2026-03-01,aanhouding,123456782,P,,Kok,1980-05-20,Leiden\nP-2,2026-03-02,,,Anna,,Nieuw,1990-01-02,Gouda\n"
    antwoord = upload(sleutel, inhoud)
    assert antwoord.status_code == 201
    assert antwoord.json() == {"bestand": "mutaties.csv", "regels": 2, "nieuw": 2, "al_ontvangen": 0, "dubbel": 0}
    tekst = antwoord.content.decode()
    assert "Kok" not in tekst and str(bekend.pk) not in tekst and "gekoppeld" not in tekst
    levering = Feedlevering.objects.get()
    assert (levering.route, levering.door, levering.automatisch_gekoppeld) == ("api", systeem, 1)
    # Again: nothing new.
    assert upload(sleutel, inhoud).json()["al_ontvangen"] == 2
    assert Melding.objects.count() == 2


def test_fout_bestand_geeft_problem_details(users, politie_systeem):
    _, sleutel = politie_systeem
    antwoord = upload(sleutel, KOP + "P-1,2026-03-01,,,Piet,,Kok,1980-05-20,Leiden\nP-2,morgen,,,Anna,,Nieuw,1990-01-02,Gouda\n")
    assert antwoord.status_code == 400
    assert antwoord["Content-Type"] == "application/problem+json"
    assert json.loads(antwoord.content) == {
        "type": "about:blank", "title": "Niets ingelezen", "status": 400, "detail": "Niets geïmporteerd: 1 regel met fouten.",
        "fouten": ["Regel 3: datum 'morgen' is geen geldige datum; gebruik JJJJ-MM-DD"], "aantal_fouten": 1,
    }
    assert Melding.objects.count() == 0
    antwoord = upload(sleutel, "")
    assert antwoord.status_code == 400 and "leeg" in antwoord.json()["detail"]
    antwoord = Client().post(reverse("api-feed", args=["politie"]), {}, HTTP_AUTHORIZATION=f"Token {sleutel}")
    assert antwoord.status_code == 400 and antwoord.json()["title"] == "Geen bestand"


def test_alleen_de_eigen_bron_met_de_juiste_scope(users, politie_systeem):
    systeem, sleutel = politie_systeem
    inhoud = "bron_id,bsn,voornamen,tussenvoegsel,achternaam,geboortedatum,gemeente,inrichting,begin\n"
    assert upload(sleutel, inhoud, bron="dji").status_code == 403
    _, zsm_sleutel = maak_token(door=users["beheerder"], gebruiker=systeem, naam="verkeerde scope", scopes=["zsm"])
    assert upload(zsm_sleutel, KOP).status_code == 403
    _, reclassering = maak_token(door=users["beheerder"], gebruiker=users["reclassering"], naam="x", scopes=["feeds"])
    assert upload(reclassering, KOP).status_code == 403
    assert Client().post(reverse("api-feed", args=["politie"])).status_code in (401, 403)
    assert Melding.objects.count() == 0
