"""Load test: 10, 25 and 50 professionals at once against gunicorn on loopback, each logging in for real
(password and TOTP code) and then clicking through start page, lists, case pages and person search.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/schakel_bench .venv/bin/python bench/belasting.py \
        [--gebruikers 10 25 50] [--duur 60] [--workers 4] [--aankomst 5]

Uses the database of bench/run.py (a million meldingen; run that first). Creates 50 accounts
(procesregisseurs and partner professionals of the police and the probation service) with a password
and a confirmed authenticator, starts one gunicorn node (gunicorn.conf.py, production settings, the
access log chained by the separate writer as docs/deployment.md prescribes) and runs locust headless
for each number of users, bounded by --duur seconds; --aankomst users start (and log in) per second. Beside it, pg_stat_activity is sampled every
100 ms for sessions waiting on a lock. Afterwards every access-log row is chained and the chain is
verified. Loopback only; nothing here is part of the test suite.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "schakel.zvh.example"


class Slotwachten(threading.Thread):
    """Samples pg_stat_activity: how often any session of this database waits on a lock, and how often
    one waits on the access log or its chain head."""

    def __init__(self, conninfo: str):
        super().__init__(daemon=True)
        self.conninfo, self.stop = conninfo, threading.Event()
        self.monsters = self.met_slot = self.op_log = 0

    def run(self):
        import psycopg

        with psycopg.connect(self.conninfo, autocommit=True) as conn:
            while not self.stop.is_set():
                rij = conn.execute(
                    "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'), "
                    "count(*) FILTER (WHERE wait_event_type = 'Lock' AND (query ILIKE '%%toegangslog%%' "
                    "OR query ILIKE '%%logketen%%')) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid()").fetchone()
                self.monsters += 1
                self.met_slot += rij[0] > 0
                self.op_log += rij[1] > 0
                time.sleep(0.1)


def accounts(aantal: int) -> list[dict]:
    """Procesregisseurs and partner professionals with a password and a confirmed authenticator; each
    with the cases he may open (for_user) to visit, and common surnames to search for."""
    from django.db.models import Count
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from schakel.casussen.models import Casus
    from schakel.gebruikers.models import Gebruiker, GebruikerRol
    from schakel.gebruikers.rollen import Rol
    from schakel.partners.models import Organisatie
    from schakel.personen.models import Persoon

    achternamen = list(Persoon.objects.values("achternaam").annotate(n=Count("id")).order_by("-n")
                       .values_list("achternaam", flat=True)[:20])
    soorten = [(Rol.PROCESREGISSEUR, "zvh-hollands-midden"), (Rol.PARTNER, "politie"), (Rol.PARTNER, "reclassering")]
    uit = []
    for i in range(aantal):
        rol, org = soorten[i % len(soorten)]
        user, _ = Gebruiker.objects.get_or_create(
            username=f"belasting.{i:02d}",
            defaults={"organisatie": Organisatie.objects.get(code=org), "first_name": "Belasting", "last_name": f"{i:02d}"})
        GebruikerRol.objects.get_or_create(gebruiker=user, rol=rol)
        wachtwoord = secrets.token_urlsafe(16)
        user.set_password(wachtwoord)  # argon2, as in production: the login costs what it costs
        user.save(update_fields=["password"])
        TOTPDevice.objects.filter(user=user).delete()
        apparaat = TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)
        casussen = list(Casus.objects.for_user(user).order_by("-pk").values_list("pk", flat=True)[:30])
        uit.append({"username": user.username, "password": wachtwoord, "totp": apparaat.key, "casussen": casussen,
                    "achternamen": achternamen, "pk": user.pk})
    return uit


def opnieuw_inlogbaar(gebruikers: list[dict]) -> None:
    """A TOTP code is accepted once: the next round logs the same accounts in again, maybe within the
    same 30 seconds. Also forget the lockout counters of earlier rounds."""
    from axes.models import AccessAttempt
    from django_otp.plugins.otp_totp.models import TOTPDevice

    pks = [g["pk"] for g in gebruikers]
    TOTPDevice.objects.filter(user_id__in=pks).update(last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None)
    AccessAttempt.objects.filter(username__in=[g["username"] for g in gebruikers]).delete()


def lees_csv(prefix: str) -> list[dict]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def na_inlogpiek(bestand: Path) -> tuple[int, float | None, float | None]:
    """The requests after the last user finished logging in (the end of the login wave: every user's
    password hash, argon2 at ~240 ms processor time, in the first seconds): how many, and their median
    and p95 in ms."""
    rijen = [r.split("\t") for r in bestand.read_text(encoding="utf-8").splitlines() if r]
    inlogs = [float(t) for t, naam, *_ in rijen if naam == "inloggen: code"]
    if not inlogs:
        return 0, None, None
    na = sorted(float(ms) for t, naam, ms, _ in rijen if float(t) > max(inlogs))
    if not na:
        return 0, None, None
    return len(na), na[len(na) // 2], na[max(0, round(0.95 * len(na)) - 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description="Belastingtest met locust tegen gunicorn op loopback.")
    parser.add_argument("--gebruikers", type=int, nargs="+", default=[10, 25, 50])
    parser.add_argument("--duur", type=int, default=60, help="seconden per ronde (inclusief het opstarten van de gebruikers)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--aankomst", type=float, default=5,
                        help="nieuwe gebruikers per seconde: elk logt in met wachtwoord (argon2, ~240 ms CPU) en code")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("Zet DATABASE_URL op de PostgreSQL-database van bench/run.py.")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "bench"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "alleen-voor-de-benchmark-" + "s" * 30)
    os.environ.setdefault("SCHAKEL_LOG_KEY", "alleen-voor-de-benchmark-" + "x" * 32)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from schakel.meldingen.models import Melding
    from schakel.privacy import keten, ketenaar
    from schakel.privacy.models import Toegangslog
    from twee_nodes import Nodes, omgeving

    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    if not Melding.objects.exists():
        raise SystemExit("De database is leeg: vul haar eerst met bench/run.py.")
    gebruikers = accounts(max(args.gebruikers))
    bestand = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8")
    json.dump(gebruikers, bestand)
    bestand.close()
    d = connection.settings_dict
    conninfo = " ".join(f"{k}={v}" for k, v in (("host", d["HOST"]), ("port", d["PORT"]), ("dbname", d["NAME"]),
                                                 ("user", d["USER"]), ("password", d["PASSWORD"])) if v)
    print(f"Database: {d['NAME']}, {Melding.objects.count()} meldingen; gunicorn met {args.workers} sync workers; "
          f"{len(gebruikers)} accounts (procesregisseur, politie, reclassering)")
    voor_log = Toegangslog.objects.count()
    rondes = []
    with tempfile.TemporaryDirectory() as var_dir:
        # Plain http on loopback, as behind the TLS proxy: no redirect, cookies without the Secure flag.
        env = omgeving(url, Path(var_dir), settings.SECRET_KEY, settings.SCHAKEL_LOG_KEYS[0],
                       ALLOWED_HOSTS=f"{HOST},127.0.0.1", SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0",
                       SCHAKEL_LOG_KETENEN_NA_COMMIT="0", LOG_VERZOEKEN="WARNING")
        with Nodes(env, workers=args.workers, aantal=1) as nodes:
            for aantal in args.gebruikers:
                opnieuw_inlogbaar(gebruikers)
                prefix = str(Path(var_dir) / f"ronde{aantal}")
                slot = Slotwachten(conninfo)
                belasting_voor = os.getloadavg()[0]
                slot.start()
                locustlog = Path(var_dir) / f"locust{aantal}.log"
                subprocess.run(
                    [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locust_schakel.py"), "--headless",
                     "-u", str(aantal), "-r", str(args.aankomst), "-t", f"{args.duur}s", "--stop-timeout", "10",
                     "--host", f"http://127.0.0.1:{nodes.poorten[0]}", "--csv", prefix, "--only-summary", "--loglevel", "ERROR"],
                    env={**os.environ, "SCHAKEL_BELASTING_GEBRUIKERS": bestand.name,
                         "SCHAKEL_BELASTING_VERZOEKEN": f"{prefix}_verzoeken.tsv"}, check=False,
                    stdout=subprocess.DEVNULL, stderr=locustlog.open("w"), timeout=args.duur + 120)
                slot.stop.set()
                slot.join()
                if not Path(f"{prefix}_stats.csv").exists():
                    raise SystemExit("locust schreef geen resultaten:\n" + locustlog.read_text()[-3000:])
                rondes.append((aantal, lees_csv(prefix), slot, belasting_voor, os.getloadavg()[0],
                               na_inlogpiek(Path(f"{prefix}_verzoeken.tsv"))))
                with open(f"{prefix}_failures.csv", encoding="utf-8") as f:
                    for fout in list(csv.DictReader(f))[:10]:
                        print(f"  {aantal} gebruikers, fout: {fout['Name']}: {fout['Error']} ({fout['Occurrences']}×)")
            time.sleep(2)
        ketenaar.ketenen_alles()
        wachtend = Toegangslog.objects.filter(volgnummer__isnull=True).count()
        controle = keten.verifieer_alles(map_=Path(var_dir) / "geen")
    os.unlink(bestand.name)

    print()
    print(f"Per ronde {args.duur} s, {args.aankomst:g} nieuwe gebruikers per seconde, 1–3 s denktijd per pagina. Tijden in ms.")
    print("Na de inloggolf: alleen de verzoeken die eindigden nadat de laatste gebruiker zijn tweede stap had gedaan.")
    print()
    print("| Gebruikers | Verzoeken | Fouten | Verzoeken/s | Mediaan | p95 | p99 | Max | Na de inloggolf: verzoeken, "
          "mediaan, p95 | Slotwacht (monsters) | Slotwacht op het log | Belasting voor/na |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    goed = True
    for aantal, rijen, slot, voor, na, (n_na, mediaan_na, p95_na) in rondes:
        totaal = next(r for r in rijen if r["Name"] == "Aggregated")
        fouten = int(totaal["Failure Count"])
        goed &= fouten == 0 and slot.op_log == 0 and int(totaal["Request Count"]) > 0
        print(f"| {aantal} | {totaal['Request Count']} | {fouten} | {float(totaal['Requests/s']):.1f} | {totaal['50%']} | "
              f"{totaal['95%']} | {totaal['99%']} | {float(totaal['Max Response Time']):.0f} | "
              f"{n_na}, {mediaan_na or 0:.0f}, {p95_na or 0:.0f} | {slot.met_slot} van {slot.monsters} | {slot.op_log} | {voor:.2f} / {na:.2f} |")
    print()
    print("Per pagina (p95 in ms) per ronde:")
    namen = [r["Name"] for r in rondes[-1][1] if r["Name"] != "Aggregated"]
    print("| Pagina | " + " | ".join(f"{a} gebruikers" for a, *_ in rondes) + " |")
    print("|---|" + "---:|" * len(rondes))
    for naam in namen:
        cellen = []
        for _, rijen, *_ in rondes:
            rij = next((r for r in rijen if r["Name"] == naam), None)
            cellen.append(f"{rij['95%']} ({rij['Request Count']})" if rij else "—")
        print(f"| {naam} | " + " | ".join(cellen) + " |")
    print()
    print(f"Toegangslogregels erbij: {Toegangslog.objects.count() - voor_log}; ongeketend na afloop: {wachtend}")
    print(controle.melding)
    if nodes.fouten:
        goed = False
        print("Fouten in de serverlog:\n" + "\n".join(nodes.fouten[:20]))
    goed &= controle.intact and wachtend == 0
    print("GOED" if goed else "FOUT")
    return 0 if goed else 1


if __name__ == "__main__":
    sys.exit(main())
