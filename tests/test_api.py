"""Issue 13 item 1: the REST API for partner systems. Each test proves by the CONTENT of the answer
what a route reveals to whom (the disclosure table in docs/architectuur.md names these tests), and
that writes go through the screens' own checks."""
import pytest
from django.test import Client
from django.utils import timezone

from schakel.meldingen.models import Melding, MeldingPersoon, Terugkoppeling
from schakel.meldingen.services import koppel_opgegeven_persoon, leg_terugkoppeling_vast
from schakel.plannen.models import Actie
from schakel.privacy.models import Toegangslog
from schakel.uitvragen.services import beantwoord

from .api_scenario import TokenClient, bouw_api_scenario, token_voor
from .queries import tel
from .scenario import BSN_P1, nieuwe_melding

pytestmark = pytest.mark.django_db

ANTWOORD = "Bekend bij schuldhulp sinds maart."
MOTIVATIE = "Schulden, wonen, verslaving."  # the weighing's motivation (tests/scenario.py)


def _client(users, naam, **kwargs):
    return TokenClient(token_voor(users, users[naam], **kwargs))


def _melding_body(**extra):
    from schakel.gemeenten.models import Gemeente
    from schakel.meldingen.models import Thema

    return {
        "kanaal": "mail", "melder_naam": "A. Agent", "gemeente": Gemeente.objects.get(code="leiden").pk,
        "thema": Thema.objects.get(code="overlast").pk, "omschrijving": "Zorgen over de buurman.", **extra,
    }


# --- errors: one style ------------------------------------------------------------------------------

def _probleem(response, status):
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/problem+json")
    data = response.json()
    assert data["status"] == status and data["type"].startswith("urn:schakel:probleem:") and data["title"] and data["detail"]
    return data


def test_every_error_is_a_dutch_problem_document(users):
    bouw_api_scenario(users)
    assert _probleem(Client().get("/api/meldingen/"), 401)["title"] == "Niet aangemeld"
    assert "ongeldig" in _probleem(TokenClient("fout").get("/api/meldingen/"), 401)["detail"]
    partner = _client(users, "reclassering")
    assert _probleem(partner.get("/api/bestaat-niet/"), 404)["title"] == "Niet gevonden"
    assert _probleem(partner.get("/api/meldingen/999999/"), 404)
    assert _probleem(partner.put("/api/meldingen/", {}, content_type="application/json"), 405)
    assert _probleem(partner.post("/api/meldingen/", "a=b", content_type="application/x-www-form-urlencoded"), 415)
    assert _probleem(partner.post("/api/meldingen/", "{kapot", content_type="application/json"), 400)
    assert _probleem(partner.get("/api/plannen/"), 403)["detail"] == "Uw rol geeft geen toegang tot dit deel van de API."
    fouten = _probleem(partner.get("/api/meldingen/?van=gisteren&sortering=naam&pagina=0"), 400)["fouten"]
    assert fouten["van"] == ["Voer een geldige datum in."]
    assert fouten["sortering"] == ["Op deze kolom kan niet worden gesorteerd."]
    assert fouten["pagina"] == ["Het paginanummer moet een geheel getal vanaf 1 zijn."]
    # The input guard at the door answers in the same form.
    assert _probleem(partner.get("/api/meldingen/?zoek=%00"), 400)


def test_pages_count_and_link(users):
    a = bouw_api_scenario(users)
    for _ in range(3):
        nieuwe_melding(users["ic"])
    data = _client(users, "ic").get("/api/meldingen/?sortering=nummer").json()
    assert (data["aantal"], data["pagina"], data["paginas"], data["vorige"], data["volgende"]) == (4, 1, 1, None, None)
    assert [m["id"] for m in data["resultaten"]][0] == a.s.melding.pk
    assert _client(users, "ic").get("/api/meldingen/?status=gewogen").json()["aantal"] == 1


# --- meldingen ---------------------------------------------------------------------------------------

