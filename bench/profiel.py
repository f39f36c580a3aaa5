"""Where a page spends its time outside the database: cProfile of one page of bench/run.py.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/schakel_bench .venv/bin/python bench/profiel.py \
        --gebruiker bench.pr --pad /meldingen/ [--aantal 50] [--sorteer tottime]

Uses the users and data bench/run.py made (run that first). Prints the top functions by own time
and by cumulative time over --aantal requests, after a warm-up.
"""
import argparse
import cProfile
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
# The page benchmark's environment (production settings, in-process client, log chained apart) and its
# logged-in client.
from run import ingelogde_client  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description="Profiel van één pagina (cProfile).")
    parser.add_argument("--gebruiker", default="bench.pr")
    parser.add_argument("--pad", default="/meldingen/")
    parser.add_argument("--post", default=None, help="POST met deze q= in plaats van GET.")
    parser.add_argument("--aantal", type=int, default=50)
    parser.add_argument("--regels", type=int, default=40)
    args = parser.parse_args()

    import django

    django.setup()
    from schakel.gebruikers.models import Gebruiker

    client = ingelogde_client(Gebruiker.objects.get(username=args.gebruiker))

    def doe():
        r = client.post(args.pad, {"q": args.post}) if args.post else client.get(args.pad)
        if r.status_code != 200:
            raise SystemExit(f"HTTP {r.status_code}")

    for _ in range(5):
        doe()
    profiel = cProfile.Profile()
    profiel.enable()
    for _ in range(args.aantal):
        doe()
    profiel.disable()
    stats = pstats.Stats(profiel)
    stats.sort_stats("tottime").print_stats(args.regels)
    stats.sort_stats("cumulative").print_stats(args.regels)
    return 0


if __name__ == "__main__":
    sys.exit(main())
