"""A page's access-log rows written beside the page on PostgreSQL (privacy.logschrijver): the same rows
as in line, committed before the response leaves, a failed write still fails the page, in line
wherever a second connection would change what is written, and a second connection that is made anew
when the server ends it. Every test here runs on both databases; on SQLite it asserts that nothing is sent aside."""
import threading
import time

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test import override_settings

from schakel.personen.models import Persoon
from schakel.privacy import ketenaar, logschrijver
from schakel.privacy.models import Toegangslog

from .scenario import nieuwe_melding

PG = connection.vendor == "postgresql"
VERGELEKEN = ("gebruiker_id", "organisatie", "rollen", "actie", "objecttype", "object_id", "persoon_id", "doel", "sleutel_id")


@pytest.fixture
def lijst(users):
    """Three meldingen, one of them about two persons: the meldingen list logs four rows."""
    for namen in (["Jansen"], ["de Vries", "Bakker"], ["Smit"]):
        melding = nieuwe_melding(users["ic"], persoon=Persoon(achternaam=namen[0], voornamen="Karel"))
        for naam in namen[1:]:
            melding.personen.add(Persoon.objects.create(achternaam=naam, voornamen="Anna"))
    return "/meldingen/"


@pytest.fixture
def verstuurd(monkeypatch):
    """The writes handed to the helper during the test."""
    lijstje = []
    echt = logschrijver.verstuur

    def tellen(*args, **kwargs):
        lijstje.append(args)
        return echt(*args, **kwargs)

    monkeypatch.setattr(logschrijver, "verstuur", tellen)
    return lijstje


def rijen(ids=None):
    qs = Toegangslog.objects.order_by("id")
    if ids is not None:
        qs = qs.filter(id__in=ids)
    return list(qs.values_list(*VERGELEKEN))


@pytest.mark.django_db(transaction=True)
def test_a_page_writes_the_same_rows_beside_it_as_in_line(users, client_for, lijst, verstuurd):
    client = client_for(users["pr"])
    al = list(Toegangslog.objects.values_list("id", flat=True))  # registering the meldingen logged too
    with override_settings(SCHAKEL_LOG_PARALLEL=False):
        assert client.get(lijst).status_code == 200
    in_lijn = list(Toegangslog.objects.exclude(id__in=al).values_list("id", flat=True))
    assert verstuurd == []
    assert client.get(lijst).status_code == 200
    ernaast = list(Toegangslog.objects.exclude(id__in=al + in_lijn).values_list("id", flat=True))
    # Only PostgreSQL writes beside the page; SQLite has one writer at a time.
    assert len(verstuurd) == (1 if PG else 0)
    assert len(in_lijn) == len(ernaast) == 4
    assert rijen(in_lijn) == rijen(ernaast)
    # The seals hold and the page's own chaining (the demo's setting) ran before it was answered.
    assert not Toegangslog.objects.filter(volgnummer__isnull=True).exists()
    uitkomst = ketenaar.ketenen(Toegangslog)
    assert uitkomst.gewijzigd == []


@pytest.mark.django_db(transaction=True)
def test_the_response_waits_until_the_rows_are_committed(users, client_for, lijst, monkeypatch):
    if not PG:
        pytest.skip("Alleen PostgreSQL schrijft naast de pagina.")
    echt = ketenaar.insert_statement

    def traag(*args):
        # The database takes its time over the write: long after the page itself is done.
        sql, params = echt(*args)
        return sql.replace(" FROM UNNEST(", " FROM pg_sleep(0.3), UNNEST(", 1), params

    monkeypatch.setattr(ketenaar, "insert_statement", traag)
    lijstregels = Toegangslog.objects.filter(actie=Toegangslog.Actie.LIJST)
    start = time.monotonic()
    assert client_for(users["pr"]).get(lijst).status_code == 200
    # The write did take its time (so the rows below were not there before it ended) …
    assert time.monotonic() - start >= 0.3
    # … and the response came only after its commit.
    assert lijstregels.count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_failed_write_beside_the_page_fails_the_page(users, client_for, lijst, monkeypatch):
    echt = ketenaar.insert_statement

    def onbekende_gebruiker(model, vast, *args):
        # A user the database does not know: the foreign key refuses the rows at the commit.
        return echt(model, {**vast, "gebruiker_id": vast["gebruiker_id"] + 10_000}, *args)

    monkeypatch.setattr(ketenaar, "insert_statement", onbekende_gebruiker)
    client = client_for(users["pr"])
    if not PG:
        # In line on SQLite: insert_statement is not used, the page logs as always.
        assert client.get(lijst).status_code == 200
        return
    lijstregels = Toegangslog.objects.filter(actie=Toegangslog.Actie.LIJST)
    with pytest.raises(IntegrityError):
        client.get(lijst)
    assert not lijstregels.exists()
    # The second connection is usable again for the next page.
    monkeypatch.setattr(ketenaar, "insert_statement", echt)
    assert client.get(lijst).status_code == 200
    assert lijstregels.count() == 4


