"""Backup and restore of the whole database (`schakel backup` / `schakel restore`).

PostgreSQL goes through pg_dump / pg_restore in their custom format: one consistent snapshot while
Schakel keeps running. The embedded SQLite of the demo goes through SQLite's own backup API, which
copies the pages under a read lock. A backup is written beside its target and renamed only when
complete, so a crash never leaves half a backup under the real name. Restoring replaces the whole
database and refuses to do so over data unless asked explicitly."""
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from django.db import connections

SQLITE_KOP = b"SQLite format 3\x00"
PG_KOP = b"PGDMP"


class BackupFout(Exception):
    """A refusal with a Dutch reason, shown to the operator as is."""


def _pg_omgeving(instellingen: dict) -> tuple[list[str], dict]:
    """Connection arguments and environment for the PostgreSQL client programs; the password goes
    through the environment, never on the command line (where `ps` shows it)."""
    args = []
    if instellingen.get("HOST"):
        args += ["--host", str(instellingen["HOST"])]
    if instellingen.get("PORT"):
        args += ["--port", str(instellingen["PORT"])]
    if instellingen.get("USER"):
        args += ["--username", str(instellingen["USER"])]
    omgeving = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    if instellingen.get("PASSWORD"):
        omgeving["PGPASSWORD"] = str(instellingen["PASSWORD"])
    sslmode = (instellingen.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        omgeving["PGSSLMODE"] = sslmode
    return args, omgeving


def _programma(naam: str, connection) -> str:
    """The client program, and not older than the server (an older pg_dump refuses a newer server)."""
    pad = shutil.which(naam)
    if not pad:
        raise BackupFout(f"{naam} is niet gevonden; installeer de PostgreSQL-clientprogramma's (postgresql-client).")
    uitvoer = subprocess.run([pad, "--version"], capture_output=True, text=True).stdout
    gevonden = re.search(r"(\d+)", uitvoer)
    client = int(gevonden.group(1)) if gevonden else 0
    connection.ensure_connection()
    server = connection.pg_version // 10000
    if client < server:
        raise BackupFout(f"{naam} is versie {client}, de databaseserver versie {server}; installeer de clientprogramma's van versie {server} of nieuwer.")
    return pad


def _draai(args: list[str], omgeving: dict, wat: str) -> None:
    resultaat = subprocess.run(args, env=omgeving, capture_output=True, text=True)
    if resultaat.returncode != 0:
        melding = resultaat.stderr.strip().splitlines()
        raise BackupFout(f"{wat} mislukt: {melding[-1] if melding else 'onbekende fout'}")


def _tijdelijk_naast(doel: Path) -> Path:
    fd, naam = tempfile.mkstemp(prefix=f".{doel.name}.", suffix=".deel", dir=doel.parent)
    os.close(fd)
    return Path(naam)


def maak_backup(doel: Path, using: str = "default") -> int:
    """Write the database to `doel` (which must not exist yet); returns the size in bytes."""
    doel = Path(doel)
    if doel.exists():
        raise BackupFout(f"{doel} bestaat al; kies een nieuwe bestandsnaam (een back-up overschrijft nooit een andere).")
    if not doel.parent.is_dir():
        raise BackupFout(f"De map {doel.parent} bestaat niet.")
    connection = connections[using]
    deel = _tijdelijk_naast(doel)
    try:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            kopie = sqlite3.connect(deel)
            try:
                connection.connection.backup(kopie)
            finally:
                kopie.close()
        elif connection.vendor == "postgresql":
            args, omgeving = _pg_omgeving(connection.settings_dict)
            pg_dump = _programma("pg_dump", connection)
            _draai([pg_dump, "--format=custom", "--no-owner", "--no-privileges", "--file", str(deel), *args,
                    "--dbname", connection.settings_dict["NAME"]], omgeving, "pg_dump")
        else:
            raise BackupFout(f"Back-ups van een {connection.vendor}-database kan Schakel niet maken.")
        os.replace(deel, doel)
    finally:
        deel.unlink(missing_ok=True)
    return doel.stat().st_size


# Tables a fresh `migrate` fills by itself (Django's bookkeeping, the default schedules and retention
# term, the empty heads of the log chains); rows there do not make a database "in use". A chain head
# that moved means rows in its chained table, which is checked.
DOOR_MIGRATE_GEVULD = {"django_migrations", "django_content_type", "auth_permission", "django_q_schedule",
                       "avg_bewaartermijn", "privacy_logketen"}


def tabellen_met_gegevens(using: str = "default") -> tuple[list[str], list[str]]:
    """(all tables, those that hold rows beyond what `migrate` puts there)."""
    connection = connections[using]
    tabellen = connection.introspection.table_names()
    gevuld = []
    with connection.cursor() as cursor:
        for tabel in tabellen:
            if tabel in DOOR_MIGRATE_GEVULD:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(tabel)} LIMIT 1")
            if cursor.fetchone() is not None:
                gevuld.append(tabel)
    return tabellen, gevuld


