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


def _zegelwaarden(model, obj) -> list:
    return [None if k == "volgnummer" else "" if k == "vorige_hash" else getattr(obj, k) for k in model.KETENVELDEN]


def verzegelen(model, objs) -> None:
    """Seal rows about to be written unchained (see the module's docstring)."""
    sid, sleutel = keten.huidige_sleutel()
    omzet = keten.omzetters(model)
    for obj in objs:
        # As bulk_create does just before writing: a foreign key set as an object gets its id now.
        obj._prepare_related_fields_for_save(operation_name="verzegelen")
        obj.volgnummer, obj.vorige_hash, obj.sleutel_id = None, "", sid
        obj.hash = keten.teken(keten.canonieke_vorm(model, _zegelwaarden(model, obj), omzet), sleutel)


def zegel_fout(model, waarden, opgeslagen: str, sid: str, bekend: dict, omzet) -> str:
    """Why an unchained row's seal does not hold ("" if it does). `waarden` are its KETENVELDEN."""
    if sid not in bekend:
        return f"nog niet geketend, onbekende sleutel {sid or '(leeg)'}"
    if not hmac.compare_digest(keten.teken(keten.canonieke_vorm(model, waarden, omzet), bekend[sid]), opgeslagen or ""):
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
                if zegel_fout(model, waarden, opgeslagen, sid, bekend, omzet):
                    uitkomst.gewijzigd.append(regel_id)
                    continue
                bijwerken.append((regel_id, waarden[i_tijdstip], *schakel.volgende(dict(zip(velden, waarden)))))
            if bijwerken:
                _schrijf_schakels(model, using, bijwerken)
                Logketen.objects.using(using).filter(naam=naam).update(
                    laatste_volgnummer=schakel.volgnummer, laatste_hash=schakel.vorige)
                uitkomst.geketend += len(bijwerken)
        if len(rijen) < batch:
            return uitkomst


def _schrijf_schakels(model, using: str, schakels: list[tuple]) -> None:
    """One UPDATE … FROM (VALUES …) for (id, tijdstip, volgnummer, vorige_hash, hash, sleutel_id) rows
    (the CASE per row that bulk_update writes grows with the square of the batch). The row is found by
    its primary key, which on a partitioned table (privacy.partities) is (id, tijdstip)."""
    connection = connections[using]
    tabel = connection.ops.quote_name(model._meta.db_table)
    pg = connection.vendor == "postgresql"
    rij = "(%s::bigint, %s::timestamptz, %s::bigint, %s, %s, %s)" if pg else "(%s, %s, %s, %s, %s, %s)"
    # SQLite names a VALUES list's columns column1, column2, …; PostgreSQL takes the names given.
    namen = ("id", "tijdstip", "volgnummer", "vorige_hash", "hash", "sleutel_id")
    kolom = namen if pg else tuple(f"column{i}" for i in range(1, 7))
    alias = f"v({', '.join(namen)})" if pg else "v"
    toewijzing = ", ".join(f"{n} = v.{k}" for n, k in zip(namen[2:], kolom[2:]))
    with connection.cursor() as cursor:
        for begin in range(0, len(schakels), 150):  # SQLite allows 999 parameters per statement
            deel = schakels[begin:begin + 150]
            # SQLite compares the stored text of tijdstip, so only the id there.
            waar = f"{tabel}.id = v.{kolom[0]}" + (f" AND {tabel}.tijdstip = v.{kolom[1]}" if pg else "")
            cursor.execute(
                f"UPDATE {tabel} SET {toewijzing} FROM (VALUES {', '.join([rij] * len(deel))}) AS {alias} WHERE {waar}",
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
