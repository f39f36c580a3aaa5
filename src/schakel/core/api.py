from rest_framework.authentication import SessionAuthentication


class VerifiedSessionAuthentication(SessionAuthentication):
    """A browser session counts for the API only after the second factor, like every page.
    Token authentication (for partner systems) is issued per system by the functioneel beheerder."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user = getattr(request._request, "user", None)
        if user is None or not user.is_verified():
            return None
        return result
