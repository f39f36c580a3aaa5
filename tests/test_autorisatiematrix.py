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
        assert response.status_code in (302, 401), naam
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("inloggen")), naam


@pytest.mark.django_db
def test_unknown_id_is_404_not_403(client, users):
    client.force_login(users["politie"])
    assert client.get(reverse("meldingen:detail", args=[999999])).status_code == 404
