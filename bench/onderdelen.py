"""Parts of a page, timed alone: what docs/performance.md quotes beside the page table.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/schakel_bench .venv/bin/python bench/onderdelen.py [--aantal 500]

Uses the users and data of bench/run.py (run that first). Each part alternates with its former form,
best of three batches of --aantal, in one process:
- the user with organisation and roles: the queryset as it was built per request, and laad_gebruiker;
- the TOTP device: the queryset, and the middleware's lookup;
- log_toegang of 57 and of 100 rows, and of 100 rows with the database call left out (its Python);
- log_toegang of 100 rows as a page on PostgreSQL calls it (privacy.logschrijver): the time it takes
  the page's thread, and what is left to wait for after --render ms of rendering;
- the chaining writer: µs per row, processor time of this process and wall clock, over batches of
  5,000 rows written unchained first (as the separate `schakel logketenen` chains them).
The log rows it writes stay in the benchmark database's access log, sealed and chained as any.
"""
import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402,F401  (the page benchmark's environment: production settings, its database)


def beste(functie, aantal: int) -> float:
    """Milliseconds per call, best of three batches after a warm-up."""
    for _ in range(20):
        functie()
    uitslagen = []
    for _ in range(3):
        begin = time.perf_counter()
        for _ in range(aantal):
            functie()
        uitslagen.append((time.perf_counter() - begin) / aantal * 1000)
    return min(uitslagen)


def naast_de_pagina(functie, aantal: int, render_ms: float) -> tuple[float, float]:
    """Medians in ms: the call in a request's scope, and the middleware's wait for its answer after
    the page rendered for render_ms (a sleep: the database works on its own core meanwhile)."""
    from schakel.privacy import logschrijver

    in_thread, wachten = [], []
    for i in range(aantal + 20):
        lopend = []
        token = logschrijver._lopend.set(lopend)
        begin = time.perf_counter()
        functie()
        gestuurd = time.perf_counter()
        logschrijver._lopend.reset(token)
        time.sleep(render_ms / 1000)
        klaar = time.perf_counter()
        fout = logschrijver.wacht(lopend)
        if fout is not None:
            raise fout
        if i >= 20:
            in_thread.append((gestuurd - begin) * 1000)
            wachten.append((time.perf_counter() - klaar) * 1000)
    return statistics.median(in_thread), statistics.median(wachten)


def ketenen_per_regel(schrijf_100, batches: int = 10) -> tuple[float, float]:
    """Microseconds per row: processor time of this process and wall clock for ketenaar.ketenen,
    over `batches` batches of 5,000 rows written unchained first (not timed)."""
    from schakel.privacy import ketenaar
    from schakel.privacy.models import Toegangslog

    ketenaar.ketenen(Toegangslog)  # whatever was waiting, outside the measurement
    cpu = wand = regels = 0.0
    for _ in range(batches):
        for _ in range(50):
            schrijf_100()
        begin_cpu, begin = time.process_time(), time.perf_counter()
        regels += ketenaar.ketenen(Toegangslog).geketend
        cpu += time.process_time() - begin_cpu
        wand += time.perf_counter() - begin
    return cpu / regels * 1e6, wand / regels * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description="Onderdelen van een pagina, los gemeten.")
    parser.add_argument("--aantal", type=int, default=500)
    parser.add_argument("--render", type=float, default=3.0,
                        help="ms die de pagina na log_toegang nog rendert (de meldingenlijst: ongeveer 3)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.db.backends.utils import CursorWrapper
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from schakel.gebruikers.backends import RollenTekst, laad_gebruiker
    from schakel.gebruikers.models import Gebruiker
    from schakel.gebruikers.tweestap_middleware import OTPMiddleware
    from schakel.privacy.services import log_toegang

    regisseur = Gebruiker.objects.get(username="bench.pr")
    user = laad_gebruiker(regisseur.pk)
    device, _ = TOTPDevice.objects.get_or_create(user=regisseur, name="bench", defaults={"confirmed": True})
    middleware = OTPMiddleware(lambda r: None)
    items57 = [(i, [i * 10 + 1] if i % 7 else [i * 10 + 1, i * 10 + 2]) for i in range(1, 51)]
    items100 = [(i, [i * 10 + 1, i * 10 + 2]) for i in range(1, 51)]
    metingen = [
        ("gebruiker, queryset per verzoek", lambda: Gebruiker.objects.select_related("organisatie")
         .annotate(_rollen=RollenTekst()).filter(pk=regisseur.pk, is_active=True).first()),
        ("gebruiker, laad_gebruiker", lambda: laad_gebruiker(regisseur.pk)),
        ("TOTP-apparaat, queryset per verzoek", lambda: TOTPDevice.objects.filter(id=device.pk).first()),
        ("TOTP-apparaat, middleware", lambda: middleware._device_from_persistent_id(device.persistent_id)),
        ("log_toegang, 57 regels", lambda: log_toegang(user, "lijst", "melding", items57, "Meldingenlijst")),
        ("log_toegang, 100 regels", lambda: log_toegang(user, "lijst", "melding", items100, "Meldingenlijst")),
    ]
    print(f"{args.aantal} keer per meting, beste van 3; load (1/5/15 min) bij de start: "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print("| Onderdeel | ms per keer |\n|---|---:|")
    for naam, functie in metingen:
        print(f"| {naam} | {beste(functie, args.aantal):.3f} |")
    with mock.patch.object(CursorWrapper, "execute", lambda self, sql, params=None: None):
        python = beste(lambda: log_toegang(user, "lijst", "melding", items100, "Meldingenlijst"), args.aantal)
    print(f"| log_toegang, 100 regels, zonder de databaseaanroep (alleen Python) | {python:.3f} |")
    if connection.vendor == "postgresql":
        paginathread, wachten = naast_de_pagina(lambda: log_toegang(user, "lijst", "melding", items100, "Meldingenlijst"),
                                                args.aantal, args.render)
        print(f"| log_toegang, 100 regels, naast de pagina: in de paginathread (mediaan) | {paginathread:.3f} |")
        print(f"| log_toegang, 100 regels, naast de pagina: nog te wachten na {args.render:g} ms renderen (mediaan) | {wachten:.3f} |")
    cpu, wand = ketenen_per_regel(lambda: log_toegang(user, "lijst", "melding", items100, "Meldingenlijst"))
    print(f"| ketenen, per regel: processortijd van de ketenaar (µs) | {cpu:.1f} |")
    print(f"| ketenen, per regel: wandklok (µs) | {wand:.1f} |")
    print("load (1/5/15 min) aan het eind: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