def test_partner_submits_a_melding_and_reads_back_only_what_it_typed(users):
    """A partner types a person the house knows: registered, told 'known', never told who; after the
    house links the known person, the partner still reads its own typed data, never the record,
    the municipal answer or the weighing."""
    a = bouw_api_scenario(users)
    beantwoord(uitvraag=a.s.uitvraag, antwoord=ANTWOORD, door=users["contact"])
    politie = _client(users, "politie")
    response = politie.post_json("/api/meldingen/", _melding_body(
        persoon={"bsn": BSN_P1, "voornamen": "K.", "achternaam": "Jansen", "geboortedatum": "1990-05-01"},
    ))
    assert response.status_code == 201, response.content
    data = response.json()
    assert "bekend bij het Zorg- en Veiligheidshuis" in data["bericht"]
    melding = Melding.objects.get(pk=data["melding"]["id"])
    assert melding.geregistreerd_door == users["politie"] and melding.melder_organisatie.code == "politie"
    assert data["melding"]["personen"] == [{"naam": "K. Jansen", "geboortedatum": "1990-05-01", "gemeente": None,
                                            "zoals_opgegeven": True, "in_behandeling": True}]
    koppel_opgegeven_persoon(koppeling=MeldingPersoon.objects.get(melding=melding), persoon=a.s.persoon, door=users["ic"])
    tekst = politie.get(f"/api/meldingen/{melding.pk}/").content.decode()
    assert "K. Jansen" in tekst and "Karel" not in tekst and ANTWOORD not in tekst and MOTIVATIE not in tekst
    # The list shows the same.
    lijst = politie.get("/api/meldingen/").content.decode()
    assert "K. Jansen" in lijst and "Karel" not in lijst
    # The reporter of the weighed melding reads it without the municipal answer or the weighing.
    tekst = _client(users, "reclassering").get(f"/api/meldingen/{a.s.melding.pk}/").content.decode()
    assert "Herhaalde overlast" in tekst and ANTWOORD not in tekst and MOTIVATIE not in tekst


def test_submission_uses_the_screen_checks_and_stores_nothing_when_refused(users):
    bouw_api_scenario(users)
    politie = _client(users, "politie")
    aantal = Melding.objects.count()
    fouten = _probleem(politie.post_json("/api/meldingen/", _melding_body(omschrijving="<b>x</b>", onderwerp="gebied")), 400)["fouten"]
    assert "gebied" in fouten and "omschrijving" in fouten
    fouten = _probleem(politie.post_json("/api/meldingen/", _melding_body(persoon={"voornamen": "Piet"})), 400)["fouten"]
    assert fouten["persoon.achternaam"] == ["Vul de achternaam in."]
    # A partner reports for its own organisation only.
    from schakel.partners.models import Organisatie

    ander = Organisatie.objects.get(code="ggz").pk
    assert "melder_organisatie" in _probleem(politie.post_json("/api/meldingen/", _melding_body(melder_organisatie=ander)), 400)["fouten"]
    # House staff register through the screen (they choose the person); the API is for partner systems.
    assert _probleem(_client(users, "ic").post_json("/api/meldingen/", _melding_body()), 403)
    assert Melding.objects.count() == aantal


def test_reporter_reads_the_feedback_of_the_house(users):
    a = bouw_api_scenario(users)
    leg_terugkoppeling_vast(melding=a.s.melding, door=users["ic"], terugkoppeling=Terugkoppeling(
        datum=timezone.localdate(), kanaal="mail", tekst="Besproken in het Focusoverleg."))
    data = _client(users, "reclassering").get(f"/api/meldingen/{a.s.melding.pk}/").json()
    assert [t["tekst"] for t in data["terugkoppelingen"]] == ["Besproken in het Focusoverleg."]
    # An organisation that did not report and is not involved gets 403, not the melding.
    assert _probleem(_client(users, "politie").get(f"/api/meldingen/{a.s.melding.pk}/"), 403)


