"""Session, user and second-factor device read with SQL built once (core.vaste_query): the same
objects as the querysets they replace, one query each, and nothing more accepted than before."""
import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from schakel.core.vaste_query import VasteQuery
from schakel.gebruikers.backends import RollenTekst, laad_gebruiker
from schakel.gebruikers.models import Gebruiker, GebruikerRol
from schakel.gebruikers.rollen import Rol
from schakel.gebruikers.sessie import SessionStore
from schakel.gebruikers.tweestap_middleware import OTPMiddleware

from .conftest import bevestigd_apparaat


def _velden(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


@pytest.mark.django_db
def test_the_user_is_the_object_the_queryset_gives(users):
    user = users["pr"]
    GebruikerRol.objects.get_or_create(gebruiker=user, rol=Rol.INFORMATIECOORDINATOR)
    verwacht = Gebruiker.objects.select_related("organisatie").annotate(_rollen=RollenTekst()).get(pk=user.pk)
    with CaptureQueriesContext(connection) as ctx:
        geladen = laad_gebruiker(user.pk)
        organisatie = geladen.organisatie
    assert len(ctx.captured_queries) == 1
    assert _velden(geladen) == _velden(verwacht)
    assert _velden(organisatie) == _velden(verwacht.organisatie)
    assert sorted(geladen._rollen.split(",")) == sorted(verwacht._rollen.split(","))
    assert geladen.rollen == frozenset(user.rol_toekenningen.values_list("rol", flat=True))
    # Saved again, the object writes what it read: nothing lost or typed differently.
    geladen.save()
    assert _velden(Gebruiker.objects.get(pk=user.pk)) == _velden(verwacht)


@pytest.mark.django_db
def test_unknown_disabled_and_impossible_users_are_none(users):
    user = users["pr"]
    assert laad_gebruiker(10**9) is None
    assert laad_gebruiker(2**70) is None and laad_gebruiker("geen getal") is None and laad_gebruiker(None) is None
    Gebruiker.objects.filter(pk=user.pk).update(is_active=False)
    assert laad_gebruiker(user.pk) is None
    Gebruiker.objects.filter(pk=user.pk).update(is_active=True)
    assert laad_gebruiker(str(user.pk)).pk == user.pk


@pytest.mark.django_db
def test_the_sql_is_built_once_and_then_reused(users):
    gebouwd = []

    def bouw(pk):
        gebouwd.append(pk)
        return Gebruiker.objects.filter(pk=pk)

    query = VasteQuery(bouw, (int,))
    assert query.eerste(users["pr"].pk).username == users["pr"].username
    assert query.eerste(users["ic"].pk).username == users["ic"].username
    assert len(gebouwd) == 1


@pytest.mark.django_db
def test_a_standin_must_reach_the_sql_exactly_once(users):
    with pytest.raises(ValueError):
        VasteQuery(lambda pk: Gebruiker.objects.all(), (int,)).eerste(1)
    with pytest.raises(ValueError):
        VasteQuery(lambda pk: Gebruiker.objects.filter(pk=pk) | Gebruiker.objects.filter(organisatie_id=pk), (int,)).eerste(1)
    with pytest.raises(TypeError):
        VasteQuery(lambda pk: Gebruiker.objects.filter(pk=pk), (int,)).eerste("1")


@pytest.mark.django_db
def test_the_session_reads_as_django_reads_it(client, users):
    client.force_login(users["ic"])
    sleutel = client.session.session_key
    with CaptureQueriesContext(connection) as ctx:
        gegevens = SessionStore(sleutel).load()
    assert len(ctx.captured_queries) == 1
    assert gegevens == Session.objects.get(session_key=sleutel).get_decoded()
    assert SessionStore("bestaatniet-" * 3).load() == {}
    assert SessionStore("nul\x00teken-in-sleutel").load() == {}


@pytest.mark.django_db
def test_the_device_is_django_otps_device(client, users):
    user = users["ic"]
    device = bevestigd_apparaat(user)
    geladen = OTPMiddleware(lambda r: None)._device_from_persistent_id(device.persistent_id)
    assert type(geladen) is TOTPDevice and _velden(geladen) == _velden(TOTPDevice.objects.get(pk=device.pk))
    middleware = OTPMiddleware(lambda r: None)
    for onzin in ["", "zonder-schuine-streep", "otp_totp.totpdevice/abc", "otp_totp.totpdevice/99999999",
                  "geen.model/1", "a.b.c/1", f"gebruikers.gebruiker/{user.pk}", "otp_totp.totpdevice/" + "9" * 30]:
        assert middleware._device_from_persistent_id(onzin) is None, onzin


@pytest.mark.django_db
def test_someone_elses_or_an_unconfirmed_device_verifies_nothing(client, users):
    """The device is checked as django-otp checks it: a session pointing at another user's device,
    or at an unconfirmed one, is sent back to the second step."""
    client.force_login(users["ic"])
    assert client.get(reverse("start")).status_code == 200
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = bevestigd_apparaat(users["pr"]).persistent_id
    session.save()
    response = client.get(reverse("start"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("tweede_stap"))

    client.force_login(users["ic"])
    TOTPDevice.objects.filter(user=users["ic"]).update(confirmed=False)
    response = client.get(reverse("start"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("tweede_stap"))


@pytest.mark.django_db
def test_rows_of_a_values_list_are_the_querysets_rows(users):
    """Converted as the ORM converts them (dates, booleans), in the queryset's order, with a stand-in."""
    from schakel.core.lijsten import vaste_keuzes
    from schakel.gemeenten.models import Gemeente
    from schakel.meldingen.models import Melding, Thema
    from schakel.opschaling.models import Escalatieniveau
    from schakel.overleggen.models import Overlegtype

    from .factories import MeldingFactory

    for _ in range(3):
        MeldingFactory(geregistreerd_door=users["ic"])
    # The dropdowns of the list filters.
    for model, *volgorde in [(Gemeente, "naam"), (Thema, "naam"), (Overlegtype, "volgorde", "naam"), (Escalatieniveau, "volgorde")]:
        verwacht = list(model.objects.order_by(*volgorde).values_list("pk", "naam"))
        assert verwacht and vaste_keuzes(model, *volgorde).rijen() == verwacht

    velden = ("pk", "ontvangen_op", "anoniem", "status", "gemeente__naam")
    per_melder = VasteQuery(lambda pk: Melding.objects.filter(geregistreerd_door_id=pk).order_by("-pk").values_list(*velden), (int,))
    verwacht = list(Melding.objects.filter(geregistreerd_door_id=users["ic"].pk).order_by("-pk").values_list(*velden))
    assert len(verwacht) == 3 and per_melder.rijen(users["ic"].pk) == verwacht
    assert per_melder.rijen(users["pr"].pk) == [] and per_melder.rijen(2**70) == []


@pytest.mark.django_db
def test_the_dropdowns_follow_the_data(client_for, users):
    """The SQL is kept, not the rows: a theme added or renamed is in the next page's filter."""
    from schakel.meldingen.models import Thema

    client = client_for(users["pr"])
    assert "Nieuw thema" not in client.get(reverse("meldingen:lijst")).content.decode()
    thema = Thema.objects.create(code="nieuw", naam="Nieuw thema")
    assert f'<option value="{thema.pk}">Nieuw thema</option>' in client.get(reverse("meldingen:lijst")).content.decode()
    Thema.objects.filter(pk=thema.pk).update(naam="Ander thema")
    html = client.get(reverse("meldingen:lijst")).content.decode()
    assert "Nieuw thema" not in html and f'<option value="{thema.pk}">Ander thema</option>' in html


@pytest.mark.django_db
def test_rows_and_objects_each_from_their_own_kind_of_queryset(users):
    with pytest.raises(TypeError):
        VasteQuery(lambda pk: Gebruiker.objects.filter(pk=pk), (int,)).rijen(users["pr"].pk)
    with pytest.raises(TypeError):
        VasteQuery(lambda pk: Gebruiker.objects.filter(pk=pk).values_list("pk"), (int,)).eerste(users["pr"].pk)
    # values() and flat or named lists build other things than tuples.
    for bouw in (lambda pk: Gebruiker.objects.filter(pk=pk).values("pk"),
                 lambda pk: Gebruiker.objects.filter(pk=pk).values_list("pk", flat=True),
                 lambda pk: Gebruiker.objects.filter(pk=pk).values_list("pk", named=True)):
        with pytest.raises(TypeError):
            VasteQuery(bouw, (int,)).rijen(users["pr"].pk)


@pytest.mark.django_db
def test_a_subquery_with_moments_selects_what_the_queryset_selects(users):
    """The moments reach the SQL as the ORM adapts them (on SQLite: text in UTC), whatever time zone
    they are given in; a naive moment is refused rather than guessed."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    nu = timezone.now()
    ingelogd = lambda van, tot: Gebruiker.objects.filter(last_login__gte=van, last_login__lt=tot).values("pk")  # noqa: E731
    query = VasteQuery(ingelogd, (datetime, datetime))
    Gebruiker.objects.filter(pk=users["pr"].pk).update(last_login=nu - timedelta(hours=2))
    Gebruiker.objects.filter(pk=users["ic"].pk).update(last_login=nu)
    amsterdam = ZoneInfo("Europe/Amsterdam")
    for van, tot in [(nu - timedelta(hours=3), nu - timedelta(hours=1)), (nu - timedelta(minutes=1), nu + timedelta(minutes=1)),
                     (nu - timedelta(days=1), nu + timedelta(seconds=1)), (nu.astimezone(amsterdam), (nu + timedelta(microseconds=1)).astimezone(amsterdam)),
                     (nu + timedelta(microseconds=1), nu + timedelta(days=1))]:
        verwacht = set(Gebruiker.objects.filter(pk__in=ingelogd(van, tot)).values_list("pk", flat=True))
        assert set(Gebruiker.objects.filter(pk__in=query.subquery(van, tot)).values_list("pk", flat=True)) == verwacht
    assert set(Gebruiker.objects.filter(pk__in=query.subquery(nu - timedelta(hours=3), nu + timedelta(hours=1))).values_list("pk", flat=True)) == {users["pr"].pk, users["ic"].pk}
    with pytest.raises(TypeError):
        query.subquery(datetime(2026, 1, 1), nu)
    # A value no column holds selects nothing, as the ORM would.
    per_organisatie = VasteQuery(lambda pk: Gebruiker.objects.filter(organisatie_id=pk).values("pk"), (int,))
    assert Gebruiker.objects.filter(pk__in=per_organisatie.subquery(users["pr"].organisatie_id)).filter(pk=users["pr"].pk).exists()
    assert not Gebruiker.objects.filter(pk__in=per_organisatie.subquery(2**70)).exists()
