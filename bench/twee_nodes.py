"""Two web nodes on one PostgreSQL database under concurrent page views: does the access log's chain
stay intact, with exactly one log row per page view?

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/schakel_nodes .venv/bin/python bench/twee_nodes.py --verzoeken 4000

The database in DATABASE_URL is a scratch database: it is dropped and created anew, migrated, given
the reference data, a few users with a confirmed authenticator and one melding about one person.
Two gunicorn processes (gunicorn.conf.py, production settings, --workers each) listen on two ports;
`schakel logketenen --herhaal 1` runs beside them as the separate chaining writer, and every page
chains after its own commit as well (SKIP LOCKED), so three kinds of writers compete for the head.
--draden threads send --verzoeken logged-in views of the melding (each shows one person: one log row),
alternating between the nodes. Afterwards: rows added = pages answered 200, nothing waits, and
`keten.verifieer_alles` is intact.
"""
from __future__ import annotations

import argparse
import collections
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "schakel.zvh.example"


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def omgeving(database_url: str, var_dir: Path, secret_key: str, logsleutel: str, **extra) -> dict:
    """A production process behind the proxy; the same SECRET_KEY as the process that made the
    sessions (the session's signature and auth hash depend on it), the same log key."""
    env = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    env.update({
        "PYTHONPATH": str(ROOT / "src"), "DJANGO_SETTINGS_MODULE": "schakel.settings", "DEBUG": "0",
        "SECRET_KEY": secret_key, "SCHAKEL_LOG_KEY": logsleutel, "ALLOWED_HOSTS": HOST, "SECURE_PROXY_SSL_HEADER": "1",
        "SCHAKEL_VAR_DIR": str(var_dir), "DATABASE_URL": database_url, **extra,
    })
    return env


class Nodes:
    """Two gunicorn nodes and the chaining writer, stopped (SIGTERM) on leaving the `with`."""

    def __init__(self, env: dict, workers: int = 2, aantal: int = 2):
        self.env, self.workers = env, workers
        self.poorten = [vrije_poort() for _ in range(aantal)]
        self.processen: list[subprocess.Popen] = []
        # stderr to files, not pipes: each request writes a JSON log line, and a pipe nobody reads
        # during the load fills up and stops the workers.
        self.logs = [tempfile.TemporaryFile("w+", encoding="utf-8") for _ in range(aantal + 1)]

    def __enter__(self) -> Nodes:
        try:
            for poort, log in zip(self.poorten, self.logs):
                env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{poort}", "GUNICORN_WORKERS": str(self.workers)}
                self.processen.append(subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py")], cwd=ROOT, env=env,
                    stdout=subprocess.DEVNULL, stderr=log))
            self.processen.append(subprocess.Popen(
                [sys.executable, "-m", "schakel.manage", "logketenen", "--herhaal", "1"], env=self.env,
                stdout=subprocess.DEVNULL, stderr=self.logs[-1]))
            for poort in self.poorten:
                self._wacht(poort)
        except BaseException:
            self.__exit__()
            raise
        return self

    def _wacht(self, poort: int) -> None:
        for _ in range(240):
            try:
                if vraag(poort, "/gezond/")[0] == 200:
                    return
            except OSError:
                pass
            if any(p.poll() is not None for p in self.processen):
                raise RuntimeError("Een node of de ketenaar stopte bij het starten: " + self._stderr()[-2000:])
            time.sleep(0.25)
        raise RuntimeError(f"gunicorn op poort {poort} startte niet")

    def __exit__(self, *exc) -> None:
        for p in self.processen:
            if p.poll() is None:
                p.terminate()
        for p in self.processen:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.fouten = [r for r in self._stderr().splitlines() if '"ERROR"' in r or "Traceback" in r]
        for log in self.logs:
            log.close()

    def _stderr(self) -> str:
        tekst = ""
        for log in self.logs:
            log.seek(0)
            tekst += log.read()
        return tekst


