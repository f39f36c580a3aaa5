"""Single sign-on in Chromium: the login page with the organisation button, off to a real OIDC
provider (oidc-provider-mock on a loopback port), its consent form, and back into Schakel. axe-core
checks Schakel's pages; the provider's own pages are not Schakel's to check."""
import pytest
from oidc_provider_mock import User, run_server_in_thread

from schakel.gebruikers.models import Identiteitskoppeling

from ..conftest import bevestigd_apparaat, org
from ..factories import GebruikerFactory
from .axe import AxeVerslag
from .conftest import WACHTWOORD, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MFA_SUB = "agent-mfa-7"


def test_logging_in_with_the_organisation_provider(browser, live_server, settings, ref, screenshot):
    mfa = User(sub=MFA_SUB, claims={"amr": ["pwd", "mfa"]})
    with run_server_in_thread(require_nonce=True, user_claims=[mfa]) as idp:
        basis = f"http://localhost:{idp.server_port}"
        settings.SCHAKEL_OIDC_AANBIEDERS = {"1": {
            "naam": "Politie", "issuer": basis, "client_id": "schakel", "client_secret": "geheim",
            "authorization_endpoint": f"{basis}/oauth2/authorize", "token_endpoint": f"{basis}/oauth2/token",
            "jwks_endpoint": f"{basis}/jwks", "sign_algo": "RS256", "scopes": "openid",
            "organisaties": ["politie"], "mfa_acr": [],
        }}
        agent = GebruikerFactory(username="agent", organisatie=org("politie"))
        Identiteitskoppeling.objects.create(user=agent, name="test", issuer=basis, sub=MFA_SUB)

        verslag = AxeVerslag()
        # Past the autouse fixture: its report would include the provider's pages.
        context = type(browser).new_context(browser, base_url=live_server.url, locale="nl-NL",
                                            viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        verslag.installeer(context)
        # The provider's page asks a CDN for its stylesheet; this machine has no internet.
        context.route("https://cdn.jsdelivr.net/**", lambda route: route.abort())
        page = context.new_page()

        page.goto("/inloggen/")
        knop = page.get_by_role("link", name="Inloggen met uw organisatie (Politie)")
        assert knop.is_visible()
        # The password form stays the first way in.
        assert page.get_by_role("button", name="Inloggen", exact=True).is_visible()
        screenshot(page, "sso-inloggen")

        knop.click()
        page.wait_for_load_state()
        assert page.url.startswith(f"{basis}/oauth2/authorize")
        page.get_by_role("button", name=MFA_SUB).click()
        page.wait_for_load_state()

        # The provider asserted MFA, so no code is asked: straight to the start page, logged in.
        assert page.url == f"{live_server.url}/"
        assert page.get_by_role("button", name="Uitloggen").is_visible()
        screenshot(page, "sso-ingelogd")

        verslag.wacht_op_context(context)
        context.close()

        # Another officer links his own account: password and code first, then the provider.
        collega = GebruikerFactory(username="collega", organisatie=org("politie"))
        bevestigd_apparaat(collega)  # his authenticator app exists before he logs in
        context = type(browser).new_context(browser, base_url=live_server.url, locale="nl-NL",
                                            viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        verslag.installeer(context)
        context.route("https://cdn.jsdelivr.net/**", lambda route: route.abort())
        page = context.new_page()
        page.goto("/inloggen/?next=/account/organisatie-koppelen/")
        page.fill("#id_username", "collega")
        page.fill("#id_password", WACHTWOORD)
        page.get_by_role("button", name="Inloggen", exact=True).click()
        page.wait_for_load_state()
        page.fill("#id_code", totp_code(collega))
        page.get_by_role("button", name="Bevestigen").click()
        page.wait_for_load_state()
        assert page.url == f"{live_server.url}/account/organisatie-koppelen/"
        page.get_by_role("link", name="Organisatie-account koppelen").click()
        page.wait_for_load_state()
        assert page.url.startswith(f"{basis}/oauth2/authorize")
        page.get_by_placeholder("sub").fill("collega-8")
        page.get_by_role("button", name="Authorize").click()
        page.wait_for_load_state()
        assert page.url == f"{live_server.url}/account/organisatie-koppelen/"
        assert page.get_by_text("Uw account bij Politie is gekoppeld.").is_visible()
        screenshot(page, "sso-gekoppeld")
        verslag.wacht_op_context(context)
        context.close()
        koppeling = Identiteitskoppeling.objects.get(user=collega)
        assert (koppeling.issuer, koppeling.sub) == (basis, "collega-8")

    verslag.begonnen = {k: url for k, url in verslag.begonnen.items() if url.startswith(live_server.url)}
    # Login page and start page; then login page, second step, link page, link page with its message.
    assert len(verslag.begonnen) == 6
    assert verslag.rapport() == []
