"""The form fuzzer (issue 9): boundary values into every form and list of the app, as every role,
and not one server error.

Nothing here is a hand list of forms. The pages come from the authorisation matrix (whose own test
proves it names every URL of the URLconf); each page is fetched as each role, and every <form> on it
is read from the HTML: its action, method and fields with their options. A form is then sent with
every field set to each boundary value at once, and with Hypothesis mixes in which some fields hold
a plausible value (an offered option, a sane date) and others a boundary value, so a view gets past
validation of the one field and trips over another. Lists are also asked for with boundary query
parameters (`pagina`, dates, ids) and detail pages with ids beyond the database's integer range. So
a form or page another engineer adds is fuzzed without anyone touching this file.

Hypothesis runs derandomized (the same examples in every run, CI is deterministic), without
deadline or example database, and a bounded number of examples per form."""
from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.db import transaction
from django.urls import Resolver404, resolve
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .conftest import TweestapClient
from .matrix import alle_urls
from .scenario import bouw_scenario

DERTIG_CIJFERS = "9" * 30
GRENSWAARDEN = [
    "",
    " ",
    "x" * 20_000,
    "\x00",
    "a\x00b",
    "Ω≈ç√ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀 \u202eevil",
    "-1",
    "0",
    "-" + DERTIG_CIJFERS,
    DERTIG_CIJFERS,
    "1e309",
    "NaN",
    "0001-01-01",
    "9999-12-31",
    "2025-02-30",
    "31-12-2025",
    "0001-01-01T00:00",
    "9999-12-31T23:59",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "=HYPERLINK(\"https://evil.example\")",
]
# Query parameters every list may get, whether or not the page has a field for them.
LIJSTPARAMETERS = ["pagina", "van", "tot", "id"]
LIJSTWAARDEN = ["-1", DERTIG_CIJFERS, "9" * 400, "0001-01-01", "9999-12-31", "\x00"]
# Views that end or change the session itself: fuzzing them would log the fuzzer out.
NIET_FUZZEN = {"uitloggen", "inloggen", "tweede_stap", "tweestap_instellen"}
VOORBEELDEN_PER_FORMULIER = 6
MEER_VOORBEELDEN = 3  # for a form already fuzzed as another role: fewer, the same code behind it


@dataclass
class Veld:
    soort: str  # input type, 'select' or 'textarea'
    opties: list[str] = field(default_factory=list)
    meervoudig: bool = False
    waarde: str = ""


@dataclass
class Formulier:
    pagina: str
    action: str
    methode: str
    velden: dict[str, Veld]

    @property
    def sleutel(self) -> tuple:
        return (_viewnaam(self.action), self.methode, tuple(sorted(self.velden)))


class _Formulieren(HTMLParser):
    """Every <form> of a page with its fields, as a browser would submit them."""

    def __init__(self, pagina: str):
        super().__init__()
        self.pagina, self.formulieren = pagina, []
        self._huidig: Formulier | None = None
        self._select: Veld | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            action = a.get("action") or self.pagina
            self._huidig = Formulier(self.pagina, action, (a.get("method") or "get").lower(), {})
        elif tag == "option" and self._select is not None:
            self._select.opties.append(a.get("value", ""))
        elif self._huidig is None or not a.get("name") or a["name"] == "csrfmiddlewaretoken":
            return
        elif tag == "input":
            soort = (a.get("type") or "text").lower()
            if soort in ("file", "image", "reset"):
                return
            veld = self._huidig.velden.setdefault(a["name"], Veld(soort, waarde=a.get("value") or ""))
            if soort in ("checkbox", "radio", "submit", "hidden") and a.get("value") is not None:
                veld.opties.append(a["value"])
                veld.meervoudig = veld.meervoudig or soort == "checkbox"
        elif tag == "textarea":
            self._huidig.velden[a["name"]] = Veld("textarea", waarde="Tekst")
        elif tag == "select":
            self._select = self._huidig.velden[a["name"]] = Veld("select", meervoudig="multiple" in a)

    def handle_endtag(self, tag):
        if tag == "form" and self._huidig is not None:
            self.formulieren.append(self._huidig)
            self._huidig = None
        elif tag == "select":
            self._select = None