# --- cases and actions ---------------------------------------------------------------------------------

def test_partner_lists_only_its_for_user_cases(users):
    a = bouw_api_scenario(users)
    assert [c["id"] for c in _client(users, "reclassering").get("/api/casussen/").json()["resultaten"]] == [a.s.casus.pk]
    politie = _client(users, "politie")
    assert politie.get("/api/casussen/").json()["resultaten"] == []
    _probleem(politie.get(f"/api/casussen/{a.s.casus.pk}/"), 403)
    detail = _client(users, "ggz").get(f"/api/casussen/{a.s.casus.pk}/").json()
    assert detail["personen"][0]["naam"] == "Karel Jan Jansen"
    assert detail["meldingen"] == [{"id": a.s.melding.pk, "nummer": a.s.melding.nummer}]  # through the case


def test_partner_lists_its_organisations_actions_and_sets_their_status(users):
    a = bouw_api_scenario(users)
    ggz = _client(users, "ggz")
    assert [x["id"] for x in ggz.get("/api/acties/").json()["resultaten"]] == [a.actie_ggz.pk]
    url = f"/api/acties/{a.actie_ggz.pk}/status/"
    fouten = _probleem(ggz.post_json(url, {"status": "niet_gedaan", "reden_niet_gedaan": "  "}), 400)["fouten"]
    assert fouten == {"reden_niet_gedaan": ["Geef aan waarom de actie niet is gedaan."]}
    assert Actie.objects.get(pk=a.actie_ggz.pk).status == "open"
    response = ggz.post_json(url, {"status": "niet_gedaan", "reden_niet_gedaan": "Cliënt kwam niet."})
    assert response.status_code == 200 and response.json()["reden_niet_gedaan"] == "Cliënt kwam niet."
    assert Actie.objects.get(pk=a.actie_ggz.pk).status == "niet_gedaan"
    # Another organisation's action: refused, unchanged.
    _probleem(ggz.post_json(f"/api/acties/{a.actie_reclassering.pk}/status/", {"status": "gedaan"}), 403)
    _probleem(_client(users, "politie").post_json(url, {"status": "gedaan"}), 403)
    assert Actie.objects.get(pk=a.actie_reclassering.pk).status == "open"
    _probleem(ggz.post_json("/api/acties/999999/status/", {"status": "gedaan"}), 404)


# --- uitvragen -------------------------------------------------------------------------------------------

def test_municipal_contact_sees_and_answers_only_its_municipalitys_requests(users):
    a = bouw_api_scenario(users)
    leiden, gouda = _client(users, "contact"), _client(users, "contact_gouda")
    assert [u["id"] for u in leiden.get("/api/uitvragen/").json()["resultaten"]] == [a.s.uitvraag.pk]
    assert gouda.get("/api/uitvragen/?status=").json()["resultaten"] == []
    url = f"/api/uitvragen/{a.s.uitvraag.pk}/antwoord/"
    _probleem(gouda.post_json(url, {"antwoord": "x"}), 403)
    _probleem(leiden.post_json(url, {"antwoord": "<script>"}), 400)
    response = leiden.post_json(url, {"antwoord": ANTWOORD})
    assert response.status_code == 200 and response.json()["status"] == "beantwoord" and response.json()["antwoord"] == ANTWOORD
    assert "al beantwoord" in str(_probleem(leiden.post_json(url, {"antwoord": "nog eens"}), 400)["fouten"])
    # House staff read, never answer.
    assert _client(users, "ic").get(f"/api/uitvragen/{a.s.uitvraag.pk}/").json()["antwoord"] == ANTWOORD
    _probleem(_client(users, "ic").post_json(url, {"antwoord": "x"}), 403)


# --- house staff: meetings and plans -------------------------------------------------------------------

