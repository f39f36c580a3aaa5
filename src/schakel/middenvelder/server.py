"""`schakel middenvelder` / `python -m schakel.middenvelder`: run the service or manage its houses.

The server is gunicorn (already Schakel's production server, pinned) with threaded workers and
keep-alive, so a house keeps one connection open and a question is one request on it. Each worker
opens the SQLite store itself after the fork. Measured in bench/middenvelder.py (docs/performance.md)."""
import argparse
import os
import sys

from gunicorn.app.base import BaseApplication

from .app import STANDAARD_MAX_BODY, Middenvelder
from .opslag import Opslag


class _Gunicorn(BaseApplication):
    def __init__(self, db: str, opties: dict, max_body: int):
        self.db, self.opties, self.max_body = db, opties, max_body
        super().__init__()

    def load_config(self):
        for sleutel, waarde in self.opties.items():
            self.cfg.set(sleutel, waarde)

    def load(self):
        return Middenvelder(Opslag(self.db), max_body=self.max_body)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="schakel middenvelder",
        description="De middenvelder: de bekendheidscheck tussen huizen (alleen pseudoniemen en contactpunten).",
    )
    p.add_argument("--db", required=True, help="SQLite-bestand van de middenvelder (wordt aangemaakt als het er niet is).")
    p.add_argument("--bind", help="Adres om op te luisteren, bijv. 127.0.0.1:8400. Zonder --bind en zonder andere opdracht: niets.")
    p.add_argument("--workers", type=int, default=int(os.environ.get("MIDDENVELDER_WORKERS", "2")))
    p.add_argument("--threads", type=int, default=int(os.environ.get("MIDDENVELDER_THREADS", "8")))
    p.add_argument("--max-body", type=int, default=STANDAARD_MAX_BODY, help="Grootste verzoek in bytes.")
    p.add_argument("--huis-toevoegen", metavar="NAAM", help="Registreer een huis; toont eenmalig zijn sleutel.")
    p.add_argument("--contactpunt", help="Contactpunt van het huis (bij --huis-toevoegen), bijv. telefoon en e-mail van het procesteam.")
    p.add_argument("--nieuwe-sleutel", metavar="NAAM", help="Geef een huis een nieuwe sleutel; de oude werkt direct niet meer.")
    p.add_argument("--huizen", action="store_true", help="Toon de geregistreerde huizen en hun aantal pseudoniemen.")
    p.add_argument("--vragen", type=int, metavar="N", help="Toon de laatste N vragen uit het vraaglog.")
    return p


def main(argv: list[str] | None = None, uit=sys.stdout) -> int:
    args = parser().parse_args(argv)
    opslag = Opslag(args.db)
    try:
        if args.huis_toevoegen:
            sleutel = opslag.voeg_huis_toe(args.huis_toevoegen, args.contactpunt or "")
            print(f"Huis '{args.huis_toevoegen}' geregistreerd. Sleutel (alleen nu zichtbaar; zet hem bij het huis "
                  f"in SCHAKEL_MIDDENVELDER_SLEUTEL):\n{sleutel}", file=uit)
            return 0
        if args.nieuwe_sleutel:
            sleutel = opslag.nieuwe_sleutel(args.nieuwe_sleutel)
            print(f"Nieuwe sleutel voor '{args.nieuwe_sleutel}' (de oude werkt niet meer):\n{sleutel}", file=uit)
            return 0
        if args.huizen:
            for naam, contactpunt, aantal in opslag.huizen():
                print(f"{naam}\t{contactpunt}\t{aantal} pseudoniemen", file=uit)
            return 0
        if args.vragen:
            for tijdstip, huis, pseudoniem, antwoorden in opslag.vragen(args.vragen):
                print(f"{tijdstip}\t{huis}\t{pseudoniem}\t{antwoorden} antwoord(en)", file=uit)
            return 0
    except ValueError as e:
        print(f"Fout: {e}", file=sys.stderr)
        return 2
    finally:
        opslag.sluit()
    if not args.bind:
        print("Geef --bind HOST:POORT om de middenvelder te starten, of een beheeropdracht (zie --help).", file=sys.stderr)
        return 2
    _Gunicorn(args.db, {
        "bind": args.bind, "workers": args.workers, "threads": args.threads, "worker_class": "gthread",
        # Houses keep their connection: a question is then one round trip, no TCP or thread setup.
        "keepalive": 75, "timeout": 60, "graceful_timeout": 10, "accesslog": None, "errorlog": "-",
        "loglevel": os.environ.get("MIDDENVELDER_LOGLEVEL", "warning"), "proc_name": "middenvelder",
        # A big full sync must fit in one request line/body; gunicorn limits only headers.
    }, args.max_body).run()
    return 0
