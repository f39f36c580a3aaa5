"""The access log chained after the fact, by one writer in batches, so no page waits for the chain.

- A page writes its access-log rows unchained (`volgnummer` NULL) in its own transaction, each sealed
  with its own HMAC: `hash` = HMAC(key, canonical form with volgnummer null and vorige_hash "").
  The UPDATE/DELETE/TRUNCATE triggers guard the row from that moment; the seal shows an edit.
- `ketenen` takes the head of the chain (privacy.Logketen, SELECT … FOR UPDATE, so there is one
  writer), checks each waiting row's seal, and gives it the next volgnummer, the previous hash and
  the chain's HMAC in one UPDATE (the trigger allows exactly that change). A row whose seal does not
  hold is left unchained: the evidence stays, and `schakel verifieer_log` reports it.
- It runs right after each page's commit without waiting (SKIP LOCKED: if another process is
  chaining, that one takes these rows too), every minute as a task, by `schakel logketenen`, and
  before every verification. A row still waiting after SCHAKEL_LOG_KETEN_ACHTERSTAND minutes is a
  fault: the chaining does not run.
"""
import datetime as dt
import functools
import hmac
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connections, models, transaction
from django.utils import timezone

from . import keten

logger = logging.getLogger(__name__)

TAAK = "schakel.privacy.ketenaar.ketenen_alles"


def achterstand_minuten() -> int:
    return int(getattr(settings, "SCHAKEL_LOG_KETEN_ACHTERSTAND", 10))


class Zegel:
    """Seals rows about to be written unchained with the current key (see the module's docstring):
    `hash` = HMAC over keten.canonieke_vorm of the row's KETENVELDEN with volgnummer null and
    vorige_hash "". The one place that seal is made, for model instances (`verzegelen`) and for rows
    written directly as values (services.log_toegang) alike."""

    def __init__(self, model):
        self.model = model
        self.sleutel_id, self.sleutel = keten.huidige_sleutel()
        self.omzet = keten.omzetters(model)
        self.velden = model.KETENVELDEN

    @staticmethod
    def _ongeketend(veld: str, waarden):
        """A field's value in the seal: an unchained row has no volgnummer and no vorige_hash yet."""
        return None if veld == "volgnummer" else "" if veld == "vorige_hash" else waarden[veld]

    def hash(self, waarden) -> str:
        """The seal of a row with these values (a mapping of KETENVELDEN names; volgnummer and
        vorige_hash in it are ignored)."""
        rij = [self._ongeketend(k, waarden) for k in self.velden]
        return keten.teken(keten.canonieke_vorm(self.model, rij, self.omzet), self.sleutel)

    def hasher(self, vast: dict, namen: tuple[str, ...]):
        """`hash` for many rows that share the values in `vast` and differ in the fields `namen` (each
        row a tuple in that order): the shared part of the canonical form is encoded once, not per row.
        The same bytes as `hash` (keten.canonieke_vorm is a JSON array: its elements encoded one by one
        and joined by commas)."""
        # The canonical form as constant text between the values that differ per row.
        stukken: list = []
        tekst = "["
        for i, (k, omzet) in enumerate(zip(self.velden, self.omzet)):
            tekst += "," if i else ""
            if k in namen:
                stukken += [tekst, (namen.index(k), omzet)]
                tekst = ""
            else:
                tekst += keten.kanoniek_element(omzet(self._ongeketend(k, vast)))
        stukken.append(tekst + "]")
        # The HMAC of the constant start is computed once (keten.tekenaar); per row only the rest.
        teken_rest, element = keten.tekenaar(stukken.pop(0).encode("utf-8"), self.sleutel), keten.kanoniek_element

        def hash(rij) -> str:
            return teken_rest("".join(s if s.__class__ is str else element(s[1](rij[s[0]])) for s in stukken).encode("utf-8"))

        return hash


