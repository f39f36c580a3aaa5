"""The health endpoint for the load balancer: is this web node able to serve?

It answers without a session, so it says nothing beyond "ok" or "fout" per part: no version, no
counts, no error text (those go to the server log, which holds no personal data either). A load
balancer takes a node out of rotation on the 503."""
import logging

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 gaf geen 1")


def _takenwachtrij() -> None:
    """The django-q2 broker is reachable: Redis answers a ping, the ORM broker's table is readable.
    (Whether a worker runs is the worker's own supervisor's business, not a web node's.)"""
    from django_q.brokers import get_broker

    broker = get_broker()
    if broker.ping() is False:
        raise RuntimeError("de broker antwoordt niet")
    broker.queue_size()


def _logketen() -> None:
    """The head of the access log's chain can be read. A log with rows but no head means the head
    was removed: every next page view would then start a new chain, so the node must not serve."""
    from schakel.privacy.models import Logketen, Toegangslog

    kop = Logketen.objects.filter(naam=Logketen.TOEGANGSLOG).values_list("laatste_volgnummer", flat=True).first()
    # Rows still waiting to be chained (privacy.ketenaar) need no head yet; chained rows do.
    if kop is None and Toegangslog.objects.filter(volgnummer__isnull=False).exists():
        raise RuntimeError("de kop van de keten van het toegangslog ontbreekt")


ONDERDELEN = {"database": _database, "takenwachtrij": _takenwachtrij, "logketen": _logketen}


def controleer() -> dict[str, str]:
    """'ok' or 'fout' per part. The later parts need the database too, so when it is down they
    report fout as well; each part is tried on its own so the answer says which ones work."""
    uitkomst = {}
    for naam, controle in ONDERDELEN.items():
        try:
            controle()
        except Exception as e:  # any failure of a part is that part's 'fout', never a 500
            logger.warning("gezondheidscontrole %s: fout (%s)", naam, type(e).__name__)
            uitkomst[naam] = "fout"
        else:
            uitkomst[naam] = "ok"
    return uitkomst


@require_safe
def gezond(request):
    onderdelen = controleer()
    goed = all(w == "ok" for w in onderdelen.values())
    return JsonResponse({"status": "ok" if goed else "fout", "onderdelen": onderdelen}, status=200 if goed else 503)
