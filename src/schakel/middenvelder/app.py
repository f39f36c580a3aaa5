"""The middenvelder's HTTP interface: a plain WSGI application (JSON in, JSON out).

    GET  /v1/gezond          no key; {"status": "ok"} when the store answers
    PUT  /v1/pseudoniemen    {"pseudoniemen": [...]}: the house's whole set (full sync, idempotent)
    POST /v1/wijzigingen     {"publiceer": [...], "intrekken": [...]}: a delta (a case opened or closed)
    POST /v1/vraag           {"pseudoniem": "..."} → {"bekend_bij": [{"huis": ..., "contactpunt": ...}]}

Every call but the health check carries `Authorization: Bearer <huissleutel>`; an unknown key is 401.
A pseudonym is exactly 64 lowercase hexadecimal characters (HMAC-SHA256), so a BSN, a name or
anything else a house might send by mistake is refused, not stored. Bad input is a 400 with a Dutch
message; nothing is changed. The asking house never appears in its own answer."""
import json
import logging

from .opslag import PSEUDONIEM, Huis, Opslag

logger = logging.getLogger("schakel.middenvelder")

STANDAARD_MAX_BODY = 64 * 1024 * 1024  # a full sync of ~950,000 pseudonyms


class Fout(Exception):
    def __init__(self, status: str, boodschap: str):
        super().__init__(boodschap)
        self.status, self.boodschap = status, boodschap


def _json(start_response, status: str, data: dict, extra=()):
    body = json.dumps(data, ensure_ascii=False).encode()
    start_response(status, [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body))),
                            ("Cache-Control", "no-store"), *extra])
    return [body]


def _pseudoniemen(data: dict, veld: str, verplicht: bool = True) -> set[str]:
    if veld not in data:
        if verplicht:
            raise Fout("400 Bad Request", f"Het veld '{veld}' ontbreekt.")
        return set()
    waarde = data[veld]
    if not isinstance(waarde, list):
        raise Fout("400 Bad Request", f"'{veld}' moet een lijst van pseudoniemen zijn.")
    for i, p in enumerate(waarde, start=1):
        if not isinstance(p, str) or not PSEUDONIEM.match(p):
            raise Fout("400 Bad Request", f"'{veld}', nummer {i}: geen pseudoniem (verwacht 64 hexadecimale tekens, kleine letters).")
    return set(waarde)


class Middenvelder:
    def __init__(self, opslag: Opslag, max_body: int = STANDAARD_MAX_BODY):
        self.opslag = opslag
        self.max_body = max_body
        self.routes = {
            ("GET", "/v1/gezond"): self.gezond,
            ("PUT", "/v1/pseudoniemen"): self.vervang,
            ("POST", "/v1/wijzigingen"): self.wijzig,
            ("POST", "/v1/vraag"): self.vraag,
        }

    def __call__(self, environ, start_response):
        methode, pad = environ.get("REQUEST_METHOD", "GET"), environ.get("PATH_INFO", "")
        try:
            route = self.routes.get((methode, pad))
            if route is None:
                if any(p == pad for _, p in self.routes):
                    toegestaan = ", ".join(m for m, p in self.routes if p == pad)
                    return _json(start_response, "405 Method Not Allowed",
                                 {"fout": f"Deze methode is hier niet toegestaan; gebruik {toegestaan}."}, [("Allow", toegestaan)])
                raise Fout("404 Not Found", "Onbekend adres.")
            if route == self.gezond:
                return _json(start_response, "200 OK", self.gezond())
            huis = self._huis(environ)
            return _json(start_response, "200 OK", route(huis, self._lees(environ)))
        except Fout as f:
            extra = [("WWW-Authenticate", 'Bearer realm="middenvelder"')] if f.status.startswith("401") else []
            return _json(start_response, f.status, {"fout": f.boodschap}, extra)
        except Exception:
            # Never a traceback (or anything from the request) to the caller; the server log gets the type.
            logger.exception("middenvelder: onverwachte fout bij %s %s", methode, pad)
            return _json(start_response, "500 Internal Server Error", {"fout": "Interne fout in de middenvelder."})

    def _huis(self, environ) -> Huis:
        kop = environ.get("HTTP_AUTHORIZATION", "")
        soort, _, sleutel = kop.partition(" ")
        huis = self.opslag.huis_voor_sleutel(sleutel.strip()) if soort == "Bearer" and sleutel.strip() else None
        if huis is None:
            raise Fout("401 Unauthorized", "Onbekende of ontbrekende huissleutel.")
        return huis

    def _lees(self, environ) -> dict:
        try:
            lengte = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise Fout("400 Bad Request", "Ongeldige Content-Length.") from None
        if lengte > self.max_body:
            raise Fout("413 Request Entity Too Large", f"Het verzoek is te groot (hoogstens {self.max_body} bytes).")
        ruw = environ["wsgi.input"].read(lengte) if lengte else b""
        try:
            data = json.loads(ruw)
        except (ValueError, UnicodeDecodeError):
            raise Fout("400 Bad Request", "Het verzoek is geen geldige JSON.") from None
        if not isinstance(data, dict):
            raise Fout("400 Bad Request", "Het verzoek moet een JSON-object zijn.")
        return data

    def gezond(self) -> dict:
        self.opslag.huis_voor_sleutel("-")  # reads the store
        return {"status": "ok"}

    def vervang(self, huis: Huis, data: dict) -> dict:
        erbij, eraf = self.opslag.vervang(huis, _pseudoniemen(data, "pseudoniemen"))
        return {"toegevoegd": erbij, "ingetrokken": eraf}

    def wijzig(self, huis: Huis, data: dict) -> dict:
        publiceer = _pseudoniemen(data, "publiceer", verplicht=False)
        intrekken = _pseudoniemen(data, "intrekken", verplicht=False)
        if publiceer & intrekken:
            raise Fout("400 Bad Request", "Een pseudoniem staat zowel bij 'publiceer' als bij 'intrekken'.")
        erbij, eraf = self.opslag.wijzig(huis, publiceer, intrekken)
        return {"toegevoegd": erbij, "ingetrokken": eraf}

    def vraag(self, huis: Huis, data: dict) -> dict:
        p = data.get("pseudoniem")
        if not isinstance(p, str) or not PSEUDONIEM.match(p):
            raise Fout("400 Bad Request", "Geef één pseudoniem: 64 hexadecimale tekens, kleine letters.")
        return {"bekend_bij": self.opslag.vraag(huis, p)}