def verzegelen(model, objs) -> None:
    """Seal model instances about to be written unchained."""
    zegel = Zegel(model)
    for obj in objs:
        # As bulk_create does just before writing: a foreign key set as an object gets its id now.
        obj._prepare_related_fields_for_save(operation_name="verzegelen")
        obj.volgnummer, obj.vorige_hash, obj.sleutel_id = None, "", zegel.sleutel_id
        obj.hash = zegel.hash({k: getattr(obj, k) for k in zegel.velden})


# The fields every unchained row gets the same way: no place in the chain yet, and the seal.
_KETENKOLOMMEN = ("volgnummer", "vorige_hash", "sleutel_id", "hash")


def schrijven(model, vast: dict, namen: tuple[str, ...], rijen: list[tuple], using: str = "default") -> None:
    """Write rows unchained and sealed, straight from their values: the same rows as model instances
    through `verzegelen` and bulk_create would give, without an instance per row or the ORM's insert
    machinery (a page logs dozens of rows). `vast` holds the values every row shares and `namen` names
    the values in each tuple of `rijen` (by attname); together they are every field but the id and
    the chain's own. One INSERT in a transaction of its own (or the caller's), as bulk_create."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        sql, params = insert_statement(model, vast, namen, rijen, connection)
        # One statement, which outside a caller's transaction is a transaction of its own, committed
        # before execute returns (as Model.save does it): no BEGIN and COMMIT round trips.
        with transaction.mark_for_rollback_on_error(using), connection.cursor() as cursor:
            cursor.execute(sql, params)
        return
    velden, vaste_waarden, kolommen = _voorbereiden(model, vast, namen, rijen, connection)
    rijvelden = velden[len(vaste_waarden):]
    kolommen = [[f.get_db_prep_save(w, connection) for w in kolom] for f, kolom in zip(rijvelden, kolommen)]
    plaatsen = ", ".join(["%s"] * len(velden))
    # SQLite's executemany is a statement per row: those need the transaction around them.
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {_tabel(model, velden, connection)} VALUES ({plaatsen})",
                           [(*vaste_waarden, *rij) for rij in zip(*kolommen)])


def insert_statement(model, vast: dict, namen: tuple[str, ...], rijen: list[tuple], connection) -> tuple[str, list]:
    """`schrijven`'s INSERT on PostgreSQL, with its parameters: the shared values once, the others as
    one array per column (what bulk_create's UNNEST does for every column); rows are numbered by the
    id sequence in the order given. Also sent as it is by privacy.logschrijver."""
    velden, vaste_waarden, kolommen = _voorbereiden(model, vast, namen, rijen, connection)
    sql = _insert_sql(model, tuple(f.name for f in velden), len(vaste_waarden), connection.alias)
    return sql, [*vaste_waarden, *(_pg_array(f, kolom) for f, kolom in zip(velden[len(vaste_waarden):], kolommen))]


@functools.lru_cache(maxsize=32)
def _insert_sql(model, veldnamen: tuple[str, ...], aantal_vast: int, using: str) -> str:
    connection = connections[using]
    velden = [model._meta.get_field(n) for n in veldnamen]
    soorten = [_pg_soort(f, connection) for f in velden]
    vaste_sql = ", ".join(f"%s::{s}" for s in soorten[:aantal_vast])
    rij_sql = ", ".join(f"%s::{s}[]" for s in soorten[aantal_vast:])
    alias = ", ".join(f"k{i}" for i in range(len(velden) - aantal_vast))
    return f"INSERT INTO {_tabel(model, velden, connection)} SELECT {vaste_sql}, u.* FROM UNNEST({rij_sql}) AS u({alias})"


def _pg_soort(veld, connection) -> str:
    """The column's type without its length, for a cast: varchar(64)[] is varchar[]."""
    return veld.db_type(connection).split("(")[0]


def _pg_array(veld, waarden: list) -> str:
    """A column's values as PostgreSQL array text: the field's own conversion of each value (so "7"
    is 7 and a value that is no number is refused as in bulk_create), then its text, which the
    statement casts to the column's type. Text costs the page's thread a join; a list of Python
    values would cost the database driver an adapter per value."""
    if isinstance(veld, (models.IntegerField, models.AutoField)):
        # A plain int is its own conversion; anything else goes through the field.
        prep = veld.get_prep_value
        delen = ["NULL" if w is None else str(w if w.__class__ is int else prep(w)) for w in waarden]
    elif isinstance(veld, (models.CharField, models.TextField)):
        delen = ["NULL" if w is None else '"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"'
                 for w in map(veld.get_prep_value, waarden)]
    elif isinstance(veld, models.DateTimeField):
        # An aware moment's ISO text, which PostgreSQL reads as the same instant.
        delen = ["NULL" if w is None else f'"{w.isoformat()}"' for w in map(veld.get_prep_value, waarden)]
    else:
        raise ValueError(f"{veld}: geen arraytekst voor dit soort veld")
    return "{" + ",".join(delen) + "}"


def _voorbereiden(model, vast: dict, namen: tuple[str, ...], rijen: list[tuple], connection):
    """The fields written (the shared ones first, the seal last), the shared values in their database
    form, and per other field the rows' values as given (the seal's last)."""
    opts = model._meta
    verwacht = {f.attname for f in opts.concrete_fields if not f.primary_key} - set(_KETENKOLOMMEN)
    if set(vast) | set(namen) != verwacht or len(vast) + len(namen) != len(verwacht):
        raise ValueError(f"{opts.label}: te schrijven velden {sorted(vast) + sorted(namen)}, verwacht {sorted(verwacht)}")
    zegel = Zegel(model)
    vaste_velden = [opts.get_field(n) for n in (*vast, "volgnummer", "vorige_hash", "sleutel_id")]
    # As bulk_create: the value as given for the seal, the field's database form for the INSERT.
    vaste_waarden = [f.get_db_prep_save(w, connection) for f, w in zip(vaste_velden, (*vast.values(), None, "", zegel.sleutel_id))]
    hash = zegel.hasher(vast, namen)
    kolommen = [list(kolom) for kolom in zip(*rijen)] if rijen else [[] for _ in namen]
    kolommen.append([hash(rij) for rij in rijen])
    return [*vaste_velden, *(opts.get_field(n) for n in namen), opts.get_field("hash")], vaste_waarden, kolommen


def _tabel(model, velden, connection) -> str:
    qn = connection.ops.quote_name
    return f"{qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in velden)})"


def zegel_fout(model, waarden, opgeslagen: str, sid: str, bekend: dict, omzet) -> str:
    """Why an unchained row's seal does not hold ("" if it does). `waarden` are its KETENVELDEN."""
    return _zegel_fout(keten.canonieke_vorm(model, waarden, omzet), opgeslagen, sid, bekend)


def _zegel_fout(vorm: bytes, opgeslagen: str, sid: str, bekend: dict) -> str:
    if sid not in bekend:
        return f"nog niet geketend, onbekende sleutel {sid or '(leeg)'}"
    if not hmac.compare_digest(keten.teken(vorm, bekend[sid]), opgeslagen or ""):
        return "nog niet geketend en gewijzigd: hash klopt niet"
    return ""


def _kop(using: str, naam: str, wachten: bool) -> tuple[int, str] | None:
    """Lock the chain's head (creating it on first use); None when another writer holds it and
    `wachten` is False."""
    from .models import Logketen

    koppen = Logketen.objects.using(using).filter(naam=naam)
    kop = koppen.select_for_update(skip_locked=not wachten).values_list("laatste_volgnummer", "laatste_hash").first()
    if kop is not None or koppen.exists():
        # Taken, or held by another writer. (Not an INSERT … ON CONFLICT first: that waits for a
        # writer that has just moved the head to commit.)
        return kop
    connection = connections[using]
    tabel = connection.ops.quote_name(Logketen._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {tabel} (naam, laatste_volgnummer, laatste_hash, controle_uitkomst) VALUES (%s, 0, %s, '') "
            "ON CONFLICT (naam) DO NOTHING", [naam, keten.GENESIS])
    return koppen.select_for_update(skip_locked=not wachten).values_list("laatste_volgnummer", "laatste_hash").first()


@dataclass
class Ketening:
    geketend: int = 0
    gewijzigd: list[int] = field(default_factory=list)  # ids of waiting rows whose seal did not hold
    bezet: bool = False  # another writer held the head (only when not waiting)


def ketenen(model, using: str = "default", batch: int = 1000, wachten: bool = True) -> Ketening:
    """Chain every committed waiting row of `model`, in id order, one transaction per batch."""
    from .models import Logketen

    naam = keten.ketennaam(model)
    uitkomst, cursor = Ketening(), 0
    bekend, omzet, velden = keten.sleutels(), keten.omzetters(model), model.KETENVELDEN
    tabel = models.QuerySet(model).using(using)
    i_tijdstip = velden.index("tijdstip")
    # Only a transaction of its own may commit without waiting for the WAL flush: inside a caller's
    # transaction (an export) that would cover the caller's own writes too.
    eigen = not connections[using].in_atomic_block
    while True:
        with transaction.atomic(using=using):
            if eigen and connections[using].vendor == "postgresql":
                # Losing this commit in a crash loses nothing: the rows stay, unchained and guarded,
                # and are chained again. So the page need not wait for a second WAL flush. A
                # checkpoint flushes before it records a head (keten.controlepunt_inhoud).
                # An index scan (not a bitmap scan) on the waiting rows' index marks the entries of rows
                # chained since as dead, so the next look stays short until vacuum comes by.
                with connections[using].cursor() as c:
                    c.execute("SET LOCAL synchronous_commit TO OFF; SET LOCAL enable_bitmapscan TO OFF")
            kop = _kop(using, naam, wachten)
            if kop is None:
                uitkomst.bezet = True
                return uitkomst
            # Read after the head is locked: whatever an earlier writer chained is visible now.
            rijen = list(tabel.filter(volgnummer__isnull=True, id__gt=cursor).order_by("id")
                         .values_list("id", "hash", "sleutel_id", *velden)[:batch])
            schakel = keten.Schakel(model, *kop)
            bijwerken = []
            for regel_id, opgeslagen, sid, *waarden in rijen:
                cursor = regel_id
                # Converted once: the seal and the link differ only in volgnummer and vorige_hash.
                omgezet = keten.omgezet(waarden, omzet)
                if _zegel_fout(keten.vorm(omgezet), opgeslagen, sid, bekend):
                    uitkomst.gewijzigd.append(regel_id)
                    continue
                bijwerken.append((regel_id, waarden[i_tijdstip], *schakel.volgende_omgezet(omgezet)))
            if bijwerken:
                _schrijf_schakels(model, using, bijwerken)
                Logketen.objects.using(using).filter(naam=naam).update(
                    laatste_volgnummer=schakel.volgnummer, laatste_hash=schakel.vorige)
                uitkomst.geketend += len(bijwerken)
        if len(rijen) < batch:
            return uitkomst


def _schrijf_schakels(model, using: str, schakels: list[tuple]) -> None:
    """One UPDATE for (id, tijdstip, volgnummer, vorige_hash, hash, sleutel_id) rows (the CASE per row
    that bulk_update writes grows with the square of the batch). The row is found by its primary key,
    which on a partitioned table (privacy.partities) is (id, tijdstip). On PostgreSQL the rows go as
    one array text per column, like the page's INSERT: a statement with six values per row cost the
    writer more processor time to send than the database took to carry it out."""
    connection = connections[using]
    tabel = connection.ops.quote_name(model._meta.db_table)
    namen = ("id", "tijdstip", "volgnummer", "vorige_hash", "hash", "sleutel_id")
    if connection.vendor == "postgresql":
        velden = [model._meta.get_field(n) for n in namen]
        toewijzing = ", ".join(f"{n} = v.{n}" for n in namen[2:])
        arrays = ", ".join(f"%s::{_pg_soort(f, connection)}[]" for f in velden)
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {tabel} SET {toewijzing} FROM UNNEST({arrays}) AS v({', '.join(namen)}) "
                f"WHERE {tabel}.id = v.id AND {tabel}.tijdstip = v.tijdstip",
                [_pg_array(f, list(kolom)) for f, kolom in zip(velden, zip(*schakels))],
            )
        return
    # SQLite names a VALUES list's columns column1, column2, …, and compares the stored text of
    # tijdstip, so only the id there.
    toewijzing = ", ".join(f"{n} = v.column{i}" for i, n in enumerate(namen[2:], start=3))
    with connection.cursor() as cursor:
        for begin in range(0, len(schakels), 150):  # SQLite allows 999 parameters per statement
            deel = schakels[begin:begin + 150]
            cursor.execute(
                f"UPDATE {tabel} SET {toewijzing} FROM (VALUES {', '.join(['(%s, %s, %s, %s, %s, %s)'] * len(deel))}) AS v "
                f"WHERE {tabel}.id = v.column1",
                [w for s in deel for w in s],
            )


