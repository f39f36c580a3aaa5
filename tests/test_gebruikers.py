from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from schakel.test_settings import PRODUCTION_PASSWORD_HASHERS

from .conftest import bevestigd_apparaat
from .conftest import huidige_code as code


def test_production_hashes_passwords_with_argon2():
    assert PRODUCTION_PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_login_page_is_dutch_and_there_is_no_language_switch(client):
    """The screens exist in Dutch only, so every page says lang="nl" (WCAG 3.1.1); a browser asking for
    English gets the same page, and the old language switch is gone."""
    for taal in ("", "en", "en-GB,en;q=0.9"):
        html = client.get(reverse("inloggen"), HTTP_ACCEPT_LANGUAGE=taal).content.decode()
        assert '<html lang="nl">' in html and "Inloggen bij Schakel" in html and "Wachtwoord" in html
        assert "set_language" not in html and 'name="language"' not in html
    with pytest.raises(Resolver404):
        resolve("/i18n/setlang/")


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


def inlogpoging(client, username, password, ip):
    return client.post(reverse("inloggen"), {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_wrong_passwords_lock_only_that_account_from_that_address(users):
    """Issue 9 hole 15: whoever types wrong passwords for the ZSM desk's account locks himself out,
    not the desk: the lock is per pair of account and address."""
    import time_machine

    begin = timezone.now()
    aanvaller = Client()
    for i in range(10):
        # Each attempt after the waiting time the previous failure imposed (at most five minutes).
        with time_machine.travel(begin + timedelta(seconds=301 * i), tick=False):
            # The tenth failure locks the pair.
            assert inlogpoging(aanvaller, "zsm", "fout", "10.6.6.6").status_code == (429 if i == 9 else 200)
    with time_machine.travel(begin + timedelta(seconds=301 * 10), tick=False):
        response = inlogpoging(aanvaller, "zsm", "Schakel-test-2026", "10.6.6.6")
        assert response.status_code == 429 and "Account tijdelijk geblokkeerd" in response.content.decode()
        # The desk itself, at its own address, logs in as usual.
        assert inlogpoging(Client(), "zsm", "Schakel-test-2026", "10.1.2.3").status_code == 302


@pytest.mark.django_db
def test_repeated_failures_are_slowed_down(users):
    import time_machine

    from schakel.gebruikers.forms import wachttijd

    assert [wachttijd(n) for n in range(1, 12)] == [0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300]
    begin = timezone.now()
    client = Client()
    with time_machine.travel(begin, tick=False):
        for _ in range(3):
            inlogpoging(client, "pr", "fout", "10.0.0.7")
        # Right away, even the right password waits; the refused attempt is not another failure.
        response = inlogpoging(client, "pr", "Schakel-test-2026", "10.0.0.7")
        assert response.status_code == 200 and "Wacht 2 seconden" in response.content.decode()
    from axes.models import AccessAttempt

    assert AccessAttempt.objects.get(username="pr").failures_since_start == 3
    with time_machine.travel(begin + timedelta(seconds=3), tick=False):
        assert inlogpoging(client, "pr", "Schakel-test-2026", "10.0.0.7").status_code == 302


@pytest.mark.django_db
def test_one_address_spraying_many_accounts_is_refused(users, settings):
    settings.LOGIN_IP_LIMIET = 6
    client = Client()
    for naam in ("ic", "pr", "politie", "reclassering", "fg", "ketenmanager"):
        inlogpoging(client, naam, "fout", "10.6.6.6")
    response = inlogpoging(client, "zsm", "Schakel-test-2026", "10.6.6.6")
    assert response.status_code == 200 and "Vanaf dit adres is te vaak verkeerd ingelogd" in response.content.decode()
    # Every one of those accounts still works from its own address.
    assert inlogpoging(Client(), "ic", "Schakel-test-2026", "10.1.2.3").status_code == 302


@pytest.mark.django_db
def test_idle_session_expires(client, users, settings):
    client.force_login(users["ic"])
    assert client.get(reverse("start")).status_code == 200
    assert settings.SESSION_ENGINE == "schakel.gebruikers.sessie" and settings.SESSION_COOKIE_AGE <= 30 * 60
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
def test_a_fresh_deadline_is_not_written_again_on_every_page(client, users, settings):
    """Renewing costs a write and a commit; within a minute of the last renewal a page reads only."""
    client.force_login(users["ic"])
    vers = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 30)
    Session.objects.update(expire_date=vers)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("start")).status_code == 200
    assert not [q for q in ctx.captured_queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    assert Session.objects.get().expire_date == vers
    # Just over a minute behind: renewed to a full idle period again.
    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 61))
    client.get(reverse("start"))
    assert Session.objects.get().expire_date > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 5)


@pytest.mark.django_db
def test_security_headers(client):
    response = client.get(reverse("inloggen"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@pytest.mark.parametrize("backend", [
    "schakel.gebruikers.backends.WachtwoordBackend", "schakel.gebruikers.backends.AxesBackend",
    "schakel.gebruikers.oidc.OidcBackend",
])
def test_a_session_finds_its_user_with_organisation_and_roles_in_one_query(client, users, backend):
    from schakel.gebruikers.models import GebruikerRol
    from schakel.gebruikers.rollen import Rol

    user = users["pr"]
    GebruikerRol.objects.get_or_create(gebruiker=user, rol=Rol.INFORMATIECOORDINATOR)
    client.force_login(user, backend=backend)
    from django.contrib.auth import get_user

    request = type("Verzoek", (), {"session": client.session})()
    assert request.session.get("_auth_user_backend") == backend  # the session itself is read here, not counted below
    with CaptureQueriesContext(connection) as ctx:
        geladen = get_user(request)
        organisatie, rollen = geladen.organisatie.naam, geladen.rollen
    assert len(ctx.captured_queries) == 1
    assert organisatie == user.organisatie.naam
    assert rollen == frozenset(user.rol_toekenningen.values_list("rol", flat=True)) and Rol.INFORMATIECOORDINATOR in rollen

    # A disabled account has no session left, however it signed in.
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert not get_user(request).is_authenticated
    response = client.get(reverse("meldingen:lijst"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("inloggen"))
