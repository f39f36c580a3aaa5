"""The access log as a hash chain: built under a lock, verified by `schakel verifieer_log`, and the
privacy officer's exports (issue 4)."""
import csv
import datetime as dt
import hashlib
import io
import json
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schakel.privacy.models import Logketen, Toegangslog
from schakel.privacy.services import GENESIS, canonieke_vorm, log_toegang, regel_hash, verifieer_keten

from .scenario import BSN_P1, bouw_scenario

BEKEKEN = Toegangslog.Actie.BEKEKEN


def vul_log(user, paginas=3, per_pagina=2):
    for p in range(paginas):
        log_toegang(user, BEKEKEN, "melding", [(100 * p + i, [i]) for i in range(per_pagina)], "test")
    return list(Toegangslog.objects.order_by("volgnummer"))


def sql_buiten_de_trigger(sql, params=()):
    """Tamper with the log the way only someone with database access could: on PostgreSQL the
    append-only trigger has to be switched off for the statement."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks of the rows just inserted would block ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE privacy_toegangslog DISABLE TRIGGER USER")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE privacy_toegangslog ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def verifieer(**kwargs):
    out = io.StringIO()
    call_command("verifieer_log", stdout=out, **kwargs)
    return out.getvalue()


def verifieer_faalt(**kwargs):
    with pytest.raises(CommandError) as fout:
        verifieer(**kwargs)
    assert fout.value.returncode == 1
    return str(fout.value)


def utc(tijdstip):
    return tijdstip.astimezone(dt.UTC).isoformat()


def test_canonical_form_is_exactly_as_documented():
    tijdstip = dt.datetime(2026, 3, 1, 10, 15, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    velden = dict(volgnummer=7, tijdstip=tijdstip, gebruiker_id=3, organisatie="Zorg- en Veiligheidshuis", rollen="partner",
                  actie="bekeken", objecttype="melding", object_id=12, persoon_id=None, doel="Melding bekijken", vorige_hash="ab" * 32)
    assert canonieke_vorm(**velden) == (
        '[7,"2026-03-01T09:15:00.000000+00:00",3,"Zorg- en Veiligheidshuis","partner","bekeken","melding",12,null,'
        '"Melding bekijken","' + "ab" * 32 + '"]'
    ).encode()
    assert regel_hash(**velden) == hashlib.sha256(canonieke_vorm(**velden)).hexdigest()
    assert regel_hash(**velden) != regel_hash(**{**velden, "doel": "Melding bekijken "})


@pytest.mark.django_db
def test_every_row_carries_the_hash_of_the_one_before(users):
    regels = vul_log(users["reclassering"], paginas=3, per_pagina=2)
    assert [r.volgnummer for r in regels] == [1, 2, 3, 4, 5, 6]
    assert regels[0].vorige_hash == GENESIS
    for vorige, regel in zip(regels, regels[1:]):
        assert regel.vorige_hash == vorige.hash
    for regel in regels:
        velden = {k: getattr(regel, k) for k in ("volgnummer", "tijdstip", "gebruiker_id", "organisatie", "rollen", "actie",
                                                 "objecttype", "object_id", "persoon_id", "doel", "vorige_hash")}
        assert regel.hash == regel_hash(**velden)
    kop = Logketen.objects.get(naam=Logketen.TOEGANGSLOG)
    assert (kop.laatste_volgnummer, kop.laatste_hash) == (6, regels[-1].hash)


@pytest.mark.django_db
def test_logging_costs_the_same_queries_for_one_row_or_a_hundred(users):
    log_toegang(users["ic"], BEKEKEN, "melding", [(1, [])], "opwarmen")

    def kosten(n):
        with CaptureQueriesContext(connection) as ctx:
            log_toegang(users["ic"], BEKEKEN, "melding", [(i, [i]) for i in range(n)], "test")
        return len(ctx.captured_queries)

    # savepoint, lock the head, one INSERT, update the head, release. (On SQLite Django splits an
    # INSERT at 999 parameters, 76 log rows; PostgreSQL has no such cap.)
    assert kosten(1) == kosten(70) == 5
    if connection.vendor == "postgresql":
        assert kosten(1000) == 5


@pytest.mark.django_db
def test_intact_log_passes(users):
    vul_log(users["ic"])
    uitvoer = verifieer()
    assert uitvoer.startswith("Toegangslog intact: 6 regels\n")
    assert Toegangslog.objects.order_by("volgnummer").last().hash in uitvoer
    assert verifieer(chunk_size=4).startswith("Toegangslog intact: 6 regels")  # across chunk boundaries
    kop = Logketen.objects.get(naam=Logketen.TOEGANGSLOG)
    assert kop.controle_intact is True and kop.gecontroleerd_op is not None


@pytest.mark.django_db
def test_empty_log_passes(db):
    assert verifieer().startswith("Toegangslog intact: 0 regels")


@pytest.mark.django_db
def test_an_edited_row_is_named(users):
    regels = vul_log(users["ic"])
    doelwit = regels[3]
    sql_buiten_de_trigger("UPDATE privacy_toegangslog SET doel = %s WHERE id = %s", ["iets anders", doelwit.pk])
    melding = verifieer_faalt(chunk_size=2)
    assert melding == f"Eerste gebroken regel: id {doelwit.pk}, tijdstip {utc(doelwit.tijdstip)}, reden: hash klopt niet"
    kop = Logketen.objects.get(naam=Logketen.TOEGANGSLOG)
    assert kop.controle_intact is False and f"id {doelwit.pk}" in kop.controle_uitkomst


@pytest.mark.django_db
def test_an_edited_row_with_a_recomputed_hash_breaks_the_link_to_the_next(users):
    regels = vul_log(users["ic"])
    doelwit, volgende = regels[2], regels[3]
    velden = {k: getattr(doelwit, k) for k in ("volgnummer", "tijdstip", "gebruiker_id", "organisatie", "rollen", "actie",
                                               "objecttype", "object_id", "doel", "vorige_hash")}
    nieuwe_hash = regel_hash(**{**velden, "persoon_id": 999})
    sql_buiten_de_trigger("UPDATE privacy_toegangslog SET persoon_id = 999, hash = %s WHERE id = %s", [nieuwe_hash, doelwit.pk])
    melding = verifieer_faalt()
    assert melding == (f"Eerste gebroken regel: id {volgende.pk}, tijdstip {utc(volgende.tijdstip)}, "
                       "reden: keten onderbroken (vorige hash klopt niet)")


@pytest.mark.django_db
def test_a_row_deleted_in_the_middle_breaks_the_chain(users):
    regels = vul_log(users["ic"])
    sql_buiten_de_trigger("DELETE FROM privacy_toegangslog WHERE id = %s", [regels[2].pk])
    melding = verifieer_faalt()
    assert melding == (f"Eerste gebroken regel: id {regels[3].pk}, tijdstip {utc(regels[3].tijdstip)}, "
                       "reden: keten onderbroken (volgnummer 3 ontbreekt)")


@pytest.mark.django_db
def test_rows_deleted_at_the_end_are_missed_against_the_head(users):
    regels = vul_log(users["ic"])
    sql_buiten_de_trigger("DELETE FROM privacy_toegangslog WHERE volgnummer > 4")
    melding = verifieer_faalt()
    assert melding == (f"Eerste gebroken regel: id {regels[3].pk}, tijdstip {utc(regels[3].tijdstip)}, "
                       "reden: keten onderbroken (de regels na volgnummer 4 tot en met 6 ontbreken)")


@pytest.mark.django_db
def test_new_rows_after_verification_started_do_not_break_it(users):
    vul_log(users["ic"])
    uitkomst = verifieer_keten()
    log_toegang(users["ic"], BEKEKEN, "melding", [(1, [1])], "later")
    assert uitkomst.intact and verifieer_keten().aantal == 7


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_keep_one_chain(users):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite heeft één schrijver tegelijk; de rijvergrendeling is er voor PostgreSQL.")
    gebruikers = [users["ic"], users["pr"], users["reclassering"], users["politie"]]
    start = threading.Barrier(len(gebruikers))
    fouten = []

    def verzoeken(user):
        try:
            start.wait()
            for p in range(15):
                log_toegang(user, BEKEKEN, "melding", [(p, [1, 2]), (p + 1000, [])], "gelijktijdig")
        except Exception as e:  # pragma: no cover - shown in the assertion
            fouten.append(e)
        finally:
            connections.close_all()

    draden = [threading.Thread(target=verzoeken, args=[u]) for u in gebruikers]
    for d in draden:
        d.start()
    for d in draden:
        d.join()
    assert not fouten
    assert Toegangslog.objects.count() == 4 * 15 * 3
    assert verifieer().startswith(f"Toegangslog intact: {4 * 15 * 3} regels")


@pytest.mark.django_db
def test_privacy_officer_checks_the_chain_from_the_page(client_for, users):
    regels = vul_log(users["ic"])
    client = client_for(users["fg"])
    assert "De keten is nog niet gecontroleerd." in client.get(reverse("privacy:toegangslog")).content.decode()
    response = client.post(reverse("privacy:keten_controleren"), follow=True)
    html = response.content.decode()
    assert "Toegangslog intact: 6 regels" in html and "keten in orde." in html
    sql_buiten_de_trigger("UPDATE privacy_toegangslog SET rollen = 'beheerder' WHERE id = %s", [regels[0].pk])
    html = client.post(reverse("privacy:keten_controleren"), follow=True).content.decode()
    assert f"Eerste gebroken regel: id {regels[0].pk}" in html and "keten gebroken." in html
    assert client.get(reverse("privacy:keten_controleren")).status_code == 405


def exporteer(client, **data):
    return client.post(reverse("privacy:toegangslog_export"), data)


def inhoud(response):
    return b"".join(response.streaming_content).decode()


@pytest.mark.django_db
def test_who_saw_person_x_as_csv(client_for, users):
    s = bouw_scenario(users)
    client_for(users["reclassering"]).get(reverse("meldingen:detail", args=[s.melding.pk]))
    gezien = Toegangslog.objects.filter(persoon_id=s.persoon.pk).count()
    client = client_for(users["fg"])
    response = exporteer(client, bsn=BSN_P1, formaat="csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    schijf = response["Content-Disposition"]
    assert schijf.startswith('attachment; filename="toegangslog-') and schijf.endswith('.csv"')
    assert BSN_P1 not in schijf and "Jansen" not in schijf
    rijen = list(csv.DictReader(io.StringIO(inhoud(response))))
    assert len(rijen) == gezien and {r["persoon_id"] for r in rijen} == {str(s.persoon.pk)}
    assert any(r["gebruiker"] == "reclassering" and r["doel"] == "Melding bekijken" for r in rijen)
    assert [int(r["volgnummer"]) for r in rijen] == sorted(int(r["volgnummer"]) for r in rijen)
    # The export itself is in the log, with the person whose log was exported, and is not in its own file.
    export = Toegangslog.objects.get(gebruiker=users["fg"])
    assert (export.actie, export.objecttype, export.persoon_id) == ("export", "toegangslog", s.persoon.pk)
    assert export.object_id == export.volgnummer - 1 and str(export.volgnummer) not in {r["volgnummer"] for r in rijen}
    assert BSN_P1 not in export.doel and "CSV" in export.doel and f"persoon-id {s.persoon.pk}" in export.doel
    assert verifieer().startswith("Toegangslog intact")


@pytest.mark.django_db
def test_what_did_user_y_see_as_json(client_for, users):
    s = bouw_scenario(users)
    client_for(users["reclassering"]).get(reverse("meldingen:detail", args=[s.melding.pk]))
    client_for(users["politie"]).get(reverse("meldingen:lijst"))
    client = client_for(users["fg"])
    vandaag = dt.date.today().isoformat()
    response = exporteer(client, gebruiker=users["reclassering"].pk, van=vandaag, tot=vandaag, formaat="json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].endswith('.json"')
    rijen = json.loads(inhoud(response))
    assert rijen and {r["gebruiker_id"] for r in rijen} == {users["reclassering"].pk}
    eerste = Toegangslog.objects.get(pk=rijen[0]["id"])
    assert rijen[0]["hash"] == eerste.hash and rijen[0]["tijdstip"] == eerste.tijdstip.astimezone(dt.UTC).isoformat(timespec="microseconds")
    export = Toegangslog.objects.get(gebruiker=users["fg"])
    assert export.persoon_id is None and f"gebruiker-id {users['reclassering'].pk}" in export.doel
    # Another period: an empty list, still a valid export (and logged).
    assert json.loads(inhoud(exporteer(client, gebruiker=users["reclassering"].pk, van="2001-01-01", tot="2001-12-31",
                                       formaat="json"))) == []
    assert Toegangslog.objects.filter(gebruiker=users["fg"], actie="export").count() == 2


@pytest.mark.django_db
def test_export_refuses_bad_input_and_logs_nothing(client_for, users):
    bouw_scenario(users)
    client = client_for(users["fg"])
    for data, tekst in (
        ({"bsn": BSN_P1}, "Kies het exportformaat: CSV of JSON."),
        ({"bsn": BSN_P1, "formaat": "xml"}, "Kies het exportformaat: CSV of JSON."),
        ({"bsn": "123456789", "formaat": "csv"}, "elfproef"),
        ({"bsn": "999999990", "formaat": "csv"}, "Er is geen persoon met dit BSN geregistreerd"),
        ({"van": "2026-02-01", "tot": "2026-01-01", "formaat": "json"}, "De einddatum ligt vóór de begindatum."),
    ):
        response = exporteer(client, **data)
        assert response.status_code == 400, data
        assert tekst in response.content.decode(), data
    assert not Toegangslog.objects.filter(gebruiker=users["fg"]).exists()
    assert client.get(reverse("privacy:toegangslog_export")).status_code == 405


@pytest.mark.django_db
def test_only_the_privacy_officer_exports(client_for, users):
    bouw_scenario(users)
    for rol in ("ic", "pr", "reclassering", "beheerder", "ketenmanager"):
        client = client_for(users[rol])
        assert exporteer(client, bsn=BSN_P1, formaat="csv").status_code == 403, rol
        assert client.post(reverse("privacy:keten_controleren")).status_code == 403, rol
    assert not Toegangslog.objects.filter(actie="export").exists()


@pytest.mark.django_db
def test_refused_export_shows_the_page_without_a_stale_format(client_for, users):
    html = exporteer(client_for(users["fg"]), formaat="xml", van="2026-02-01", tot="2026-01-01").content.decode()
    assert 'value="xml"' not in html and 'name="formaat" value="csv"' in html and 'value="2026-02-01"' in html
