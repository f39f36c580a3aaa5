"""The case page asks once which kinds of rows a case has (casussen.onderdelen.inhoud) and its sections
skip the query for a kind it has none of. That may save queries, never hide a row: every case page
must be the same with that count as without it, for staff and for a partner, and it must cost fewer
queries for a case with empty sections."""
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schakel.casussen import onderdelen

from .canary.wereld import bouw_wereld
from .conftest import TweestapClient


def _pagina(client, url) -> tuple[tuple[int, str], int]:
    """The page (status and HTML) and its number of queries."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    # A fresh CSRF mask per response; everything else must be equal.
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return (response.status_code, html), len(ctx.captured_queries)


@pytest.mark.django_db
def test_every_case_page_is_the_same_without_the_count_and_costs_fewer_queries(monkeypatch):
    w = bouw_wereld()
    inhoud_a = onderdelen.inhoud(w.casussen["A"])
    # Case A has rows of every kind the sections show except follow-up cases: the count sees them.
    assert {naam for naam, ja in inhoud_a.items() if ja} >= {
        "besprekingen", "plan", "trajecten", "monitoringcontacten", "verlengingen", "opschalingen", "zsm_adviezen"}
    assert any(not ja for casus in w.casussen.values() for ja in onderdelen.inhoud(casus).values())
    for naam in ("pr", "ggz", "politie"):
        client = TweestapClient()
        client.force_login(w.users[naam])
        for casus in w.casussen.values():
            url = reverse("casussen:detail", args=[casus.pk])
            met, n_met = _pagina(client, url)
            with monkeypatch.context() as m:
                m.setattr(onderdelen, "inhoud", lambda casus: {})
                zonder, n_zonder = _pagina(client, url)
            assert met == zonder, (naam, casus.pk)
            if met[0] == 200:
                # One query to count; each kind the case has none of costs no query of its own.
                leeg = sum(1 for ja in onderdelen.inhoud(casus).values() if not ja)
                assert n_met <= n_zonder + 1 - min(leeg, 1), (naam, casus.pk, n_met, n_zonder)


@pytest.mark.django_db
def test_a_new_case_page_asks_a_fixed_number_of_queries(client_for, users):
    from .scenario import bouw_scenario

    s = bouw_scenario(users)
    casus = s.weging.casus
    assert not any(onderdelen.inhoud(casus).values())
    client = client_for(users["pr"])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("casussen:detail", args=[casus.pk])).status_code == 200
    # Transaction control (BEGIN/COMMIT, or a savepoint inside the test's transaction) not counted.
    statements = [q["sql"] for q in ctx.captured_queries
                  if q["sql"] not in ("BEGIN", "COMMIT") and not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    # Session, user, device; the case and its persons; the access log and the visit (one commit); what
    # the case has; the coming meetings to put it on (it was never discussed); involvements, meldingen
    # and status history. Not a query per empty section (eight), nor one per section for the persons
    # it logs.
    assert len(statements) == 12, statements
