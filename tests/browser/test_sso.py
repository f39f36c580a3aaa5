"""Single sign-on in Chromium: the login page with the organisation button, off to a real OIDC
provider (oidc-provider-mock on a loopback port), its consent form, and back into Schakel; logging
out there too; and linking one's own account from the menu. axe-core checks Schakel's pages; the
provider's own pages are not Schakel's to check."""
import pytest
from oidc_provider_mock import User, run_server_in_thread

from schakel import settings as instellingen
from schakel.gebruikers.models import Identiteitskoppeling

from ..conftest import bevestigd_apparaat, org
from ..factories import GebruikerFactory
from ..test_sso import aanbieder_instellingen
from .axe import AxeVerslag
from .conftest import WACHTWOORD, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MFA_SUB = "agent-mfa-7"


def test_logging_in_and_out_with_the_organisation_provider(browser, live_server, settings, ref, screenshot):
    mfa = User(sub=MFA_SUB, claims={"amr": ["pwd", "mfa"]})
    with run_server_in_thread(require_nonce=True, user_claims=[mfa]) as idp:
        settings.SCHAKEL_OIDC_AANBIEDERS = {"1": aanbieder_instellingen(idp, ["politie"], "Politie", uitloggen=True)}
        basis = settings.SCHAKEL_OIDC_AANBIEDERS["1"]["issuer"]
        # What settings.py derives from the environment at start-up: the logout form may be sent on to
        # the provider.
        settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
            **settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
            "form-action": ["'self'", *instellingen._uitlog_bronnen(settings.SCHAKEL_OIDC_AANBIEDERS)],
        }}
        agent = GebruikerFactory(username="agent", organisatie=org("politie"))
        Identiteitskoppeling.objects.create(user=agent, name="test", issuer=basis, sub=MFA_SUB)

        verslag = AxeVerslag()

        def nieuwe_context():
            # Past the autouse fixture: its report would include the provider's pages.
            context = type(browser).new_context(browser, base_url=live_server.url, locale="nl-NL",
                                                viewport={"width": 1280, "height": 900})
            context.set_default_timeout(10_000)
            verslag.installeer(context)
            # The provider's page asks a CDN for its stylesheet; this machine has no internet.
            context.route("https://cdn.jsdelivr.net/**", lambda route: route.abort())
            return context

        context = nieuwe_context()
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
        # Logged in through the provider: nothing to link, so the menu does not offer it.
        assert page.get_by_role("link", name="Organisatie-account").count() == 0
        screenshot(page, "sso-ingelogd")

        # Logging out ends the provider's session too: the browser goes to its end-session page (the
        # mock asks to confirm) and comes back to Schakel's login page.
        page.get_by_role("button", name="Uitloggen").click()
        page.wait_for_load_state()
        assert page.url.startswith(f"{basis}/oauth2/end_session?")
        assert "id_token_hint=" in page.url
        page.get_by_role("button", name="End session").click()
        page.wait_for_load_state()
        assert page.url == f"{live_server.url}/inloggen/"
        assert page.get_by_role("button", name="Inloggen", exact=True).is_visible()
        screenshot(page, "sso-uitgelogd")
        # And Schakel's session is over.
        page.goto("/")
        assert page.url.startswith(f"{live_server.url}/inloggen/")
        verslag.wacht_op_context(context)
        context.close()

        # Another officer links his own account: password and code first, then from the menu.
        collega = GebruikerFactory(username="collega", organisatie=org("politie"))
        bevestigd_apparaat(collega)  # his authenticator app exists before he logs in
        context = nieuwe_context()
        page = context.new_page()
        page.goto("/inloggen/")
        page.fill("#id_username", "collega")
        page.fill("#id_password", WACHTWOORD)
        page.get_by_role("button", name="Inloggen", exact=True).click()
        page.wait_for_load_state()
        page.fill("#id_code", totp_code(collega))
        page.get_by_role("button", name="Bevestigen").click()
        page.wait_for_load_state()
        assert page.url == f"{live_server.url}/"
        menu = page.get_by_role("link", name="Organisatie-account", exact=True)
        assert menu.is_visible()
        screenshot(page, "sso-menu-koppelen")
        menu.click()
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
    # Login page, start page, login page after logging out, login page (the start page sent there);
    # then login page, second step, start page, link page, link page with its message.
    assert len(verslag.begonnen) == 9
    assert verslag.rapport() == []