def _soort(bron: Path) -> str:
    with open(bron, "rb") as f:
        kop = f.read(16)
    if kop.startswith(SQLITE_KOP):
        return "sqlite"
    if kop.startswith(PG_KOP):
        return "postgresql"
    raise BackupFout(f"{bron} is geen back-up van Schakel (geen SQLite-database en geen pg_dump-bestand).")


def _controleer_sqlite_backup(bron: Path) -> None:
    db = sqlite3.connect(f"file:{bron}?mode=ro", uri=True)
    try:
        if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupFout(f"{bron} is beschadigd (de SQLite-controle slaagt niet).")
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'django_migrations'").fetchone():
            raise BackupFout(f"{bron} is een SQLite-database, maar geen back-up van Schakel.")
    except sqlite3.DatabaseError as e:
        raise BackupFout(f"{bron} is niet te lezen als SQLite-database ({e}).") from None
    finally:
        db.close()


def herstel_backup(bron: Path, overschrijven: bool = False, using: str = "default") -> None:
    """Replace the database by the backup in `bron`. Refuses a database that holds data unless
    `overschrijven`; checks the file before anything is touched."""
    bron = Path(bron)
    if not bron.is_file():
        raise BackupFout(f"{bron} bestaat niet of is geen bestand.")
    connection = connections[using]
    soort = _soort(bron)
    namen = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    if soort != connection.vendor:
        raise BackupFout(f"{bron} is een back-up van een {namen[soort]}-database, maar deze installatie gebruikt "
                         f"{namen.get(connection.vendor, connection.vendor)}; herstel hem op een installatie met {namen[soort]}.")
    if soort == "sqlite":
        _controleer_sqlite_backup(bron)
    else:
        pg_restore = _programma("pg_restore", connection)
        args, omgeving = _pg_omgeving(connection.settings_dict)
        _draai([pg_restore, "--list", str(bron)], omgeving, "Het lezen van de back-up")
    tabellen, gevuld = tabellen_met_gegevens(using)
    if gevuld and not overschrijven:
        raise BackupFout(f"De database bevat al gegevens ({len(gevuld)} tabellen hebben rijen, zoals {', '.join(gevuld[:3])}). "
                         "Herstel in een lege database, of geef --overschrijven om alles te vervangen door de back-up.")
    if soort == "sqlite":
        backup = sqlite3.connect(f"file:{bron}?mode=ro", uri=True)
        try:
            connection.ensure_connection()
            backup.backup(connection.connection)
        finally:
            backup.close()
        return
    # Replace, not merge: tables the backup does not have (a later migration) must go too. pg_restore
    # first writes its whole script (so a backup that cannot be read fully stops here, untouched);
    # then psql runs dropping and restoring in ONE transaction, so a failure halfway leaves the
    # database exactly as it was. The script is as large as the data: TMPDIR must have room.
    psql = _programma("psql", connection)
    weg = "".join(f"DROP TABLE IF EXISTS {connection.ops.quote_name(t)} CASCADE;\n" for t in tabellen)
    with tempfile.TemporaryDirectory(prefix="schakel-restore-") as map_:
        opruimen, script = Path(map_) / "opruimen.sql", Path(map_) / "backup.sql"
        opruimen.write_text(weg, encoding="utf-8")
        _draai([pg_restore, "--clean", "--if-exists", "--no-owner", "--no-privileges", "--file", str(script), str(bron)],
               omgeving, "Het lezen van de back-up")
        try:
            _draai([psql, "--no-psqlrc", "--quiet", "--single-transaction", "--set", "ON_ERROR_STOP=1", *args,
                    "--dbname", connection.settings_dict["NAME"], "--file", str(opruimen), "--file", str(script)],
                   omgeving, "Terugzetten")
        except BackupFout as e:
            raise BackupFout(f"{e} De database is ongewijzigd.") from None