def later_geketende_modellen() -> list:
    return [m for m in keten.geketende_modellen() if m.LATER_KETENEN]


def ketenen_alles(using: str = "default") -> str:
    """The periodic task and `schakel logketenen`: chain whatever waits, in every such chain."""
    delen = []
    for model in later_geketende_modellen():
        uitkomst = ketenen(model, using=using)
        delen.append(f"{keten.ketennaam(model)}: {uitkomst.geketend} geketend")
        if uitkomst.gewijzigd:
            logger.error("%s: %d wachtende regels zijn gewijzigd en blijven ongeketend (ids %s)", keten.ketennaam(model),
                         len(uitkomst.gewijzigd), uitkomst.gewijzigd[:20])
    return "; ".join(delen)


def ketenen_na_commit(model, using: str = "default") -> None:
    """After a page's commit: chain now if no one else is, never wait. A failure costs nothing but
    time: the rows are written and guarded, and the next run chains them."""
    try:
        ketenen(model, using=using, wachten=False)
    except DatabaseError:
        logger.warning("Ketenen na de pagina mislukte; de volgende ronde ketent de regels.", exc_info=True)


@dataclass
class Wachtrij:
    aantal: int = 0
    regel_id: int | None = None
    tijdstip: dt.datetime | None = None
    reden: str = ""


