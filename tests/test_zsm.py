"""ZSM: the advice a case meeting writes, and the one question the ZSM role may ask (page and API)."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIRequestFactory

from schakel.casussen.services import zet_casus_status
from schakel.personen.services import HUIS_CONTACT
from schakel.privacy.models import Mutatielog, Toegangslog
from schakel.zsm.api import ZsmVraagView
from schakel.zsm.models import ZsmAdvies
from schakel.zsm.services import leg_advies_vast

from .scenario import BSN_P1, bouw_scenario

API_URL = "/api/zsm/vraag/"
ONBEKEND_BSN = "123456782"  # passes the eleven-test, belongs to nobody here
VIER = {"bekend", "actieve_casus", "advies", "contact"}
# Plus the federated bekendheidscheck: other houses' names and contact points only (tests/test_bekendheid.py);
# null when no middenvelder is configured, as here.
ANTWOORDVELDEN = VIER | {"elders"}


def geldig_advies(s, users, dagen=30, schets="Recidiverende overlast, plan van aanpak loopt."):
    return leg_advies_vast(
        casus=s.casus,
        advies=ZsmAdvies(schets=schets, gewenste_maatregelen="Reclasseringstoezicht, meldplicht.",
                         geldig_tot=timezone.localdate() + timedelta(days=dagen)),
        door=users["pr"],
    )


def verlopen_advies(s, users):
    # Written directly: the service refuses a date in the past, which is the point of the test.
    return ZsmAdvies.objects.create(
        casus=s.casus, schets="Oude schets.", gewenste_maatregelen="Oude maatregel.",
        geldig_tot=timezone.localdate() - timedelta(days=1), door=users["pr"],
    )


def vraag_beide(client, data):
    """Ask on the page and through the API; both must give the same four answers."""
    page = client.post(reverse("zsm:vraag"), data)
    assert page.status_code == 200, page.content.decode()
    api = client.post(API_URL, data, content_type="application/json")
    assert api.status_code == 200, api.content.decode()
    body = api.json()
    assert set(body) == ANTWOORDVELDEN and body.pop("elders") is None
    antwoord = page.context["antwoord"].als_dict()
    assert antwoord.pop("elders") is None
    if antwoord["advies"]:
        antwoord["advies"] = {**antwoord["advies"], "geldig_tot": antwoord["advies"]["geldig_tot"].isoformat()}
    assert body == antwoord
    return body, page.content.decode() + api.content.decode()


@pytest.mark.django_db
def test_known_person_in_active_case_with_valid_advice(client_for, users):
    s = bouw_scenario(users)
    users["pr"].email = "pr@zvh.example"
    users["pr"].save()
    verlopen_advies(s, users)
    advies = geldig_advies(s, users)
    body, tekst = vraag_beide(client_for(users["zsm"]), {"bsn": BSN_P1})
    assert body == {
        "bekend": True,
        "actieve_casus": True,
        "advies": {"schets": advies.schets, "gewenste_maatregelen": advies.gewenste_maatregelen,
                   "geldig_tot": advies.geldig_tot.isoformat()},
        "contact": f"procesregisseur {users['pr']} (pr@zvh.example) van het Zorg- en Veiligheidshuis",
    }
    # Nothing beyond the four answers: no name, no BSN, no case number, no melding content. The contact's
    # own (generated) name is taken out first: "Senn Karels" must not read as the person "Karel".
    tekst = tekst.replace(str(users["pr"]), "")
    for verboden in ("Jansen", "Karel", BSN_P1, s.casus.nummer, s.melding.nummer, s.melding.omschrijving, "Oude schets"):
        assert verboden not in tekst
    logs = Toegangslog.objects.filter(gebruiker=users["zsm"])
    assert [(r.actie, r.objecttype, r.persoon_id) for r in logs] == [("zsm_vraag", "persoon", s.persoon.pk)] * 2
    assert {r.doel for r in logs} == {
        "ZSM-vraag (scherm): bekend=ja, actieve casus=ja, advies=ja",
        "ZSM-vraag (API): bekend=ja, actieve casus=ja, advies=ja",
    }


@pytest.mark.django_db
def test_unknown_person_gets_four_no_answers_and_the_question_is_logged(client_for, users):
    bouw_scenario(users)
    body, _ = vraag_beide(client_for(users["zsm"]), {"bsn": ONBEKEND_BSN})
    assert body == {"bekend": False, "actieve_casus": False, "advies": None, "contact": HUIS_CONTACT}
    logs = list(Toegangslog.objects.filter(gebruiker=users["zsm"]))
    assert len(logs) == 2
    assert all((r.objecttype, r.object_id, r.persoon_id) == ("zsm-vraag", 0, None) for r in logs)
    assert all(r.doel.endswith("bekend=nee, actieve casus=nee, advies=nee") for r in logs)
    assert not any(ONBEKEND_BSN in r.doel for r in logs)


@pytest.mark.django_db
def test_known_person_without_active_case_by_name_and_birth_date(client_for, users):
    s = bouw_scenario(users)
    geldig_advies(s, users)
    zet_casus_status(casus=s.casus, naar="afgesloten", door=users["pr"])
    body, _ = vraag_beide(client_for(users["zsm"]), {"achternaam": "JANSEN", "geboortedatum": "1990-05-01"})
    assert body == {"bekend": True, "actieve_casus": False, "advies": None, "contact": HUIS_CONTACT}
    assert Toegangslog.objects.filter(gebruiker=users["zsm"], persoon_id=s.persoon.pk).count() == 2


@pytest.mark.django_db
def test_expired_advice_is_not_shown(client_for, users):
    s = bouw_scenario(users)
    verlopen_advies(s, users)
    body, tekst = vraag_beide(client_for(users["zsm"]), {"bsn": BSN_P1})
    assert body["bekend"] and body["actieve_casus"] and body["advies"] is None
    assert body["contact"].startswith(f"procesregisseur {users['pr']}")
    assert "Oude schets" not in tekst


@pytest.mark.django_db
def test_page_shows_the_answer_in_dutch(client_for, users):
    s = bouw_scenario(users)
    geldig_advies(s, users)
    html = client_for(users["zsm"]).post(reverse("zsm:vraag"), {"bsn": "111 222 333"}).content.decode()
    assert "Actieve casus</dt><dd>Ja" in html and "Recidiverende overlast" in html and "Reclasseringstoezicht" in html


@pytest.mark.django_db
def test_the_answer_repeats_whom_it_is_about_as_typed(client_for, users):
    """So the desk can see it got the answer for the right person: the BSN as its last three digits,
    the surname and birth date exactly as typed; nothing from the register the asker did not type."""
    s = bouw_scenario(users)
    client = client_for(users["zsm"])
    html = client.post(reverse("zsm:vraag"), {"bsn": "111 222 333"}).content.decode()
    antwoord = html[html.index('id="antwoord-kop"'):html.index("</section>")]
    assert '<dt>BSN</dt><dd><span aria-hidden="true">******</span>333' in antwoord
    assert BSN_P1 not in html and "111 222 333" not in html
    # Known by BSN, but the name in the register is not what was typed, so it is not shown.
    assert s.persoon.achternaam not in antwoord and "Achternaam</dt>" not in antwoord and "1990" not in antwoord

    html = client.post(reverse("zsm:vraag"), {"achternaam": "jansen", "geboortedatum": "1990-05-01"}).content.decode()
    antwoord = html[html.index('id="antwoord-kop"'):html.index("</section>")]
    assert "<dt>Achternaam</dt><dd>jansen</dd>" in antwoord and "<dt>Geboortedatum</dt><dd>01-05-1990</dd>" in antwoord
    assert "Bekend bij het Zorg- en Veiligheidshuis</dt><dd>Ja" in antwoord
    assert s.persoon.voornamen not in antwoord and "Jansen" not in antwoord and "<dt>BSN</dt>" not in antwoord
    # The next question starts empty: the form does not keep the typed identity.
    formulier = html[html.index("<form"):]
    assert 'value="jansen"' not in formulier and 'value="1990-05-01"' not in formulier


@pytest.mark.django_db
def test_question_in_the_url_is_not_answered(client_for, users):
    bouw_scenario(users)
    response = client_for(users["zsm"]).get(reverse("zsm:vraag"), {"bsn": BSN_P1})
    assert response.status_code == 200 and "antwoord" not in response.context
    assert not Toegangslog.objects.filter(gebruiker=users["zsm"]).exists()


@pytest.mark.django_db
def test_api_schema_documents_the_question(client_for, users):
    schema = client_for(users["zsm"]).get("/api/schema/", {"format": "json"})
    assert schema.status_code == 200
    data = schema.json()
    operatie = data["paths"][API_URL]["post"]
    assert operatie["operationId"] == "zsm_vraag"
    antwoord_ref = operatie["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(data["components"]["schemas"][antwoord_ref]["properties"]) == ANTWOORDVELDEN


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data,veld,boodschap",
    [
        ({"bsn": "123456789"}, "bsn", "elfproef"),
        ({}, "non_field_errors", "Vul een BSN in, of de achternaam én de geboortedatum."),
        ({"achternaam": "Jansen"}, "non_field_errors", "Vul een BSN in, of de achternaam én de geboortedatum."),
        ({"achternaam": "Jansen", "geboortedatum": "2999-01-01"}, "geboortedatum", "Deze datum ligt in de toekomst."),
        ({"achternaam": "<script>x</script>", "geboortedatum": "1990-05-01"}, "achternaam", "HTML-code"),
    ],
)
def test_bad_question_is_refused_in_dutch_on_page_and_api(client_for, users, data, veld, boodschap):
    bouw_scenario(users)
    client = client_for(users["zsm"])
    page = client.post(reverse("zsm:vraag"), data)
    assert page.status_code == 400 and boodschap in page.content.decode()
    assert page.context["form"].data.get("achternaam", "") == data.get("achternaam", "")
    api = client.post(API_URL, data, content_type="application/json")
    assert api.status_code == 400
    fouten = api.json()["fouten"]  # RFC 9457 problem details: per field, general ones under 'algemeen'
    assert any(boodschap in m for m in fouten["algemeen" if veld == "non_field_errors" else veld])
    assert not Toegangslog.objects.filter(gebruiker=users["zsm"]).exists()


@pytest.mark.django_db
def test_other_roles_may_not_ask(client_for, users):
    bouw_scenario(users)
    for naam, user in users.items():
        if naam == "zsm":
            continue
        client = client_for(user)
        assert client.post(reverse("zsm:vraag"), {"bsn": BSN_P1}).status_code == 403, naam
        assert client.post(API_URL, {"bsn": BSN_P1}, content_type="application/json").status_code == 403, naam
    assert not Toegangslog.objects.filter(actie="zsm_vraag").exists()


@pytest.mark.django_db
def test_api_without_credentials_is_401_not_a_redirect(client, users):
    assert client.post(API_URL, {"bsn": BSN_P1}, content_type="application/json").status_code == 401
    # The view itself, apart from the site-wide login middleware:
    request = APIRequestFactory().post(API_URL, {"bsn": BSN_P1}, format="json")
    response = ZsmVraagView.as_view()(request)
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Token"


@pytest.mark.django_db
def test_api_with_token(client, users):
    bouw_scenario(users)
    from schakel.gebruikers.services import maak_token

    _, sleutel = maak_token(door=users["beheerder"], gebruiker=users["zsm"], naam="ZSM-tafel", scopes=["zsm"])
    response = client.post(API_URL, {"bsn": BSN_P1}, content_type="application/json", HTTP_AUTHORIZATION=f"Token {sleutel}")
    assert response.status_code == 200 and response.json()["bekend"] is True
    assert response["Cache-Control"].startswith("max-age=0")


# The advice itself


@pytest.mark.django_db
def test_staff_records_advice_and_case_page_shows_it(client_for, users):
    s = bouw_scenario(users)
    client = client_for(users["pr"])
    tot = timezone.localdate() + timedelta(days=60)
    response = client.post(reverse("zsm:advies", args=[s.casus.pk]), {
        "schets": "Jonge man, veelpleger, plan loopt.", "gewenste_maatregelen": "Voorwaardelijk met meldplicht.",
        "geldig_tot": tot.isoformat(),
    })
    assert response.status_code == 302
    advies = ZsmAdvies.objects.get()
    assert (advies.casus, advies.door, advies.geldig_tot) == (s.casus, users["pr"], tot)
    assert Mutatielog.objects.filter(objecttype="zsmadvies", object_id=advies.pk, actie="aangemaakt").exists()
    html = client_for(users["reclassering"]).get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()
    assert "Voorwaardelijk met meldplicht." in html and reverse("zsm:advies", args=[s.casus.pk]) not in html
    assert Toegangslog.objects.filter(gebruiker=users["reclassering"], objecttype="zsm-advies", persoon_id=s.persoon.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "wijziging,boodschap",
    [
        ({"geldig_tot": "2001-01-01"}, "in het verleden"),
        ({"schets": ""}, "Dit veld is verplicht."),
        ({"gewenste_maatregelen": "<b>vet</b>"}, "HTML-code"),
        ({"schets": "x" * 1001}, "1000"),
        ({"geldig_tot": "morgen"}, "Voer een geldige datum in."),
    ],
)
def test_advice_bad_input(client_for, users, wijziging, boodschap):
    s = bouw_scenario(users)
    data = {"schets": "Schets die blijft staan.", "gewenste_maatregelen": "Maatregel.",
            "geldig_tot": (timezone.localdate() + timedelta(days=5)).isoformat(), **wijziging}
    response = client_for(users["ic"]).post(reverse("zsm:advies", args=[s.casus.pk]), data)
    html = response.content.decode()
    assert response.status_code == 400 and boodschap in html
    assert not ZsmAdvies.objects.exists()
    if "schets" not in wijziging:
        assert "Schets die blijft staan." in html


@pytest.mark.django_db
def test_no_advice_on_a_closed_case(client_for, users):
    s = bouw_scenario(users)
    zet_casus_status(casus=s.casus, naar="afgesloten", door=users["pr"])
    response = client_for(users["pr"]).post(reverse("zsm:advies", args=[s.casus.pk]), {
        "schets": "S", "gewenste_maatregelen": "M", "geldig_tot": timezone.localdate().isoformat()})
    assert response.status_code == 400 and "afgesloten" in response.content.decode()
    assert not ZsmAdvies.objects.exists()


@pytest.mark.django_db
def test_api_schema_needs_a_login(client):
    assert client.get("/api/schema/", {"format": "json"}).status_code in (401, 403)
