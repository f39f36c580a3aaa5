"""Faults survived: `kill -9` during a historical import leaves all or nothing and a rerun completes
(bench/kill_import.py, small), and two web nodes on one PostgreSQL database keep the access log's
chain intact under concurrent page views (bench/twee_nodes.py, small)."""
import importlib
import os
import sqlite3
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

ROOT = settings.BASE_DIR.parent.parent


def _bench(naam: str):
    """A bench script as a module; historie.py sets DEBUG and keys for its own run, which must not
    leak into this process's environment."""
    oud = dict(os.environ)
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        return importlib.import_module(naam)
    finally:
        sys.path.remove(str(ROOT / "bench"))
        os.environ.clear()
        os.environ.update(oud)


def _database_url() -> str:
    d = connection.settings_dict
    return f"postgres://{d['USER'] or ''}{':' + d['PASSWORD'] if d['PASSWORD'] else ''}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"


@pytest.fixture
def sjabloon(ref, tmp_path):
    """The test database with its reference data, copied once more as the template of every trial
    (the trials run in other processes, which cannot see this test's database otherwise)."""
    kill_import = _bench("kill_import")
    # Earlier tests may have left log rows waiting to be chained (the log tables are never emptied);
    # chained now, or a trial's verification would chain them and move the heads it compares.
    call_command("logketenen")
    if connection.vendor == "postgresql":
        basis = kill_import.PostgresKopieen(_database_url())
        url = _database_url().rsplit("/", 1)[0] + f"/{basis.sjabloon}_kill"
        kopieen = kill_import.PostgresKopieen(url)
        connection.close()  # a template must have no sessions
        with basis._beheer() as c:
            c.execute(f'DROP DATABASE IF EXISTS "{kopieen.sjabloon}" WITH (FORCE)')
            # Earlier tests' live servers answered each request in a thread of its own, whose
            # connection (kept for CONN_MAX_AGE) outlives the thread: end those sessions first.
            for _ in range(50):
                c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [basis.sjabloon])
                try:
                    c.execute(f'CREATE DATABASE "{kopieen.sjabloon}" TEMPLATE "{basis.sjabloon}"')
                    break
                except psycopg.errors.ObjectInUse:
                    time.sleep(0.1)
            else:
                pytest.fail("De testdatabase bleef in gebruik; er kon geen kopie van worden gemaakt.")
        try:
            yield kopieen
        finally:
            with basis._beheer() as c:
                c.execute(f'DROP DATABASE IF EXISTS "{kopieen.sjabloon}" WITH (FORCE)')
        return
    pad = tmp_path / "sjabloon.sqlite3"
    connection.ensure_connection()
    doel = sqlite3.connect(pad)
    connection.connection.backup(doel)
    doel.close()
    yield kill_import.SqliteKopieen(pad, tmp_path)


@pytest.mark.django_db(transaction=True)
def test_kill_9_during_the_import_leaves_all_or_nothing_and_a_rerun_completes(sjabloon, tmp_path):
    kill_import = _bench("kill_import")
    historie = _bench("historie")
    bestand = tmp_path / "gcos.csv"
    verwacht = historie.maak_bestand(bestand, 1500, seed=7)
    proef = kill_import.Proef(sjabloon, bestand, tmp_path, settings.SCHAKEL_LOG_KEYS[0], verwacht, samen=True)
    duur = proef.referentie()
    melding = "meldingen_melding"
    # The complete import added exactly the file's 1500 meldingen to an empty history.
    assert proef.leeg[melding] == 0 and proef.volledig[melding] == 1500
    assert proef.volledig["historie_importbestand"] == proef.leeg["historie_importbestand"] + 1
    # The check can fail: one melding more than nothing and less than everything is partial.
    assert proef.toestand({**proef.leeg, melding: 1}) == "GEDEELTELIJK"
    # Late in the run, where the writing and the commit are (the first seconds start Python and Django).
    resultaten = [proef.poging(n, duur * f) for n, f in enumerate((0.6, 0.8, 0.95), start=1)]
    for p in resultaten:
        assert p.fouten == [], (p.moment, p.fouten)
        assert p.toestand in ("leeg", "volledig")
    assert any(p.gedood for p in resultaten)


@pytest.mark.django_db(transaction=True)
def test_two_web_nodes_on_one_database_keep_the_log_chain_intact(users, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("Twee webnodes delen een PostgreSQL-database; CI draait deze test daar ook.")
    from schakel.personen.models import Persoon
    from schakel.privacy import keten, ketenaar
    from schakel.privacy.models import Toegangslog

    from .scenario import nieuwe_melding

    twee_nodes = _bench("twee_nodes")
    melding = nieuwe_melding(users["ic"], persoon=Persoon(achternaam="Jansen", voornamen="Karel"))
    sessies = [twee_nodes.sessie_voor(users[u]) for u in ("ic", "pr", "ic", "pr")]
    env = twee_nodes.omgeving(_database_url(), tmp_path, settings.SECRET_KEY, settings.SCHAKEL_LOG_KEYS[0])
    pad = f"/meldingen/{melding.pk}/"
    with twee_nodes.Nodes(env, workers=2) as nodes:
        voor = Toegangslog.objects.count()
        # One view first: the page shows one person, so it writes exactly one row.
        assert twee_nodes.vraag(nodes.poorten[0], pad, sessies[0])[0] == 200
        assert Toegangslog.objects.count() == voor + 1
        statussen, _ = twee_nodes.belast(nodes.poorten, sessies, pad, verzoeken=120, draden=8)
    assert statussen == {200: 120}
    assert nodes.fouten == []
    ketenaar.ketenen_alles()
    # 1 single view + 120 under load, each one row, and every one of them chained.
    assert Toegangslog.objects.count() == voor + 121
    assert not Toegangslog.objects.filter(volgnummer__isnull=True).exists()
    controle = keten.verifieer_alles(map_=tmp_path / "geen-controlepunten")
    assert controle.intact, controle.melding
    volgnummers = list(Toegangslog.objects.order_by("volgnummer").values_list("volgnummer", flat=True))
    assert volgnummers == list(range(1, len(volgnummers) + 1))
