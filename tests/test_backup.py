"""`schakel backup` / `schakel restore`: a round trip gives back every table row for row, and the
log chains verify afterwards. The same test runs on whichever database the suite uses: pg_dump /
pg_restore on PostgreSQL, SQLite's backup API on SQLite."""
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from schakel.core.backup import DOOR_MIGRATE_GEVULD
from schakel.privacy.keten import verifieer_alles
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from .scenario import bouw_scenario


def momentopname() -> dict[str, tuple[int, str]]:
    """(row count, md5 of all rows in a fixed order) for every table in the database."""
    uitkomst = {}
    with connection.cursor() as cursor:
        for tabel in sorted(connection.introspection.table_names(cursor)):
            kolommen = len(connection.introspection.get_table_description(cursor, tabel))
            volgorde = ", ".join(str(i) for i in range(1, kolommen + 1))
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(tabel)} ORDER BY {volgorde}")
            rijen = cursor.fetchall()
            uitkomst[tabel] = (len(rijen), hashlib.md5(repr(rijen).encode()).hexdigest())
    return uitkomst


def vul(users):
    s = bouw_scenario(users)
    # Three page views of two items each: six access-log rows in the chain.
    for p in range(3):
        log_toegang(users["ic"], Toegangslog.Actie.BEKEKEN, "melding", [(s.melding.pk, [s.persoon.pk])] * 2, "test")
    return s


@pytest.mark.django_db(transaction=True)
def test_round_trip_gives_back_every_table_and_an_intact_chain(users, tmp_path):
    vul(users)
    voor = momentopname()
    assert voor["privacy_toegangslog"][0] >= 6 and voor["meldingen_melding"][0] >= 1
    bestand = tmp_path / "schakel.backup"
    uit = StringIO()
    call_command("backup", str(bestand), stdout=uit)
    assert bestand.stat().st_size > 0 and "Back-up geschreven" in uit.getvalue()

    # Work after the backup: one more page view and one more user. The restore must undo both.
    log_toegang(users["pr"], Toegangslog.Actie.BEKEKEN, "melding", [(1, [1])], "na de back-up")
    users["pr"].first_name = "Gewijzigd"
    users["pr"].save()
    na = momentopname()
    assert na["privacy_toegangslog"][0] == voor["privacy_toegangslog"][0] + 1

    # Without --overschrijven a database with data is refused, and nothing changes.
    with pytest.raises(CommandError, match="bevat al gegevens"):
        call_command("restore", str(bestand))
    assert momentopname() == na

    call_command("restore", str(bestand), "--overschrijven", stdout=StringIO())
    terug = momentopname()
    assert terug.keys() == voor.keys()
    verschillen = [t for t in voor if voor[t] != terug[t]]
    assert not verschillen, f"anders na de round trip: {verschillen}"
    controle = verifieer_alles(map_=tmp_path / "geen-controlepunten")
    assert controle.intact, controle.melding


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_database_needs_no_flag(users, tmp_path):
    vul(users)
    voor = momentopname()
    bestand = tmp_path / "b"
    call_command("backup", str(bestand), stdout=StringIO())
    call_command("flush", "--noinput")
    # Flushed: only what `migrate` fills by itself has rows, which counts as empty.
    gevuld = {t for t, (aantal, _) in momentopname().items() if aantal}
    assert "gebruikers_gebruiker" not in gevuld and gevuld <= DOOR_MIGRATE_GEVULD
    call_command("restore", str(bestand), stdout=StringIO())
    assert momentopname() == voor


@pytest.mark.django_db
def test_backup_never_overwrites_a_file(tmp_path):
    bestand = tmp_path / "bestaat"
    bestand.write_bytes(b"ander werk")
    with pytest.raises(CommandError, match="bestaat al"):
        call_command("backup", str(bestand))
    assert bestand.read_bytes() == b"ander werk"
    # Nothing half-written is left beside it either.
    assert [p.name for p in tmp_path.iterdir()] == ["bestaat"]


@pytest.mark.django_db
def test_restore_refuses_bad_files_in_dutch(tmp_path, ref):
    voor = momentopname()
    geen = tmp_path / "geen-backup.txt"
    geen.write_text("dit is tekst")
    with pytest.raises(CommandError, match="geen back-up van Schakel"):
        call_command("restore", str(geen), "--overschrijven")
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("restore", str(tmp_path / "weg"), "--overschrijven")
    # A backup of the other kind of database is refused before anything is touched.
    andere = tmp_path / "andere"
    andere.write_bytes(b"PGDMP" if connection.vendor == "sqlite" else b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(CommandError, match="deze installatie gebruikt"):
        call_command("restore", str(andere), "--overschrijven")
    assert momentopname() == voor


def test_command_errors_are_one_dutch_line_without_traceback(tmp_path):
    """Run as the operator would: the real `schakel` entry point in its own process."""
    import os
    import subprocess
    import sys

    omgeving = {**os.environ, "DJANGO_SETTINGS_MODULE": "schakel.test_settings",
                "DATABASE_URL": f"sqlite:///{tmp_path / 'leeg.sqlite3'}"}
    resultaat = subprocess.run([sys.executable, "-m", "schakel.manage", "restore", str(tmp_path / "weg")],
                               env=omgeving, capture_output=True, text=True, timeout=120)
    assert resultaat.returncode == 1
    assert "bestaat niet of is geen bestand" in resultaat.stderr
    assert "Traceback" not in resultaat.stderr


@pytest.mark.django_db(transaction=True)
def test_a_backup_broken_halfway_leaves_the_database_as_it_was(users, tmp_path):
    vul(users)
    bestand = tmp_path / "heel"
    call_command("backup", str(bestand), stdout=StringIO())
    inhoud = bestand.read_bytes()
    # The first two thirds of the file: the table of contents reads, the data stops in the middle.
    kapot = tmp_path / "kapot"
    kapot.write_bytes(inhoud[: len(inhoud) * 2 // 3])
    log_toegang(users["pr"], Toegangslog.Actie.BEKEKEN, "melding", [(1, [1])], "na de back-up")
    voor = momentopname()
    with pytest.raises(CommandError, match="niet te lezen|beschadigd|Het lezen van de back-up mislukt"):
        call_command("restore", str(kapot), "--overschrijven")
    assert momentopname() == voor


@pytest.mark.django_db(transaction=True)
def test_a_restore_failing_in_the_database_is_rolled_back_entirely(users, tmp_path):
    """PostgreSQL: the tables are dropped and the backup loaded in one transaction. Here the load
    fails after the drops (a type now holds the name of a table in the backup), and every table is
    back as it was. (SQLite's backup API replaces the file in one step; there is no halfway.)"""
    if connection.vendor != "postgresql":
        pytest.skip("Alleen PostgreSQL laadt een back-up in stappen.")
    vul(users)
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE schakel_test_extra (id integer)")
    bestand = tmp_path / "b"
    call_command("backup", str(bestand), stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE schakel_test_extra")
        cursor.execute("CREATE TYPE schakel_test_extra AS (id integer)")
    try:
        voor = momentopname()
        with pytest.raises(CommandError, match="De database is ongewijzigd"):
            call_command("restore", str(bestand), "--overschrijven")
        assert momentopname() == voor
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TYPE schakel_test_extra")
