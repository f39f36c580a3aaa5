from django.conf import settings
from django.contrib.auth.views import redirect_to_login

# Paths reachable without a session: the login page itself, static files and the language switch.
# The API authenticates itself (session or token) and answers 401/403, never a redirect to a form.
PUBLIC_PREFIXES = ("/inloggen/", "/static/", "/i18n/", "/api/")


class LoginRequiredMiddleware:
    """Every page holds or leads to personal data, so nothing is public unless listed above."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated and not request.path.startswith(PUBLIC_PREFIXES):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return self.get_response(request)


class DutchUnlessChosenMiddleware:
    """Dutch is the working language; English is a deliberate choice (the language switch sets a
    cookie), not a guess from the browser's Accept-Language. Only the frame is translated, and a
    screen half in English is worse than one wholly in Dutch."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
