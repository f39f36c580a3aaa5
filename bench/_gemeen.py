"""What the import benchmarks (historie.py, mutaties.py) share: Django on a scratch database, and one
way to time a command and print it with the machine's load (two cores are shared, so a number without
the load says little).

Imported by the scripts as `_gemeen` (the script's own folder is first on sys.path); importing it sets
up sys.path and the environment for `django.setup()`."""
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.settings")
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "alleen-voor-de-benchmark")
os.environ.setdefault("SCHAKEL_LOG_KEY", "alleen-voor-de-benchmark-" + "x" * 32)


def belasting() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def django_op_scratch(sqlite_naam: str) -> None:
    """Django on DATABASE_URL, or else on a new SQLite file var/<sqlite_naam>; migrated."""
    if not os.environ.get("DATABASE_URL"):
        scratch = ROOT / "var" / sqlite_naam
        scratch.parent.mkdir(exist_ok=True)
        scratch.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{scratch}"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    print(f"Database: {connection.vendor} {connection.settings_dict['NAME']}; {os.cpu_count()} cores")
    call_command("migrate", verbosity=0, interactive=False)


def meet_commando(ronde: str, rijen: int, *commando: str) -> float:
    """Run a management command and print its wall-clock time, rows per second, the process's own CPU
    time (on a shared machine the difference is mostly waiting for a core, and for PostgreSQL, which
    runs in its own processes) and the load before and after. Returns the seconds."""
    from django.core.management import call_command

    voor = belasting()
    start, cpu = time.perf_counter(), time.process_time()
    call_command(*commando)
    duur, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"{ronde}: {rijen} rijen in {duur:.1f} s = {rijen / duur:,.0f} rijen/s "
          f"(processortijd van het commando zelf {cpu:.1f} s); belasting (1/5/15 min) voor {voor}, na {belasting()}")
    return duur