def _viewnaam(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).view_name
    except Resolver404:
        return "?"


def _plausibel(veld: Veld):
    """A value a user would send: an offered option, a sane date, a small number, some text."""
    opties = [o for o in veld.opties if o != ""] or veld.opties
    if veld.meervoudig and opties:
        return st.lists(st.sampled_from(opties), max_size=3, unique=True)
    if opties:
        return st.sampled_from(opties)
    if veld.soort == "date":
        return st.sampled_from(["2025-01-01", "2025-12-31", "1990-05-01"])
    if veld.soort == "number":
        return st.integers(-3, 400).map(str)
    if veld.soort == "email":
        return st.just("iemand@example.nl")
    return st.just(veld.waarde) if veld.waarde else st.text(max_size=12)


def _grens(veld: Veld):
    waarde = st.sampled_from(GRENSWAARDEN)
    if veld.meervoudig:  # multi-selects also get ids beyond any integer column
        return st.lists(st.one_of(waarde, st.sampled_from([DERTIG_CIJFERS, "-1", "0"])), min_size=1, max_size=3)
    return waarde


def _veld_strategie(veld: Veld):
    return st.one_of(_plausibel(veld), _grens(veld))


class Fuzzer:
    def __init__(self, client: TweestapClient, user, rol: str):
        self.client, self.user, self.rol = client, user, rol
        self.fouten: dict[str, str] = {}
        self.verzoeken = 0

    def vraag(self, methode: str, url: str, data=None):
        """One request; a server error (exception or 5xx) is recorded, once per view and cause."""
        self.verzoeken += 1
        try:
            # A savepoint per request: a database error (PostgreSQL) must not poison the next one.
            with transaction.atomic():
                response = getattr(self.client, methode)(url, data or {})
        except Exception as fout:  # noqa: BLE001 - any exception here is a 500 for the user
            regels = traceback.format_exception(fout)
            plek = next((r for r in reversed(regels) if "/schakel/" in r), regels[-2] if len(regels) > 1 else "")
            sleutel = f"{_viewnaam(url)}: {type(fout).__name__} {plek.strip().splitlines()[0]}"
            self.fouten.setdefault(sleutel, f"{self.rol} {methode.upper()} {url} {_kort(data)}\n{''.join(regels[-3:])}")
            return None
        if response.status_code >= 500:
            self.fouten.setdefault(f"{_viewnaam(url)}: HTTP {response.status_code}", f"{self.rol} {methode.upper()} {url} {_kort(data)}")
        return response

    def opnieuw_inloggen(self):
        self.client.force_login(self.user)

    def formulieren_van(self, url: str) -> list[Formulier]:
        response = self.vraag("get", url)
        self.laatste_status = response.status_code if response is not None else 500
        if response is None or response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return []
        parser = _Formulieren(url.split("#")[0])
        parser.feed(response.content.decode(errors="replace"))
        return [f for f in parser.formulieren if _viewnaam(f.action) not in NIET_FUZZEN]

    def stuur(self, formulier: Formulier, data: dict):
        if formulier.methode == "get":
            # A filter form keeps the page's own query (e.g. a report's period) and adds its fields.
            basis = dict(parse_qsl(urlsplit(formulier.action).query))
            self.vraag("get", urlsplit(formulier.action).path, {**basis, **data})
        else:
            self.vraag("post", formulier.action, data)

    def fuzz(self, formulier: Formulier, voorbeelden: int, grenzen: bool):
        self.opnieuw_inloggen()
        if grenzen:
            for waarde in GRENSWAARDEN:
                self.stuur(formulier, {naam: [waarde, DERTIG_CIJFERS] if v.meervoudig else waarde
                                       for naam, v in formulier.velden.items()})
        if not formulier.velden:
            return

        @settings(max_examples=voorbeelden, derandomize=True, deadline=None, database=None,
                  phases=[Phase.generate], suppress_health_check=list(HealthCheck))
        @given(st.fixed_dictionaries({naam: _veld_strategie(v) for naam, v in formulier.velden.items()}))
        def mengsel(data):
            self.stuur(formulier, data)

        mengsel()

    def fuzz_lijst(self, url: str, grondig: bool):
        """A list or page asked for with boundary query parameters, and a detail page with huge ids.
        Thoroughly once per page (the first role that may see it); for the other roles the worst."""
        pad = urlsplit(url).path
        basis = dict(parse_qsl(urlsplit(url).query))
        waarden = LIJSTWAARDEN if grondig else [DERTIG_CIJFERS]
        for naam in LIJSTPARAMETERS if grondig else ["pagina"]:
            for waarde in waarden:
                self.vraag("get", pad, {**basis, naam: waarde})
        for nummer in re.findall(r"/(\d+)(?=/)", pad) if grondig else []:
            for groot in (DERTIG_CIJFERS, str(2**63)):
                self.vraag("get", pad.replace(f"/{nummer}/", f"/{groot}/", 1))


