from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from schakel.test_settings import PRODUCTION_PASSWORD_HASHERS


def test_production_hashes_passwords_with_argon2():
    assert PRODUCTION_PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_login_page_is_dutch_and_english_is_available(client):
    html = client.get(reverse("inloggen")).content.decode()
    assert '<html lang="nl">' in html and "Inloggen bij Schakel" in html and "Wachtwoord" in html
    # A browser asking for English still gets Dutch: English is chosen, not guessed.
    html = client.get(reverse("inloggen"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="nl">' in html
    client.post(reverse("set_language"), {"language": "en", "next": reverse("inloggen")})
    html = client.get(reverse("inloggen")).content.decode()
    assert '<html lang="en">' in html and "Log in to Schakel" in html and "Password" in html


@pytest.mark.django_db
def test_login_and_logout(client, users):
    response = client.post(reverse("inloggen"), {"username": "ic", "password": "Schakel-test-2026"})
    assert response.status_code == 302 and response["Location"] == reverse("start")
    assert "Welkom" in client.get(reverse("start")).content.decode()
    client.post(reverse("uitloggen"))
    assert client.get(reverse("start")).status_code == 302


@pytest.mark.django_db
def test_wrong_password_gives_dutch_message(client, users):
    response = client.post(reverse("inloggen"), {"username": "ic", "password": "fout"})
    assert "Gebruikersnaam of wachtwoord onjuist" in response.content.decode()


@pytest.mark.django_db
def test_lockout_after_five_failures_even_with_right_password(client, users):
    for _ in range(5):
        client.post(reverse("inloggen"), {"username": "pr", "password": "fout"}, REMOTE_ADDR="10.0.0.1")
    response = client.post(reverse("inloggen"), {"username": "pr", "password": "Schakel-test-2026"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 429
    assert "Account tijdelijk geblokkeerd" in response.content.decode()
    assert client.get(reverse("start")).status_code == 302
    # Another user from the same address is not locked out.
    response = client.post(reverse("inloggen"), {"username": "ic", "password": "Schakel-test-2026"}, REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302


@pytest.mark.django_db
def test_idle_session_expires(client, users, settings):
    client.force_login(users["ic"])
    assert client.get(reverse("start")).status_code == 200
    assert settings.SESSION_SAVE_EVERY_REQUEST and settings.SESSION_COOKIE_AGE <= 30 * 60
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("meldingen:lijst"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("inloggen"))


@pytest.mark.django_db
def test_every_request_renews_the_idle_deadline(client, users):
    client.force_login(users["ic"])
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    client.get(reverse("start"))
    assert Session.objects.get().expire_date > timezone.now() + timedelta(minutes=20)


@pytest.mark.django_db
def test_security_headers(client):
    response = client.get(reverse("inloggen"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
