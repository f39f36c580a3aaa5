"""What a user sees when the database cannot be reached (a restart or failover), and when something
else breaks: a Dutch page, never a trace. The real restart under load is bench/herstart.py."""
import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path

from schakel import urls as schakel_urls


def _database_weg(request):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def _programmafout(request):
    raise ValueError("geheime-interne-waarde")


urlpatterns = [path("test-storing/database/", _database_weg), path("test-storing/anders/", _programmafout),
               path("api/test-storing/database/", _database_weg), path("api/test-storing/anders/", _programmafout),
               *schakel_urls.urlpatterns]
handler500 = schakel_urls.handler500


@pytest.fixture
def storingclient(client_for, users, settings):
    settings.ROOT_URLCONF = __name__
    ingelogd = client_for(users["pr"])
    client = Client(raise_request_exception=False)
    client.cookies = ingelogd.cookies
    return client


def test_unreachable_database_is_a_dutch_503_with_retry_after(storingclient):
    response = storingclient.get("/test-storing/database/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    tekst = response.content.decode()
    assert "Schakel is even niet bereikbaar" in tekst and "niet opgeslagen" in tekst
    assert "Connection refused" not in tekst and "Traceback" not in tekst


def test_other_errors_are_a_dutch_500_without_details(storingclient):
    response = storingclient.get("/test-storing/anders/")
    assert response.status_code == 500
    tekst = response.content.decode()
    assert "Er ging iets mis" in tekst
    assert "geheime-interne-waarde" not in tekst and "ValueError" not in tekst


def test_the_api_answers_with_a_problem_document_then_too(storingclient):
    for url, status in (("/api/test-storing/database/", 503), ("/api/test-storing/anders/", 500)):
        response = storingclient.get(url)
        assert response.status_code == status and response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == status and response.json()["detail"]
        tekst = response.content.decode()
        assert "Connection refused" not in tekst and "geheime-interne-waarde" not in tekst and "Traceback" not in tekst
    assert storingclient.get("/api/test-storing/database/")["Retry-After"] == "30"