def _kort(data) -> str:
    tekst = repr(data)
    return tekst if len(tekst) < 300 else tekst[:300] + "…"


@pytest.mark.django_db
def test_geen_enkele_500_op_formulieren_en_lijsten_als_elke_rol(users):
    s = bouw_scenario(users)
    rijen = alle_urls(s, users)
    pagina_urls = sorted({url for _, url, methode, _, _ in rijen if methode == "get" and not url.startswith("/api/")})
    post_urls = sorted({url for _, url, methode, _, _ in rijen if methode == "post"})
    gezien: set[tuple] = set()
    lijsten_gezien: set[str] = set()
    fouten: dict[str, str] = {}
    verzoeken = 0
    for rol, user in users.items():
        client = TweestapClient()
        fuzzer = Fuzzer(client, user, rol)
        fuzzer.opnieuw_inloggen()
        formulieren: dict[tuple, Formulier] = {}
        for url in pagina_urls:
            gevonden = fuzzer.formulieren_van(url)
            for f in gevonden:
                formulieren.setdefault(f.sleutel, f)
            if fuzzer.laatste_status == 200:
                fuzzer.fuzz_lijst(url, grondig=_viewnaam(url) not in lijsten_gezien)
                lijsten_gezien.add(_viewnaam(url))
        # POST endpoints without a form on the scenario's pages still get boundary bodies.
        for url in post_urls:
            if not any(f.action == url and f.methode == "post" for f in formulieren.values()):
                formulieren.setdefault((_viewnaam(url), "post", ("x",)), Formulier(url, url, "post", {"x": Veld("text")}))
        for sleutel, f in formulieren.items():
            nieuw = sleutel not in gezien
            gezien.add(sleutel)
            fuzzer.fuzz(f, VOORBEELDEN_PER_FORMULIER if nieuw else MEER_VOORBEELDEN, grenzen=nieuw)
        for sleutel, tekst in fuzzer.fouten.items():
            fouten.setdefault(sleutel, tekst)
        verzoeken += fuzzer.verzoeken
    print(f"fuzzer: {verzoeken} verzoeken, {len(gezien)} formulieren, {len(users)} rollen")
    assert not fouten, f"{len(fouten)} oorzaken van een 500:\n\n" + "\n\n".join(f"{k}\n{v}" for k, v in sorted(fouten.items()))


@pytest.mark.django_db
def test_de_fuzzer_vindt_een_vergeten_geval(users, settings):
    """The fuzzer can fail: a form that breaks on unicode is found from its HTML alone."""
    settings.ROOT_URLCONF = "tests.fuzz_kapot_urls"
    fuzzer = Fuzzer(TweestapClient(), users["ic"], "ic")
    fuzzer.opnieuw_inloggen()
    [formulier] = fuzzer.formulieren_van("/kapot/")
    assert set(formulier.velden) == {"naam", "soort"} and formulier.velden["soort"].opties == ["a"]
    fuzzer.fuzz(formulier, VOORBEELDEN_PER_FORMULIER, grenzen=True)
    assert any("ValueError" in sleutel for sleutel in fuzzer.fouten), fuzzer.fouten
