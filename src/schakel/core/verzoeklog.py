"""Structured server logs without personal data.

The access log in the database records who saw what; the server log is for operations and is read
by people who may not see case data. So a request's log line names the route pattern
(`/casussen/<int:pk>/`), never the query string or body (a search for a name or BSN lives there),
and every message passes a filter that masks anything that looks like a BSN, in case an exception
text (a database constraint error quotes the values) carries one."""
import json
import logging
import re
import time
import uuid
from contextvars import ContextVar

verzoek_id: ContextVar[str] = ContextVar("verzoek_id", default="-")
logger = logging.getLogger("schakel.verzoeken")

# A request id from the reverse proxy is kept so its log and ours can be joined, but only in a shape
# that cannot smuggle text into the log.
_GELDIG_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
# Nine digits standing alone (a BSN, with or without the leading zero written) or written 123.456.789.
_BSN = re.compile(r"(?<!\d)(?:\d{9}|\d{8}|\d{3}\.\d{3}\.\d{3}|\d{4}\.\d{2}\.\d{3})(?!\d)")
_STANDAARDVELDEN = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


def maskeer(tekst: str) -> str:
    return _BSN.sub("[bsn]", tekst)


class GeenPersoonsgegevensFilter(logging.Filter):
    """Masks BSN-like numbers in the message and its arguments, and adds the request id."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = maskeer(record.getMessage())
        record.args = None
        # Django logs a 4xx/5xx after the middleware has finished; its record carries the request.
        record.verzoek_id = getattr(getattr(record, "request", None), "verzoek_id", None) or verzoek_id.get()
        return True


class JsonOpmaak(logging.Formatter):
    """One JSON object per line: what a log collector (Loki, ELK, journald) indexes without parsing."""

    def format(self, record: logging.LogRecord) -> str:
        regel = {
            "tijd": self.formatTime(record, "%Y-%m-%dT%H:%M:%S") + f".{int(record.msecs):03d}Z",
            "niveau": record.levelname,
            "logger": record.name,
            "bericht": maskeer(record.getMessage()),
            "verzoek_id": getattr(record, "verzoek_id", verzoek_id.get()),
        }
        # Extra fields of plain values only: Django adds the request object, whose text form is
        # the full URL with its query.
        for sleutel, waarde in record.__dict__.items():
            if (sleutel not in _STANDAARDVELDEN and sleutel not in regel and not sleutel.startswith("_")
                    and isinstance(waarde, (str, int, float, bool, type(None)))):
                regel[sleutel] = maskeer(waarde) if isinstance(waarde, str) else waarde
        if record.exc_info:
            regel["uitzondering"] = maskeer(self.formatException(record.exc_info))
        return json.dumps(regel, ensure_ascii=False, default=str)


JsonOpmaak.converter = time.gmtime


class VerzoekLogMiddleware:
    """Gives every request an id (X-Request-ID, also on the response) and logs one line per request:
    method, route pattern, status and duration. Not the path with its ids, the query or the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        binnen = request.headers.get("X-Request-ID", "")
        request.verzoek_id = binnen if _GELDIG_ID.match(binnen) else uuid.uuid4().hex
        token = verzoek_id.set(request.verzoek_id)
        begin = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = verzoek_id.get()
            match = getattr(request, "resolver_match", None)
            logger.info(
                "verzoek",
                extra={
                    "methode": request.method,
                    "route": "/" + match.route if match and match.route else "(geen route)",
                    "status": response.status_code,
                    "duur_ms": round((time.perf_counter() - begin) * 1000, 1),
                },
            )
            return response
        finally:
            verzoek_id.reset(token)
