"""log_toegang writes its rows straight as values (privacy.ketenaar.schrijven), not as Toegangslog
instances through bulk_create: it must store exactly what the model path stores, seal included, in
the same transaction, and a failure must fail the page."""
import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from schakel.gebruikers.models import Gebruiker
from schakel.gebruikers.rollen import Rol
from schakel.partners.models import Organisatie
from schakel.privacy import ketenaar
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from .factories import GebruikerFactory
from .test_logketen import verifieer

KOLOMMEN = ("tijdstip", "gebruiker_id", "organisatie", "rollen", "actie", "objecttype", "object_id", "persoon_id", "doel",
            "volgnummer", "vorige_hash", "hash", "sleutel_id")

ITEMS = [(1, [11, 12]), (2, []), (2**40, [2**41]), ("7", ("8",)), (3, [None]), (4, [13, 13])]


def opgeslagen(ids):
    """Every column as stored, and on SQLite the stored text of tijdstip too (its exact format matters there)."""
    rijen = list(Toegangslog.objects.filter(id__in=ids).order_by("id").values_list(*KOLOMMEN))
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT tijdstip FROM privacy_toegangslog WHERE id IN ({', '.join(['%s'] * len(ids))}) ORDER BY id", ids)
            rijen = [(*r, t) for r, (t,) in zip(rijen, cursor.fetchall())]
    return rijen


def via_het_model(user, actie, objecttype, items, doel):
    """What log_toegang did before: one Toegangslog per row, sealed by the append-only bulk_create."""
    who = {"gebruiker": user, "organisatie": user.organisatie.naam if user.organisatie_id else "",
           "rollen": ",".join(sorted(user.rollen))}
    rows = [Toegangslog(actie=actie, objecttype=objecttype, object_id=o, persoon_id=p, doel=doel, **who)
            for o, ps in items for p in (list(ps) or [None])]
    nu = timezone.now()
    for row in rows:
        row.tijdstip = nu
    Toegangslog.objects.bulk_create(rows)


@pytest.fixture
def gebruiker(ref):
    organisatie = Organisatie.objects.create(code="zorg-en-veiligheid", naam='Zorg- & Veiligheidshuis "Één"',
                                             keten=Organisatie.objects.values_list("keten", flat=True).first())
    return GebruikerFactory(username="twee.rollen", organisatie=organisatie, rollen=[Rol.PROCESREGISSEUR, Rol.INFORMATIECOORDINATOR])


@pytest.mark.django_db
@pytest.mark.parametrize("tijdstip", [
    dt.datetime(2026, 3, 1, 9, 15, 0, 123456, tzinfo=dt.UTC),
    # Whole seconds: a datetime's text then has no fraction, which SQLite stores as given.
    dt.datetime(2026, 3, 1, 9, 15, 0, 0, tzinfo=dt.UTC),
])
def test_direct_write_stores_exactly_what_the_model_path_stores(gebruiker, monkeypatch, tijdstip):
    monkeypatch.setattr(timezone, "now", lambda: tijdstip)
    doel = "Meldingenlijst; 'citaat' \"en\" ü, \\ en %s"
    assert log_toegang(gebruiker, Toegangslog.Actie.LIJST, "melding", ITEMS, doel) == 8
    direct = list(Toegangslog.objects.order_by("id").values_list("id", flat=True))
    via_het_model(gebruiker, Toegangslog.Actie.LIJST, "melding", ITEMS, doel)
    model = list(Toegangslog.objects.exclude(id__in=direct).order_by("id").values_list("id", flat=True))
    assert len(direct) == len(model) == 8
    assert opgeslagen(direct) == opgeslagen(model)
    # And what that is: the snapshot, one row per (object, person) in the order given, sealed and unchained.
    rijen = opgeslagen(direct)
    assert {r[:6] + r[8:11] for r in rijen} == {
        (tijdstip, gebruiker.pk, 'Zorg- & Veiligheidshuis "Één"', "informatiecoordinator,procesregisseur", "lijst", "melding",
         doel, None, "")}
    assert [r[6:8] for r in rijen] == [(1, 11), (1, 12), (2, None), (2**40, 2**41), (7, 8), (3, None), (4, 13), (4, 13)]
    assert len({r[11] for r in rijen}) == 7  # the two identical rows (4, 13) share their seal
    # Both verify alike: every seal holds, and the writer chains them all.
    uitkomst = ketenaar.ketenen(Toegangslog)
    assert (uitkomst.geketend, uitkomst.gewijzigd) == (16, [])
    assert verifieer().startswith("Toegangslog intact: 16 regels\n")


@pytest.mark.django_db
def test_a_seal_over_other_values_is_caught(gebruiker, monkeypatch):
    """The comparison above can fail: a row whose seal covers a different value is reported, not chained."""
    echt = ketenaar.Zegel.hasher
    monkeypatch.setattr(ketenaar.Zegel, "hasher", lambda self, vast, namen: echt(self, {**vast, "doel": "iets anders"}, namen))
    log_toegang(gebruiker, Toegangslog.Actie.LIJST, "melding", [(1, [11])], "Meldingenlijst")
    monkeypatch.undo()
    assert len(ketenaar.ketenen(Toegangslog).gewijzigd) == 1