def wachtrij_controleren(model, using: str = "default", nu: dt.datetime | None = None) -> Wachtrij:
    """The rows still waiting: every seal must hold, and none may wait longer than the limit. The first
    fault (a broken seal before an old row) is returned with the count."""
    nu = nu or timezone.now()
    grens = nu - dt.timedelta(minutes=achterstand_minuten())
    bekend, omzet, velden = keten.sleutels(), keten.omzetters(model), model.KETENVELDEN
    i_tijdstip = velden.index("tijdstip")
    uitkomst, oudste = Wachtrij(), None
    rijen = (models.QuerySet(model).using(using).filter(volgnummer__isnull=True).order_by("id")
             .values_list("id", "hash", "sleutel_id", *velden))
    for regel_id, opgeslagen, sid, *waarden in rijen.iterator(chunk_size=2000):
        uitkomst.aantal += 1
        fout = zegel_fout(model, waarden, opgeslagen, sid, bekend, omzet)
        if fout and not uitkomst.reden:
            uitkomst.regel_id, uitkomst.tijdstip, uitkomst.reden = regel_id, waarden[i_tijdstip], fout
        elif not fout and waarden[i_tijdstip] < grens and oudste is None:
            oudste = (regel_id, waarden[i_tijdstip])
    if not uitkomst.reden and oudste:
        uitkomst.regel_id, uitkomst.tijdstip = oudste
        uitkomst.reden = (f"wacht al langer dan {achterstand_minuten()} minuten op de keten: "
                          "het ketenen loopt niet (schakel logketenen, of de achtergrondtaak)")
    return uitkomst
