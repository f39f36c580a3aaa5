"""Every URL requested as every role, involved and not involved.

The scenario: Reclassering brought in a melding about P1; it was weighed into a focus case. Only the
house staff and Reclassering may see it; the Leiden contact sees only the information request."""
import pytest
from django.urls import reverse

from .scenario import bouw_scenario

ALLE = ["ic", "pr", "reclassering", "politie", "contact", "contact_gouda", "zsm", "ketenmanager", "fg", "beheerder", "zonder_rol"]
STAF = {"ic", "pr"}
PARTNERS = {"reclassering", "politie"}


def urls(s):
    m, p, b, c, u = s.melding.pk, s.persoon.pk, s.briefing.pk, s.casus.pk, s.uitvraag.pk
    # (name, url, method, roles that get through, expected status for them)
    return [
        ("start", reverse("start"), "get", set(ALLE), 200),
        ("meldingen", reverse("meldingen:lijst"), "get", STAF | PARTNERS, 200),
        ("melding nieuw", reverse("meldingen:nieuw"), "get", STAF | PARTNERS, 200),
        ("melding detail", reverse("meldingen:detail", args=[m]), "get", STAF | {"reclassering"}, 200),
        ("melding wijzigen", reverse("meldingen:wijzigen", args=[m]), "get", STAF, 200),
        ("terugkoppeling", reverse("meldingen:terugkoppeling", args=[m]), "post", STAF, 400),
        ("terugkoppeling open", reverse("meldingen:terugkoppeling_open"), "get", STAF, 200),
        ("persoon toevoegen", reverse("meldingen:persoon_toevoegen", args=[m]), "get", STAF, 200),
        ("zoeken", reverse("personen:zoeken"), "get", STAF | PARTNERS, 200),
        ("persoon detail", reverse("personen:detail", args=[p]), "get", STAF | {"reclassering"}, 200),
        ("uitvragen", reverse("uitvragen:lijst"), "get", STAF | {"contact", "contact_gouda"}, 200),
        ("uitvraag nieuw", reverse("uitvragen:nieuw", args=[m]), "get", STAF, 200),
        ("uitvraag detail", reverse("uitvragen:detail", args=[u]), "get", STAF | {"contact"}, 200),
        ("briefings", reverse("briefing:lijst"), "get", STAF, 200),
        ("briefing nieuw", reverse("briefing:nieuw"), "get", STAF, 200),
        ("briefing detail", reverse("briefing:detail", args=[b]), "get", STAF, 200),
        ("agenderen", reverse("briefing:agenderen", args=[b]), "get", STAF, 200),
        ("wegen", reverse("briefing:wegen", args=[b, m]), "get", STAF, 200),
        ("casussen", reverse("casussen:lijst"), "get", STAF | PARTNERS, 200),
        ("casus detail", reverse("casussen:detail", args=[c]), "get", STAF | {"reclassering"}, 200),
        ("toegangslog", reverse("privacy:toegangslog"), "get", {"fg"}, 200),
        ("beheer", reverse("beheer:index"), "get", {"beheerder"}, 200),
        ("beheer besluiten", reverse("beheer:briefing_besluitoptie_changelist"), "get", {"beheerder"}, 200),
        ("beheer gebruikers", reverse("beheer:gebruikers_gebruiker_changelist"), "get", {"beheerder"}, 200),
    ]


@pytest.mark.django_db
def test_matrix_every_role_every_url(client, users):
    s = bouw_scenario(users)
    fouten = []
    for rol in ALLE:
        client.force_login(users[rol])
        for naam, url, method, toegestaan, verwacht in urls(s):
            status = getattr(client, method)(url).status_code
            moet = verwacht if rol in toegestaan else 403
            if status != moet:
                fouten.append(f"{rol:>13} {naam:<20} {url}: {status}, verwacht {moet}")
    assert not fouten, "\n".join(fouten)


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_everywhere(client, users):
    s = bouw_scenario(users)
    for naam, url, method, _, _ in urls(s):
        response = getattr(client, method)(url)
        assert response.status_code == 302, naam
        assert response["Location"].startswith(reverse("inloggen")), naam


@pytest.mark.django_db
def test_unknown_id_is_404_not_403(client, users):
    client.force_login(users["politie"])
    assert client.get(reverse("meldingen:detail", args=[999999])).status_code == 404
