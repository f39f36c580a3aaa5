"""Production: `check --deploy` with the production environment, the health endpoint for the load
balancer and its failure modes, and the structured server log without personal data."""
import io
import json
import logging
import os
import subprocess
import urllib.request
import sys

import pytest
import yaml
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from schakel.privacy import ketenaar
from schakel.privacy.models import Logketen, Toegangslog
from schakel.privacy.services import log_toegang

ROOT = settings.BASE_DIR.parent.parent


def _schone_omgeving() -> dict:
    """Only what finds Python and Schakel: nothing the test run itself set (DEBUG, the test flag, or
    DJANGO_ALLOW_ASYNC_UNSAFE from the browser tests) may leak into a production process."""
    return {k: os.environ[k] for k in ("PATH", "PYTHONPATH", "HOME", "LANG", "TMPDIR") if k in os.environ}


def _check_deploy(tmp_path, **extra) -> subprocess.CompletedProcess:
    """`schakel check --deploy` in its own process with the real settings module and the environment
    docs/deployment.md prescribes: no DEBUG, no test flag, real keys, behind a TLS proxy."""
    omgeving = _schone_omgeving()
    omgeving.update({
        "DJANGO_SETTINGS_MODULE": "schakel.settings",
        "SECRET_KEY": "k" * 20 + "Xy7#pQ2!mZ9$wL4&vB8^nR1*tF6@hJ3%",
        "SCHAKEL_LOG_KEY": "l" * 40,
        "ALLOWED_HOSTS": "schakel.zvh.example",
        "CSRF_TRUSTED_ORIGINS": "https://schakel.zvh.example",
        "SECURE_PROXY_SSL_HEADER": "1",
        "SCHAKEL_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **extra,
    })
    return subprocess.run([sys.executable, "-m", "schakel.manage", "check", "--deploy", "--fail-level", "WARNING"],
                          env=omgeving, capture_output=True, text=True, timeout=180)


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    resultaat = _check_deploy(tmp_path)
    assert resultaat.returncode == 0, resultaat.stderr + resultaat.stdout
    assert "no issues" in resultaat.stdout


def test_check_deploy_notices_a_missing_https_redirect(tmp_path):
    """The check above can fail: switch one production setting off and its warning appears."""
    resultaat = _check_deploy(tmp_path, SECURE_SSL_REDIRECT="0")
    assert resultaat.returncode != 0
    assert "security.W008" in resultaat.stderr + resultaat.stdout


# --- health endpoint ---------------------------------------------------------------------------


def _gezond(client=None):
    response = (client or Client()).get(reverse("gezond"))
    return response.status_code, json.loads(response.content)


@pytest.mark.django_db
def test_health_is_ok_without_a_session_and_says_nothing_more(ref):
    status, inhoud = _gezond()
    assert status == 200
    assert inhoud == {"status": "ok", "onderdelen": {"database": "ok", "takenwachtrij": "ok", "logketen": "ok"}}


@pytest.mark.django_db
def test_health_needs_no_second_factor_and_no_https(users):
    wachtwoord_alleen = Client()
    assert wachtwoord_alleen.post(reverse("inloggen"), {"username": "ic", "password": "Schakel-test-2026"}).status_code == 302
    assert _gezond(wachtwoord_alleen)[0] == 200
    # The load balancer asks over plain http; every other page is sent to https.
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert Client().get(reverse("gezond")).status_code == 200
        assert Client().get(reverse("inloggen")).status_code == 301
    assert Client().post(reverse("gezond")).status_code == 405
    assert Client().head(reverse("gezond")).status_code == 200


