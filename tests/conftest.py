import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.beheer.referentie import laad_referentiedata
from schakel.gebruikers.rollen import Rol
from schakel.gemeenten.models import Gemeente
from schakel.partners.models import Organisatie

from .factories import GebruikerFactory


@pytest.fixture
def ref(db):
    laad_referentiedata()


def org(code):
    return Organisatie.objects.get(code=code)


@pytest.fixture
def users(ref):
    """One user per role, plus partners of an involved and an uninvolved organisation."""
    vh = org("zvh-hollands-midden")
    contact = GebruikerFactory(username="contact.leiden", organisatie=org("gemeente-leiden"), rollen=[Rol.GEMEENTE_CONTACT])
    contact.contactgemeenten.add(Gemeente.objects.get(code="leiden"))
    contact_gouda = GebruikerFactory(username="contact.gouda", organisatie=org("gemeente-gouda"), rollen=[Rol.GEMEENTE_CONTACT])
    contact_gouda.contactgemeenten.add(Gemeente.objects.get(code="gouda"))
    return {
        "ic": GebruikerFactory(username="ic", organisatie=vh, rollen=[Rol.INFORMATIECOORDINATOR]),
        "pr": GebruikerFactory(username="pr", organisatie=vh, rollen=[Rol.PROCESREGISSEUR]),
        "reclassering": GebruikerFactory(username="reclassering", organisatie=org("reclassering"), rollen=[Rol.PARTNER]),
        "politie": GebruikerFactory(username="politie", organisatie=org("politie"), rollen=[Rol.PARTNER]),
        "contact": contact,
        "contact_gouda": contact_gouda,
        "zsm": GebruikerFactory(username="zsm", organisatie=org("om"), rollen=[Rol.ZSM]),
        "ketenmanager": GebruikerFactory(username="ketenmanager", organisatie=vh, rollen=[Rol.KETENMANAGER]),
        "fg": GebruikerFactory(username="fg", organisatie=vh, rollen=[Rol.PRIVACY_OFFICER]),
        "beheerder": GebruikerFactory(username="beheerder", organisatie=vh, rollen=[Rol.FUNCTIONEEL_BEHEERDER]),
        "zonder_rol": GebruikerFactory(username="zonder.rol", organisatie=org("ggz")),
        # A partner of an organisation without covenant, who may join a meeting as a guest.
        "gast": GebruikerFactory(username="gast", organisatie=org("woningcorporatie"), rollen=[Rol.PARTNER]),
        # A care professional of another GGZ organisation, never involved.
        "ggz_ander": GebruikerFactory(username="ggz.ander", organisatie=org("ggz-parnassia"), rollen=[Rol.PARTNER]),
        "ggz": GebruikerFactory(username="ggz", organisatie=org("ggz"), rollen=[Rol.PARTNER]),
    }


def bevestigd_apparaat(user) -> TOTPDevice:
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    return device


def huidige_code(device) -> str:
    """The code the user's authenticator app shows now."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, digits=device.digits):0{device.digits}d}"


class TweestapClient(Client):
    """force_login as a real session would be after both steps: password and TOTP code. Tests of
    the second step itself log in through the forms instead (tests/test_gebruikers.py)."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = bevestigd_apparaat(user).persistent_id
        session.save()


@pytest.fixture
def client():
    return TweestapClient()


@pytest.fixture
def client_for(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture(autouse=True)
def _lege_cache():
    """Rate limits count in the cache; no test may inherit another test's count."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session", autouse=True)
def _logschrijver_stoppen(django_db_setup):
    """The second connection over which a page writes its access-log rows (privacy.logschrijver) stays
    open to the test database; it must be closed before the test database is dropped."""
    from schakel.privacy import logschrijver

    yield
    logschrijver.stop()
