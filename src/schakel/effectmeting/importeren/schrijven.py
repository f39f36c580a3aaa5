"""Writing a checked file in one transaction: its Bronbestand, then the new rows in bulk (COPY on
PostgreSQL, executemany on SQLite; a million model instances through bulk_create would cost most of
the time), then the open detention periods the file closes."""
from __future__ import annotations

from typing import TextIO

from django.db import connection

from schakel.core.bestanden import BestandFout, voortgangsbalk
from schakel.core.kopie import copy_rijen
from schakel.gebruikers.models import Gebruiker
from schakel.gebruikers.services import systeemaccount
from schakel.privacy.services import log_mutatie

from ..models import Bronbestand, Detentie
from .controleren import Plan

SYSTEEM_GEBRUIKER = "effectmeting.import"
BATCH = 10_000


def systeem_gebruiker() -> Gebruiker:
    """Who the imported files are 'by'."""
    return systeemaccount(SYSTEEM_GEBRUIKER, "Import", "effectmeting")


def schrijf(plan: Plan, voortgang: TextIO | None = None) -> Bronbestand:
    """Runs inside the caller's transaction."""
    if connection.vendor not in ("postgresql", "sqlite"):
        raise BestandFout(f"De import ondersteunt PostgreSQL en SQLite, niet {connection.vendor}.")
    systeem = systeem_gebruiker()
    bron = Bronbestand.objects.create(
        soort=plan.soort.code, bestandsnaam=plan.naam, sha256=plan.sha256, regels=plan.regels, toegevoegd=len(plan.nieuw),
        al_aanwezig=plan.al_aanwezig, onbekende_personen=plan.onbekend, bijgewerkt=len(plan.afsluiten), door=systeem,
    )
    # One change-log row per file: the file is the unit that was added, not each of its rows.
    log_mutatie(systeem, bron, None)

    opts = plan.soort.model._meta
    velden = [opts.get_field(n) for n in (plan.soort.nummer, "persoon", *plan.soort.velden, "bronbestand")]
    rijen = (rij + (bron.pk,) for rij in plan.nieuw)
    with voortgangsbalk(len(plan.nieuw), "Schrijven", voortgang) as balk:
        if connection.vendor == "postgresql":
            copy_rijen(plan.soort.model, [v.column for v in velden], rijen, lambda i: balk.update(BATCH) if i % BATCH == 0 else None)
        else:
            _executemany(plan.soort.model, velden, rijen, balk)
    if plan.afsluiten:
        perioden = [Detentie(pk=pk, einde=einde) for pk, einde in plan.afsluiten]
        Detentie.objects.bulk_update(perioden, ["einde"], batch_size=1_000)
    return bron


def _executemany(model, velden, rijen, balk) -> None:
    q = connection.ops.quote_name
    # SQLite keeps dates as the text Django writes; Python's own date adapter is deprecated.
    omzetten = [connection.ops.adapt_datefield_value if v.get_internal_type() == "DateField" else None for v in velden]
    sql = (f"INSERT INTO {q(model._meta.db_table)} ({', '.join(q(v.column) for v in velden)}) "
           f"VALUES ({', '.join(['%s'] * len(velden))})")
    batch: list[tuple] = []
    with connection.cursor() as cursor:
        for rij in rijen:
            batch.append(tuple(f(w) if f else w for f, w in zip(omzetten, rij)))
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                balk.update(len(batch))
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            balk.update(len(batch))


def ververs_statistieken(model) -> None:
    """After a bulk load PostgreSQL plans with the old row counts until autovacuum comes by (the
    historical import found a report going from seconds to minutes); the effect measurement reads
    these tables right after an import."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
