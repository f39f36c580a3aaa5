"""A page's access-log rows written while the page renders, and committed before it is answered.

A list page logs its rows before it renders its template. The INSERT costs PostgreSQL about a
millisecond per page (the heap, the indexes, the commit's flush of the write-ahead log) in which the
page's process did nothing but wait. Within a request, on PostgreSQL and outside any transaction,
`verstuur` sends the prepared INSERT over a second connection of the page's own thread and returns at
once; the database writes and commits it while the page renders. `LogschrijverMiddleware` reads the
answer before the response leaves: no response before its rows are committed, and a write that failed
fails the response, exactly as the INSERT in line did.

It is one thread and no helper: Python's interpreter lock would make a helper thread wait for the
rendering page at every step (measured in docs/performance.md). The statement goes out through libpq
(`send_query_params`), which sends it with its Sync: the server runs and commits it without waiting
for us, and the answer waits in the socket until it is read.

Everywhere else the caller writes in line, as before: on SQLite (one writer at a time), inside a
transaction (its rows commit or roll back with it, and a second connection would not see what that
transaction wrote), outside a request (commands, tasks) and in a streaming response's generator, which
runs after the middleware has finished.

Nothing is given up for it: the same rows, the same seal, the same statement; what is saved is the
page's wait, not the database's work."""
import datetime as dt
import functools
import os
import re
import select
import threading
import time
import weakref
from contextvars import ContextVar
from dataclasses import dataclass

import psycopg
from django.conf import settings
from django.db import connections
from psycopg import pq

# The writes in flight of the request this thread is answering; None outside a request.
_lopend: ContextVar[list | None] = ContextVar("logschrijver_lopend", default=None)

_lokaal = threading.local()
# Every connection open, so `stop` can close them all (a test database cannot be dropped otherwise).
_alle: dict[int, "_Verbinding"] = {}
_slot = threading.Lock()


@dataclass
class _Verbinding:
    conn: psycopg.Connection
    pid: int
    geopend: float
    einde: weakref.finalize | None = None


@dataclass
class _Schrijfactie:
    verbinding: _Verbinding
    using: str
    daarna: object


def kan_versturen(using: str) -> bool:
    """Whether the rows of this moment may be written beside the page instead of in line."""
    if _lopend.get() is None or not settings.SCHAKEL_LOG_PARALLEL:
        return False
    connection = connections[using]
    return connection.vendor == "postgresql" and connection.get_autocommit() and not connection.in_atomic_block


def verstuur(using: str, sql: str, params: list, daarna=None) -> None:
    """Send the INSERT (only when `kan_versturen`) and return without its answer; `daarna(using)`
    runs after the commit, before the request is answered."""
    lopend = _lopend.get()
    # One statement at a time per connection: an earlier write of this request is read first.
    fout = wacht(lopend)
    if fout is not None:
        raise fout
    waarden = [None if w is None else _tekst(w).encode("utf-8") for w in params]
    # Django's exceptions, as for the INSERT in line (the database down: an OperationalError).
    with connections[using].wrap_database_errors:
        verbinding = _verbinding(using)
        try:
            verbinding.conn.pgconn.send_query_params(_genummerd(sql), waarden)
        except psycopg.Error:
            _sluit(verbinding)
            raise
    lopend.append(_Schrijfactie(verbinding, using, daarna))


def wacht(lopend: list) -> BaseException | None:
    """Read the answer of every write sent; the first failure, if any (as a Django database error)."""
    fout = None
    for actie in lopend:
        try:
            _antwoord(actie)
            if actie.daarna is not None:
                actie.daarna(actie.using)
        except Exception as e:  # noqa: BLE001 - every write is read; the first failure fails the page
            fout = fout or e
    lopend.clear()
    return fout


def _antwoord(actie: _Schrijfactie) -> None:
    pgconn = actie.verbinding.conn.pgconn
    fout = None
    while (resultaat := pgconn.get_result()) is not None:
        if resultaat.status != pq.ExecStatus.COMMAND_OK and fout is None:
            fout = psycopg.errors.error_from_result(resultaat, encoding="utf-8")
    if pgconn.status != pq.ConnStatus.OK and fout is None:
        fout = psycopg.OperationalError(pgconn.get_error_message())
    if pgconn.status != pq.ConnStatus.OK or _max_leeftijd(actie.using) == 0:
        _sluit(actie.verbinding)
    if fout is not None:
        # The exception the INSERT in line would have raised (an IntegrityError for a refused key).
        with connections[actie.using].wrap_database_errors:
            raise fout


