"""`schakel openapi`: write the API's OpenAPI document to docs/openapi.yaml; `--check` only compares
(tests/test_api_openapi.py does the same in CI)."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from schakel.core.api_schema import openapi_document

STANDAARD = Path(settings.BASE_DIR).parent.parent / "docs" / "openapi.yaml"


class Command(BaseCommand):
    help = "Schrijft het OpenAPI-document van de API naar docs/openapi.yaml (met --check: controleert alleen)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(STANDAARD), help="Waarheen (standaard docs/openapi.yaml).")
        parser.add_argument("--check", action="store_true", help="Niets schrijven; fout als het bestand afwijkt.")

    def handle(self, *args, file, check, **options):
        tekst = openapi_document()
        pad = Path(file)
        if check:
            if not pad.exists() or pad.read_text(encoding="utf-8") != tekst:
                raise CommandError(f"{pad} wijkt af van de code; werk het bij met: schakel openapi")
            self.stdout.write(f"{pad} klopt met de code.")
            return
        pad.write_text(tekst, encoding="utf-8")
        self.stdout.write(f"OpenAPI-document geschreven naar {pad}.")
