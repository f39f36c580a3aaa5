"""Monthly partitions of the access log on PostgreSQL (privacy.partities): the migration moves the rows
both ways, old months are dropped only behind a signed checkpoint that anchors the chain's new start,
and a month removed without one is a gap."""
import datetime as dt
import json

import pytest
from django.db import connection
from django.utils import timezone

from schakel.privacy import ketenaar, partities
from schakel.privacy.models import Toegangslog

from .test_logketen import BEKEKEN, controlepunt, controlepunten, verifieer, verifieer_faalt, vul_log  # noqa: F401

alleen_pg = pytest.mark.skipif(connection.vendor != "postgresql", reason="Partities bestaan alleen op PostgreSQL.")


def _maand_terug(n):
    vandaag = timezone.now().astimezone(dt.UTC).date()
    m = vandaag.year * 12 + vandaag.month - 1 - n
    return dt.date(m // 12, m % 12 + 1, 1)


def _oude_regels(user, maand, aantal):
    tijdstip = dt.datetime(maand.year, maand.month, 10, 12, 0, tzinfo=dt.UTC)
    partities.maak_partitie(connection, maand)
    Toegangslog.objects.bulk_create([
        Toegangslog(gebruiker=user, actie=BEKEKEN, objecttype="melding", object_id=i, persoon_id=i, doel="oud", tijdstip=tijdstip)
        for i in range(aantal)
    ])
    ketenaar.ketenen(Toegangslog)
    with connection.cursor() as cursor:
        # The rows' deferred foreign-key checks would block DROP TABLE in this test's transaction.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@pytest.mark.django_db
def test_only_postgresql_partitions_the_log():
    assert partities.gepartitioneerd(connection) == (connection.vendor == "postgresql")
    if connection.vendor != "postgresql":
        # SQLite: nothing to make, nothing to drop.
        assert partities.maak_partities() == [] and partities.opruimen(maanden=1) == []


@alleen_pg
@pytest.mark.django_db
def test_the_migration_moves_the_rows_both_ways_and_the_chain_still_verifies(users):
    regels = vul_log(users["ic"], paginas=3, per_pagina=2)
    with connection.cursor() as cursor:
        # The rows' deferred foreign-key checks would block ALTER TABLE in this test's transaction.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    partities.herbouw(connection, partitioneren=False)
    assert not partities.gepartitioneerd(connection)
    assert list(Toegangslog.objects.order_by("volgnummer").values_list("id", "hash")) == [(r.id, r.hash) for r in regels]
    partities.herbouw(connection, partitioneren=True)
    assert partities.gepartitioneerd(connection)
    assert list(Toegangslog.objects.order_by("volgnummer").values_list("id", "hash")) == [(r.id, r.hash) for r in regels]
    # This month and three ahead exist; new rows get the next id and join the chain.
    maanden = {m for _, m in partities.partities(connection)}
    assert {_maand_terug(-i) for i in range(4)} <= maanden
    vul_log(users["pr"], paginas=1, per_pagina=1)
    nieuw = Toegangslog.objects.get(gebruiker=users["pr"])
    # 6 rows before, so the new one is the 7th by id and in the chain.
    assert nieuw.id == max(r.id for r in regels) + 1 and nieuw.volgnummer == 7
    assert verifieer().startswith("Toegangslog intact: 7 regels")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = %s", [partities.partitienaam(_maand_terug(0))])
        assert any("(persoon_id, tijdstip DESC)" in d for (d,) in cursor.fetchall())


@alleen_pg
@pytest.mark.django_db
def test_an_old_month_is_dropped_after_a_checkpoint_and_the_chain_verifies_from_there(users, controlepunten):  # noqa: F811
    oud = _maand_terug(14)
    _oude_regels(users["ic"], oud, 2)
    vul_log(users["pr"], paginas=3, per_pagina=1)
    controlepunt()
    # Retention 12 months: the month 14 months back goes, with its 2 rows (volgnummers 1 and 2).
    assert partities.opruimen(maanden=12, map_=controlepunten) == [partities.partitienaam(oud)]
    assert Toegangslog.objects.count() == 3
    # Two checkpoints: the daily one, and the one retention wrote before dropping, which names the start.
    inhoud = [json.loads(f.read_text()) for f in controlepunten.glob("logcontrolepunt-*.json")]
    derde = Toegangslog.objects.get(volgnummer=3)
    assert len(inhoud) == 2
    assert [i["begin"] for i in inhoud if "begin" in i] == [{"toegangslog": {"volgnummer": 3, "vorige_hash": derde.vorige_hash}}]
    # Rows 3..5 verify from the signed start; the earlier checkpoint (head at 5) still holds.
    assert verifieer().startswith("Toegangslog intact: volgnummer 3 tot en met 5\n")


@alleen_pg
@pytest.mark.django_db
def test_a_month_dropped_without_a_checkpoint_is_a_gap(users, controlepunten):  # noqa: F811
    _oude_regels(users["ic"], _maand_terug(14), 2)
    vul_log(users["pr"], paginas=2, per_pagina=1)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {partities.partitienaam(_maand_terug(14))}")
    assert verifieer_faalt().endswith("reden: keten onderbroken (volgnummer 1 ontbreekt)")


@alleen_pg
@pytest.mark.django_db
def test_retention_keeps_what_is_within_its_term(users, controlepunten):  # noqa: F811
    _oude_regels(users["ic"], _maand_terug(10), 2)
    # 10 months back is inside a 12-month term: nothing goes, no checkpoint is written.
    assert partities.opruimen(maanden=12, map_=controlepunten) == []
    assert Toegangslog.objects.count() == 2 and not list(controlepunten.glob("*.json"))
    with pytest.raises(ValueError):
        partities.opruimen(maanden=0, map_=controlepunten)