@pytest.mark.django_db(transaction=True)
def test_only_a_request_outside_a_transaction_on_postgresql_writes_beside_it(users):
    assert not logschrijver.kan_versturen("default")  # outside a request: a command or a task
    lopend = []
    token = logschrijver._lopend.set(lopend)
    try:
        assert logschrijver.kan_versturen("default") == PG
        with transaction.atomic():
            # The caller's transaction: its rows commit or roll back with it, in line.
            assert not logschrijver.kan_versturen("default")
        with override_settings(SCHAKEL_LOG_PARALLEL=False):
            assert not logschrijver.kan_versturen("default")
    finally:
        logschrijver._lopend.reset(token)
    assert lopend == []


@pytest.mark.django_db(transaction=True)
def test_rows_logged_inside_a_transaction_roll_back_with_it(users, verstuurd):
    from schakel.privacy.services import log_toegang

    lopend = []
    token = logschrijver._lopend.set(lopend)
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            log_toegang(users["pr"], Toegangslog.Actie.BEKEKEN, "melding", [(1, [2])], "Melding bekijken")
            raise RuntimeError("de handeling mislukt")
    finally:
        logschrijver._lopend.reset(token)
    assert verstuurd == [] and lopend == []
    assert not Toegangslog.objects.filter(actie=Toegangslog.Actie.BEKEKEN).exists()


@pytest.mark.django_db(transaction=True)
def test_the_second_connection_is_made_anew_after_the_server_ends_it(users, client_for, lijst):
    if not PG:
        pytest.skip("Alleen PostgreSQL schrijft naast de pagina.")
    client = client_for(users["pr"])
    lijstregels = Toegangslog.objects.filter(actie=Toegangslog.Actie.LIJST)
    assert client.get(lijst).status_code == 200
    oud = logschrijver._lokaal.verbindingen["default"].conn.info.backend_pid
    with connection.cursor() as cursor:
        # As a database restart does to every connection.
        cursor.execute("SELECT pg_terminate_backend(%s)", [oud])
        assert cursor.fetchone()[0]
    wacht_tot(lambda: not bestaat(oud))
    assert client.get(lijst).status_code == 200
    assert lijstregels.count() == 8
    nieuw = logschrijver._lokaal.verbindingen["default"].conn.info.backend_pid
    assert nieuw != oud
    # stop() closes it, so a test database can be dropped; the next page opens a new one.
    logschrijver.stop()
    wacht_tot(lambda: not bestaat(nieuw))
    assert client.get(lijst).status_code == 200
    assert lijstregels.count() == 12


def bestaat(pid) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone()[0] == 1


def wacht_tot(voorwaarde):
    """The server ends a backend a moment after it was told to."""
    for _ in range(100):
        if voorwaarde():
            return
        time.sleep(0.05)
    pytest.fail("De verbinding bleef bestaan.")


@pytest.mark.django_db(transaction=True)
def test_a_request_threads_connection_ends_with_its_thread(users, client_for, lijst):
    """A threaded server (the live server of the browser tests, `runserver`) answers each request in
    a thread of its own: its second connection must not outlive it."""
    if not PG:
        pytest.skip("Alleen PostgreSQL schrijft naast de pagina.")
    client = client_for(users["pr"])
    pids = []

    def verzoek():
        try:
            assert client.get(lijst).status_code == 200
            pids.append(logschrijver._lokaal.verbindingen["default"].conn.info.backend_pid)
        finally:
            connections.close_all()  # the thread's own Django connection, as Django's server does

    draad = threading.Thread(target=verzoek)
    draad.start()
    draad.join()
    assert len(pids) == 1 and bestaat(pids[0])
    del draad
    wacht_tot(lambda: not bestaat(pids[0]))
    assert Toegangslog.objects.filter(actie=Toegangslog.Actie.LIJST).count() == 4
