"""Schemathesis against the API's own OpenAPI document (/api/schema/): every operation with data
Hypothesis derives from the schema, through the real WSGI application, as a verified (2FA) session
of each role that can use the API and of one that cannot. The check is `not_a_server_error`: a
partner system's odd request gets a 4xx with a reason, never a 500. New endpoints are in the
schema, so they are tested without touching this file."""
import pytest
import schemathesis
import yaml
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.python import wsgi

VOORBEELDEN = 60
# A CSRF secret of our own: DRF checks it for a session, the cookie and the header must match.
CSRF = "s" * 32


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


def _koekjes(client, user) -> dict:
    client.force_login(user)  # password and TOTP, as tests/conftest.TweestapClient does
    return {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}


def _schema(app, koekjes: dict):
    """The document as /api/schema/ serves it to this session."""
    web = wsgi.get_client(app)
    for naam, waarde in koekjes.items():
        web.set_cookie(naam, waarde, domain=wsgi.HOST)
    response = web.get("/api/schema/")
    assert response.status_code == 200, response.status_code
    schema = schemathesis.openapi.from_dict(yaml.safe_load(response.get_data()))
    schema.app = app
    return schema


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["zsm", "ic", "politie"])
def test_api_geeft_nooit_een_serverfout(client, users, rol, wsgi_app):
    from .scenario import BSN_P1, bouw_scenario

    bouw_scenario(users)  # a known person, so a look-up can also find something
    koekjes, kopregels = _koekjes(client, users[rol]), {"X-CSRFToken": CSRF}
    schema = _schema(wsgi_app, koekjes)
    operaties = [op.ok() for op in schema.get_all_operations()]
    assert operaties, "het OpenAPI-document beschrijft geen enkele operatie"
    fouten, statussen = [], set()
    for operatie in operaties:

        @settings(max_examples=VOORBEELDEN, derandomize=True, deadline=None, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(operatie.as_strategy())
        def probeer(case):
            response = case.call(headers=kopregels, cookies=koekjes)
            statussen.add(response.status_code)
            try:
                case.validate_response(response, checks=[not_a_server_error], headers=kopregels)
            except Exception as fout:  # noqa: BLE001 - collected, all causes in one report
                fouten.append(f"{operatie.label}: {response.status_code} {case.body!r:.300}\n{fout}")

        probeer()
    # Generated bodies are rarely valid (an eleven-test BSN), so one known-good question as well.
    for operatie in operaties:
        if operatie.method.upper() == "POST" and operatie.path == "/api/zsm/vraag/":
            case = operatie.Case(body={"bsn": BSN_P1}, media_type="application/json")
            statussen.add(case.call(headers=kopregels, cookies=koekjes).status_code)
    assert not fouten, "\n\n".join(fouten[:10])
    # The session really got through: the ZSM role gets answers, the others 403 (or the input guard's
    # 400 for a NUL byte, before any permission check), so a broken log-in cannot pass on 401s alone.
    assert 200 in statussen if rol == "zsm" else statussen <= {400, 403} and 403 in statussen, statussen
