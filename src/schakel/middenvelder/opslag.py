"""The middenvelder's own store: one SQLite file with the houses, their pseudonyms and the logs.

Tables:
- `huis`: name, contact point and the SHA-256 of the house's client key (the key itself is shown
  once, at registration, and never stored).
- `pseudoniem`: (pseudoniem, huis_id), primary key in that order, so one question is one index
  lookup; a house's set is replaced by a full sync or changed by a delta.
- `vraaglog`: every question (asking house, pseudonym, time, number of answers); `synclog`: every
  publication (house, time, kind, added, withdrawn). Both are append-only: triggers refuse UPDATE and
  DELETE.

One connection per thread (sqlite3 connections are not shared between threads); WAL so questions
read while a sync writes."""
import hashlib
import re
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

PSEUDONIEM = re.compile(r"^[0-9a-f]{64}$")

SCHEMA = """
CREATE TABLE IF NOT EXISTS huis (
    id INTEGER PRIMARY KEY,
    naam TEXT NOT NULL UNIQUE,
    contactpunt TEXT NOT NULL,
    sleutel_hash TEXT NOT NULL UNIQUE,
    actief INTEGER NOT NULL DEFAULT 1,
    aangemaakt_op TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS pseudoniem (
    pseudoniem TEXT NOT NULL,
    huis_id INTEGER NOT NULL REFERENCES huis(id),
    PRIMARY KEY (pseudoniem, huis_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS pseudoniem_huis ON pseudoniem (huis_id);
CREATE TABLE IF NOT EXISTS vraaglog (
    id INTEGER PRIMARY KEY,
    tijdstip TEXT NOT NULL,
    huis_id INTEGER NOT NULL,
    pseudoniem TEXT NOT NULL,
    antwoorden INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS synclog (
    id INTEGER PRIMARY KEY,
    tijdstip TEXT NOT NULL,
    huis_id INTEGER NOT NULL,
    soort TEXT NOT NULL,
    toegevoegd INTEGER NOT NULL,
    ingetrokken INTEGER NOT NULL
);
CREATE TRIGGER IF NOT EXISTS vraaglog_geen_update BEFORE UPDATE ON vraaglog
    BEGIN SELECT RAISE(ABORT, 'vraaglog is alleen aan te vullen'); END;
CREATE TRIGGER IF NOT EXISTS vraaglog_geen_delete BEFORE DELETE ON vraaglog
    BEGIN SELECT RAISE(ABORT, 'vraaglog is alleen aan te vullen'); END;
CREATE TRIGGER IF NOT EXISTS synclog_geen_update BEFORE UPDATE ON synclog
    BEGIN SELECT RAISE(ABORT, 'synclog is alleen aan te vullen'); END;
CREATE TRIGGER IF NOT EXISTS synclog_geen_delete BEFORE DELETE ON synclog
    BEGIN SELECT RAISE(ABORT, 'synclog is alleen aan te vullen'); END;
"""


def sleutel_hash(sleutel: str) -> str:
    return hashlib.sha256(sleutel.encode()).hexdigest()


def nu() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class Huis:
    id: int
    naam: str
    contactpunt: str


