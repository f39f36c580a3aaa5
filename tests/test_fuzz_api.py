"""Schemathesis against the COMMITTED OpenAPI document (docs/openapi.yaml), through the real WSGI
application: every operation with data Hypothesis derives from the document, as each role that uses
the API with an API token of that role (a partner, a municipal contact, house staff, the ZSM desk),
and as a verified browser session of a partner. Checks: no server error, and every answer conforms
to the document (status code, content type, body schema), errors included (problem details). Then
each operation once more with real ids and a valid body, so the 200/201 bodies are checked too.
New endpoints are in the document, so they are tested without touching this file."""
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import (
    content_type_conformance, not_a_server_error, response_schema_conformance, status_code_conformance,
)

DOCUMENT = Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml"
VOORBEELDEN = 30
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# A CSRF secret of our own: DRF checks it for a session, the cookie and the header must match.
CSRF = "s" * 32
# Per role: the operations that must have answered 200/201 at least once (a broken log-in or token
# cannot pass on 401s and 403s alone).
MOET_200 = {
    "reclassering": {"GET /api/meldingen/", "GET /api/casussen/", "GET /api/acties/", "GET /api/meldingen/{id}/",
                     "POST /api/meldingen/", "POST /api/acties/{id}/status/"},
    "contact": {"GET /api/uitvragen/", "GET /api/uitvragen/{id}/", "POST /api/uitvragen/{id}/antwoord/"},
    "ic": {"GET /api/overleggen/{id}/", "GET /api/plannen/{id}/", "GET /api/casussen/{id}/", "GET /api/acties/{id}/"},
    "zsm": {"POST /api/zsm/vraag/"},
    "politie (sessie)": {"GET /api/meldingen/"},
}


@pytest.fixture
def wsgi_app():
    """The real WSGI application inside the test's transaction. Like Django's test client, do not let
    the request signals close the database connection (that would end the transaction on PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _aanmelding(client, users, rol):
    """(headers, cookies) for this role: a token of that role, or a verified session."""
    from .api_scenario import token_voor

    if rol.endswith("(sessie)"):
        client.force_login(users[rol.split()[0]])  # password and TOTP, as tests/conftest.TweestapClient does
        return {"X-CSRFToken": CSRF}, {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}
    return {"Authorization": f"Token {token_voor(users, users[rol])}"}, {}


def _goede_verzoeken(a, users):
    """(method, path template, path id, body): one valid request per operation."""
    from schakel.gemeenten.models import Gemeente
    from schakel.meldingen.models import Thema

    from .scenario import BSN_P1

    melding = {"kanaal": "mail", "melder_naam": "A. Agent", "gemeente": Gemeente.objects.get(code="leiden").pk,
               "thema": Thema.objects.get(code="overlast").pk, "omschrijving": "Zorgen.", "persoon": {"achternaam": "Pietersen"}}
    return [
        ("GET", "/api/meldingen/", None, None), ("GET", "/api/meldingen/{id}/", a.s.melding.pk, None),
        ("POST", "/api/meldingen/", None, melding),
        ("GET", "/api/casussen/", None, None), ("GET", "/api/casussen/{id}/", a.s.casus.pk, None),
        ("GET", "/api/acties/", None, None), ("GET", "/api/acties/{id}/", a.actie_reclassering.pk, None),
        ("POST", "/api/acties/{id}/status/", a.actie_reclassering.pk, {"status": "gedaan"}),
        ("GET", "/api/plannen/", None, None), ("GET", "/api/plannen/{id}/", a.plan.pk, None),
        ("GET", "/api/uitvragen/", None, None), ("GET", "/api/uitvragen/{id}/", a.s.uitvraag.pk, None),
        ("POST", "/api/uitvragen/{id}/antwoord/", a.s.uitvraag.pk, {"antwoord": "Bekend bij W&I."}),
        ("GET", "/api/overleggen/", None, None), ("GET", "/api/overleggen/{id}/", a.overleg.pk, None),
        ("POST", "/api/zsm/vraag/", None, {"bsn": BSN_P1}),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("rol", list(MOET_200))
def test_api_conforms_to_the_committed_document(client, users, rol, wsgi_app):
    from .api_scenario import bouw_api_scenario

    a = bouw_api_scenario(users)
    schema = schemathesis.openapi.from_path(str(DOCUMENT))
    schema.app = wsgi_app
    kopregels, koekjes = _aanmelding(client, users, rol)
    operaties = {f"{op.method.upper()} {op.path}": op for op in (o.ok() for o in schema.get_all_operations())}
    goed = _goede_verzoeken(a, users)
    # The valid requests name real operations of the document. An operation without one (a route added
    # later) is still fuzzed below; add a valid request here so its success bodies are checked too.
    assert {f"{m} {p}" for m, p, _, _ in goed} <= set(operaties), {f"{m} {p}" for m, p, _, _ in goed} - set(operaties)
    fouten, statussen = [], {}

    def controleer(label, case, response):
        statussen.setdefault(label, set()).add(response.status_code)
        try:
            case.validate_response(response, checks=CHECKS, headers=kopregels)
        except Exception as fout:  # noqa: BLE001 - collected, all causes in one report
            fouten.append(f"{label}: {response.status_code} {case.path_parameters} {case.query} {case.body!r:.300}\n"
                          f"{response.content[:500]!r}\n{fout}")

    for label, operatie in operaties.items():

        @settings(max_examples=VOORBEELDEN, derandomize=True, deadline=None, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(operatie.as_strategy())
        def probeer(case):
            controleer(label, case, case.call(headers=kopregels, cookies=koekjes))

        probeer()
    for methode, pad, pk, body in goed:
        operatie = operaties[f"{methode} {pad}"]
        kwargs = {"path_parameters": {"id": pk}} if pk else {}
        if body is not None:
            kwargs.update(body=body, media_type="application/json")
        case = operatie.Case(**kwargs)
        controleer(f"{methode} {pad}", case, case.call(headers=kopregels, cookies=koekjes))
    assert not fouten, f"{len(fouten)} afwijkingen:\n\n" + "\n\n".join(fouten[:8])
    zonder_200 = {label for label in MOET_200[rol] if not statussen.get(label, set()) & {200, 201}}
    assert not zonder_200, (zonder_200, {k: statussen.get(k) for k in zonder_200})
    assert not any(401 in s for s in statussen.values()), statussen
