"""The access log as a keyed hash chain: built under a lock, verified by `schakel verifieer_log` against
the key and the signed checkpoints, and the privacy officer's exports (issues 4 and 9)."""
import csv
import datetime as dt
import hashlib
import hmac
import io
import json
import threading

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schakel.privacy.models import Logketen, Toegangslog
from schakel.privacy.services import GENESIS, canonieke_vorm, log_toegang, regel_hash, verifieer_keten
from schakel.privacy import keten, ketenaar

from .scenario import BSN_P1, bouw_scenario

BEKEKEN = Toegangslog.Actie.BEKEKEN


def vul_log(user, paginas=3, per_pagina=2):
    """Pages logged, then chained as the writer after their commit would (a test's transaction never commits)."""
    for p in range(paginas):
        log_toegang(user, BEKEKEN, "melding", [(100 * p + i, [i]) for i in range(per_pagina)], "test")
    ketenaar.ketenen(Toegangslog)
    return list(Toegangslog.objects.order_by("volgnummer"))


def sql_buiten_de_trigger(sql, params=(), tabel="privacy_toegangslog"):
    """Tamper with the log the way only someone with database access could: the append-only triggers
    have to be switched off (PostgreSQL) or dropped (SQLite) for the statement."""
    from schakel.core import append_only

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks of the rows just inserted would block ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {tabel} DISABLE TRIGGER USER")
        else:
            append_only.verwijder_triggers(connection, [tabel])
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {tabel} ENABLE TRIGGER USER")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            append_only.maak_triggers(connection, [tabel])


def verifieer(**kwargs):
    out = io.StringIO()
    call_command("verifieer_log", stdout=out, **kwargs)
    return out.getvalue()


def verifieer_faalt(**kwargs):
    """The first line of the failure: the access log's outcome."""
    return verifieer_faalt_geheel(**kwargs).splitlines()[0]


def verifieer_faalt_geheel(**kwargs):
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
    sleutel = settings.SCHAKEL_LOG_KEYS[0].encode()
    assert regel_hash(**velden) == hmac.new(sleutel, canonieke_vorm(**velden), hashlib.sha256).hexdigest()
    # Keyed: the plain SHA-256 of the same bytes, which anyone can compute, is not the hash.
    assert regel_hash(**velden) != hashlib.sha256(canonieke_vorm(**velden)).hexdigest()
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

    # One INSERT and no lock: the chaining comes after the commit (privacy.ketenaar). (privacy.ketenaar.
    # schrijven: on PostgreSQL one INSERT … UNNEST, on SQLite one executemany, whatever the number of rows.)
    assert kosten(1) == kosten(70) == kosten(1000) == 1


@pytest.mark.django_db
def test_intact_log_passes(users):
    vul_log(users["ic"])
    uitvoer = verifieer()
    assert uitvoer.startswith("Toegangslog intact: 6 regels\n")
    assert "Mutatielog intact: 0 regels" in uitvoer
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
    assert melding == f"Toegangslog: eerste gebroken regel: id {doelwit.pk}, tijdstip {utc(doelwit.tijdstip)}, reden: hash klopt niet"
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
    assert melding == (f"Toegangslog: eerste gebroken regel: id {volgende.pk}, tijdstip {utc(volgende.tijdstip)}, "
                       "reden: keten onderbroken (vorige hash klopt niet)")


@pytest.mark.django_db
def test_a_row_deleted_in_the_middle_breaks_the_chain(users):
    regels = vul_log(users["ic"])
    sql_buiten_de_trigger("DELETE FROM privacy_toegangslog WHERE id = %s", [regels[2].pk])
    melding = verifieer_faalt()
    assert melding == (f"Toegangslog: eerste gebroken regel: id {regels[3].pk}, tijdstip {utc(regels[3].tijdstip)}, "
                       "reden: keten onderbroken (volgnummer 3 ontbreekt)")


