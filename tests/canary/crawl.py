"""A breadth-first GET crawl as one logged-in user: the home page, the menu and every same-site link,
downloads included, plus every URL without arguments in the URLconf (every API route among them).
It never POSTs and never follows logout or the language switch."""
import io
import re
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit, urlunsplit, parse_qsl, urlencode

from django.urls import URLPattern, URLResolver, get_resolver

HREF = re.compile(r"""(?:href|action|src)\s*=\s*["']([^"'#][^"']*)["']""", re.IGNORECASE)
NOOIT = ("/uitloggen", "/logout", "/i18n/", "/static/", "/inloggen", "/tweede-stap", "/tweestap")
# Query strings per path: enough to see page 2 and a filter, not every combination.
MAX_QUERY_PER_PAD = 4
# Objects per URL pattern (/x/<id>/y/): every person-level object of the world fits; the reference data
# behind /beheer/ (dozens of municipalities and organisations) is sampled instead of read in full.
MAX_PER_PATROON = 12
CIJFERS = re.compile(r"\d+")


@dataclass
class Bezoek:
    url: str
    status: int
    tekst: str
    via: str | None
    soort: str = ""


@dataclass
class Crawl:
    bezocht: dict = field(default_factory=dict)  # url -> Bezoek
    fouten: list = field(default_factory=list)
    budget_op: bool = False
    seconden: float = 0.0
    seconden2: float = 0.0

    def pad(self, url: str) -> list[str]:
        keten = []
        while url is not None and url not in keten:
            keten.append(url)
            url = self.bezocht[url].via if url in self.bezocht else None
        return list(reversed(keten))


def urls_zonder_argumenten(resolver=None, prefix="/"):
    """Every route of the URLconf that needs no argument (the API routes among them)."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        regel = str(p.pattern)
        if "<" in regel or "(?P" in regel or regel.startswith("^"):
            continue
        if isinstance(p, URLResolver):
            yield from urls_zonder_argumenten(p, prefix + regel)
        elif isinstance(p, URLPattern):
            yield prefix + regel


def normaliseer(url: str, basis: str) -> str | None:
    url = urldefrag(url.replace("&amp;", "&"))[0].strip()
    if not url or url.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    delen = urlsplit(url)
    if delen.netloc and delen.netloc != "testserver":
        return None
    pad = delen.path
    if not pad.startswith("/"):
        basispad = urlsplit(basis).path
        pad = basispad.rsplit("/", 1)[0] + "/" + pad
    if any(n in pad for n in NOOIT):
        return None
    # Ordered query: the same page with its parameters in another order is one page.
    query = urlencode(sorted(parse_qsl(delen.query, keep_blank_values=True)))
    return urlunsplit(("", "", pad, query, ""))


def als_tekst(response) -> str:
    inhoud = b"".join(response.streaming_content) if response.streaming else response.content
    soort = response.get("Content-Type", "")
    if "spreadsheetml" in soort or inhoud[:2] == b"PK":
        from openpyxl import load_workbook

        boek = load_workbook(io.BytesIO(inhoud), read_only=True)
        return "\n".join(
            " ".join("" if v is None else str(v) for v in rij)
            for blad in boek.worksheets for rij in blad.iter_rows(values_only=True)
        )
    if "pdf" in soort or inhoud[:4] == b"%PDF":
        from pypdf import PdfReader

        return "\n".join(pagina.extract_text() or "" for pagina in PdfReader(io.BytesIO(inhoud)).pages)
    return inhoud.decode("utf-8", errors="replace")


def crawl(client, *, budget: int, extra_start=(), direct=(), start=True, volg=True) -> Crawl:
    """`extra_start`: more places to start from. `direct`: (url, how it was found) pairs to request
    as well, as someone would who typed or was sent the address."""
    c = Crawl()
    rij = deque()
    gezien = set()
    query_per_pad: dict[str, int] = {}
    per_patroon: dict[str, set] = {}

    def plan(url, via):
        if url is None or url in gezien:
            return
        pad, _, query = url.partition("?")
        patroon = CIJFERS.sub("#", pad)
        paden = per_patroon.setdefault(patroon, set())
        # Behind /beheer/ is only reference data and accounts: three of each is enough.
        beheer = pad.startswith("/beheer/")
        if patroon != pad and pad not in paden and len(paden) >= (3 if beheer else MAX_PER_PATROON):
            return
        paden.add(pad)
        if query:
            if query_per_pad.get(pad, 0) >= (1 if pad.startswith("/beheer/") else MAX_QUERY_PER_PAD):
                return
            query_per_pad[pad] = query_per_pad.get(pad, 0) + 1
        gezien.add(url)
        rij.append((url, via))

    if start:
        plan("/", None)
    for url in extra_start:
        plan(normaliseer(url, "/"), None)
    for url, herkomst in direct:
        plan(url, herkomst)
    while rij and len(c.bezocht) < budget:
        url, via = rij.popleft()
        try:
            response = client.get(url)
        except Exception as e:  # noqa: BLE001 - a crawled page must never crash; report it with its path
            c.bezocht[url] = Bezoek(url, 500, "", via)
            c.fouten.append(f"{url}: {type(e).__name__}: {e}")
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            c.bezocht[url] = Bezoek(url, response.status_code, "", via)
            plan(normaliseer(response["Location"], url), url)
            continue
        tekst = als_tekst(response)
        c.bezocht[url] = Bezoek(url, response.status_code, tekst, via, response.get("Content-Type", "").split(";")[0])
        if response.status_code >= 500:
            c.fouten.append(f"{url}: HTTP {response.status_code}")
        if volg and "html" in response.get("Content-Type", ""):
            for href in HREF.findall(tekst):
                plan(normaliseer(href, url), url)
    c.budget_op = bool(rij)
    return c


def patronen_met_id(resolver=None, prefix="/", namespace=""):
    """(view name, route, argument names) of every route with integer arguments, /beheer/ excepted."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        regel = str(p.pattern)
        if isinstance(p, URLResolver):
            if regel.startswith(("beheer", "^")):
                continue
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from patronen_met_id(p, prefix + regel, ns)
        elif isinstance(p, URLPattern) and p.name and "<int:" in regel:
            route = prefix + regel
            yield f"{namespace}{p.name}", route, re.findall(r"<int:(\w+)>", route)


def vul_in(route: str, waarden: dict) -> str:
    return re.sub(r"<int:(\w+)>", lambda m: str(waarden[m.group(1)]), route)


def api_routes(resolver=None, prefix="/"):
    """Every /api/ route of the URLconf, its integer arguments written {id} as in the OpenAPI document."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        regel = str(p.pattern)
        if regel.startswith("^"):
            continue
        if isinstance(p, URLResolver):
            yield from api_routes(p, prefix + regel)
        elif isinstance(p, URLPattern) and (prefix + regel).startswith("/api/"):
            # As the OpenAPI document writes them: an integer id as {id}, any other argument by its name.
            yield re.sub(r"<(\w+:)?(\w+)>", lambda m: "{id}" if m.group(1) == "int:" else "{" + m.group(2) + "}", prefix + regel)


def route_gevraagd(route: str, urls) -> bool:
    """Was this route (as api_routes writes it) requested, with any id or value and any query?"""
    delen = re.split(r"(\{\w+\})", route)
    patroon = re.compile("".join(r"\d+" if d == "{id}" else r"[^/]+" if d.startswith("{") else re.escape(d) for d in delen))
    return any(patroon.fullmatch(url.partition("?")[0]) for url in urls)
