"""How the API's two ways in appear in the OpenAPI document. Without these drf-spectacular cannot
describe them, and `schakel check --deploy` (which builds the document) warns about each."""
from drf_spectacular.extensions import OpenApiAuthenticationExtension


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
