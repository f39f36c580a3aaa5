"""Issue 9 hole 1: the functioneel beheerder cannot make itself (or anyone) house staff on its own.
Nobody changes their own roles; a role that sees case content needs a second person; a beheerder never
sets a password; every role and account change is in the change log and visible to the FG."""
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from schakel.gebruikers.models import Gebruiker, GebruikerRol, Rolvoorstel
from schakel.gebruikers.rollen import VIER_OGEN_ROLLEN, Rol
from schakel.privacy.models import Mutatielog

from .factories import GebruikerFactory


def inline_data(user, rol):
    """What an extra role row in the old user form posted."""
    return {
        "username": user.username, "first_name": "A", "last_name": "B", "email": "", "organisatie": user.organisatie_id,
        "is_active": "on", "rol_toekenningen-TOTAL_FORMS": 1, "rol_toekenningen-INITIAL_FORMS": 0,
        "rol_toekenningen-MIN_NUM_FORMS": 0, "rol_toekenningen-MAX_NUM_FORMS": 1000,
        "rol_toekenningen-0-rol": rol, "rol_toekenningen-0-gebruiker": user.pk,
    }


@pytest.fixture
def beheerder2(users):
    return GebruikerFactory(username="beheerder2", organisatie=users["beheerder"].organisatie, rollen=[Rol.FUNCTIONEEL_BEHEERDER])


@pytest.mark.django_db
def test_beheerder_cannot_give_itself_a_staff_role(client_for, users):
    beheerder = users["beheerder"]
    client = client_for(beheerder)
    # Not through the user form of /beheer/ (the old inline row) …
    client.post(reverse("beheer:gebruikers_gebruiker_change", args=[beheerder.pk]), inline_data(beheerder, "informatiecoordinator"))
    # … nor through the proposal screen (it is not even offered), nor the service.
    response = client.post(reverse("rollen:voorstellen"), {"gebruiker": beheerder.pk, "rol": "informatiecoordinator"})
    assert response.status_code == 400
    from schakel.gebruikers import services

    with pytest.raises(Exception) as e:
        services.stel_rol_voor(door=beheerder, gebruiker=beheerder, rol=Rol.INFORMATIECOORDINATOR)
    assert "eigen rollen" in str(e.value)
    beheerder = Gebruiker.objects.get(pk=beheerder.pk)
    assert beheerder.rollen == {Rol.FUNCTIONEEL_BEHEERDER}
    assert not Rolvoorstel.objects.exists()
    # Nor remove its own role.
    eigen = GebruikerRol.objects.get(gebruiker=beheerder)
    client.post(reverse("rollen:intrekken", args=[eigen.pk]))
    assert GebruikerRol.objects.filter(pk=eigen.pk).exists()


@pytest.mark.django_db
def test_other_users_role_form_in_beheer_changes_no_role(client_for, users):
    zonder = users["zonder_rol"]
    client_for(users["beheerder"]).post(reverse("beheer:gebruikers_gebruiker_change", args=[zonder.pk]), inline_data(zonder, "procesregisseur"))
    assert not GebruikerRol.objects.filter(gebruiker=zonder).exists()


