"""The committed OpenAPI document (docs/openapi.yaml) is the one the code generates: a route, field or
error answer changed without regenerating the file fails CI."""
from pathlib import Path

from schakel.core.api_schema import openapi_document

BESTAND = Path(__file__).resolve().parent.parent / "docs" / "openapi.yaml"


def test_committed_openapi_document_matches_the_code():
    gegenereerd = openapi_document()
    assert BESTAND.read_text(encoding="utf-8") == gegenereerd, (
        "docs/openapi.yaml wijkt af van de code. Werk het bij met: "
        "DEBUG=1 PYTHONPATH=src python src/schakel/manage.py openapi (of: schakel openapi)"
    )


def test_every_api_route_is_in_the_document():
    import yaml
    from django.urls import get_resolver

    from tests.canary.crawl import api_routes

    paden = set(yaml.safe_load(BESTAND.read_text(encoding="utf-8"))["paths"])
    routes = {r for r in api_routes(get_resolver()) if r != "/api/schema/"}
    assert routes and routes <= paden, routes - paden
