"""Single sign-on against a real OpenID Connect provider (oidc-provider-mock, a Flask app on a
loopback port in a thread): the browser's steps are played by the test client (Schakel) and by
requests (the provider's consent form), and Schakel itself exchanges the code and fetches the keys
over HTTP, as it would in production. Nothing of the provider is stubbed."""
import html
import json
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import jwt
import pytest
import requests
from axes.models import AccessAttempt, AccessLog
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from oidc_provider_mock import User, run_server_in_thread

from schakel.gebruikers import oidc, oidc_views
from schakel.gebruikers.models import Gebruiker, Identiteitskoppeling
from schakel.privacy.models import Mutatielog
from schakel.privacy.services import sleutelhash

from .conftest import bevestigd_apparaat, huidige_code, org
from .factories import GebruikerFactory

MFA_SUB = "med-mfa-1"


def aanbieder_instellingen(server, organisaties, naam, uitloggen=False):
    """A provider's block of settings for an oidc-provider-mock server (also used in the browser test);
    `uitloggen` gives it the end-session endpoint the mock advertises in its discovery document."""
    basis = f"http://localhost:{server.server_port}"
    return {
        "naam": naam, "issuer": basis, "client_id": "schakel", "client_secret": "geheim-van-schakel",
        "authorization_endpoint": f"{basis}/oauth2/authorize", "token_endpoint": f"{basis}/oauth2/token",
        "jwks_endpoint": f"{basis}/jwks", "sign_algo": "RS256", "scopes": "openid",
        "end_session_endpoint": f"{basis}/oauth2/end_session" if uitloggen else None,
        "organisaties": organisaties, "mfa_acr": [],
    }


@pytest.fixture
def idp(settings, ref):
    """Two providers: one trusted by the police (which can end sessions), one by the municipality of
    Leiden (which cannot)."""
    mfa = User(sub=MFA_SUB, claims={"amr": ["pwd", "otp", "mfa"]})
    with run_server_in_thread(require_nonce=True, user_claims=[mfa]) as politie, \
            run_server_in_thread(require_nonce=True) as leiden:
        settings.SCHAKEL_OIDC_AANBIEDERS = {
            "1": aanbieder_instellingen(politie, ["politie"], "Politie", uitloggen=True),
            "2": aanbieder_instellingen(leiden, ["gemeente-leiden"], "Gemeente Leiden"),
        }
        yield settings.SCHAKEL_OIDC_AANBIEDERS


@pytest.fixture
def agent(ref):
    """A police officer with a Schakel account (politie trusts provider 1)."""
    return GebruikerFactory(username="agent", organisatie=org("politie"))


@pytest.fixture
def gekoppelde_agent(idp, agent):
    """The officer, with his identity "agent-42" at provider 1 linked."""
    koppel(agent, idp["1"], "agent-42")
    return agent


def koppel(user, aanbieder, sub):
    return Identiteitskoppeling.objects.create(user=user, name="test", issuer=aanbieder["issuer"], sub=sub)


def naar_aanbieder(client, sleutel, nonce=None):
    """Schakel's redirect to the provider, optionally with the nonce changed on the way."""
    response = client.get(f"/inloggen/oidc/{sleutel}/", {"next": "/meldingen/"})
    assert response.status_code == 302
    url = response["Location"]
    if nonce is not None:
        deel = urlsplit(url)
        query = parse_qs(deel.query)
        query["nonce"] = [nonce]
        url = urlunsplit(deel._replace(query=urlencode(query, doseq=True)))
    return url