class Opslag:
    def __init__(self, pad: str | Path):
        self.pad = str(pad)
        self._lokaal = threading.local()
        # Houses by key hash: a handful of rows, read on every request. A miss reads the table again,
        # so a house registered while the service runs is known at its first request.
        self._huizen: dict[str, Huis] = {}
        with self._verbinding() as db:
            db.executescript(SCHEMA)

    def _verbinding(self) -> sqlite3.Connection:
        db = getattr(self._lokaal, "db", None)
        if db is None:
            db = sqlite3.connect(self.pad, timeout=30, isolation_level=None, check_same_thread=True)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            self._lokaal.db = db
        return db

    # Houses ---------------------------------------------------------------------------------------

    def voeg_huis_toe(self, naam: str, contactpunt: str) -> str:
        """Register a house; returns its new client key (shown once, only its hash is stored)."""
        naam, contactpunt = naam.strip(), contactpunt.strip()
        if not naam or not contactpunt:
            raise ValueError("Geef een naam en een contactpunt op.")
        sleutel = secrets.token_urlsafe(32)
        db = self._verbinding()
        try:
            db.execute(
                "INSERT INTO huis (naam, contactpunt, sleutel_hash, aangemaakt_op) VALUES (?, ?, ?, ?)",
                (naam, contactpunt, sleutel_hash(sleutel), nu()),
            )
        except sqlite3.IntegrityError:
            raise ValueError(f"Er is al een huis met de naam '{naam}'.") from None
        return sleutel

    def nieuwe_sleutel(self, naam: str) -> str:
        """Replace a house's key (a leaked key): the old one stops working at once."""
        sleutel = secrets.token_urlsafe(32)
        cur = self._verbinding().execute("UPDATE huis SET sleutel_hash = ? WHERE naam = ?", (sleutel_hash(sleutel), naam))
        if cur.rowcount != 1:
            raise ValueError(f"Er is geen huis met de naam '{naam}'.")
        self._huizen.clear()
        return sleutel

    def huizen(self) -> list[tuple[str, str, int]]:
        return self._verbinding().execute(
            "SELECT h.naam, h.contactpunt, (SELECT count(*) FROM pseudoniem p WHERE p.huis_id = h.id) "
            "FROM huis h ORDER BY h.naam"
        ).fetchall()

    def huis_voor_sleutel(self, sleutel: str) -> Huis | None:
        h = sleutel_hash(sleutel)
        huis = self._huizen.get(h)
        if huis is None:
            rij = self._verbinding().execute(
                "SELECT id, naam, contactpunt FROM huis WHERE sleutel_hash = ? AND actief = 1", (h,)
            ).fetchone()
            if rij is None:
                return None
            huis = self._huizen[h] = Huis(*rij)
        return huis

    # Pseudonyms -----------------------------------------------------------------------------------

    def vervang(self, huis: Huis, pseudoniemen: set[str]) -> tuple[int, int]:
        """Full sync: afterwards the house's set is exactly `pseudoniemen`. Idempotent; one transaction;
        writes only the difference, so a nightly sync of an unchanged house writes nothing."""
        db = self._verbinding()
        db.execute("BEGIN IMMEDIATE")
        try:
            huidig = {r[0] for r in db.execute("SELECT pseudoniem FROM pseudoniem WHERE huis_id = ?", (huis.id,))}
            erbij, eraf = pseudoniemen - huidig, huidig - pseudoniemen
            db.executemany("INSERT INTO pseudoniem (pseudoniem, huis_id) VALUES (?, ?)", ((p, huis.id) for p in erbij))
            db.executemany("DELETE FROM pseudoniem WHERE pseudoniem = ? AND huis_id = ?", ((p, huis.id) for p in eraf))
            db.execute(
                "INSERT INTO synclog (tijdstip, huis_id, soort, toegevoegd, ingetrokken) VALUES (?, ?, 'volledig', ?, ?)",
                (nu(), huis.id, len(erbij), len(eraf)),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return len(erbij), len(eraf)

    def wijzig(self, huis: Huis, publiceer: set[str], intrekken: set[str]) -> tuple[int, int]:
        """Delta: add and withdraw some pseudonyms of this house (a case opened or closed)."""
        db = self._verbinding()
        db.execute("BEGIN IMMEDIATE")
        try:
            erbij = db.executemany(
                "INSERT OR IGNORE INTO pseudoniem (pseudoniem, huis_id) VALUES (?, ?)", ((p, huis.id) for p in publiceer)
            ).rowcount
            eraf = db.executemany(
                "DELETE FROM pseudoniem WHERE pseudoniem = ? AND huis_id = ?", ((p, huis.id) for p in intrekken)
            ).rowcount
            db.execute(
                "INSERT INTO synclog (tijdstip, huis_id, soort, toegevoegd, ingetrokken) VALUES (?, ?, 'wijziging', ?, ?)",
                (nu(), huis.id, erbij, eraf),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return erbij, eraf

    def vraag(self, huis: Huis, pseudoniem: str) -> list[dict]:
        """Which other houses know this pseudonym: their name and contact point, nothing else.
        The question is logged in the same transaction as it is answered."""
        db = self._verbinding()
        db.execute("BEGIN IMMEDIATE")
        try:
            rijen = db.execute(
                "SELECT h.naam, h.contactpunt FROM pseudoniem p JOIN huis h ON h.id = p.huis_id "
                "WHERE p.pseudoniem = ? AND p.huis_id != ? AND h.actief = 1 ORDER BY h.naam",
                (pseudoniem, huis.id),
            ).fetchall()
            db.execute(
                "INSERT INTO vraaglog (tijdstip, huis_id, pseudoniem, antwoorden) VALUES (?, ?, ?, ?)",
                (nu(), huis.id, pseudoniem, len(rijen)),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        return [{"huis": naam, "contactpunt": contactpunt} for naam, contactpunt in rijen]

    def vragen(self, limiet: int = 100) -> list[tuple]:
        """The latest questions, newest first (for `schakel middenvelder --vragen` and the tests)."""
        return self._verbinding().execute(
            "SELECT v.tijdstip, h.naam, v.pseudoniem, v.antwoorden FROM vraaglog v JOIN huis h ON h.id = v.huis_id "
            "ORDER BY v.id DESC LIMIT ?",
            (limiet,),
        ).fetchall()

    def sluit(self) -> None:
        db = getattr(self._lokaal, "db", None)
        if db is not None:
            db.close()
            self._lokaal.db = None
