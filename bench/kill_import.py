"""`kill -9` during the historical import: is a killed import all-or-nothing, and does a rerun complete?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/schakel_kill .venv/bin/python bench/kill_import.py --pogingen 20
    .venv/bin/python bench/kill_import.py --pogingen 20        # SQLite, scratch files under var/

The database in DATABASE_URL is a scratch database: it is dropped and created anew, migrated and given the reference
data, and then serves as the template of one fresh copy per trial (`CREATE DATABASE … TEMPLATE` on
PostgreSQL, a file copy on SQLite). A reference import on one copy gives the run time T and the row
counts of a complete import. Then each trial, on its own copy:

1. `schakel import-history` as a subprocess, killed with SIGKILL after a random moment in [0, 1.05·T]
   (random.Random(--seed), so a run can be repeated; the tail covers the commit and the ANALYZE after it);
2. the state: every table the import writes, the chain heads, and Importbestand must equal either
   the template's counts ("leeg") or the complete import's ("volledig"); anything else is a partial import;
3. a rerun completes (exit 0) and leaves the complete counts; a further rerun adds nothing;
4. `schakel verifieer_log` is intact (the status histories are chains the import appends to).
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
RIJEN = 20_000
SEED = 20261129
SQLITE_SCRATCH = ROOT / "var" / "kill_import"


def tabellen() -> list[str]:
    """Every table a historical import writes, plus the change log (one row per file)."""
    from schakel.briefing.models import Briefing, Weging
    from schakel.casussen.models import Afsluiting, Casus, CasusStatus
    from schakel.historie.models import Importbestand
    from schakel.meldingen.models import Melding, MeldingPersoon, MeldingStatus
    from schakel.opschaling.models import Opschaling
    from schakel.personen.models import Persoon
    from schakel.plannen.models import PlanVanAanpak
    from schakel.privacy.models import Mutatielog

    modellen = [Persoon, Briefing, Casus, Casus.personen.through, CasusStatus, Afsluiting, Afsluiting.uitkomsten.through,
                PlanVanAanpak, Melding, MeldingStatus, MeldingPersoon, Weging, Opschaling, Importbestand, Mutatielog]
    return [m._meta.db_table for m in modellen]


# --- scratch copies ------------------------------------------------------------------------------


class PostgresKopieen:
    """Fresh databases from a template on the same server (the template must have no sessions)."""

    def __init__(self, basis_url: str):
        self.basis = urlparse(basis_url)
        self.sjabloon = self.basis.path.lstrip("/")

    def _beheer(self):
        import psycopg

        return psycopg.connect(urlunparse(self.basis._replace(path="/postgres")), autocommit=True)

    def vers(self) -> None:
        with self._beheer() as c:
            c.execute(f'DROP DATABASE IF EXISTS "{self.sjabloon}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{self.sjabloon}"')

    def maak(self, nummer: int) -> str:
        naam = f"{self.sjabloon}_poging{nummer}"
        with self._beheer() as c:
            c.execute(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
            c.execute(f'CREATE DATABASE "{naam}" TEMPLATE "{self.sjabloon}"')
        return urlunparse(self.basis._replace(path=f"/{naam}"))

    def weg(self, url: str) -> None:
        # FORCE: a killed import's server process may still be ending its aborted transaction.
        with self._beheer() as c:
            c.execute(f'DROP DATABASE IF EXISTS "{urlparse(url).path.lstrip("/")}" WITH (FORCE)')

    @staticmethod
    def tel(url: str, namen: list[str]) -> dict:
        import psycopg

        with psycopg.connect(url) as c:
            return _tel(c.cursor(), namen)


class SqliteKopieen:
    def __init__(self, sjabloon: Path, map_: Path):
        self.sjabloon, self.map = sjabloon, map_

    def maak(self, nummer: int) -> str:
        pad = self.map / f"poging{nummer}.sqlite3"
        for oud in self.map.glob(f"poging{nummer}.sqlite3*"):
            oud.unlink()
        shutil.copyfile(self.sjabloon, pad)
        return f"sqlite:///{pad}"

    def weg(self, url: str) -> None:
        for pad in Path(url.removeprefix("sqlite:///")).parent.glob(Path(url).name + "*"):
            pad.unlink()

    @staticmethod
    def tel(url: str, namen: list[str]) -> dict:
        # Opening the file after a kill rolls back the import's hot journal, as Schakel's next start would.
        c = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            return _tel(c.cursor(), namen)
        finally:
            c.close()


def _tel(cursor, namen: list[str]) -> dict:
    stand = {}
    for naam in namen:
        cursor.execute(f'SELECT COUNT(*) FROM "{naam}"')
        stand[naam] = cursor.fetchone()[0]
    cursor.execute("SELECT naam, laatste_volgnummer FROM privacy_logketen")
    stand.update({f"kop {n}": v for n, v in cursor.fetchall()})
    return stand


# --- the trials ----------------------------------------------------------------------------------


def omgeving(database_url: str, var_dir: Path, logsleutel: str) -> dict:
    """A production process: no DEBUG, real keys; only what finds Python and Schakel is inherited."""
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    env.update({
        "PYTHONPATH": str(ROOT / "src"), "DJANGO_SETTINGS_MODULE": "schakel.settings", "DEBUG": "0",
        "SECRET_KEY": "alleen-voor-de-kill-proef-" + "k" * 30, "SCHAKEL_LOG_KEY": logsleutel,
        "ALLOWED_HOSTS": "localhost", "SCHAKEL_VAR_DIR": str(var_dir), "DATABASE_URL": database_url,
    })
    return env


def schakel(env: dict, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "schakel.manage", *args], env=env, capture_output=True, text=True,
                          timeout=timeout)


@dataclass
class Poging:
    nummer: int
    moment: float  # seconds after the start at which SIGKILL was sent
    gedood: bool  # False: the import had finished before the moment came
    toestand: str  # "leeg", "volledig" or "GEDEELTELIJK"
    herhaling: str = ""
    fouten: list | None = None

    @property
    def goed(self) -> bool:
        return not self.fouten


class Proef:
    """Reference run and trials against one template (PostgresKopieen or SqliteKopieen)."""

    def __init__(self, kopieen, bestand: Path, var_dir: Path, logsleutel: str, verwacht: dict, samen: bool = False):
        self.samen = samen
        self.kopieen, self.bestand, self.var_dir, self.logsleutel = kopieen, bestand, var_dir, logsleutel
        self.verwacht = verwacht  # what maak_bestand says is in the file
        self.namen = tabellen()

    def env(self, url: str) -> dict:
        return omgeving(url, self.var_dir, self.logsleutel)

    def referentie(self) -> float:
        """Import once on a copy: its counts are 'volledig', the template's are 'leeg'. Returns T."""
        from schakel.casussen.models import Casus
        from schakel.historie.models import Importbestand
        from schakel.meldingen.models import Melding
        from schakel.personen.models import Persoon

        url = self.kopieen.maak(0)
        try:
            self.leeg = self.kopieen.tel(url, self.namen)
            start = time.perf_counter()
            uit = schakel(self.env(url), "import-history", str(self.bestand))
            duur = time.perf_counter() - start
            if uit.returncode != 0:
                raise RuntimeError(f"De referentie-import mislukte: {uit.stderr[-2000:]}")
            self.volledig = self.kopieen.tel(url, self.namen)
        finally:
            self.kopieen.weg(url)
        # The complete import against what the generator wrote into the file.
        verschil = {n: self.volledig[n] - self.leeg.get(n, 0) for n in self.volledig}
        for model, sleutel in ((Melding, "rijen"), (Persoon, "personen"), (Casus, "casussen")):
            if verschil[model._meta.db_table] != self.verwacht[sleutel]:
                raise RuntimeError(f"{model._meta.db_table}: {verschil[model._meta.db_table]} toegevoegd, "
                                   f"het bestand heeft er {self.verwacht[sleutel]}")
        if verschil[Importbestand._meta.db_table] != 1:
            raise RuntimeError("De referentie-import schreef geen Importbestand.")
        return duur

    def toestand(self, stand: dict) -> str:
        return "leeg" if stand == self.leeg else "volledig" if stand == self.volledig else "GEDEELTELIJK"

    def poging(self, nummer: int, moment: float) -> Poging:
        url = self.kopieen.maak(nummer)
        env = self.env(url)
        try:
            proces = subprocess.Popen([sys.executable, "-m", "schakel.manage", "import-history", str(self.bestand)],
                                      env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                proces.wait(timeout=moment)
                gedood = False
            except subprocess.TimeoutExpired:
                os.kill(proces.pid, signal.SIGKILL)
                proces.wait()
                gedood = True
            stand = self.kopieen.tel(url, self.namen)
            p = Poging(nummer, moment, gedood, self.toestand(stand), fouten=[])
            if p.toestand == "GEDEELTELIJK":
                anders = {n: stand.get(n) for n in stand if stand.get(n) not in (self.leeg.get(n), self.volledig.get(n))}
                p.fouten.append(f"gedeeltelijke import gevonden: {anders}")
            if self.samen:
                self._herhalen_samen(env, url, p)
                return p
            for ronde in ("herhaling", "nogmaals"):
                uit = schakel(env, "import-history", str(self.bestand))
                if uit.returncode != 0:
                    p.fouten.append(f"{ronde} mislukte (exitcode {uit.returncode}): {uit.stderr.strip()[-500:]}")
                elif ronde == "herhaling":
                    p.herhaling = uit.stdout.strip().splitlines()[-1] if uit.stdout.strip() else ""
                if self.toestand(self.kopieen.tel(url, self.namen)) != "volledig":
                    p.fouten.append(f"na de {ronde} niet volledig")
            controle = schakel(env, "verifieer_log")
            if controle.returncode != 0:
                p.fouten.append(f"verifieer_log: {(controle.stderr or controle.stdout).strip()[-500:]}")
            return p
        finally:
            self.kopieen.weg(url)

    def _herhalen_samen(self, env: dict, url: str, p: Poging) -> None:
        """Rerun, rerun again and verify in one process (the test's shorter form: starting Django
        costs more than a small import). The second rerun must report nothing added."""
        code = ("import sys, django; django.setup(); from django.core.management import call_command\n"
                "for _ in range(2):\n    call_command('import-history', sys.argv[1]); print('|', flush=True)\n"
                "call_command('verifieer_log')")
        uit = subprocess.run([sys.executable, "-c", code, str(self.bestand)], env=env, capture_output=True, text=True,
                             timeout=600)
        if uit.returncode != 0:
            p.fouten.append(f"herhalen of verifieer_log mislukte (exitcode {uit.returncode}): {uit.stderr.strip()[-500:]}")
            return
        herhaling, nogmaals, _ = uit.stdout.split("|\n")
        p.herhaling = herhaling.strip()
        if not nogmaals.strip().startswith("0 meldingen toegevoegd"):
            p.fouten.append(f"de tweede herhaling voegde iets toe: {nogmaals.strip()}")
        if self.toestand(self.kopieen.tel(url, self.namen)) != "volledig":
            p.fouten.append("na het herhalen niet volledig")

    def pogingen(self, aantal: int, duur: float, seed: int, uit=None) -> list[Poging]:
        rng = random.Random(seed)
        resultaten = []
        for nummer in range(1, aantal + 1):
            p = self.poging(nummer, rng.uniform(0, 1.05 * duur))
            resultaten.append(p)
            if uit:
                print(f"poging {p.nummer:2d}: {'kill -9 na' if p.gedood else 'klaar vóór'} {p.moment:5.2f} s "
                      f"({p.moment / duur:4.0%} van T): {p.toestand}; {'goed' if p.goed else 'FOUT: ' + '; '.join(p.fouten)}",
                      file=uit, flush=True)
        return resultaten


# --- the script ----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description="kill -9 tijdens de historische import: alles of niets, en herhalen lukt.")
    parser.add_argument("--pogingen", type=int, default=20)
    parser.add_argument("--rijen", type=int, default=RIJEN)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "alleen-voor-de-benchmark")
    os.environ.setdefault("SCHAKEL_LOG_KEY", "alleen-voor-de-benchmark-" + "x" * 32)
    SQLITE_SCRATCH.mkdir(parents=True, exist_ok=True)
    sjabloon_sqlite = SQLITE_SCRATCH / "sjabloon.sqlite3"
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{sjabloon_sqlite}"
    if url.startswith("sqlite:///"):
        sjabloon_sqlite = Path(url.removeprefix("sqlite:///"))
        sjabloon_sqlite.unlink(missing_ok=True)
    else:
        # The log tables refuse a flush outside the demo: the scratch database is made anew instead.
        PostgresKopieen(url).vers()
    os.environ["DATABASE_URL"] = url

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from historie import maak_bestand

    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']} (sjabloon)")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed", "--reference", verbosity=0)
    connection.close()
    kopieen = PostgresKopieen(url) if connection.vendor == "postgresql" else SqliteKopieen(sjabloon_sqlite, SQLITE_SCRATCH)
    with tempfile.TemporaryDirectory() as map_:
        bestand = Path(map_) / "gcos_kill.csv"
        verwacht = maak_bestand(bestand, args.rijen, seed=args.seed)
        print(f"Bestand: {args.rijen} regels, {verwacht['personen']} personen, {verwacht['casussen']} casussen, "
              f"{bestand.stat().st_size / 1e6:.1f} MB")
        proef = Proef(kopieen, bestand, Path(map_), settings.SCHAKEL_LOG_KEYS[0], verwacht)
        duur = proef.referentie()
        print(f"Referentie-import: T = {duur:.2f} s (incl. het opstarten van het proces)")
        start = time.perf_counter()
        resultaten = proef.pogingen(args.pogingen, duur, args.seed, uit=sys.stdout)
    gedood = [p for p in resultaten if p.gedood]
    print(f"{len(resultaten)} pogingen in {time.perf_counter() - start:.0f} s: {len(gedood)} gedood "
          f"({sum(p.toestand == 'leeg' for p in gedood)} leeg, {sum(p.toestand == 'volledig' for p in gedood)} volledig), "
          f"{sum(not p.gedood for p in resultaten)} al klaar; {sum(not p.goed for p in resultaten)} fout.")
    return 0 if all(p.goed for p in resultaten) else 1


if __name__ == "__main__":
    sys.exit(main())
