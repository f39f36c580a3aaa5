"""How the API's two ways in appear in the OpenAPI document. Without these drf-spectacular cannot
describe them, and `schakel check --deploy` (which builds the document) warns about each."""
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema


class ApiTokenSchema(OpenApiAuthenticationExtension):
    target_class = "schakel.core.api.ApiTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Een token van de beheerder, als 'Token <token>'.",
        }


class VerifiedSessionSchema(OpenApiAuthenticationExtension):
    target_class = "schakel.core.api.VerifiedSessionAuthentication"
    name = "sessie"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "Een browsersessie na wachtwoord en tweede stap (TOTP).",
        }


# The problem document (RFC 9457) every error of the API is (core/api_fouten.py).
PROBLEEM = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "Soort probleem, bijvoorbeeld urn:schakel:probleem:ongeldige-invoer."},
        "title": {"type": "string", "description": "Korte Nederlandse titel van de soort probleem."},
        "status": {"type": "integer", "description": "De HTTP-status."},
        "detail": {"type": "string", "description": "Wat er mis is, in het Nederlands."},
        "fouten": {
            "oneOf": [
                {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
                {"type": "array", "items": {"type": "string"}},
            ],
            "description": (
                "Per veld (of 'algemeen') de redenen waarom de invoer is geweigerd; bij een bestand de regels "
                "als 'Regel N: reden'."
            ),
        },
        "aantal_fouten": {"type": "integer", "description": "Bij een bestand: het aantal foute regels."},
    },
}


def problemen(result, generator, request, public):
    """drf-spectacular post-processing hook: every operation documents every problem answer it can
    give, as application/problem+json, so a client (and schemathesis) knows each error's form."""
    from .api_fouten import MEDIATYPE, SOORTEN

    result.setdefault("components", {}).setdefault("schemas", {})["Probleem"] = PROBLEEM
    inhoud = {MEDIATYPE: {"schema": {"$ref": "#/components/schemas/Probleem"}}}
    for pad in result.get("paths", {}).values():
        for methode, operatie in pad.items():
            if methode not in ("get", "post", "put", "patch", "delete"):
                continue
            antwoorden = operatie.setdefault("responses", {})
            for status, (_, titel) in SOORTEN.items():
                if status == 415 and methode == "get":
                    continue
                bestaand = antwoorden.get(str(status), {})
                antwoorden[str(status)] = {"description": bestaand.get("description") or titel, "content": inhoud}
    return result


def openapi_document() -> str:
    """The OpenAPI document as YAML, the same for every run (committed as docs/openapi.yaml)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiYamlRenderer

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return OpenApiYamlRenderer().render(schema, renderer_context={}).decode()


class SchakelAutoSchema(AutoSchema):
    """Operation descriptions come from `extend_schema(description=...)` only: the views' docstrings
    are notes for developers, in English, not text for a partner's developer."""

    def get_description(self):
        return ""