@pytest.mark.django_db
def test_health_database_down_is_503(ref, monkeypatch):
    from django.db.utils import OperationalError

    def weigert(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", weigert)
    status, inhoud = _gezond()
    assert status == 503 and inhoud["status"] == "fout"
    # Every part needs the database, so none of them can be ok.
    assert inhoud["onderdelen"] == {"database": "fout", "takenwachtrij": "fout", "logketen": "fout"}


@pytest.mark.django_db
def test_health_broker_unreachable_is_503(ref, monkeypatch):
    """Redis as broker (as on several web nodes), at an address where nothing listens."""
    from django_q.conf import Conf

    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "REDIS", "redis://127.0.0.1:1/0")
    status, inhoud = _gezond()
    assert status == 503
    assert inhoud["onderdelen"] == {"database": "ok", "takenwachtrij": "fout", "logketen": "ok"}


@pytest.mark.django_db
def test_health_chain_head_missing_is_503(users):
    log_toegang(users["ic"], Toegangslog.Actie.BEKEKEN, "melding", [(1, [1])], "test")
    # Chained as after the page's commit (a test's transaction never commits).
    ketenaar.ketenen(Toegangslog)
    assert _gezond()[0] == 200
    Logketen.objects.filter(naam=Logketen.TOEGANGSLOG).delete()
    status, inhoud = _gezond()
    assert status == 503
    assert inhoud["onderdelen"] == {"database": "ok", "takenwachtrij": "ok", "logketen": "fout"}


# --- structured log ----------------------------------------------------------------------------