def test_house_staff_read_meetings_and_plans_partners_do_not(users):
    a = bouw_api_scenario(users)
    ic = _client(users, "ic")
    overleg = ic.get(f"/api/overleggen/{a.overleg.pk}/").json()
    assert overleg["agenda"][0]["notulen"] == "Notulen van het overleg." and overleg["agenda"][0]["casus"]["id"] == a.s.casus.pk
    plan = ic.get(f"/api/plannen/{a.plan.pk}/").json()
    assert {x["omschrijving"] for x in plan["acties"]} == {"Toezicht bijhouden", "Intake GGZ plannen"}
    for url in ("/api/overleggen/", f"/api/overleggen/{a.overleg.pk}/", "/api/plannen/", f"/api/plannen/{a.plan.pk}/"):
        _probleem(_client(users, "reclassering").get(url), 403)


# --- tokens, scopes, logging -----------------------------------------------------------------------------

def test_a_token_opens_only_its_scopes_and_grants_no_role(users):
    a = bouw_api_scenario(users)
    alleen_meldingen = _client(users, "reclassering", scopes=["meldingen"])
    assert alleen_meldingen.get("/api/meldingen/").status_code == 200
    assert "geen toegang tot dit deel" in _probleem(alleen_meldingen.get("/api/casussen/"), 403)["detail"]
    # The role of the account decides: a ketenmanager's token reads no case content.
    _probleem(_client(users, "ketenmanager").get(f"/api/casussen/{a.s.casus.pk}/"), 403)


def test_every_read_is_in_the_access_log_and_every_use_in_the_token_log(users):
    from schakel.gebruikers.models import ApiTokenGebruik

    a = bouw_api_scenario(users)
    reclassering = _client(users, "reclassering")
    reclassering.get("/api/casussen/")
    reclassering.get(f"/api/meldingen/{a.s.melding.pk}/")
    rijen = Toegangslog.objects.filter(gebruiker=users["reclassering"])
    assert set(rijen.values_list("objecttype", "object_id", "persoon_id", "doel")) == {
        ("casus", a.s.casus.pk, a.s.persoon.pk, "Casussenlijst (API)"),
        ("melding", a.s.melding.pk, a.s.persoon.pk, "Melding bekijken (API)"),
    }
    assert list(ApiTokenGebruik.objects.filter(gebruiker=users["reclassering"]).values_list("endpoint", flat=True)) == [
        f"/api/meldingen/{a.s.melding.pk}/", "/api/casussen/"]


@pytest.mark.parametrize("url,rol", [
    ("/api/meldingen/", "reclassering"), ("/api/casussen/", "reclassering"), ("/api/acties/", "ic"),
    ("/api/uitvragen/?status=", "contact"), ("/api/overleggen/", "ic"), ("/api/plannen/", "ic"),
])
def test_list_routes_take_a_fixed_number_of_queries(users, url, rol):
    """One page costs the same number of queries for one row or for several."""
    from schakel.overleggen.models import Bespreking, Overleg
    from schakel.plannen.models import PlanVanAanpak
    from schakel.uitvragen.models import InformatieUitvraag
    from schakel.uitvragen.services import vraag_uit

    a = bouw_api_scenario(users)
    client = _client(users, rol)
    voor = tel(client, url)
    for _ in range(3):
        m = nieuwe_melding(users["ic"])
        m.casus = a.s.casus
        m.save(update_fields=["casus"])
        vraag_uit(uitvraag=InformatieUitvraag(gemeente=m.gemeente, persoon=a.s.persoon, vraag="Bekend?"), melding=m, door=users["ic"])
        o = Overleg.objects.create(overlegtype=a.s.casus.overlegtype, voorzitter=users["pr"])
        Bespreking.objects.create(overleg=o, casus=a.s.casus)
        Actie.objects.create(plan=a.plan, organisatie=a.actie_reclassering.organisatie, omschrijving="Nog een",
                             deadline=timezone.localdate())
    assert PlanVanAanpak.objects.count() == 1 and InformatieUitvraag.objects.count() == 4
    assert tel(client, url) == voor