def bij_aanbieder_inloggen(url, sub):
    """The person logs in at the provider; its answer is the redirect back to Schakel."""
    response = requests.post(url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    terug = urlsplit(response.headers["Location"])
    assert terug.path == "/inloggen/oidc/terug/"
    return f"{terug.path}?{terug.query}"


def sso(client, sleutel, sub, nonce=None):
    return client.get(bij_aanbieder_inloggen(naar_aanbieder(client, sleutel, nonce), sub))


def tekst(response) -> str:
    return html.unescape(response.content.decode())


def ingelogd(client):
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_a_linked_user_logs_in_and_still_types_his_code_when_the_provider_asserts_no_mfa(gekoppelde_agent):
    agent = gekoppelde_agent
    apparaat = bevestigd_apparaat(agent)
    client = Client()

    response = sso(client, "1", "agent-42")

    assert response.status_code == 302
    assert response["Location"] == "/inloggen/tweede-stap/?" + urlencode({"next": "/meldingen/"})
    assert client.session["_auth_user_id"] == str(agent.pk)
    # Password-less, but not verified: every page still asks for the code.
    assert client.get("/meldingen/")["Location"].startswith("/inloggen/tweede-stap/")
    response = client.post("/inloggen/tweede-stap/", {"code": huidige_code(apparaat), "next": "/meldingen/"})
    assert response.status_code == 302 and response["Location"] == "/meldingen/"
    assert client.session[DEVICE_ID_SESSION_KEY] == apparaat.persistent_id
    # django-axes records the login as it records a password login: by Schakel username.
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["agent"]


@pytest.mark.django_db
def test_a_linked_user_without_authenticator_is_sent_to_set_one_up(gekoppelde_agent):
    client = Client()
    response = sso(client, "1", "agent-42")
    # The link is a django-otp device too, but it takes no code, so it does not count as one.
    assert client.get(response["Location"])["Location"].startswith("/inloggen/instellen/")


@pytest.mark.django_db
def test_mfa_asserted_by_the_provider_counts_as_the_second_factor(idp, agent):
    koppeling = koppel(agent, idp["1"], MFA_SUB)
    client = Client()

    response = sso(client, "1", MFA_SUB)

    assert response.status_code == 302 and response["Location"] == "/meldingen/"
    assert client.session[DEVICE_ID_SESSION_KEY] == koppeling.persistent_id
    assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_an_unknown_provider_user_is_refused_and_not_created(idp):
    aantal = Gebruiker.objects.count()
    client = Client()

    response = sso(client, "1", "nieuwe-agent")

    assert response.status_code == 403
    assert oidc.ONBEKEND in tekst(response)
    # The way out: log in with password and code, then link.
    assert 'href="/inloggen/?next=/account/organisatie-koppelen/"' in tekst(response)
    assert not ingelogd(client)
    assert Gebruiker.objects.count() == aantal
    # Recorded as a failed login under the provider's key, without the provider's identifiers and
    # without the one-time code of the callback.
    poging = AccessAttempt.objects.get()
    assert poging.username == "oidc:1" and poging.failures_since_start == 1
    assert "nieuwe-agent" not in poging.get_data + poging.post_data
    code = parse_qs(urlsplit(response.wsgi_request.get_full_path()).query)["code"][0]
    assert code not in poging.get_data


@pytest.mark.django_db
@pytest.mark.parametrize("actief, gekoppeld_bij, inloggen_bij, bericht", [
    # A disabled account, even with a valid link.
    (False, "1", "1", oidc.UITGESCHAKELD),
    # The same sub at another provider is another person.
    (True, "1", "2", oidc.ONBEKEND),
    # A link to Leiden's provider on a police account (made behind the screens' back): still refused,
    # because the police trust only provider 1.
    (True, "2", "2", oidc.ANDERE_ORGANISATIE),
], ids=["uitgeschakeld", "andere-aanbieder", "organisatie-vertrouwt-aanbieder-niet"])
def test_a_linked_identity_is_refused_when_the_account_may_not_be_reached(idp, agent, actief, gekoppeld_bij, inloggen_bij, bericht):
    agent.is_active = actief
    agent.save()
    koppel(agent, idp[gekoppeld_bij], "agent-42")
    client = Client()
    response = sso(client, inloggen_bij, "agent-42")
    assert response.status_code == 403 and bericht in tekst(response)
    # Only an identity not linked at all is offered the way to link it.
    assert ("organisatie-koppelen" in tekst(response)) == (bericht == oidc.ONBEKEND)
    assert not ingelogd(client)


@pytest.mark.django_db
def test_a_tampered_or_replayed_state_is_refused(gekoppelde_agent):
    client = Client()
    terug = bij_aanbieder_inloggen(naar_aanbieder(client, "1"), "agent-42")
    vals = terug.replace("state=", "state=x", 1)

    response = client.get(vals)
    assert response.status_code == 400 and oidc.ONGELDIG in tekst(response)
    assert not ingelogd(client)

    # The real answer still works once; the same answer a second time is refused.
    assert client.get(terug).status_code == 302 and ingelogd(client)
    client.logout()
    response = client.get(terug)
    assert response.status_code == 400 and not ingelogd(client)


@pytest.mark.django_db
def test_a_tampered_nonce_is_refused(gekoppelde_agent, caplog):
    client = Client()
    # Someone changes the nonce on the way to the provider: its ID token then carries that nonce,
    # not the one this session sent.
    response = sso(client, "1", "agent-42", nonce="door-een-ander-gekozen")
    assert response.status_code == 403 and oidc.ONGELDIG in tekst(response)
    assert not ingelogd(client)
    # Refused for the token, not for anything else on the way.
    assert "aanbieder=1 reden=token_ongeldig" in caplog.text


@pytest.mark.django_db
def test_a_user_links_his_own_account_and_then_logs_in_with_it(idp, client):
    wethouder = GebruikerFactory(username="medewerker.leiden", organisatie=org("gemeente-leiden"))
    client.force_login(wethouder)  # password and code, as the middleware demands for /account/
    pagina = client.get("/account/organisatie-koppelen/")
    assert "Gemeente Leiden" in tekst(pagina) and "Politie" not in tekst(pagina)
    # Not his organisation's provider: not offered, and refused if asked for.
    assert client.get("/account/organisatie-koppelen/1/").status_code == 403
    assert client.get("/account/organisatie-koppelen/9/").status_code == 404

    start = client.get("/account/organisatie-koppelen/2/")
    assert start.status_code == 302
    response = client.get(bij_aanbieder_inloggen(start["Location"], "leiden-7"))

    assert response.status_code == 302 and response["Location"] == "/account/organisatie-koppelen/"
    koppeling = Identiteitskoppeling.objects.get(user=wethouder)
    assert (koppeling.issuer, koppeling.sub) == (idp["2"]["issuer"], "leiden-7")
    # The FG sees the link among the account changes, but the log holds a keyed hash of the provider's
    # identifier, never the identifier itself (the link needs it to match; the log does not).
    log = Mutatielog.objects.get(objecttype="identiteitskoppeling", object_id=koppeling.pk, gebruiker=wethouder)
    assert "leiden-7" not in json.dumps(log.wijzigingen)
    assert log.wijzigingen["sub"] == [None, sleutelhash("leiden-7")]
    assert log.wijzigingen["sub"][1] != sleutelhash("leiden-8")
    assert log.wijzigingen["issuer"] == [None, idp["2"]["issuer"]]

    ander = Client()
    assert sso(ander, "2", "leiden-7").status_code == 302
    assert ander.session["_auth_user_id"] == str(wethouder.pk)


@pytest.mark.django_db
def test_an_identity_linked_to_one_account_cannot_be_linked_to_another(idp, client):
    eerste = GebruikerFactory(username="eerste", organisatie=org("gemeente-leiden"))
    koppel(eerste, idp["2"], "leiden-7")
    tweede = GebruikerFactory(username="tweede", organisatie=org("gemeente-leiden"))
    client.force_login(tweede)
    start = client.get("/account/organisatie-koppelen/2/")
    response = client.get(bij_aanbieder_inloggen(start["Location"], "leiden-7"))
    assert response.status_code == 403
    assert "al aan een ander Schakel-account gekoppeld" in tekst(response)
    assert list(Identiteitskoppeling.objects.values_list("user__username", flat=True)) == ["eerste"]


@pytest.mark.django_db
def test_the_login_page_offers_each_provider_only_when_configured(settings, idp):
    pagina = Client().get("/inloggen/").content.decode()
    assert "Inloggen met uw organisatie (Politie)" in pagina
    assert "Inloggen met uw organisatie (Gemeente Leiden)" in pagina
    settings.SCHAKEL_OIDC_AANBIEDERS = {}
    pagina = Client().get("/inloggen/").content.decode()
    assert "Inloggen met uw organisatie" not in pagina
    assert Client().get("/inloggen/oidc/1/").status_code == 404


@pytest.mark.django_db
def test_refusals_are_recorded_but_never_lock_out_a_linked_colleague_or_the_password_form(gekoppelde_agent, settings):
    # Behind one municipal address: more unlinked colleagues than the lockout limit and the address
    # limit of the password form.
    settings.AXES_FAILURE_LIMIT = 2
    settings.LOGIN_IP_LIMIET = 2
    for n in range(3):
        response = sso(Client(), "1", f"onbekend-{n}")
        assert response.status_code == 403 and oidc.ONBEKEND in tekst(response)
    # 3 refusals, one pair of "oidc:1" and the test client's address.
    assert AccessAttempt.objects.get().failures_since_start == 3

    client = Client()
    assert sso(client, "1", "agent-42").status_code == 302 and ingelogd(client)
    wachtwoord = Client().post("/inloggen/", {"username": "agent", "password": "Schakel-test-2026"})
    assert wachtwoord.status_code == 302


def test_which_claims_count_as_a_second_factor():
    aanbieder = {"mfa_acr": ["urn:nl:substantieel"]}
    assert oidc.heeft_mfa(aanbieder, {"amr": ["pwd", "mfa"]})
    assert oidc.heeft_mfa(aanbieder, {"amr": "mfa"})
    assert oidc.heeft_mfa(aanbieder, {"acr": "urn:nl:substantieel"})
    assert not oidc.heeft_mfa(aanbieder, {"amr": ["pwd"], "acr": "urn:nl:basis"})
    assert not oidc.heeft_mfa({"mfa_acr": []}, {"acr": "urn:nl:substantieel"})


def test_providers_come_from_the_environment_and_an_incomplete_one_stops_the_start(monkeypatch):
    from schakel import settings as instellingen

    assert instellingen._oidc_aanbieders() == {}  # off unless configured
    for naam, waarde in {
        "ISSUER": "https://login.leiden.nl", "CLIENT_ID": "schakel", "CLIENT_SECRET": "s",
        "AUTHORIZATION_ENDPOINT": "https://login.leiden.nl/auth", "TOKEN_ENDPOINT": "https://login.leiden.nl/token",
        "JWKS_ENDPOINT": "https://login.leiden.nl/jwks", "ORGANISATIES": "gemeente-leiden, ggz",
    }.items():
        monkeypatch.setenv(f"OIDC2_{naam}", waarde)
    monkeypatch.setenv("OIDC2_MFA_ACR", "urn:nl:substantieel")
    aanbieders = instellingen._oidc_aanbieders()
    assert list(aanbieders) == ["2"]
    assert aanbieders["2"]["organisaties"] == ["gemeente-leiden", "ggz"]
    assert aanbieders["2"]["mfa_acr"] == ["urn:nl:substantieel"]
    assert aanbieders["2"]["sign_algo"] == "RS256"

    monkeypatch.delenv("OIDC2_ORGANISATIES")
    with pytest.raises(RuntimeError, match="OIDC2_ORGANISATIES"):
        instellingen._oidc_aanbieders()


def uitloggen(client):
    response = client.post("/uitloggen/")
    assert response.status_code == 302
    return response["Location"]


@pytest.mark.django_db
def test_logging_out_after_a_provider_login_also_ends_the_session_at_the_provider(idp, agent):
    koppel(agent, idp["1"], MFA_SUB)
    client = Client()
    assert sso(client, "1", MFA_SUB)["Location"] == "/meldingen/"

    adres = uitloggen(client)

    # Schakel's session is over, and the browser is sent to the provider's end-session endpoint
    # (OpenID Connect RP-initiated logout) with the ID token of this login as hint.
    assert not ingelogd(client)
    deel = urlsplit(adres)
    assert f"{deel.scheme}://{deel.netloc}{deel.path}" == idp["1"]["end_session_endpoint"]
    params = {k: v[0] for k, v in parse_qs(deel.query).items()}
    assert params["post_logout_redirect_uri"] == "http://testserver/inloggen/"
    assert params["client_id"] == "schakel"
    hint = jwt.decode(params["id_token_hint"], options={"verify_signature": False})
    assert (hint["iss"], hint["aud"], hint["sub"]) == (idp["1"]["issuer"], ["schakel"], MFA_SUB)
    # The provider takes it: its end-session page, and after confirming, back to Schakel's login page.
    pagina = requests.get(adres, timeout=10)
    assert pagina.status_code == 200 and "Recommended parameter" not in pagina.text
    terug = requests.post(f"{idp['1']['issuer']}/oauth2/end_session/confirm",
                          data={"redirect_uri": params["post_logout_redirect_uri"]}, allow_redirects=False, timeout=10)
    assert terug.status_code == 302 and terug.headers["Location"] == "http://testserver/inloggen/"


@pytest.mark.django_db
def test_a_provider_without_end_session_logs_out_of_schakel_only_and_says_so(idp, client):
    medewerker = GebruikerFactory(username="medewerker.leiden", organisatie=org("gemeente-leiden"))
    bevestigd_apparaat(medewerker)
    koppel(medewerker, idp["2"], "leiden-7")
    sso_client = Client()
    sso(sso_client, "2", "leiden-7")
    # No end-session endpoint: nothing of the ID token is kept in the session.
    assert sso_client.session["oidc_sessie"] == {"aanbieder": "2"}

    assert uitloggen(sso_client) == "/inloggen/"
    assert not ingelogd(sso_client)
    assert oidc_views.NIET_BIJ_AANBIEDER_UITGELOGD in tekst(sso_client.get("/inloggen/"))

    # After a password login there is nothing to end elsewhere, and nothing to say about it.
    client.force_login(medewerker)
    assert uitloggen(client) == "/inloggen/"
    assert oidc_views.NIET_BIJ_AANBIEDER_UITGELOGD not in tekst(client.get("/inloggen/"))


def test_the_logout_form_may_be_sent_on_to_the_providers_that_end_sessions():
    from schakel import settings as instellingen

    aanbieders = {
        "1": {"end_session_endpoint": "https://login.politie.nl:8443/logout?x=1"},
        "2": {"end_session_endpoint": None},
        "3": {"end_session_endpoint": "https://login.politie.nl:8443/anders"},
    }
    # A form may only be redirected to what form-action allows (the browser checks every hop).
    assert instellingen._uitlog_bronnen(aanbieders) == ["https://login.politie.nl:8443"]
    assert instellingen._uitlog_bronnen({}) == []


MENU_KOPPELEN = 'href="/account/organisatie-koppelen/"'


@pytest.mark.django_db
def test_the_menu_offers_linking_only_to_password_users_of_an_organisation_that_trusts_a_provider(idp, client, agent):
    # A police officer logged in with password and code: his organisation trusts provider 1.
    client.force_login(agent)
    assert MENU_KOPPELEN in tekst(client.get("/"))
    # A user of an organisation without a provider: nothing to link.
    zonder = GebruikerFactory(username="zorg", organisatie=org("ggz"))
    client.force_login(zonder)
    assert MENU_KOPPELEN not in tekst(client.get("/"))
    # Logged in through the provider: already linked.
    koppel(agent, idp["1"], MFA_SUB)
    via_aanbieder = Client()
    sso(via_aanbieder, "1", MFA_SUB)
    assert MENU_KOPPELEN not in tekst(via_aanbieder.get("/"))