@pytest.fixture
def serverlog():
    """What the configured console handler writes, as the process's stderr would carry it."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    buffer = io.StringIO()
    oud = handler.setStream(buffer)
    try:
        yield buffer
    finally:
        handler.setStream(oud)


def test_production_logs_json():
    assert settings.DEBUG is False and settings.LOGGING["handlers"]["console"]["formatter"] == "json"


@pytest.mark.django_db
def test_request_log_line_is_json_without_bsn_or_query(client, users, serverlog):
    bsn = "111222333"
    client.force_login(users["ic"])
    response = client.get(reverse("personen:zoeken"), {"q": bsn, "achternaam": "Jansen"}, HTTP_X_REQUEST_ID="abcdef12-3456")
    assert response.status_code == 200
    assert response["X-Request-ID"] == "abcdef12-3456"
    client.post(reverse("meldingen:nieuw"), {"bsn": bsn, "achternaam": "Jansen"})
    regels = [json.loads(r) for r in serverlog.getvalue().splitlines()]
    verzoeken = [r for r in regels if r["logger"] == "schakel.verzoeken"]
    assert [(r["methode"], r["route"]) for r in verzoeken] == [("GET", "/personen/zoeken/"), ("POST", "/meldingen/nieuw/")]
    assert verzoeken[0]["status"] == 200 and verzoeken[0]["verzoek_id"] == "abcdef12-3456"
    assert bsn not in serverlog.getvalue() and "Jansen" not in serverlog.getvalue()


def test_a_forged_request_id_is_replaced(serverlog, db):
    response = Client().get(reverse("inloggen"), HTTP_X_REQUEST_ID="x\n{\"niveau\": \"vals\"}")
    vervangen = response["X-Request-ID"]
    assert len(vervangen) == 32 and "\n" not in vervangen
    assert json.loads(serverlog.getvalue().splitlines()[-1])["verzoek_id"] == vervangen


@pytest.mark.django_db
def test_django_request_warning_carries_the_id_but_not_the_query(client, users, serverlog):
    client.force_login(users["ic"])
    response = client.get("/bestaat-niet/", {"q": "111222333"})
    assert response.status_code == 404
    waarschuwing = [json.loads(r) for r in serverlog.getvalue().splitlines() if '"django.request"' in r][0]
    assert waarschuwing["verzoek_id"] == response["X-Request-ID"]
    assert "111222333" not in serverlog.getvalue() and "request" not in waarschuwing


def test_bsn_in_an_exception_is_masked(serverlog):
    try:
        raise ValueError('duplicate key value violates unique constraint: Key (bsn)=(111222333) already exists')
    except ValueError:
        logging.getLogger("django.request").exception("Fout bij %s", "persoon 123.456.782")
    regel = json.loads(serverlog.getvalue())
    assert regel["niveau"] == "ERROR"
    assert "111222333" not in serverlog.getvalue() and "123.456.782" not in serverlog.getvalue()
    assert "(bsn)=([bsn])" in regel["uitzondering"] and regel["bericht"] == "Fout bij persoon [bsn]"


# --- publiccode.yml ----------------------------------------------------------------------------


def test_publiccode_yml_has_what_the_standard_requires():
    code = yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))
    for sleutel in ("publiccodeYmlVersion", "name", "url", "platforms", "categories", "developmentStatus",
                    "softwareType", "description", "legal", "maintenance", "localisation"):
        assert sleutel in code, sleutel
    assert code["publiccodeYmlVersion"] == "0.4"
    assert code["legal"]["license"] == "EUPL-1.2"
    assert code["softwareVersion"] == _projectversie()
    nl = code["description"]["nl"]
    assert nl["shortDescription"] and len(nl["shortDescription"]) <= 150
    assert len(nl["longDescription"]) >= 150 and nl["features"]
    assert code["maintenance"]["type"] in ("internal", "contract", "community", "none")
    assert code["localisation"]["availableLanguages"] == ["nl"]


def _projectversie() -> str:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


# --- gunicorn ----------------------------------------------------------------------------------


def _vrije_poort() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url() -> str:
    d = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{d['NAME']}"
    return f"postgres://{d['USER'] or ''}{':' + d['PASSWORD'] if d['PASSWORD'] else ''}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_gunicorn_serves_health_pages_and_static_files_with_json_logs(tmp_path):
    """The production server as configured in gunicorn.conf.py, on the test database, in production
    settings behind a proxy: the health endpoint, a static file through WhiteNoise, JSON log lines."""
    import time
    import urllib.error

    poort = _vrije_poort()
    omgeving = _schone_omgeving()
    omgeving.update({
        "SECRET_KEY": "g" * 50, "SCHAKEL_LOG_KEY": "l" * 40, "ALLOWED_HOSTS": "schakel.zvh.example",
        "SECURE_PROXY_SSL_HEADER": "1", "SCHAKEL_VAR_DIR": str(tmp_path), "DATABASE_URL": _database_url(),
        "GUNICORN_BIND": f"127.0.0.1:{poort}", "GUNICORN_WORKERS": "1",
    })
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py")],
                              env=omgeving, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def vraag(pad, **koppen):
        verzoek = urllib.request.Request(f"http://127.0.0.1:{poort}{pad}", headers={"Host": "schakel.zvh.example", **koppen})
        try:
            with urllib.request.urlopen(verzoek, timeout=10) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    try:
        for _ in range(120):
            try:
                status, inhoud = vraag("/gezond/")
                break
            except OSError:
                time.sleep(0.5)
        else:
            raise AssertionError("gunicorn startte niet")
        assert status == 200 and json.loads(inhoud)["status"] == "ok"
        status, css = vraag("/static/schakel/schakel.css", **{"X-Forwarded-Proto": "https"})
        assert status == 200 and css == (settings.BASE_DIR / "static" / "schakel" / "schakel.css").read_bytes()
        # Plain http from outside the proxy is sent to https; through the proxy the login page shows.
        urllib.request.install_opener(urllib.request.build_opener(_GeenDoorsturen))
        assert vraag("/inloggen/?q=111222333")[0] == 301
        assert vraag("/inloggen/", **{"X-Forwarded-Proto": "https"})[0] == 200
    finally:
        urllib.request.install_opener(None)
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    verzoeken = [json.loads(r) for r in stderr.splitlines() if r.startswith("{") and "schakel.verzoeken" in r]
    assert ("/gezond/", 200) in [(r["route"], r["status"]) for r in verzoeken]
    assert ("/inloggen/", 200) in [(r["route"], r["status"]) for r in verzoeken]
    assert "111222333" not in stderr


class _GeenDoorsturen(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
