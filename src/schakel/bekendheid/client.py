"""Talking to the middenvelder: JSON over HTTP with the house's own key, a short timeout, one
keep-alive session per thread. Every failure (down, slow, refused, a strange answer) is one
exception, `Onbereikbaar`, whose text names only the kind of failure: never a pseudonym or a BSN."""
import threading

import requests
from django.conf import settings

_lokaal = threading.local()


class Onbereikbaar(Exception):
    pass


def ingesteld() -> bool:
    return bool(settings.SCHAKEL_MIDDENVELDER_URL)


def _sessie() -> requests.Session:
    sessie = getattr(_lokaal, "sessie", None)
    if sessie is None:
        sessie = _lokaal.sessie = requests.Session()
        sessie.trust_env = False  # no proxy from the environment: pseudonyms go to the middenvelder only
    return sessie


def verstuur(methode: str, pad: str, data: dict, *, timeout: float | None = None) -> dict:
    url = settings.SCHAKEL_MIDDENVELDER_URL.rstrip("/") + pad
    try:
        r = _sessie().request(
            methode, url, json=data, timeout=timeout or settings.SCHAKEL_MIDDENVELDER_TIMEOUT,
            headers={"Authorization": f"Bearer {settings.SCHAKEL_MIDDENVELDER_SLEUTEL}"},
        )
    except requests.RequestException as e:
        raise Onbereikbaar(type(e).__name__) from None
    if r.status_code != 200:
        raise Onbereikbaar(f"HTTP {r.status_code}")
    try:
        antwoord = r.json()
    except ValueError:
        raise Onbereikbaar("geen JSON") from None
    if not isinstance(antwoord, dict):
        raise Onbereikbaar("onverwacht antwoord")
    return antwoord
