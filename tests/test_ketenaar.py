"""The access log chained after the fact (privacy.ketenaar): pages write sealed, unchained rows without a
lock; one writer chains them; verification catches an edited waiting row and a chaining that stalls."""
import datetime as dt
import threading

import pytest
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from schakel.privacy import ketenaar
from schakel.privacy.models import Logketen, Toegangslog
from schakel.privacy.services import log_toegang

from .test_logketen import BEKEKEN, sql_buiten_de_trigger, utc, verifieer, verifieer_faalt


def wachtend():
    return list(Toegangslog.objects.filter(volgnummer__isnull=True).order_by("id"))


@pytest.mark.django_db
def test_a_page_writes_sealed_unchained_rows_and_the_writer_chains_them_in_order(users):
    log_toegang(users["ic"], BEKEKEN, "melding", [(1, [11, 12])], "test")
    log_toegang(users["pr"], BEKEKEN, "melding", [(2, [])], "test")
    regels = wachtend()
    # 2 rows for object 1 (two persons) + 1 row for object 2 (none): 3 rows, all waiting, each sealed.
    assert len(regels) == 3 and all(r.vorige_hash == "" and len(r.hash) == 64 for r in regels)
    assert ketenaar.ketenen(Toegangslog).geketend == 3
    geketend = list(Toegangslog.objects.order_by("volgnummer"))
    assert [r.id for r in geketend] == [r.id for r in regels] and [r.volgnummer for r in geketend] == [1, 2, 3]
    kop = Logketen.objects.get(naam="toegangslog")
    assert (kop.laatste_volgnummer, kop.laatste_hash) == (3, geketend[-1].hash)
    # Nothing waits any more: a second run chains nothing.
    assert ketenaar.ketenen(Toegangslog).geketend == 0 and wachtend() == []
    assert verifieer().startswith("Toegangslog intact: 3 regels\n")


@pytest.mark.django_db
def test_the_trigger_allows_only_the_chaining_of_a_waiting_row(users):
    log_toegang(users["ic"], BEKEKEN, "melding", [(1, [11]), (2, [12])], "test")
    eerste, tweede = wachtend()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        # Content of a waiting row: refused.
        cursor.execute("UPDATE privacy_toegangslog SET doel = 'anders' WHERE id = %s", [eerste.id])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        # Chaining that also changes the content: refused.
        cursor.execute("UPDATE privacy_toegangslog SET volgnummer = 1, persoon_id = 99 WHERE id = %s", [eerste.id])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM privacy_toegangslog WHERE id = %s", [tweede.id])
    ketenaar.ketenen(Toegangslog)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        # A chained row cannot be chained again (moved in the chain).
        cursor.execute("UPDATE privacy_toegangslog SET volgnummer = 5 WHERE id = %s", [eerste.id])
    assert verifieer().startswith("Toegangslog intact: 2 regels")


@pytest.mark.django_db
def test_an_edited_waiting_row_is_reported_and_never_chained(users):
    log_toegang(users["ic"], BEKEKEN, "melding", [(1, [11]), (2, [12]), (3, [13])], "test")
    eerste, doelwit, derde = wachtend()
    sql_buiten_de_trigger("UPDATE privacy_toegangslog SET persoon_id = 99 WHERE id = %s", [doelwit.id])
    uitkomst = ketenaar.ketenen(Toegangslog)
    # The two untouched rows are chained; the edited one stays as evidence.
    assert (uitkomst.geketend, uitkomst.gewijzigd) == (2, [doelwit.id])
    assert [r.id for r in wachtend()] == [doelwit.id]
    assert verifieer_faalt() == (f"Toegangslog: eerste gebroken regel: id {doelwit.id}, tijdstip {utc(doelwit.tijdstip)}, "
                                 "reden: nog niet geketend en gewijzigd: hash klopt niet")


@pytest.mark.django_db
def test_a_waiting_row_with_a_made_up_key_is_reported(users):
    log_toegang(users["ic"], BEKEKEN, "melding", [(1, [11])], "test")
    (doelwit,) = wachtend()
    sql_buiten_de_trigger("UPDATE privacy_toegangslog SET sleutel_id = 'ffffffffffffffff' WHERE id = %s", [doelwit.id])
    assert verifieer_faalt().endswith("reden: nog niet geketend, onbekende sleutel ffffffffffffffff")