@pytest.mark.django_db
def test_new_staff_account_needs_a_second_person(client_for, users, beheerder2, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    beheerder = users["beheerder"]
    response = client_for(beheerder).post(reverse("beheer:gebruikers_gebruiker_add"), {
        "username": "nieuw.ic", "first_name": "Nieuwe", "last_name": "Collega", "email": "nieuw@zvh.example",
        "organisatie": beheerder.organisatie_id, "rol": "informatiecoordinator", "toelichting": "Nieuwe IC per 1 december",
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    nieuw = Gebruiker.objects.get(username="nieuw.ic")
    # Not effective: no role, no usable password (the user sets one through the mailed link).
    assert nieuw.rollen == frozenset() and not nieuw.has_usable_password()
    voorstel = Rolvoorstel.objects.get(gebruiker=nieuw)
    assert voorstel.status == "open" and voorstel.voorgesteld_door == beheerder
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nieuw@zvh.example"]

    # The proposer cannot confirm his own proposal.
    response = client_for(beheerder).post(reverse("rollen:beoordelen", args=[voorstel.pk]), {"besluit": "bevestigen"})
    assert response.status_code == 400 and "zelf gedaan" in response.content.decode()
    assert Gebruiker.objects.get(pk=nieuw.pk).rollen == frozenset()
    # Other roles cannot confirm at all.
    for naam in ("ic", "pr", "ketenmanager", "zsm"):
        assert client_for(users[naam]).post(reverse("rollen:beoordelen", args=[voorstel.pk]), {"besluit": "bevestigen"}).status_code == 403

    # A second beheerder confirms: now the role takes effect.
    response = client_for(beheerder2).post(reverse("rollen:beoordelen", args=[voorstel.pk]), {"besluit": "bevestigen"})
    assert response.status_code == 302
    assert Gebruiker.objects.get(pk=nieuw.pk).rollen == {Rol.INFORMATIECOORDINATOR}
    voorstel.refresh_from_db()
    assert (voorstel.status, voorstel.beoordeeld_door) == ("bevestigd", beheerder2)


@pytest.mark.django_db
def test_fg_confirms_or_rejects_and_subject_cannot_confirm(client_for, users, beheerder2):
    # beheerder proposes IC for beheerder2: beheerder2 is the subject and may not confirm it.
    response = client_for(users["beheerder"]).post(reverse("rollen:voorstellen"), {"gebruiker": beheerder2.pk, "rol": "informatiecoordinator"})
    assert response.status_code == 302
    voorstel = Rolvoorstel.objects.get()
    response = client_for(beheerder2).post(reverse("rollen:beoordelen", args=[voorstel.pk]), {"besluit": "bevestigen"})
    assert response.status_code == 400 and "over uzelf" in response.content.decode()
    # Rejecting needs a reason, then nothing changes.
    fg = client_for(users["fg"])
    assert fg.post(reverse("rollen:beoordelen", args=[voorstel.pk]), {"besluit": "afwijzen"}).status_code == 400
    assert fg.post(reverse("rollen:beoordelen", args=[voorstel.pk]), {"besluit": "afwijzen", "reden": "Geen IC-functie"}).status_code == 302
    assert Gebruiker.objects.get(pk=beheerder2.pk).rollen == {Rol.FUNCTIONEEL_BEHEERDER}
    voorstel.refresh_from_db()
    assert (voorstel.status, voorstel.reden, voorstel.beoordeeld_door) == ("afgewezen", "Geen IC-functie", users["fg"])
    # A decided proposal cannot be decided again.
    assert client_for(users["beheerder"]).post(reverse("rollen:beoordelen", args=[voorstel.pk]), {"besluit": "bevestigen"}).status_code == 400


@pytest.mark.django_db
def test_which_roles_need_four_eyes():
    # Every role that sees case content or clients' personal data, and the two that confirm.
    assert VIER_OGEN_ROLLEN == set(Rol) - {Rol.KETENMANAGER}


@pytest.mark.django_db
def test_ketenmanager_role_takes_effect_at_once_and_is_logged(client_for, users):
    zonder = users["zonder_rol"]
    assert client_for(users["beheerder"]).post(reverse("rollen:voorstellen"), {"gebruiker": zonder.pk, "rol": "ketenmanager"}).status_code == 302
    assert Gebruiker.objects.get(pk=zonder.pk).rollen == {Rol.KETENMANAGER}
    assert Mutatielog.objects.filter(objecttype="gebruikerrol").count() == 1


@pytest.mark.django_db
def test_beheerder_cannot_set_a_password(client_for, users):
    client = client_for(users["beheerder"])
    ander = users["ic"]
    oud = Gebruiker.objects.get(pk=ander.pk).password
    url = f"/beheer/gebruikers/gebruiker/{ander.pk}/password/"
    response = client.get(url, follow=True)
    assert 'name="password1"' not in response.content.decode() and "new_password" not in response.content.decode()
    client.post(url, {"password1": "Overgenomen-2026!", "password2": "Overgenomen-2026!"}, follow=True)
    assert Gebruiker.objects.get(pk=ander.pk).password == oud
    html = client.get(reverse("beheer:gebruikers_gebruiker_change", args=[ander.pk])).content.decode()
    assert f"/gebruiker/{ander.pk}/password/" not in html and 'name="password' not in html
    # The change form ignores a password field too.
    client.post(reverse("beheer:gebruikers_gebruiker_change", args=[ander.pk]), {
        "username": ander.username, "first_name": "X", "last_name": "Y", "email": "", "organisatie": ander.organisatie_id,
        "is_active": "on", "password": "md5$abc$def",
    })
    assert Gebruiker.objects.get(pk=ander.pk).password == oud


@pytest.mark.django_db
def test_beheerder_cannot_redirect_an_account_by_changing_its_address_organisation_or_municipalities(client_for, users, settings):
    """A new e-mail address followed by a reset link would hand one beheerder the account; another
    organisation or contact municipality would change what it sees. None of them changes afterwards."""
    from schakel.gemeenten.models import Gemeente

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ic, contact = users["ic"], users["contact"]
    ic.email = "ic@zvh.example"
    ic.save()
    client = client_for(users["beheerder"])
    html = client.get(reverse("beheer:gebruikers_gebruiker_change", args=[ic.pk])).content.decode()
    assert 'name="email"' not in html and 'name="organisatie"' not in html
    client.post(reverse("beheer:gebruikers_gebruiker_change", args=[ic.pk]), {
        "username": ic.username, "first_name": "I", "last_name": "C", "email": "overname@aanvaller.example",
        "organisatie": users["politie"].organisatie_id, "is_active": "on",
    })
    gouda = Gemeente.objects.get(code="gouda")
    client.post(reverse("beheer:gebruikers_gebruiker_change", args=[contact.pk]), {
        "username": contact.username, "first_name": "C", "last_name": "L", "is_active": "on", "contactgemeenten": [gouda.pk],
    })
    ic.refresh_from_db()
    assert ic.email == "ic@zvh.example" and ic.organisatie_id == users["ic"].organisatie_id
    assert ic.first_name == "I"  # the rest of the form still saves
    assert list(contact.contactgemeenten.values_list("code", flat=True)) == ["leiden"]


@pytest.mark.django_db
def test_reset_link_lets_the_user_set_his_own_password(client_for, users, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ic = users["ic"]
    ic.email = "ic@zvh.example"
    ic.save()
    response = client_for(users["beheerder"]).post(reverse("beheer:gebruikers_gebruiker_changelist"), {
        "action": "stuur_herstellink", "_selected_action": [ic.pk],
    })
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ic@zvh.example"]
    link = re.search(r"https?://\S+/inloggen/wachtwoord/\S+/", mail.outbox[0].body).group(0)
    pad = link.split("://", 1)[1].split("/", 1)[1]
    anon = Client()
    response = anon.get("/" + pad, follow=True)
    assert response.status_code == 200 and "Stel uw wachtwoord in" in response.content.decode()
    response = anon.post(response.redirect_chain[-1][0], {"new_password1": "Eigen-keuze-2026!", "new_password2": "Eigen-keuze-2026!"})
    assert response.status_code == 302
    assert Gebruiker.objects.get(pk=ic.pk).check_password("Eigen-keuze-2026!")
    # The link works once.
    assert "werkt niet meer" in anon.get("/" + pad, follow=True).content.decode()
    assert Mutatielog.objects.filter(objecttype="gebruiker", object_id=ic.pk, wijzigingen__has_key="herstellink_verstuurd_op").exists()


@pytest.mark.django_db
def test_every_role_and_account_change_is_in_the_change_log_for_the_fg(client_for, users, beheerder2, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    beheerder = users["beheerder"]
    client = client_for(beheerder)
    client.post(reverse("beheer:gebruikers_gebruiker_add"), {
        "username": "nieuw.pr", "first_name": "N", "last_name": "P", "email": "np@zvh.example",
        "organisatie": beheerder.organisatie_id, "rol": "procesregisseur",
    })
    nieuw = Gebruiker.objects.get(username="nieuw.pr")
    voorstel = Rolvoorstel.objects.get(gebruiker=nieuw)
    client_for(beheerder2).post(reverse("rollen:beoordelen", args=[voorstel.pk]), {"besluit": "bevestigen"})
    # Deactivating an account.
    client = client_for(beheerder)
    client.post(reverse("beheer:gebruikers_gebruiker_change", args=[users["politie"].pk]), {
        "username": "politie", "first_name": "P", "last_name": "O", "email": "", "organisatie": users["politie"].organisatie_id,
    })
    # Revoking a role.
    client.post(reverse("rollen:intrekken", args=[GebruikerRol.objects.get(gebruiker=nieuw).pk]))
    assert Gebruiker.objects.get(pk=nieuw.pk).rollen == frozenset()

    log = Mutatielog.objects.all()
    assert log.filter(objecttype="gebruiker", object_id=nieuw.pk, actie="aangemaakt", gebruiker=beheerder).exists()
    assert log.filter(objecttype="rolvoorstel", object_id=voorstel.pk, actie="aangemaakt", gebruiker=beheerder).exists()
    assert log.filter(objecttype="rolvoorstel", object_id=voorstel.pk, actie="gewijzigd", gebruiker=beheerder2,
                      wijzigingen__status=["open", "bevestigd"]).exists()
    assert log.filter(objecttype="gebruikerrol", actie="aangemaakt", gebruiker=beheerder2).exists()
    assert log.filter(objecttype="gebruiker", object_id=users["politie"].pk, wijzigingen__is_active=[True, False]).exists()
    assert log.filter(objecttype="rolvoorstel", actie="aangemaakt", wijzigingen__soort=[None, "intrekken"]).exists()
    assert log.filter(objecttype="gebruiker", object_id=nieuw.pk, wijzigingen__has_key="herstellink_verstuurd_op").exists()
    # No password hash beyond the unusable marker of a new account.
    for r in log.filter(objecttype="gebruiker").exclude(actie="aangemaakt"):
        assert "password" not in r.wijzigingen

    # The FG sees it; the beheerder and the others do not have that screen.
    html = client_for(users["fg"]).get(reverse("rollen:logboek")).content.decode()
    assert "rolvoorstel" in html and "bevestigd" in html and "beheerder2" in html
    for naam in ("beheerder", "ic", "pr", "zsm"):
        assert client_for(users[naam]).get(reverse("rollen:logboek")).status_code == 403
