"""Three houses and one middenvelder on loopback (issue 13): a person known at two houses is found
from the third; after closing the case at one house only the other remains; after closing at both,
nothing. All traffic to the middenvelder goes through a recording proxy: no BSN, in any form, and no
name ever appears in a request or a response; the middenvelder's log holds the questions.

Each house is a real Schakel process (`schakel runserver --noreload`, its own SQLite file, migrated
once and copied) with its own key; seeding and closing run in that house through `schakel shell`
and the services, so publication is the one a case opening and closing cause. House 3 asks through
its own ZSM API. Bounded: every process has a timeout and is stopped in a finally."""
import http.client
import http.server
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from .middenvelder_hulp import SRC, middenvelder_proces, registreer_huis, vrije_poort, wacht_op_poort

TESTS = str(Path(__file__).resolve().parent)
NETWERK_SLEUTEL = "federatie-netwerksleutel-van-minstens-32-tekens"
# Valid BSNs (eleven-test); X is known at houses 1 and 2, the others each at one house.
X = ["123456782", "Federica", "Bekendhuis"]
ANDEREN = {1: ["111222333", "Gijsbert", "Eenhuizen"], 2: ["987654321", "Hermina", "Tweehuizen"],
           3: ["100000009", "Isidoor", "Driehuizen"]}


class OpnameProxy(http.server.ThreadingHTTPServer):
    """Forwards every request to the middenvelder and keeps what went over the wire, both ways."""

    daemon_threads = True

    def __init__(self, doel_poort: int):
        self.doel_poort, self.verkeer, self.slot = doel_poort, [], threading.Lock()
        super().__init__(("127.0.0.1", 0), _ProxyHandler)


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    def _door(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        conn = http.client.HTTPConnection("127.0.0.1", self.server.doel_poort, timeout=10)
        kop = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        conn.request(self.command, self.path, body, kop)
        r = conn.getresponse()
        antwoord = r.read()
        with self.server.slot:
            self.server.verkeer.append({"verzoek": f"{self.command} {self.path}\n{self.headers}".encode() + body,
                                        "antwoord": str(r.headers).encode() + antwoord, "pad": self.path})
        self.send_response(r.status)
        for k, v in r.getheaders():
            if k.lower() not in ("connection", "transfer-encoding", "server", "date"):
                self.send_header(k, v)
        self.end_headers()
        self.wfile.write(antwoord)
        conn.close()

    do_GET = do_PUT = do_POST = _door

    def log_message(self, *args):
        pass


def _omgeving(map_: Path, db: Path, sleutel: str, proxy_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "SCHAKEL_", "DJANGO_SETTINGS"))}
    return {**env, "PYTHONPATH": SRC, "DATABASE_URL": f"sqlite:///{db}", "SCHAKEL_VAR_DIR": str(map_),
            "SECRET_KEY": "federatie-test-geheim-" + "x" * 40, "SCHAKEL_LOG_KEY": "federatie-logsleutel-" + "y" * 32,
            "SECURE_SSL_REDIRECT": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost", "DEBUG": "0",
            "SCHAKEL_MIDDENVELDER_URL": proxy_url, "SCHAKEL_MIDDENVELDER_SLEUTEL": sleutel,
            "SCHAKEL_NETWERK_SLEUTEL": NETWERK_SLEUTEL}


def _schakel(env, *args, timeout=180) -> str:
    r = subprocess.run([sys.executable, "-m", "schakel.manage", *args], env=env, capture_output=True, text=True, timeout=timeout)
    assert r.returncode == 0, r.stderr[-3000:]
    return r.stdout


def _in_huis(env, code: str) -> dict:
    uit = _schakel(env, "shell", "-c", f"import sys; sys.path.insert(0, {TESTS!r}); import federatie_huis as h; {code}")
    return json.loads(uit.strip().splitlines()[-1])