@pytest.mark.django_db
def test_a_row_waiting_longer_than_the_limit_is_a_fault_then_chained(users, settings):
    settings.SCHAKEL_LOG_KETEN_ACHTERSTAND = 10
    nu = timezone.now()
    oud = Toegangslog(gebruiker=users["ic"], actie=BEKEKEN, objecttype="melding", object_id=1, persoon_id=11, doel="test",
                      tijdstip=nu - dt.timedelta(minutes=11))
    vers = Toegangslog(gebruiker=users["ic"], actie=BEKEKEN, objecttype="melding", object_id=2, persoon_id=12, doel="test",
                       tijdstip=nu - dt.timedelta(minutes=9))
    Toegangslog.objects.bulk_create([vers, oud])
    # 11 minutes > the limit of 10: a fault, even though the verification then chains it; 9 minutes is not.
    assert verifieer_faalt() == (f"Toegangslog: eerste gebroken regel: id {oud.id}, tijdstip {utc(oud.tijdstip)}, "
                                 "reden: wacht al langer dan 10 minuten op de keten: het ketenen loopt niet "
                                 "(schakel logketenen, of de achtergrondtaak)")
    assert wachtend() == []
    assert verifieer().startswith("Toegangslog intact: 2 regels")


@pytest.mark.django_db
def test_a_young_waiting_row_is_counted_not_a_fault(users):
    log_toegang(users["ic"], BEKEKEN, "melding", [(1, [11])], "test")
    ketenaar.ketenen(Toegangslog)
    log_toegang(users["ic"], BEKEKEN, "melding", [(2, [12])], "test")
    # Checked without chaining: 1 chained, 1 waiting (seconds old).
    uitkomst = ketenaar.keten.verifieer(Toegangslog)
    assert uitkomst.intact and (uitkomst.aantal, uitkomst.wachtend) == (1, 1)
    assert uitkomst.melding == "Toegangslog intact: 1 regels (1 nog te ketenen)"


@pytest.mark.django_db
def test_logketenen_command_chains_what_waits(users):
    from django.core.management import call_command
    import io

    log_toegang(users["ic"], BEKEKEN, "melding", [(1, [11, 12, 13])], "test")
    out = io.StringIO()
    call_command("logketenen", stdout=out)
    assert "toegangslog: 3 geketend" in out.getvalue() and wachtend() == []


@pytest.mark.django_db(transaction=True)
def test_a_page_does_not_wait_for_the_chaining_writer(users):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite heeft één schrijver tegelijk; rijvergrendeling is er voor PostgreSQL.")
    log_toegang(users["ic"], BEKEKEN, "melding", [(1, [11])], "voor")
    bezig, klaar = threading.Event(), threading.Event()
    uitkomst = {}

    def schrijver():
        # Another process chaining: it holds the head of the chain until told to stop.
        try:
            with transaction.atomic():
                ketenaar._kop("default", "toegangslog", wachten=True)
                bezig.set()
                klaar.wait(10)
        finally:
            connections.close_all()

    draad = threading.Thread(target=schrijver)
    draad.start()
    assert bezig.wait(10)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1s'")
        # A page logs and commits while the head is held: no lock is needed, so no timeout.
        with transaction.atomic():
            log_toegang(users["pr"], BEKEKEN, "melding", [(2, [12])], "tijdens")
        # The writer after the commit sees the head taken and leaves the rows to the other one.
        assert ketenaar.ketenen(Toegangslog, wachten=False).bezet
        # "voor" was chained right after its own commit (autocommit); "tijdens" waits.
        assert Toegangslog.objects.filter(volgnummer__isnull=True).count() == 1
    finally:
        klaar.set()
        draad.join()
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 0")
    assert verifieer().startswith("Toegangslog intact: 2 regels")


@pytest.mark.django_db
def test_chaining_inside_a_callers_transaction_keeps_its_commit_synchronous(users):
    if connection.vendor != "postgresql":
        pytest.skip("synchronous_commit bestaat alleen op PostgreSQL.")
    # An export chains inside its own transaction, which also holds the export's log row: that
    # commit must still wait for the WAL flush, or a crash could lose the row.
    with transaction.atomic():
        log_toegang(users["fg"], BEKEKEN, "toegangslog", [(1, [11])], "export")
        assert ketenaar.ketenen(Toegangslog).geketend == 1
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
