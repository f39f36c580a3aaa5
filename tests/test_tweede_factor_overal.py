"""Issue 9 hole 3: every URL of the project, web and API, resolved from the URLconf (not a hand list),
asked with a session that has the password but not the second factor. None of them may answer with
data: pages send the user to the second step, the API answers 401/403.

The user holds every role, so a role check can never hide a missing second-factor check, and the ids
in the URLs are those of a real scenario, so a view that forgot the check would find something."""
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from schakel.gebruikers.rollen import Rol

from .factories import GebruikerFactory
from .scenario import bouw_scenario

# Reachable before the second factor on purpose, and none shows data: the login form, the second
# step and its first-time set-up (they show only the user's own authenticator secret), logging out,
# and the password-reset link a user gets by mail (it only sets a password). The load balancer's
# health endpoint answers everyone with only ok/fout per part (tests/test_productie.py).
VOOR_TWEEDE_STAP = {
    "inloggen", "tweede_stap", "tweestap_instellen", "uitloggen",
    "wachtwoord_herstellen", "wachtwoord_hersteld",
    # Single sign-on: off to the organisation's provider and back; the callback logs in itself and
    # then sends an unverified session to the second step (tests/test_sso.py).
    "oidc_inloggen", "oidc_terug", "gezond",
}


def _regex_deel(regex: str) -> str:
    """A concrete path for a regex pattern (Django's admin): the first alternative of each group."""
    deel = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    deel = re.sub(r"\(\?P<\w+>([^)]*)\)", lambda m: m.group(1).split("|")[0] if "|" in m.group(1) else "1", deel)
    return deel.replace("\\", "")


def _route_deel(route: str, ids: dict) -> str:
    return re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: str(ids.get(m.group(2), ids["_"])), route)


def alle_paden(ids, resolver=None, prefix="", namespace=""):
    """(view name, concrete path) for every URL pattern in the project."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p.pattern, RoutePattern):
            deel = _route_deel(str(p.pattern), ids)
        elif isinstance(p.pattern, RegexPattern):
            deel = _regex_deel(p.pattern.regex.pattern)
        else:  # pragma: no cover - Django has only these two
            raise AssertionError(f"onbekend patroon {p.pattern!r}")
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from alle_paden(ids, p, prefix + deel, ns)
        elif isinstance(p, URLPattern):
            yield f"{namespace}{p.name or p.lookup_str}", "/" + prefix + deel


@pytest.mark.django_db
def test_no_url_answers_data_without_the_second_factor(users):
    s = bouw_scenario(users)
    alles = GebruikerFactory(username="alle.rollen", organisatie=users["ic"].organisatie, rollen=list(Rol))
    ids = {"_": s.casus.pk, "pk": s.casus.pk, "melding_pk": s.melding.pk, "persoon_pk": s.persoon.pk}
    client = Client()
    assert client.post(reverse("inloggen"), {"username": alles.username, "password": "Schakel-test-2026"}).status_code == 302

    paden = sorted(set(alle_paden(ids)))
    assert len(paden) > 50 and any(pad.startswith("/api/zsm/") for _, pad in paden)
    fouten = []
    for naam, pad in paden:
        if naam in VOOR_TWEEDE_STAP:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(pad)
            if pad.startswith("/api/"):
                goed = response.status_code in (401, 403)
            else:
                goed = response.status_code == 302 and response["Location"].startswith(reverse("tweede_stap"))
            if not goed:
                fouten.append(f"{method.upper()} {pad} ({naam}): {response.status_code}")
    assert not fouten, "Zonder tweede stap bereikbaar:\n" + "\n".join(fouten)


@pytest.mark.django_db
def test_zsm_question_with_a_password_only_session_is_refused(users):
    s = bouw_scenario(users)
    client = Client()
    assert client.post(reverse("inloggen"), {"username": "zsm", "password": "Schakel-test-2026"}).status_code == 302
    response = client.post("/api/zsm/vraag/", {"bsn": s.persoon.bsn}, content_type="application/json")
    assert response.status_code in (401, 403)
    assert "bekend" not in response.content.decode()


@pytest.mark.django_db
def test_the_view_reads_the_verified_user_himself(client_for, users, monkeypatch):
    """core.middleware.LoginRequiredMiddleware hands the view the user behind the lazy wrappers of
    Django and django-otp, verified, with his device: the same page as through the wrappers (only
    the CSRF token differs per response), and the same checks for who has no second factor or no
    session."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from schakel.core import middleware
    from schakel.gebruikers.models import Gebruiker

    client = client_for(users["politie"])
    r = client.get(reverse("meldingen:lijst"))
    assert r.status_code == 200
    user = r.wsgi_request.user
    assert type(user) is Gebruiker and user.pk == users["politie"].pk
    assert user.is_verified() and type(user.otp_device) is TOTPDevice
    zonder_token = lambda html: re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)  # noqa: E731
    with monkeypatch.context() as m:
        m.setattr(middleware, "_uitgepakt", lambda user: user)
        via_wrappers = client.get(reverse("meldingen:lijst"))
        assert type(via_wrappers.wsgi_request.user) is not Gebruiker
    assert zonder_token(via_wrappers.content.decode()) == zonder_token(r.content.decode())

    alleen_wachtwoord = Client()
    alleen_wachtwoord.force_login(users["politie"])
    r = alleen_wachtwoord.get(reverse("meldingen:lijst"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("tweede_stap"))
    r = Client().get(reverse("meldingen:lijst"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("inloggen"))
