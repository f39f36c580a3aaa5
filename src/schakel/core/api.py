from django.utils import timezone
from rest_framework import exceptions, permissions
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header


class VerifiedSessionAuthentication(SessionAuthentication):
    """A browser session counts for the API only after the second factor, like every page."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user = getattr(request._request, "user", None)
        if user is None or not user.is_verified():
            return None
        return result


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Token <token>` for partner systems. The token is looked up by its hash (only
    the hash is stored), must not be expired or revoked, and every use is recorded (which token,
    whose, when, which endpoint; never the token itself)."""

    keyword = "Token"
    ONGELDIG = "Dit token is ongeldig, verlopen of ingetrokken."

    def authenticate(self, request):
        delen = get_authorization_header(request).split()
        if not delen or delen[0].lower() != self.keyword.lower().encode():
            return None
        if len(delen) != 2:
            raise exceptions.AuthenticationFailed("Geef het token zo mee: 'Authorization: Token <token>'.")
        try:
            sleutel = delen[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(self.ONGELDIG)
        from schakel.gebruikers.models import ApiToken
        from schakel.gebruikers.services import registreer_tokengebruik, token_hash

        token = ApiToken.objects.select_related("gebruiker").filter(sleutel_hash=token_hash(sleutel)).first()
        if token is None or not token.gebruiker.is_active:
            raise exceptions.AuthenticationFailed(self.ONGELDIG)
        # A refused use of a known token is recorded too: it may be a stolen token being tried.
        registreer_tokengebruik(token, request.method, request.path)
        if token.ingetrokken_op is not None or token.verloopt_op <= timezone.now():
            raise exceptions.AuthenticationFailed(self.ONGELDIG)
        return token.gebruiker, token

    def authenticate_header(self, request):
        return self.keyword


class TokenScope(permissions.BasePermission):
    """A token opens only the API areas named in its scopes. A view states its area in `token_scope`;
    a view without one accepts no token at all, so a new endpoint is closed to tokens until someone
    decides otherwise. `token_scope = None` accepts any valid token (the OpenAPI document)."""

    message = "Dit token geeft geen toegang tot dit deel van de API."

    def has_permission(self, request, view):
        from schakel.gebruikers.models import ApiToken

        if not isinstance(request.auth, ApiToken):
            return True
        scope = getattr(view, "token_scope", "")
        return scope is None or (bool(scope) and scope in request.auth.scopes)
