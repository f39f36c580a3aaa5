from django.core.management.base import BaseCommand, CommandError

from schakel.casussen.zichtbaarheid import herbereken_alles, verschillen


class Command(BaseCommand):
    help = (
        "Controleer of de tabel met zichtbare casussen per organisatie overeenkomt met de regel van het convenant "
        "(--controleer, stopt met code 1 bij een verschil) of bouw haar opnieuw op (--herbereken)."
    )

    def add_arguments(self, parser):
        groep = parser.add_mutually_exclusive_group(required=True)
        groep.add_argument("--controleer", action="store_true", help="Vergelijk de tabel met de regel; code 1 bij een verschil.")
        groep.add_argument("--herbereken", action="store_true", help="Bouw de tabel opnieuw op uit de regel.")

    def handle(self, *args, controleer=False, herbereken=False, **options):
        if herbereken:
            self.stdout.write(f"{herbereken_alles()} regels geschreven.")
            return
        gevonden = verschillen()
        for organisatie, ontbreekt, teveel in gevonden:
            # Only counts and case numbers: no names of persons.
            self.stdout.write(
                f"{organisatie}: {len(ontbreekt)} casussen ontbreken in de tabel, {len(teveel)} staan er ten onrechte in "
                f"(bijvoorbeeld {', '.join(f'C-{c:07d}' for c in sorted(ontbreekt | teveel)[:5])})."
            )
        if gevonden:
            raise CommandError("De tabel met zichtbare casussen wijkt af van de regel; herstel met --herbereken.", returncode=1)
        self.stdout.write("De tabel met zichtbare casussen klopt met de regel.")
