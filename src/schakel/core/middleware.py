from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

# Paths reachable without a session: the login page itself, static files and the language switch.
# The API authenticates itself (session or token) and answers 401/403, never a redirect to a form.
PUBLIC_PREFIXES = ("/inloggen/", "/static/", "/i18n/", "/api/")
# Reachable with a password but before the second factor: the two-step screens and logging out.
UNVERIFIED_PREFIXES = ("/inloggen/", "/uitloggen/", "/static/", "/i18n/", "/api/")


class LoginRequiredMiddleware:
    """Every page holds or leads to personal data, so nothing is public unless listed above, and
    nothing beyond the login screens is reachable before the second factor (TOTP)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.user.is_authenticated:
            if not request.path.startswith(PUBLIC_PREFIXES):
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        elif not request.user.is_verified() and not request.path.startswith(UNVERIFIED_PREFIXES):
            return redirect(f"{reverse('tweede_stap')}?{urlencode({'next': request.get_full_path()})}")
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


class NietBewarenMiddleware:
    """Nearly every page holds personal data; a browser or proxy must not keep a copy (a shared
    workstation's back button or disk cache would show the last user's case). So every response
    Schakel itself makes says `Cache-Control: no-store`; static files are served before this."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
