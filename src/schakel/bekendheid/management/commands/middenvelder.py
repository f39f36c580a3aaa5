"""`schakel middenvelder --bind 127.0.0.1:8400 --db middenvelder.sqlite3`: the middenvelder service.

A thin wrapper around `python -m schakel.middenvelder`; it uses neither the house's database nor its
settings (see schakel/middenvelder/server.py and docs/middenvelder.md)."""
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Start de middenvelder (bekendheidscheck tussen huizen) of beheer zijn huizen; zie --help."

    def run_from_argv(self, argv):
        from schakel.middenvelder.server import main

        sys.exit(main(argv[2:]))
