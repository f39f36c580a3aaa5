"""Locust users for bench/belasting.py: a procesregisseur or a partner professional who logs in for real
(password, then the TOTP code of his authenticator, computed here from the device's key) and then
works through the pages of a normal day. Not run on its own: bench/belasting.py creates the accounts,
writes them to the file in SCHAKEL_BELASTING_GEBRUIKERS and starts locust against gunicorn on loopback."""
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time

from locust import HttpUser, between, events, task

GEBRUIKERS = json.loads(open(os.environ["SCHAKEL_BELASTING_GEBRUIKERS"], encoding="utf-8").read())
# Every request's end time, page and duration, for bench/belasting.py to split the round into the login
# wave and the time after it.
_VERZOEKEN = open(os.environ["SCHAKEL_BELASTING_VERZOEKEN"], "a", encoding="utf-8", buffering=1) if os.environ.get(
    "SCHAKEL_BELASTING_VERZOEKEN") else None


@events.request.add_listener
def _bewaar(request_type, name, response_time, response_length, exception, **kwargs):
    if _VERZOEKEN is not None:
        _VERZOEKEN.write(f"{time.time():.3f}\t{name}\t{response_time:.1f}\t{int(exception is not None)}\n")
_volgende = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def totp(sleutel_hex: str, tijd: float | None = None) -> str:
    """RFC 6238 as django-otp's TOTPDevice checks it: HMAC-SHA1, 30 s steps from 0, 6 digits."""
    teller = int((time.time() if tijd is None else tijd) // 30)
    digest = hmac.new(bytes.fromhex(sleutel_hex), struct.pack(">Q", teller), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


class Medewerker(HttpUser):
    # A professional reads a page, then clicks on: one to three seconds between pages.
    wait_time = between(1, 3)

    def on_start(self):
        self.gebruiker = GEBRUIKERS[next(_volgende) % len(GEBRUIKERS)]
        self.inloggen()

    def _csrf(self, pad: str, naam: str) -> str:
        with self.client.get(pad, name=naam, catch_response=True) as r:
            gevonden = CSRF.search(r.text)
            if r.status_code != 200 or not gevonden:
                r.failure(f"geen formulier op {naam} (HTTP {r.status_code})")
                raise RuntimeError(naam)
            return gevonden.group(1)

    def inloggen(self):
        token = self._csrf("/inloggen/", "inloggen: formulier")
        with self.client.post("/inloggen/", name="inloggen: wachtwoord", allow_redirects=False, catch_response=True,
                              data={"csrfmiddlewaretoken": token, "username": self.gebruiker["username"],
                                    "password": self.gebruiker["password"]}) as r:
            # Accepted: a redirect onwards (to the second step, directly or through the start page).
            if r.status_code != 302 or r.headers.get("Location", "").startswith("/inloggen/?"):
                r.failure(f"wachtwoord niet aanvaard (HTTP {r.status_code})")
                return
        token = self._csrf("/inloggen/tweede-stap/", "inloggen: tweede stap")
        with self.client.post("/inloggen/tweede-stap/", name="inloggen: code", allow_redirects=False, catch_response=True,
                              data={"csrfmiddlewaretoken": token, "code": totp(self.gebruiker["totp"])}) as r:
            if r.status_code != 302:
                r.failure(f"code niet aanvaard (HTTP {r.status_code})")

    def _pagina(self, pad: str, naam: str):
        with self.client.get(pad, name=naam, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")

    @task(3)
    def startpagina(self):  # not "start": that is locust's own method
        self._pagina("/", "startpagina")

    @task(4)
    def meldingen(self):
        self._pagina(f"/meldingen/?pagina={random.randint(1, 3)}", "meldingenlijst")

    @task(3)
    def casussen(self):
        self._pagina("/casussen/", "casussenlijst")

    @task(4)
    def casus(self):
        if self.gebruiker["casussen"]:
            self._pagina(f"/casussen/{random.choice(self.gebruiker['casussen'])}/", "casuspagina")

    @task(1)
    def zoeken(self):
        token = self._csrf("/personen/zoeken/", "persoon zoeken: formulier")
        with self.client.post("/personen/zoeken/", name="persoon zoeken", catch_response=True,
                              data={"csrfmiddlewaretoken": token, "q": random.choice(self.gebruiker["achternamen"])}) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