def _zsm_vraag(poort: int, token: str, bsn: str) -> dict:
    verzoek = urllib.request.Request(f"http://127.0.0.1:{poort}/api/zsm/vraag/", data=json.dumps({"bsn": bsn}).encode(),
                                     method="POST", headers={"Authorization": f"Token {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(verzoek, timeout=30) as r:
        return json.loads(r.read())


def _vormen(bsn: str) -> set[str]:
    """A BSN in every form it could travel in."""
    return {bsn, bsn.lstrip("0"), f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}", f"{bsn[:3]} {bsn[3:6]} {bsn[6:]}",
            f"{bsn[:4]} {bsn[4:6]} {bsn[6:]}", bsn.encode().hex(), json.dumps(int(bsn))}


def test_three_houses_and_one_middenvelder(tmp_path):
    mv_db = tmp_path / "middenvelder.sqlite3"
    namen = {1: "Veiligheidshuis Een", 2: "Veiligheidshuis Twee", 3: "Veiligheidshuis Drie"}
    contact = {i: f"procesteam {namen[i].split()[1]}, 0{i}0-{i}{i}{i}{i}{i}{i}{i}" for i in namen}
    sleutels = {i: registreer_huis(mv_db, namen[i], contact[i]) for i in namen}
    processen = []
    with middenvelder_proces(mv_db) as mv_url:
        proxy = OpnameProxy(int(mv_url.rsplit(":", 1)[1]))
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        proxy_url = f"http://127.0.0.1:{proxy.server_address[1]}"
        try:
            # One migrated database with the reference data, copied for each house.
            sjabloon = tmp_path / "sjabloon.sqlite3"
            sjabloon_env = _omgeving(tmp_path, sjabloon, "x", proxy_url)
            _schakel(sjabloon_env, "migrate", "--no-input", "-v", "0", timeout=300)
            _schakel(sjabloon_env, "seed", "--reference")
            huizen = {}
            for i in namen:
                map_ = tmp_path / f"huis{i}"
                map_.mkdir()
                shutil.copy(sjabloon, map_ / "schakel.sqlite3")
                huizen[i] = {"env": _omgeving(map_, map_ / "schakel.sqlite3", sleutels[i], proxy_url), "poort": vrije_poort()}
            for i, h in huizen.items():
                p = subprocess.Popen([sys.executable, "-m", "schakel.manage", "runserver", "--noreload", f"127.0.0.1:{h['poort']}"],
                                     env=h["env"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                processen.append(p)
                h["proces"] = p

            # Seed: X at houses 1 and 2; each house one person of its own. Cases open → published.
            tokens = {}
            for i, h in huizen.items():
                personen = ([X] if i in (1, 2) else []) + [ANDEREN[i]]
                tokens[i] = _in_huis(h["env"], f"h.zaai({personen!r})")["token"]
            for h in huizen.values():
                wacht_op_poort(h["poort"], h["proces"], seconden=60)

            # From house 3: X is known at houses 1 and 2, with their contact points.
            antwoord = _zsm_vraag(huizen[3]["poort"], tokens[3], X[0])
            assert antwoord["bekend"] is False  # not at house 3 itself
            assert antwoord["elders"] == {
                "bereikbaar": True, "bekend_bij": [{"huis": namen[1], "contactpunt": contact[1]},
                                                   {"huis": namen[3 - 1], "contactpunt": contact[2]}],
                "melding": f"Ook bekend bij {namen[1]}, contactpunt {contact[1]}; Ook bekend bij {namen[2]}, contactpunt {contact[2]}",
            }
            # House 1 asking about its own person hears only of house 2.
            assert [h["huis"] for h in _zsm_vraag(huizen[1]["poort"], tokens[1], X[0])["elders"]["bekend_bij"]] == [namen[2]]

            # Close X's case at house 1: only house 2 remains.
            _in_huis(huizen[1]["env"], f"h.sluit({X[0]!r})")
            assert _zsm_vraag(huizen[3]["poort"], tokens[3], X[0])["elders"]["bekend_bij"] == [{"huis": namen[2], "contactpunt": contact[2]}]
            # Close at house 2: nothing.
            _in_huis(huizen[2]["env"], f"h.sluit({X[0]!r})")
            assert _zsm_vraag(huizen[3]["poort"], tokens[3], X[0])["elders"] == {"bereikbaar": True, "bekend_bij": [], "melding": ""}
            # The other persons are still where they were.
            assert [h["huis"] for h in _zsm_vraag(huizen[3]["poort"], tokens[3], ANDEREN[1][0])["elders"]["bekend_bij"]] == [namen[1]]
        finally:
            for p in processen:
                p.terminate()
            for p in processen:
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
            proxy.shutdown()
            proxy.server_close()

    # What went over the wire: publications and questions, never a BSN or a name.
    verkeer = proxy.verkeer
    paden = [v["pad"] for v in verkeer]
    assert paden.count("/v1/wijzigingen") >= 5 and paden.count("/v1/vraag") == 5
    verboden = set()
    for bsn, voornamen, achternaam in [X, *ANDEREN.values()]:
        verboden |= _vormen(bsn) | {voornamen, achternaam, voornamen.lower(), achternaam.lower()}
    for v in verkeer:
        for richting in ("verzoek", "antwoord"):
            tekst = v[richting].decode("latin-1")
            lekken = sorted(w for w in verboden if w in tekst)
            assert not lekken, f"{richting} {v['pad']} bevat {lekken}"
    # The middenvelder's log: house 3's and house 1's questions, with the number of answers each got.
    con = sqlite3.connect(mv_db)
    log = con.execute("SELECT h.naam, v.antwoorden FROM vraaglog v JOIN huis h ON h.id = v.huis_id ORDER BY v.id").fetchall()
    assert log == [(namen[3], 2), (namen[1], 1), (namen[3], 1), (namen[3], 0), (namen[3], 1)]
    assert all(len(p) == 64 for (p,) in con.execute("SELECT pseudoniem FROM vraaglog"))