@pytest.mark.django_db
def test_writing_rows_names_every_field_or_refuses(gebruiker):
    """A field added to the log later cannot be left out silently: the direct write names them all."""
    vast = {"tijdstip": timezone.now(), "gebruiker_id": gebruiker.pk, "organisatie": "", "rollen": "", "actie": "lijst",
            "objecttype": "melding"}
    with pytest.raises(ValueError, match="doel"):
        ketenaar.schrijven(Toegangslog, vast, ("object_id", "persoon_id"), [(1, 2)])
    with pytest.raises(ValueError):
        ketenaar.schrijven(Toegangslog, {**vast, "doel": "x", "hash": "0" * 64}, ("object_id", "persoon_id"), [(1, 2)])
    assert not Toegangslog.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_rows_are_committed_when_log_toegang_returns(gebruiker):
    log_toegang(gebruiker, Toegangslog.Actie.LIJST, "melding", [(1, [11, 12])], "Meldingenlijst")
    # No transaction left open: the INSERT committed before the page goes on.
    assert not connection.in_atomic_block
    if connection.vendor == "postgresql":
        from psycopg.pq import TransactionStatus

        assert connection.connection.info.transaction_status == TransactionStatus.IDLE
    else:
        assert not connection.connection.in_transaction
    assert Toegangslog.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_failing_write_fails_the_page_and_leaves_no_rows(gebruiker):
    # A user the database does not know: the foreign key fails at the commit, which must reach the caller.
    spook = Gebruiker(pk=gebruiker.pk + 10_000, username="spook", organisatie=gebruiker.organisatie)
    spook.__dict__["rollen"] = frozenset({Rol.PARTNER})
    with pytest.raises(IntegrityError):
        log_toegang(spook, Toegangslog.Actie.LIJST, "melding", [(1, [11]), (2, [12])], "Meldingenlijst")
    assert not Toegangslog.objects.exists()
    # Inside a caller's transaction the failure fails that transaction too.
    with pytest.raises(IntegrityError), transaction.atomic():
        log_toegang(spook, Toegangslog.Actie.LIJST, "melding", [(1, [11])], "Meldingenlijst")
    assert not Toegangslog.objects.exists()
    # An unsaved user is refused before anything is written, as a model instance would be.
    nieuw = Gebruiker(username="nieuw")
    nieuw.__dict__["rollen"] = frozenset()
    with pytest.raises(ValueError, match="niet opgeslagen"):
        log_toegang(nieuw, Toegangslog.Actie.LIJST, "melding", [(1, [11])], "Meldingenlijst")
    # Without rows nothing is written and nothing is refused.
    assert log_toegang(nieuw, Toegangslog.Actie.LIJST, "melding", [], "Meldingenlijst") == 0
    assert not Toegangslog.objects.exists()


@pytest.mark.django_db
def test_the_shared_part_of_the_seal_made_once_gives_each_rows_own_seal(gebruiker):
    """ketenaar.Zegel.hasher encodes the values rows share once; every row's seal must still be the
    one Zegel.hash gives for that row alone."""
    zegel = ketenaar.Zegel(Toegangslog)
    vast = {"tijdstip": dt.datetime(2026, 3, 1, 9, 15, tzinfo=dt.timezone(dt.timedelta(hours=1))), "gebruiker_id": gebruiker.pk,
            "organisatie": 'Één "huis"', "rollen": "procesregisseur", "actie": "lijst", "objecttype": "melding",
            "doel": "Lijst \\ 100%"}
    hash = zegel.hasher(vast, ("object_id", "persoon_id"))
    for rij in [(1, 2), (2**62, None), ("7", "8"), (0, 0)]:
        assert hash(rij) == zegel.hash({**vast, "object_id": rij[0], "persoon_id": rij[1]})
    assert hash((1, 2)) != hash((2, 1))


@pytest.mark.django_db
def test_array_text_round_trips_every_value():
    """On PostgreSQL the per-row values travel as array text (ketenaar._pg_array): whatever a text
    holds comes back as it was, the word NULL included, and only a real None is a null."""
    if connection.vendor != "postgresql":
        pytest.skip("Arraytekst is de vorm van PostgreSQL.")
    teksten = ['a"b\\c', "NULL", "", "{x,y}", "met spatie", "Één, twee", None, "\\\"", "'"]
    getallen = [1, "7", None, 2**62, -5, True]
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::varchar[], %s::bigint[]",
                       [ketenaar._pg_array(Toegangslog._meta.get_field("doel"), teksten),
                        ketenaar._pg_array(Toegangslog._meta.get_field("object_id"), getallen)])
        assert cursor.fetchone() == (teksten, [1, 7, None, 2**62, -5, 1])
    with pytest.raises(ValueError, match="expected a number"):
        ketenaar._pg_array(Toegangslog._meta.get_field("object_id"), ["1; DROP TABLE x"])