@pytest.mark.django_db
def test_rows_deleted_at_the_end_are_missed_against_the_head(users):
    regels = vul_log(users["ic"])
    sql_buiten_de_trigger("DELETE FROM privacy_toegangslog WHERE volgnummer > 4")
    melding = verifieer_faalt()
    assert melding == (f"Toegangslog: eerste gebroken regel: id {regels[3].pk}, tijdstip {utc(regels[3].tijdstip)}, "
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
    assert "Toegangslog: de keten is nog niet gecontroleerd." in client.get(reverse("privacy:toegangslog")).content.decode()
    response = client.post(reverse("privacy:keten_controleren"), follow=True)
    html = response.content.decode()
    assert "Toegangslog intact: 6 regels" in html and "keten in orde." in html
    sql_buiten_de_trigger("UPDATE privacy_toegangslog SET rollen = 'beheerder' WHERE id = %s", [regels[0].pk])
    html = client.post(reverse("privacy:keten_controleren"), follow=True).content.decode()
    assert f"Toegangslog: eerste gebroken regel: id {regels[0].pk}" in html and "keten gebroken." in html
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
    ketenaar.ketenen(Toegangslog)
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


# --- issue 9, hole 12: a keyed chain, TRUNCATE refused, checkpoints outside the database ----------

KETENKOLOMMEN = ("volgnummer", "tijdstip", "gebruiker_id", "organisatie", "rollen", "actie", "objecttype", "object_id",
                 "persoon_id", "doel", "vorige_hash")


@pytest.fixture
def controlepunten(settings, tmp_path):
    settings.SCHAKEL_LOG_CHECKPOINT_DIR = tmp_path / "controlepunten"
    return settings.SCHAKEL_LOG_CHECKPOINT_DIR


def controlepunt():
    out = io.StringIO()
    call_command("logcontrolepunt", stdout=out)
    return out.getvalue()


def zet_kop(volgnummer, laatste_hash, naam="toegangslog"):
    Logketen.objects.filter(naam=naam).update(laatste_volgnummer=volgnummer, laatste_hash=laatste_hash)


def herschrijf_zonder_sleutel(regels, vanaf, hashfunctie, **wijziging):
    """What an attacker with database access but without the key can do: change a row and recompute
    every later hash and the head with a hash function of its own."""
    vorige = regels[vanaf - 1].hash if vanaf else GENESIS
    for regel in regels[vanaf:]:
        velden = {k: getattr(regel, k) for k in KETENKOLOMMEN}
        if regel is regels[vanaf]:
            velden.update(wijziging)
        velden["vorige_hash"] = vorige
        nieuw = hashfunctie(canonieke_vorm(**velden))
        sql_buiten_de_trigger("UPDATE privacy_toegangslog SET doel = %s, vorige_hash = %s, hash = %s WHERE id = %s",
                              [velden["doel"], vorige, nieuw, regel.pk])
        vorige = nieuw
    zet_kop(regels[-1].volgnummer, vorige)


@pytest.mark.django_db
@pytest.mark.parametrize("hashfunctie", [
    lambda b: hashlib.sha256(b).hexdigest(),
    lambda b: hmac.new(b"de sleutel van de aanvaller, ook 32 tekens lang", b, hashlib.sha256).hexdigest(),
], ids=["sha256", "eigen-sleutel"])
def test_a_rewritten_row_with_recomputed_later_hashes_fails_without_the_key(users, controlepunten, hashfunctie):
    regels = vul_log(users["ic"])
    herschrijf_zonder_sleutel(regels, 2, hashfunctie, doel="iets onschuldigs")
    melding = verifieer_faalt()
    assert melding == (f"Toegangslog: eerste gebroken regel: id {regels[2].pk}, tijdstip {utc(regels[2].tijdstip)}, "
                       "reden: hash klopt niet")


def leegmaken_sql():
    return "TRUNCATE privacy_toegangslog" if connection.vendor == "postgresql" else "DELETE FROM privacy_toegangslog"


@pytest.mark.django_db
def test_truncation_is_refused_and_a_wiped_log_with_reset_head_fails_on_the_checkpoint(users, controlepunten):
    from django.db import DatabaseError, transaction

    vul_log(users["ic"])
    assert "toegangslog: volgnummer 6" in controlepunt()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic():
                cursor.execute(leegmaken_sql())
    assert Toegangslog.objects.count() == 6
    # The attacker switches every trigger off (PostgreSQL: as superuser), wipes the log, resets the head.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(leegmaken_sql())
            cursor.execute("SET session_replication_role = DEFAULT")
        else:
            sql_buiten_de_trigger(leegmaken_sql())
    zet_kop(0, GENESIS)
    assert Toegangslog.objects.count() == 0
    melding = verifieer_faalt()
    assert melding.startswith("Toegangslog: eerste gebroken regel: geen, tijdstip onbekend, reden: kop van de keten teruggezet: "
                              "controlepunt logcontrolepunt-")
    assert "noemt volgnummer 6, maar de kop staat op 0 en de database heeft 0 regels" in melding


@pytest.mark.django_db
def test_a_head_moved_back_fails_on_the_checkpoint(users, controlepunten):
    regels = vul_log(users["ic"])
    controlepunt()
    # Only the head: the rows after it would pass as "logged while the check ran".
    zet_kop(4, regels[3].hash)
    assert "kop van de keten teruggezet" in verifieer_faalt()
    # Head and tail together: the chain itself is consistent, only the checkpoint knows better.
    sql_buiten_de_trigger("DELETE FROM privacy_toegangslog WHERE volgnummer > 4")
    melding = verifieer_faalt()
    assert melding.startswith(f"Toegangslog: eerste gebroken regel: id {regels[3].pk}, tijdstip {utc(regels[3].tijdstip)}, "
                              "reden: kop van de keten teruggezet")
    assert "noemt volgnummer 6, maar de kop staat op 4 en de database heeft 4 regels" in melding


@pytest.mark.django_db
def test_a_chain_rewritten_with_the_key_still_differs_from_the_checkpoint(users, controlepunten):
    """Even with the key (a stolen one): the checkpoint outside the database still holds the old hash."""
    regels = vul_log(users["ic"])
    controlepunt()
    sleutel = settings.SCHAKEL_LOG_KEYS[0].encode()
    herschrijf_zonder_sleutel(regels, 1, lambda b: hmac.new(sleutel, b, hashlib.sha256).hexdigest(), doel="herschreven")
    melding = verifieer_faalt()
    assert melding.startswith(f"Toegangslog: eerste gebroken regel: id {regels[5].pk}, tijdstip {utc(regels[5].tijdstip)}, "
                              "reden: wijkt af van controlepunt logcontrolepunt-")
    assert "volgnummer 6 een andere hash" in melding


@pytest.mark.django_db
def test_checkpoint_is_signed_and_a_changed_one_is_reported(users, controlepunten):
    regels = vul_log(users["ic"])
    uitvoer = controlepunt()
    assert uitvoer.startswith(f"Controlepunt geschreven: {controlepunten}/logcontrolepunt-")
    bestand = next(controlepunten.glob("logcontrolepunt-*.json"))
    inhoud = json.loads(bestand.read_text())
    assert inhoud["ketens"]["toegangslog"] == {"volgnummer": 6, "hash": regels[-1].hash}
    assert set(inhoud["ketens"]) == {"toegangslog", "mutatielog", "meldingstatus", "casusstatus", "apitokengebruik",
                                      "koppelvoorstelstatus"}
    assert inhoud["sleutel_id"] == keten.sleutel_id(settings.SCHAKEL_LOG_KEYS[0]) and len(inhoud["handtekening"]) == 64
    assert settings.SCHAKEL_LOG_KEYS[0] not in bestand.read_text()
    assert "Gecontroleerd tegen 1 controlepunten" in verifieer()
    # Someone lowers the number in the file, to make a later truncation fit.
    inhoud["ketens"]["toegangslog"]["volgnummer"] = 2
    bestand.write_text(json.dumps(inhoud))
    geheel = verifieer_faalt_geheel()
    assert f"Controlepunten: Controlepunt {bestand.name}: de handtekening klopt niet (het bestand is gewijzigd)" in geheel


@pytest.mark.django_db
def test_verifieer_log_reads_checkpoints_kept_elsewhere(users, controlepunten, tmp_path):
    regels = vul_log(users["ic"])
    controlepunt()
    kopie = tmp_path / "bij-de-fg"
    kopie.mkdir()
    for bestand in controlepunten.glob("*.json"):
        (kopie / bestand.name).write_bytes(bestand.read_bytes())
        bestand.unlink()  # the attacker also wiped the server's own directory
    sql_buiten_de_trigger("DELETE FROM privacy_toegangslog WHERE volgnummer > 4")
    zet_kop(4, regels[3].hash)
    assert verifieer().startswith("Toegangslog intact: 4 regels")
    assert "kop van de keten teruggezet" in verifieer_faalt(controlepunten=str(kopie))


@pytest.mark.django_db
def test_key_rotation_keeps_older_rows_verifiable(users, controlepunten, settings):
    oud = settings.SCHAKEL_LOG_KEYS[0]
    vul_log(users["ic"], paginas=1)
    controlepunt()
    nieuw = "een nieuwe sleutel van minstens tweeëndertig tekens"
    settings.SCHAKEL_LOG_KEYS = [nieuw, oud]
    vul_log(users["ic"], paginas=1)
    regels = list(Toegangslog.objects.order_by("volgnummer"))
    assert [r.sleutel_id for r in regels] == [keten.sleutel_id(oud)] * 2 + [keten.sleutel_id(nieuw)] * 2
    assert verifieer().startswith("Toegangslog intact: 4 regels")
    # The old key thrown away: its rows and its checkpoint can no longer be checked, and that is said.
    settings.SCHAKEL_LOG_KEYS = [nieuw]
    geheel = verifieer_faalt_geheel()
    assert geheel.startswith(f"Toegangslog: eerste gebroken regel: id {regels[0].pk}")
    assert f"reden: onbekende sleutel {keten.sleutel_id(oud)}" in geheel
    assert "die niet (meer) is ingesteld" in geheel


@pytest.mark.django_db
def test_change_log_and_status_histories_are_chained_too(users, controlepunten):
    from .scenario import bouw_scenario

    s = bouw_scenario(users)
    uitvoer = verifieer()
    from schakel.meldingen.models import MeldingStatus
    from schakel.privacy.models import Mutatielog

    n_status = MeldingStatus.objects.count()
    assert f"Statuswijzigingen meldingen intact: {n_status} regels" in uitvoer
    assert "Statuswijzigingen casussen intact:" in uitvoer and "Mutatielog intact:" in uitvoer
    assert n_status and list(MeldingStatus.objects.order_by("volgnummer").values_list("volgnummer", flat=True)) == list(
        range(1, n_status + 1))
    controlepunt()
    # A status rewritten and its hash recomputed without the key.
    rij = s.melding.statushistorie.order_by("volgnummer").first()
    sql_buiten_de_trigger("UPDATE meldingen_meldingstatus SET toelichting = 'herschreven', hash = %s WHERE id = %s",
                          ["ab" * 32, rij.pk], tabel="meldingen_meldingstatus")
    geheel = verifieer_faalt_geheel()
    assert f"Statuswijzigingen meldingen: eerste gebroken regel: id {rij.pk}" in geheel and "reden: hash klopt niet" in geheel
    # The change log wiped with its head reset: the checkpoint remembers.
    if Mutatielog.objects.exists():
        sql_buiten_de_trigger("DELETE FROM privacy_mutatielog", tabel="privacy_mutatielog")
        zet_kop(0, GENESIS, naam="mutatielog")
        assert "Mutatielog: eerste gebroken regel: geen, tijdstip onbekend, reden: kop van de keten teruggezet" in verifieer_faalt_geheel()


@pytest.mark.django_db
def test_status_history_refuses_raw_update_and_delete_on_every_database(users):
    from django.db import DatabaseError, transaction

    from .scenario import bouw_scenario

    bouw_scenario(users)
    for sql in ("UPDATE meldingen_meldingstatus SET toelichting = 'weg'", "DELETE FROM casussen_casusstatus",
                "UPDATE privacy_mutatielog SET actie = 'weg'", "DELETE FROM privacy_toegangslog"):
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(sql)


@pytest.mark.django_db
def test_every_append_only_table_has_its_triggers():
    """A migration that rebuilds a table (SQLite) or a new AppendOnlyModel must not leave a table unguarded."""
    from schakel.core.append_only import trigger_namen

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'O'")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        aanwezig = {r[0] for r in cursor.fetchall()}
    modellen = keten.geketende_modellen()
    assert {keten.ketennaam(m) for m in modellen} >= {"toegangslog", "mutatielog", "meldingstatus", "casusstatus"}
    for model in modellen:
        assert set(trigger_namen(connection.vendor, model._meta.db_table)) <= aanwezig, model
        # Every stored field is covered by the hash (a new field must be added to KETENVELDEN).
        gedekt = set(model.KETENVELDEN) | {"id", "hash", "sleutel_id"}
        assert {f.attname for f in model._meta.concrete_fields} == gedekt, model


@pytest.mark.django_db
def test_checkpoint_is_scheduled_daily():
    from django_q.models import Schedule

    from schakel.privacy.apps import na_migratie
    from schakel.privacy.tasks import TAAK, dagelijks_controlepunt

    na_migratie(sender=None)
    na_migratie(sender=None)
    assert Schedule.objects.filter(func=TAAK, schedule_type=Schedule.DAILY).count() == 1
    assert callable(dagelijks_controlepunt)


@pytest.mark.django_db
def test_daily_task_writes_a_checkpoint_and_mails_it(users, controlepunten, settings, mailoutbox):
    from schakel.privacy.tasks import dagelijks_controlepunt

    settings.SCHAKEL_LOG_CHECKPOINT_MAIL = ["fg@huis.example"]
    vul_log(users["ic"], paginas=1)
    pad = dagelijks_controlepunt()
    assert pad.startswith(str(controlepunten)) and len(list(controlepunten.glob("*.json"))) == 1
    assert mailoutbox[0].to == ["fg@huis.example"] and '"volgnummer": 2' in mailoutbox[0].body


def test_production_refuses_to_start_without_the_log_key(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCHAKEL_", "DEBUG"))}
    env.update(SECRET_KEY="x" * 50, DJANGO_SETTINGS_MODULE="schakel.settings")
    code = "import schakel.settings"
    uit = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert uit.returncode != 0 and "De sleutel van het toegangslog ontbreekt" in uit.stderr
    sleutel = tmp_path / "logsleutel"
    sleutel.write_text("# huidige sleutel eerst\n" + "s" * 40 + "\n" + "o" * 40 + "\n")
    code = "import schakel.settings as s; print(len(s.SCHAKEL_LOG_KEYS), s.SCHAKEL_LOG_KEYS[0][:1])"
    uit = subprocess.run([sys.executable, "-c", code], env={**env, "SCHAKEL_LOG_KEY_FILE": str(sleutel)}, capture_output=True, text=True)
    assert uit.stdout.strip() == "2 s", uit.stderr
    uit = subprocess.run([sys.executable, "-c", code], env={**env, "SCHAKEL_LOG_KEY": "kort"}, capture_output=True, text=True)
    assert "minstens 32 tekens" in uit.stderr


@pytest.mark.django_db
def test_historical_import_chains_its_status_rows(ref, tmp_path, controlepunten):
    from .test_historie import GOED, importeer, schrijf_csv

    controlepunt()
    importeer(schrijf_csv(tmp_path / "gcos.csv", GOED))
    uitvoer = verifieer()
    assert "Statuswijzigingen meldingen intact: 6 regels" in uitvoer and "Statuswijzigingen casussen intact: 5 regels" in uitvoer


@pytest.mark.django_db
def test_a_foreign_key_assigned_before_the_parent_was_saved_is_hashed_as_stored(users):
    """The demo builds status rows for objects it saves later; the hash must cover the id written."""
    from schakel.meldingen.models import MeldingStatus

    from .scenario import bouw_scenario

    melding = bouw_scenario(users).melding
    pk = melding.pk
    melding.pk = None
    rij = MeldingStatus(melding=melding, van="", naar="geregistreerd", door=users["ic"])
    melding.pk = pk  # "saved" after the row was made
    MeldingStatus.objects.bulk_create([rij])
    assert rij.melding_id == pk
    assert "Statuswijzigingen meldingen intact" in verifieer()
