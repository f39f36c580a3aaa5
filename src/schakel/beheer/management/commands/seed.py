from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from schakel.beheer.referentie import laad_referentiedata


class Command(BaseCommand):
    help = (
        "Vult de database: --reference voor de referentiedata (gemeenten, partners, thema's, besluiten), "
        "--demo voor twee jaar demonstratiegegevens met demo-gebruikers (alleen met DEBUG aan), "
        "--meldingen N --persons M voor grote synthetische data voor de benchmark."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reference", action="store_true", help="Alleen referentiedata laden (idempotent).")
        parser.add_argument(
            "--demo", action="store_true",
            help="Referentiedata plus demonstratiegegevens en demo-gebruikers; doet niets als die er al zijn.",
        )
        parser.add_argument("--meldingen", type=int, metavar="N", help="Aantal synthetische meldingen (benchmark).")
        parser.add_argument(
            "--persons", "--personen", dest="persons", type=int, metavar="M",
            help="Aantal synthetische personen bij --meldingen (standaard 30%% van N).",
        )

    def handle(self, *args, reference=False, demo=False, meldingen=None, persons=None, **options):
        if not (reference or demo or meldingen is not None or persons is not None):
            raise CommandError("Geef aan wat er geladen moet worden: --reference, --demo of --meldingen N --persons M.")
        if persons is not None and meldingen is None:
            raise CommandError("--persons hoort bij --meldingen: geef ook het aantal meldingen op.")
        if meldingen is not None and meldingen < 0 or persons is not None and persons < 0:
            raise CommandError("Aantallen mogen niet negatief zijn.")
        # Refused before anything is written: demo users with a published password must never
        # reach a production database.
        if demo and not settings.DEBUG:
            raise CommandError(
                "Demogegevens en demo-gebruikers worden alleen aangemaakt met DEBUG aan (bijvoorbeeld DEBUG=1 "
                "schakel seed --demo). Deze omgeving draait zonder DEBUG; er is niets geschreven."
            )

        laad_referentiedata()
        self.stdout.write("Referentiedata geladen (gemeenten, partners, overlegtypen, thema's, besluitopties).")

        if demo:
            self._demo()
        if meldingen is not None:
            from schakel.beheer.bulk import bouw_bulk

            personen = persons if persons is not None else max(1, meldingen * 3 // 10)
            self.stdout.write(f"Synthetische data: {meldingen} meldingen, {personen} personen ...")
            resultaat = bouw_bulk(meldingen=meldingen, personen=personen, log=self.stdout.write)
            self.stdout.write(self.style.SUCCESS(
                f"Klaar in {resultaat['seconden']} s: {resultaat['meldingen']} meldingen, {resultaat['personen']} personen, "
                f"{resultaat['koppelingen']} koppelingen melding-persoon, {resultaat['casussen']} casussen, "
                f"{resultaat['betrokkenheden']} betrokkenheden."
            ))

    def _demo(self):
        from schakel.beheer.demo import DEMO_GEBRUIKERS, bouw_demo

        resultaat = bouw_demo()
        if resultaat is None:
            self.stdout.write(self.style.WARNING(
                "Demogegevens zijn al aanwezig (gebruiker ic.demo bestaat); er is niets toegevoegd."
            ))
        else:
            self.stdout.write(self.style.SUCCESS(f"Demogegevens aangemaakt in {resultaat.pop('seconden')} s:"))
            for naam, aantal in resultaat.items():
                self.stdout.write(f"  {naam:<28} {aantal:>6}")
        self.stdout.write("")
        self.stdout.write("Demo-inloggegevens:")
        self.stdout.write(f"  {'gebruikersnaam':<24} rol")
        for gebruiker in DEMO_GEBRUIKERS:
            self.stdout.write(f"  {gebruiker.gebruikersnaam:<24} {gebruiker.rol.label}")
        self.stdout.write(f"Wachtwoord voor alle demo-gebruikers: {settings.SCHAKEL_DEMO_PASSWORD}")
