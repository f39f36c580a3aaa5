import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string

from . import vandaag


def start(request):
    """The "Vandaag" page: per role the work waiting, each count a link to exactly those rows."""
    return render(request, "start.html", {"blokken": vandaag.blokken(request.user)})


def serverfout(request):
    """Django's handler500, called while the exception is still being handled. A database that cannot be
    reached (a restart, a failover) is a temporary 503 with Retry-After that says so, not a programming
    error; each worker reconnects on its next request (CONN_HEALTH_CHECKS), so Schakel itself needs no
    restart. Rendered without a request: no context processor may touch the unreachable database."""
    fout = sys.exc_info()[1]
    if request.path.startswith("/api/"):
        from .api_fouten import probleem_response

        if isinstance(fout, (OperationalError, InterfaceError)):
            response = probleem_response(503, "De database is even niet bereikbaar; probeer het over een halve minuut opnieuw.")
            response["Retry-After"] = "30"
            return response
        return probleem_response(500, "Er ging iets mis in Schakel; de fout is gemeld. Probeer het later opnieuw.")
    if isinstance(fout, (OperationalError, InterfaceError)):
        # "Try again" opens the same address (without its query string) once the database is back.
        response = HttpResponse(render_to_string("503.html", {"opnieuw": request.path}), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(render_to_string("500.html"))
