from django.shortcuts import render

from . import vandaag


def start(request):
    """The "Vandaag" page: per role the work waiting, each count a link to exactly those rows."""
    return render(request, "start.html", {"blokken": vandaag.blokken(request.user)})
