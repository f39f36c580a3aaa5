"""Helpers for the tests of the federated bekendheidscheck: a real middenvelder process on loopback."""
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[1] / "src")


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wacht_op_poort(poort: int, proces=None, seconden: float = 30) -> None:
    eind = time.monotonic() + seconden
    while time.monotonic() < eind:
        if proces is not None and proces.poll() is not None:
            raise RuntimeError(f"proces op poort {poort} stopte met code {proces.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", poort), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"niets luistert op poort {poort}")


def middenvelder_opdracht(db, *args) -> str:
    r = subprocess.run([sys.executable, "-m", "schakel.middenvelder", "--db", str(db), *args],
                       env={**os.environ, "PYTHONPATH": SRC}, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout


def registreer_huis(db, naam: str, contactpunt: str) -> str:
    """Register a house; returns its key (the last line of the command's output)."""
    return middenvelder_opdracht(db, "--huis-toevoegen", naam, "--contactpunt", contactpunt).strip().splitlines()[-1]


@contextlib.contextmanager
def middenvelder_proces(db, *, workers: int = 1, threads: int = 4):
    """`python -m schakel.middenvelder --bind` on a free loopback port; yields its base URL."""
    poort = vrije_poort()
    proces = subprocess.Popen(
        [sys.executable, "-m", "schakel.middenvelder", "--db", str(db), "--bind", f"127.0.0.1:{poort}",
         "--workers", str(workers), "--threads", str(threads)],
        env={**os.environ, "PYTHONPATH": SRC},
    )
    try:
        wacht_op_poort(poort, proces)
        yield f"http://127.0.0.1:{poort}"
    finally:
        proces.terminate()
        try:
            proces.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait(timeout=10)


def roep(url: str, methode: str, pad: str, data=None, sleutel: str | None = None, ruw: bytes | None = None):
    """(status, JSON body) of one call to the middenvelder."""
    body = ruw if ruw is not None else (json.dumps(data).encode() if data is not None else None)
    verzoek = urllib.request.Request(url + pad, data=body, method=methode)
    verzoek.add_header("Content-Type", "application/json")
    if sleutel:
        verzoek.add_header("Authorization", f"Bearer {sleutel}")
    try:
        with urllib.request.urlopen(verzoek, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())
