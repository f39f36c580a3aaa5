"""Benchmark of `schakel feed politie`: a police feed of 100,000 rows (tests/feed_bouwer.py scaled up:
duplicates within the file, rows of an earlier delivery, known persons by BSN and by name, near misses
for the review queue, unknown persons), delivered twice.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/schakel_bench_feeds .venv/bin/python bench/feeds.py --leegmaken
    .venv/bin/python bench/feeds.py --rijen 100000            # SQLite, a scratch file under var/

Migrates, makes the known persons in bulk (as earlier registrations would have), delivers the earlier
file, then times the command on the big file twice: the first run adds every new row, the second adds
nothing. Prints seconds, rows per second and the machine's load average before and after. The database
must not hold feed records yet; `--leegmaken` first deletes every melding, person and feed delivery
(only point it at a scratch database).
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "alleen-voor-de-benchmark")
os.environ.setdefault("SCHAKEL_LOG_KEY", "alleen-voor-de-benchmark-" + "x" * 32)

RIJEN = 100_000
SQLITE_SCRATCH = ROOT / "var" / "bench_feeds.sqlite3"


def _belasting() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description="Meet het inlezen van een dagelijkse politiefeed.")
    parser.add_argument("--rijen", type=int, default=RIJEN)
    parser.add_argument("--leegmaken", action="store_true", help="Database eerst leegmaken (alleen een scratch-database!).")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        SQLITE_SCRATCH.parent.mkdir(exist_ok=True)
        SQLITE_SCRATCH.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{SQLITE_SCRATCH}"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from schakel.beheer.referentie import laad_referentiedata
    from schakel.gemeenten.models import Gemeente
    from schakel.koppelingen.models import Feedrecord, Koppelvoorstel
    from schakel.meldingen.models import Melding
    from schakel.personen.models import Persoon
    from tests.feed_bouwer import Bouwer

    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}; {os.cpu_count()} cores")
    call_command("migrate", verbosity=0, interactive=False)
    laad_referentiedata()
    if args.leegmaken:
        from schakel.koppelingen.models import Detentiegegevens, Feedlevering

        with connection.cursor() as c:
            # The status histories are append-only (triggers refuse DELETE): a scratch database only.
            tabellen = [m._meta.db_table for m in (Koppelvoorstel, Detentiegegevens, Feedrecord, Feedlevering)]
            tabellen += ["koppelingen_koppelvoorstelstatus", "meldingen_meldingstatus", "meldingen_meldingpersoon"]
            if connection.vendor == "postgresql":
                c.execute("TRUNCATE " + ", ".join(tabellen) + ", meldingen_melding, personen_persoon CASCADE")
    if Feedrecord.objects.exists():
        print("Deze database bevat al feedrecords; gebruik een lege scratch-database of --leegmaken.", file=sys.stderr)
        return 2

    start = time.perf_counter()
    bouwer = Bouwer(args.rijen, prefix="BENCH")
    bouwer.maak_bekenden(Gemeente.objects.get(code="leiden").pk)
    print(f"Bekende personen: {len(bouwer.bekenden)} in {time.perf_counter() - start:.1f} s")
    with tempfile.TemporaryDirectory() as map_:
        eerder, pad = Path(map_) / "eerder.csv", Path(map_) / "politie.csv"
        bouwer.schrijf(eerder, bouwer.eerdere_rijen)
        bouwer.schrijf(pad)
        call_command("feed", "politie", str(eerder))
        v = bouwer.verwachting
        print(f"Bestand: {args.rijen} rijen ({pad.stat().st_size / 1e6:.1f} MB): {v.per_soort}")
        for ronde in ("eerste levering", "tweede levering, zelfde bestand"):
            voor = _belasting()
            start, cpu = time.perf_counter(), time.process_time()
            call_command("feed", "politie", str(pad))
            duur, cpu = time.perf_counter() - start, time.process_time() - cpu
            print(f"{ronde}: {args.rijen} rijen in {duur:.1f} s = {args.rijen / duur:,.0f} rijen/s "
                  f"(processortijd van het commando zelf {cpu:.1f} s); belasting (1/5/15 min) voor {voor}, na {_belasting()}")
    # At this size persons share birth dates (tests/feed_bouwer.py), so the plan is approximate here.
    print(f"meldingen: {Melding.objects.count()}, personen: {Persoon.objects.count()}, "
          f"open koppelvoorstellen: {Koppelvoorstel.objects.open().count()} (plan {v.ter_beoordeling})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
