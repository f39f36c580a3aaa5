"""Django's `flush`, able to empty the append-only tables in the demo and the tests only.

The test runner empties the database with `flush` after every transactional test (TRUNCATE on
PostgreSQL, DELETE on SQLite), which the append-only triggers refuse. Here the triggers are lifted
inside the flush's own transaction and are back when it commits; outside DEBUG and the test suite
`flush` refuses, because it would wipe the access log."""
import os

from django.conf import settings
from django.core.management.base import CommandError
from django.core.management.commands import flush
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from schakel.core import append_only
from schakel.privacy import keten


class Command(flush.Command):
    def handle(self, **options):
        if not (settings.DEBUG or _testing()):
            raise CommandError("flush wist ook het toegangslog, het mutatielog en de statushistories; dat kan alleen in de demo en de tests.")
        database = options.get("database") or DEFAULT_DB_ALIAS
        connection = connections[database]
        bestaand = set(connection.introspection.table_names())
        tabellen = [m._meta.db_table for m in keten.geketende_modellen() if m._meta.db_table in bestaand]
        postgres = connection.vendor == "postgresql"
        with transaction.atomic(using=database):
            if postgres:
                append_only.schakel_truncate_trigger(connection, tabellen, aan=False)
            else:
                append_only.verwijder_triggers(connection, tabellen)
            super().handle(**options)
            if postgres:
                append_only.schakel_truncate_trigger(connection, tabellen, aan=True)
            else:
                append_only.maak_triggers(connection, tabellen)


def _testing() -> bool:
    return os.environ.get("SCHAKEL_TESTING", "").strip().lower() in {"1", "true", "yes", "ja", "on"}
