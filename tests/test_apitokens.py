"""Issue 9 hole 15 (API tokens): hashed, expiring, scoped, managed in beheer, every use logged."""
import importlib
import re
from types import SimpleNamespace
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from schakel.gebruikers.models import ApiToken, ApiTokenGebruik
from schakel.gebruikers.services import maak_token, token_hash
from schakel.privacy.models import Mutatielog, Toegangslog

from .scenario import BSN_P1, bouw_scenario

API_URL = "/api/zsm/vraag/"


def vraag(sleutel):
    return Client().post(API_URL, {"bsn": BSN_P1}, content_type="application/json", HTTP_AUTHORIZATION=f"Token {sleutel}")


@pytest.mark.django_db
def test_beheerder_makes_a_token_that_is_shown_once_and_stored_as_a_hash(client_for, users):
    bouw_scenario(users)
    client = client_for(users["beheerder"])
    response = client.post(reverse("beheer:gebruikers_apitoken_add"), {
        "gebruiker": users["zsm"].pk, "naam": "ZSM-tafel Leiden", "scopes": ["zsm"], "dagen": 30,
    })
    html = response.content.decode()
    assert response.status_code == 200 and "Kopieer het token nu" in html
    sleutel = re.search(r'id="token" type="text" readonly value="([^"]+)"', html).group(1)
    token = ApiToken.objects.get()
    assert token.sleutel_hash == token_hash(sleutel) and sleutel not in str(ApiToken.objects.values().get())
    assert abs(token.verloopt_op - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    # Never shown again.
    for url in (reverse("beheer:gebruikers_apitoken_changelist"), reverse("beheer:gebruikers_apitoken_change", args=[token.pk])):
        assert sleutel not in client.get(url).content.decode()
    assert vraag(sleutel).status_code == 200
    assert Mutatielog.objects.filter(objecttype="apitoken", object_id=token.pk, actie="aangemaakt", gebruiker=users["beheerder"]).exists()


@pytest.mark.django_db
def test_default_term_is_configurable(users, settings):
    settings.API_TOKEN_GELDIG_DAGEN = 7
    token, _ = maak_token(door=users["beheerder"], gebruiker=users["zsm"], naam="t", scopes=["zsm"])
    assert abs(token.verloopt_op - (timezone.now() + timedelta(days=7))) < timedelta(minutes=1)
    with pytest.raises(Exception, match="1 tot 365"):
        maak_token(door=users["beheerder"], gebruiker=users["zsm"], naam="t", scopes=["zsm"], dagen=1000)
    # Only the functioneel beheerder makes tokens.
    with pytest.raises(Exception):
        maak_token(door=users["ic"], gebruiker=users["zsm"], naam="t", scopes=["zsm"])


@pytest.mark.django_db
def test_expired_and_revoked_tokens_are_refused(client_for, users):
    bouw_scenario(users)
    verlopen, sleutel_v = maak_token(door=users["beheerder"], gebruiker=users["zsm"], naam="oud", scopes=["zsm"])
    ApiToken.objects.filter(pk=verlopen.pk).update(verloopt_op=timezone.now() - timedelta(seconds=1))
    response = vraag(sleutel_v)
    assert response.status_code == 401 and "verlopen" in response.json()["detail"]

    token, sleutel = maak_token(door=users["beheerder"], gebruiker=users["zsm"], naam="nu", scopes=["zsm"])
    assert vraag(sleutel).status_code == 200
    client_for(users["beheerder"]).post(reverse("beheer:gebruikers_apitoken_changelist"), {
        "action": "intrekken", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.ingetrokken_op is not None and token.ingetrokken_door == users["beheerder"]
    assert vraag(sleutel).status_code == 401
    assert vraag("geen-bestaand-token").status_code == 401


@pytest.mark.django_db
def test_a_token_opens_only_its_scopes(users):
    bouw_scenario(users)
    token, sleutel = maak_token(door=users["beheerder"], gebruiker=users["zsm"], naam="t", scopes=["zsm"])
    ApiToken.objects.filter(pk=token.pk).update(scopes=[])
    response = vraag(sleutel)
    assert response.status_code == 403 and "geen toegang tot dit deel" in response.json()["detail"]
    # The OpenAPI document describes the API and is open to any valid token.
    assert Client().get("/api/schema/", HTTP_AUTHORIZATION=f"Token {sleutel}").status_code == 200


@pytest.mark.django_db
def test_a_token_grants_no_role(users):
    bouw_scenario(users)
    zonder = users["zonder_rol"]
    _, sleutel = maak_token(door=users["beheerder"], gebruiker=zonder, naam="t", scopes=["zsm"])
    assert vraag(sleutel).status_code == 403
    assert zonder.rol_toekenningen.count() == 0


@pytest.mark.django_db
def test_every_use_is_logged_without_the_token(users):
    bouw_scenario(users)
    token, sleutel = maak_token(door=users["beheerder"], gebruiker=users["zsm"], naam="t", scopes=["zsm"])
    vraag(sleutel)
    vraag(sleutel)
    gebruik = list(ApiTokenGebruik.objects.filter(token=token))
    assert [(g.gebruiker, g.methode, g.endpoint) for g in gebruik] == [(users["zsm"], "POST", API_URL)] * 2
    token.refresh_from_db()
    assert token.laatst_gebruikt_op is not None
    for model in (ApiTokenGebruik, Mutatielog, Toegangslog, ApiToken):
        assert sleutel not in str(list(model.objects.values()))


@pytest.mark.django_db
def test_migration_hashes_old_plain_tokens(users):
    """The old rest_framework.authtoken table held tokens in plain text; the migration keeps them
    working as hashed, expiring zsm tokens and deletes the plain values."""
    bouw_scenario(users)
    migratie = importlib.import_module("schakel.gebruikers.migrations.0003_oude_tokens_hashen")
    oud = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as c:
        c.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamp with time zone NULL, user_id integer NOT NULL)"
                  if connection.vendor == "postgresql" else
                  "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created datetime NULL, user_id integer NOT NULL)")
        c.execute("INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, NULL, %s)", [oud, users["zsm"].pk])
    from django.apps import apps

    # The function needs only the schema editor's connection (a real editor cannot open inside the
    # test's transaction on SQLite).
    migratie.hash_oude_tokens(apps, SimpleNamespace(connection=connection))
    with connection.cursor() as c:
        c.execute("SELECT COUNT(*) FROM authtoken_token")
        assert c.fetchone()[0] == 0
        c.execute("DROP TABLE authtoken_token")
    token = ApiToken.objects.get()
    assert token.sleutel_hash == token_hash(oud) and token.scopes == ["zsm"] and token.verloopt_op > timezone.now()
    assert vraag(oud).status_code == 200


@pytest.mark.django_db
def test_a_token_belongs_to_an_account_of_an_organisation(users):
    from django.core.exceptions import ValidationError

    users["ggz"].organisatie = None
    users["ggz"].save(update_fields=["organisatie"])
    with pytest.raises(ValidationError, match="systeem van een organisatie"):
        maak_token(door=users["beheerder"], gebruiker=users["ggz"], naam="t", scopes=["acties"])
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_beheer_lists_tokens_with_their_organisation_and_every_api_scope(client_for, users):
    bouw_scenario(users)
    maak_token(door=users["beheerder"], gebruiker=users["reclassering"], naam="Reclasseringssysteem", scopes=["meldingen", "acties"])
    client = client_for(users["beheerder"])
    html = client.get(reverse("beheer:gebruikers_apitoken_changelist")).content.decode()
    assert "Reclasseringssysteem" in html and "Reclassering Nederland" in html
    formulier = client.get(reverse("beheer:gebruikers_apitoken_add")).content.decode()
    for scope in ("zsm", "meldingen", "casussen", "acties", "uitvragen", "overleggen", "plannen"):
        assert f'value="{scope}"' in formulier
