"""Every URL requested as every role, involved and not involved.

The scenario: Reclassering brought in a melding about P1; it was weighed into a focus case. Only the
house staff and Reclassering may see it; the Leiden contact sees only the information request. Each
app lists its URLs in tests/matrix/<app>.py."""
import pytest
from django.urls import reverse

from .matrix import alle_urls
from .scenario import bouw_scenario


@pytest.mark.django_db
def test_matrix_every_role_every_url(client, users):
    s = bouw_scenario(users)
    rijen = alle_urls(s, users)
    fouten = []
    for rol, user in users.items():
        client.force_login(user)
        for naam, url, method, toegestaan, verwacht in rijen:
            status = getattr(client, method)(url).status_code
            moet = verwacht if rol in toegestaan else 403
            if status != moet:
                fouten.append(f"{rol:>13} {naam:<24} {url}: {status}, verwacht {moet}")
    assert not fouten, "\n".join(fouten)


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_everywhere(client, users):
    s = bouw_scenario(users)
    for naam, url, method, _, _ in alle_urls(s, users):
        response = getattr(client, method)(url)
        # Pages send you to the login form; the API answers 401/403 itself.
        assert response.status_code in ((401, 403) if url.startswith("/api/") else (302,)), naam
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("inloggen")), naam


@pytest.mark.django_db
def test_unknown_id_is_404_not_403(client, users):
    client.force_login(users["politie"])
    assert client.get(reverse("meldingen:detail", args=[999999])).status_code == 404


def _namen(resolver, namespace=""):
    from django.urls import URLPattern, URLResolver

    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _namen(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}"


# Not case or person screens: login/logout/language, and Django's own admin pages behind /beheer/
# (the matrix covers the beheer index and two lists; the admin checks the role for all of them).
# The password link a user gets by mail needs no session (tests/test_rollen.py covers it). The
# health endpoint shows no data and answers every role and no role alike (tests/test_productie.py).
BUITEN_MATRIX = {"inloggen", "uitloggen", "tweede_stap", "tweestap_instellen",
                 "wachtwoord_herstellen", "wachtwoord_hersteld",
                 # Single sign-on: the login screens, and starting a link, which needs a configured
                 # provider (tests/test_sso.py asks it as a trusted and an untrusted organisation).
                 "oidc_inloggen", "oidc_terug", "oidc_koppelen_starten", "gezond"}


@pytest.mark.django_db
def test_every_url_of_the_project_is_in_the_matrix(users):
    from django.urls import get_resolver, resolve

    s = bouw_scenario(users)
    in_matrix = {resolve(url.split("?")[0]).view_name for _, url, _, _, _ in alle_urls(s, users)}
    alle = {n for n in _namen(get_resolver()) if not n.startswith("beheer:")} - BUITEN_MATRIX
    assert alle - in_matrix == set(), "URL's zonder regel in tests/matrix/"
