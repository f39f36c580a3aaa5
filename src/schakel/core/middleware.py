import json

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import LazyObject, empty
from django.utils.http import urlencode

from .validators import ongeldige_invoer

# Paths reachable without a session: the login page itself and static files.
# The API authenticates itself (session or token) and answers 401/403, never a redirect to a form.
# The health endpoint says only ok/fout per part, for the load balancer (core/gezondheid.py).
PUBLIC_PREFIXES = ("/inloggen/", "/static/", "/api/", "/gezond/")
# Reachable with a password but before the second factor: the two-step screens and logging out.
UNVERIFIED_PREFIXES = ("/inloggen/", "/uitloggen/", "/static/", "/api/", "/gezond/")


class LoginRequiredMiddleware:
    """Every page holds or leads to personal data, so nothing is public unless listed above, and
    nothing beyond the login screens is reachable before the second factor (TOTP)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = _uitgepakt(request.user)
        if not request.user.is_authenticated:
            if not request.path.startswith(PUBLIC_PREFIXES):
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        elif not request.user.is_verified() and not request.path.startswith(UNVERIFIED_PREFIXES):
            return redirect(f"{reverse('tweede_stap')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def _uitgepakt(user):
    """The user behind Django's and django-otp's lazy wrappers, looked up now (this middleware asks
    about him anyway): the view, the context processors and the templates then read his attributes
    directly instead of through two proxies each time, a tenth of a millisecond per page."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


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


def _waarden(data):
    """Every leaf value of a parsed JSON body."""
    if isinstance(data, dict):
        for waarde in data.values():
            yield from _waarden(waarde)
    elif isinstance(data, list):
        for waarde in data:
            yield from _waarden(waarde)
    else:
        yield data


class OngeldigeInvoerMiddleware:
    """Input no field can ever accept is refused at the door with a Dutch 400, before a view or
    query sees it: a NUL byte, a number beyond the database's integer range, a date outside
    1900-2999 (core.validators.ongeldige_invoer). So a form or filter someone adds tomorrow cannot
    turn such a value into a 500, and nothing is stored. Forms still validate everything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        fout = self._fout(request)
        if fout:
            if request.path.startswith("/api/") or request.content_type == "application/json":
                from .api_fouten import probleem_response

                return probleem_response(400, fout)
            return render(request, "400.html", {"fout": fout}, status=400)
        return self.get_response(request)

    @staticmethod
    def _fout(request) -> str | None:
        waarden = [w for _, lijst in request.GET.lists() for w in lijst]
        if request.method in ("POST", "PUT", "PATCH"):
            if request.content_type == "application/json":
                try:
                    waarden.extend(_waarden(json.loads(request.body or b"null")))
                except ValueError:
                    pass  # not JSON at all: the API's own parser answers that with a 400
            else:
                waarden.extend(w for _, lijst in request.POST.lists() for w in lijst)
        waarden.extend(request.path.split("/"))
        return next((fout for fout in map(ongeldige_invoer, waarden) if fout), None)