def _verbinding(using: str) -> _Verbinding:
    """This thread's second connection, made anew when it is missing, too old (CONN_MAX_AGE), from
    the parent of a forked process, or closed by the server while it was idle (a restart)."""
    verbindingen = _lokaal.__dict__.setdefault("verbindingen", {})
    verbinding = verbindingen.get(using)
    if verbinding is not None and verbinding.pid == os.getpid():
        max_leeftijd = _max_leeftijd(using)
        if _bruikbaar(verbinding.conn) and (max_leeftijd is None or time.monotonic() - verbinding.geopend < max_leeftijd):
            return verbinding
        _sluit(verbinding)
    connection = connections[using]
    conn = psycopg.connect(**connection.get_connection_params(), autocommit=True)
    verbinding = verbindingen[using] = _Verbinding(conn, os.getpid(), time.monotonic())
    with _slot:
        _alle[id(verbinding)] = verbinding
    # It lives as long as its thread: a threaded server's request threads end after one request
    # (as Django closes their own connections then).
    verbinding.einde = weakref.finalize(threading.current_thread(), _afsluiten, verbinding)
    return verbinding


def _bruikbaar(conn: psycopg.Connection) -> bool:
    """Without a round trip: an idle connection has nothing to read, unless the server ended it (its
    last message, or the end of the stream, then waits in the socket). Anything else an idle
    connection might receive (a notice) costs no more than a new connection."""
    pgconn = conn.pgconn
    if conn.closed or pgconn.status != pq.ConnStatus.OK or pgconn.transaction_status != pq.TransactionStatus.IDLE:
        return False
    leesbaar, _, _ = select.select([pgconn.socket], [], [], 0)
    return not leesbaar


def _sluit(verbinding: _Verbinding) -> None:
    verbindingen = _lokaal.__dict__.get("verbindingen", {})
    for using, v in list(verbindingen.items()):
        if v is verbinding:
            del verbindingen[using]
    _afsluiten(verbinding)


def _afsluiten(verbinding: _Verbinding) -> None:
    with _slot:
        _alle.pop(id(verbinding), None)
    if verbinding.einde is not None:
        verbinding.einde.detach()
    # Never a forked parent's connection: closing it here would end it for the parent too.
    if verbinding.pid == os.getpid():
        verbinding.conn.close()


def _max_leeftijd(using: str) -> float | None:
    return connections[using].settings_dict.get("CONN_MAX_AGE", 0)


@functools.lru_cache(maxsize=32)
def _genummerd(sql: str) -> bytes:
    """The statement with libpq's numbered parameters ($1, $2, …) for psycopg's %s. The log's
    statement is built by privacy.ketenaar from quoted names and casts: it holds no other %."""
    teller = iter(range(1, sql.count("%s") + 1))
    return re.sub("%s", lambda _: f"${next(teller)}", sql).encode("utf-8")


def _tekst(waarde) -> str:
    """A parameter as text, which the statement casts to its column's type."""
    if isinstance(waarde, dt.datetime):
        if waarde.tzinfo is None:
            raise ValueError("Toegangslog: tijdstip zonder tijdzone.")
        return waarde.isoformat()
    if isinstance(waarde, str):
        return waarde
    if isinstance(waarde, int) and not isinstance(waarde, bool):
        return str(int(waarde))
    raise TypeError(f"Toegangslog: geen tekstvorm voor {type(waarde).__name__}")


def stop() -> None:
    """Close every second connection of this process: before a test database is dropped, which an
    open connection would block. The next write opens a new one."""
    with _slot:
        verbindingen = list(_alle.values())
    for verbinding in verbindingen:
        _afsluiten(verbinding)


class LogschrijverMiddleware:
    """No response before the access-log rows of its request are committed (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lopend: list = []
        token = _lopend.set(lopend)
        try:
            response = self.get_response(request)
        finally:
            _lopend.reset(token)
            fout = wacht(lopend)
        if fout is not None:
            # As when the INSERT in line failed: the page fails (a 500 from Django's handler).
            raise fout
        return response
