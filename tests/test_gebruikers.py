from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schakel.test_settings import PRODUCTION_PASSWORD_HASHERS

from .conftest import bevestigd_apparaat
from .conftest import huidige_code as code


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


def wachtwoord_stap(username):
    """A session after the password only: no second factor yet."""
    c = Client()
    response = c.post(reverse("inloggen"), {"username": username, "password": "Schakel-test-2026"})
    assert response.status_code == 302
    return c


@pytest.mark.django_db
def test_login_needs_the_second_factor_then_logout(users):
    device = bevestigd_apparaat(users["ic"])
    client = wachtwoord_stap("ic")
    response = client.get(reverse("meldingen:lijst"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("tweede_stap"))
    response = client.post(response["Location"], {"code": "000000" if code(device) != "000000" else "111111"})
    assert response.status_code == 400 and "Deze code klopt niet" in response.content.decode()
    # django-otp throttles after a wrong code (1 s, doubling); a person waits, the test moves the clock.
    import time_machine

    with time_machine.travel(timezone.now() + timedelta(seconds=3), tick=True):
        device.refresh_from_db()
        response = client.post(f"{reverse('tweede_stap')}?next=/meldingen/", {"code": code(device), "next": "/meldingen/"})
    assert response.status_code == 302 and response["Location"] == "/meldingen/"
    assert client.get(reverse("meldingen:lijst")).status_code == 200
    client.post(reverse("uitloggen"))
    assert client.get(reverse("start")).status_code == 302


@pytest.mark.django_db
def test_first_login_links_an_authenticator_app(users):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = wachtwoord_stap("pr")
    response = client.get(reverse("tweede_stap"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("tweestap_instellen"))
    html = client.get(reverse("tweestap_instellen")).content.decode()
    device = TOTPDevice.objects.get(user=users["pr"], confirmed=False)
    assert "<svg" in html and device.config_url.split("secret=")[1].split("&")[0] in html
    assert client.post(reverse("tweestap_instellen"), {"code": "12345a"}).status_code == 400
    response = client.post(reverse("tweestap_instellen"), {"code": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("briefing:lijst")).status_code == 200
    # Once linked, the set-up screen cannot be used to link another app.
    assert client.get(reverse("tweestap_instellen"))["Location"] == reverse("tweede_stap")


@pytest.mark.django_db
def test_no_page_with_personal_data_without_the_second_factor(users):
    from .matrix import alle_urls
    from .scenario import bouw_scenario

    s = bouw_scenario(users)
    bevestigd_apparaat(users["pr"])
    client = wachtwoord_stap("pr")
    for naam, url, method, _, _ in alle_urls(s, users):
        response = getattr(client, method)(url)
        if url.startswith("/api/"):
            assert response.status_code in (401, 403), naam
        else:
            assert response.status_code == 302 and response["Location"].startswith(reverse("tweede_stap")), naam


@pytest.mark.django_db
def test_wrong_password_gives_dutch_message(client, users):
    response = client.post(reverse("inloggen"), {"username": "ic", "password": "fout"})
    assert "Gebruikersnaam of wachtwoord onjuist" in response.content.decode()


@pytest.mark.django_db
def test_ten_wrong_passwords_lock_the_account_from_any_address(users):
    client = Client()
    for i in range(10):
        client.post(reverse("inloggen"), {"username": "pr", "password": "fout"}, REMOTE_ADDR=f"10.0.0.{i}")
    response = client.post(reverse("inloggen"), {"username": "pr", "password": "Schakel-test-2026"}, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429
    assert "Account tijdelijk geblokkeerd" in response.content.decode()
    assert client.get(reverse("start")).status_code == 302
    # Another account is not locked out.
    response = client.post(reverse("inloggen"), {"username": "ic", "password": "Schakel-test-2026"}, REMOTE_ADDR="10.9.9.9")
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