def vraag(poort: int, pad: str, sessie: str | None = None) -> tuple[int, bytes]:
    koppen = {"Host": HOST, "X-Forwarded-Proto": "https"}
    if sessie:
        koppen["Cookie"] = f"sessionid={sessie}"
    verzoek = urllib.request.Request(f"http://127.0.0.1:{poort}{pad}", headers=koppen)
    try:
        with urllib.request.urlopen(verzoek, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def sessie_voor(user) -> str:
    """A session as after both login steps (password and TOTP code), stored in the database that both
    nodes share; returns the cookie value."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="last", defaults={"confirmed": True})
    sessie = client.session
    sessie[DEVICE_ID_SESSION_KEY] = device.persistent_id
    sessie.save()
    return sessie.session_key


def kleine_wereld() -> tuple[list[str], str]:
    """A migrated database with the reference data, an informatiecoördinator and a procesregisseur with
    four verified sessions each, and one melding about one person. Returns the sessions and the path of
    the melding's page (one view = one access-log row)."""
    from django.core.management import call_command

    from schakel.gebruikers.rollen import Rol
    from schakel.partners.models import Organisatie
    from schakel.personen.models import Persoon
    from tests.factories import GebruikerFactory
    from tests.scenario import nieuwe_melding

    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed", "--reference", verbosity=0)
    vh = Organisatie.objects.get(code="zvh-hollands-midden")
    ic = GebruikerFactory(username="ic", organisatie=vh, rollen=[Rol.INFORMATIECOORDINATOR])
    pr = GebruikerFactory(username="pr", organisatie=vh, rollen=[Rol.PROCESREGISSEUR])
    melding = nieuwe_melding(ic, persoon=Persoon(achternaam="Jansen", voornamen="Karel"))
    return [sessie_voor(u) for u in (ic, pr) for _ in range(4)], f"/meldingen/{melding.pk}/"


def belast(poorten: list[int], sessies: list[str], pad: str, verzoeken: int, draden: int) -> tuple[collections.Counter, float]:
    """`verzoeken` GETs of `pad` from `draden` threads, node and session taken in turn. Returns the
    status codes (an exception counts as 'fout') and the wall time."""
    statussen: collections.Counter = collections.Counter()
    slot = threading.Lock()
    teller = iter(range(verzoeken))

    def werk():
        while True:
            with slot:
                i = next(teller, None)
            if i is None:
                return
            try:
                status = vraag(poorten[i % len(poorten)], pad, sessies[i % len(sessies)])[0]
            except OSError:
                status = "fout"
            with slot:
                statussen[status] += 1

    start = time.perf_counter()
    threads = [threading.Thread(target=werk) for _ in range(draden)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statussen, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description="Twee webnodes op één database: blijft de logketen heel?")
    parser.add_argument("--verzoeken", type=int, default=4000)
    parser.add_argument("--draden", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn-workers per node")
    args = parser.parse_args()
    # SIGTERM ends the run through the `with` blocks, so the nodes stop too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("Zet DATABASE_URL op een eigen PostgreSQL-scratchdatabase.")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "alleen-voor-de-benchmark-" + "s" * 30)
    os.environ.setdefault("SCHAKEL_LOG_KEY", "alleen-voor-de-benchmark-" + "x" * 32)
    from kill_import import PostgresKopieen

    PostgresKopieen(url).vers()
    import django

    django.setup()
    from django.conf import settings

    from schakel.privacy import keten, ketenaar
    from schakel.privacy.models import Toegangslog

    sessies, pad = kleine_wereld()
    belasting = os.getloadavg()
    with tempfile.TemporaryDirectory() as var_dir:
        env = omgeving(url, Path(var_dir), settings.SECRET_KEY, settings.SCHAKEL_LOG_KEYS[0])
        with Nodes(env, workers=args.workers) as nodes:
            voor = Toegangslog.objects.count()
            statussen, duur = belast(nodes.poorten, sessies, pad, args.verzoeken, args.draden)
            # What the pages and the chaining writer left waiting, before the nodes stop.
            time.sleep(1.5)
            wachtend = Toegangslog.objects.filter(volgnummer__isnull=True).count()
        ketenaar.ketenen_alles()
        regels = Toegangslog.objects.count() - voor
        controle = keten.verifieer_alles(map_=Path(var_dir) / "geen")
    ok = statussen.get(200, 0)
    print(f"Twee nodes × {args.workers} workers, {args.draden} draden: {args.verzoeken} verzoeken in {duur:.1f} s "
          f"({args.verzoeken / duur:.0f}/s); statussen {dict(statussen)}")
    print(f"Belasting (1/5/15 min) voor: {belasting[0]:.2f}/{belasting[1]:.2f}/{belasting[2]:.2f}, "
          f"na: {'/'.join(f'{b:.2f}' for b in os.getloadavg())}")
    print(f"Toegangslogregels erbij: {regels} (pagina's met 200: {ok}); ongeketend 1,5 s na de last: {wachtend}")
    print(controle.melding)
    if nodes.fouten:
        print("Fouten in de serverlog:\n" + "\n".join(nodes.fouten[:20]))
    goed = controle.intact and regels == ok == args.verzoeken and not nodes.fouten
    print("GOED" if goed else "FOUT")
    return 0 if goed else 1


if __name__ == "__main__":
    sys.exit(main())
