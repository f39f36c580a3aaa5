"""Every page of the app as every role, and every form after a failed (empty) submit: each id that an
aria-describedby, aria-labelledby, aria-controls or label[for] names exists; an error on the page comes
with the error summary (focused on load, each link landing on an element that exists); the page says it
is Dutch.

The pages and forms come from the authorisation matrix and the HTML itself (as in the form fuzzer), so
a page another engineer adds is checked without anyone touching this file."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from .conftest import TweestapClient
from .matrix import alle_urls
from .scenario import bouw_scenario
from .test_fuzz_formulieren import Fuzzer, Formulier, _viewnaam

VERWIJZINGEN = ("aria-describedby", "aria-labelledby", "aria-controls")


class _Opbouw(HTMLParser):
    """The ids of a page, what refers to them, the error marks and the error summary's links."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.verwijzingen: list[tuple[str, str, str]] = []  # (attribute, id, tag)
        self.lang = None
        self.ongeldig = 0
        self.samenvatting = None  # attributes of the summary
        self.links_in_samenvatting: list[str] = []
        self._diepte_samenvatting = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if a.get("id"):
            self.ids.append(a["id"])
        for attr in VERWIJZINGEN:
            for ref in (a.get(attr) or "").split():
                self.verwijzingen.append((attr, ref, tag))
        if tag == "label" and a.get("for"):
            self.verwijzingen.append(("for", a["for"], tag))
        if a.get("aria-invalid") == "true":
            self.ongeldig += 1
        if a.get("id") == "foutsamenvatting":
            self.samenvatting = a
            self._diepte_samenvatting = 1
        elif self._diepte_samenvatting and tag == "div":
            self._diepte_samenvatting += 1
        if self._diepte_samenvatting and tag == "a" and (a.get("href") or "").startswith("#"):
            self.links_in_samenvatting.append(a["href"][1:])

    def handle_endtag(self, tag):
        if self._diepte_samenvatting and tag == "div":
            self._diepte_samenvatting -= 1


def problemen(html: str) -> list[str]:
    p = _Opbouw()
    p.feed(html)
    ids = set(p.ids)
    fout = []
    if p.lang != "nl":
        fout.append(f'<html lang="{p.lang}"> in plaats van "nl"')
    for attr, ref, tag in p.verwijzingen:
        if ref not in ids:
            fout.append(f"<{tag} {attr}> wijst naar #{ref}, dat niet bestaat")
        elif p.ids.count(ref) > 1:
            fout.append(f"<{tag} {attr}> wijst naar #{ref}, dat {p.ids.count(ref)} keer bestaat")
    if p.ongeldig and p.samenvatting is None:
        fout.append(f"{p.ongeldig} ongeldige velden maar geen foutsamenvatting")
    if p.samenvatting is not None:
        if "autofocus" not in p.samenvatting or p.samenvatting.get("tabindex") != "-1":
            fout.append("de foutsamenvatting krijgt geen focus (autofocus en tabindex=-1)")
        for ref in p.links_in_samenvatting:
            if ref not in ids:
                fout.append(f"de foutsamenvatting linkt naar #{ref}, dat niet bestaat")
    if p.ids.count("foutsamenvatting") > 1:
        fout.append("meer dan één foutsamenvatting")
    return fout


def test_the_checker_finds_a_dangling_reference_and_a_missing_summary():
    goed = ('<html lang="nl"><div class="fout" id="foutsamenvatting" tabindex="-1" autofocus><a href="#id_a">A</a></div>'
            '<label for="id_a">A</label><input id="id_a" aria-invalid="true" aria-describedby="id_a_error">'
            '<div id="id_a_error">fout</div></html>')
    assert problemen(goed) == []
    assert problemen(goed.replace('id="id_a_error"', 'id="id_a_fout"')) == [
        "<input aria-describedby> wijst naar #id_a_error, dat niet bestaat"]
    zonder = goed.replace('id="foutsamenvatting"', 'id="iets"')
    assert problemen(zonder) == ["1 ongeldige velden maar geen foutsamenvatting"]
    assert problemen(goed.replace('lang="nl"', 'lang="en"')) == ['<html lang="en"> in plaats van "nl"']
    assert problemen(goed.replace('href="#id_a"', 'href="#id_b"')) == ["de foutsamenvatting linkt naar #id_b, dat niet bestaat"]


@pytest.mark.django_db
def test_every_page_and_every_failed_form_has_linked_errors_and_existing_references(users):
    s = bouw_scenario(users)
    rijen = alle_urls(s, users)
    pagina_urls = sorted({url for _, url, methode, _, _ in rijen if methode == "get" and not url.startswith("/api/")})
    bevindingen: dict[str, str] = {}
    paginas = verzonden = met_fouten = 0
    gezien: set[tuple] = set()
    for rol, user in users.items():
        client = TweestapClient()
        fuzzer = Fuzzer(client, user, rol)
        fuzzer.opnieuw_inloggen()
        formulieren: dict[tuple, Formulier] = {}

        def controleer(wat: str, response):
            nonlocal paginas
            if response is None or "html" not in response.get("Content-Type", ""):
                return
            paginas += 1
            for p in problemen(response.content.decode()):
                bevindingen.setdefault(f"{_viewnaam(wat.split()[-1])}: {p}", f"{rol} {wat}")

        for url in pagina_urls:
            controleer(f"GET {url}", fuzzer.vraag("get", url))
            for f in fuzzer.formulieren_van(url):
                if f.methode == "post":
                    formulieren.setdefault(f.sleutel, f)
        for sleutel, f in formulieren.items():
            if sleutel in gezien:
                continue
            gezien.add(sleutel)
            fuzzer.opnieuw_inloggen()
            # Empty fields: what a user sends who clicks the button straight away.
            response = fuzzer.vraag("post", f.action, {naam: "" for naam in f.velden})
            if response is not None and response.status_code in (200, 400):
                verzonden += 1
                met_fouten += b'aria-invalid="true"' in response.content
                controleer(f"POST {f.action}", response)
    print(f"{paginas} pagina's, {verzonden} mislukte verzendingen, waarvan {met_fouten} met veldfouten")
    assert met_fouten >= 20, "te weinig formulieren met veldfouten bereikt: de controle zegt dan weinig"
    assert not bevindingen, f"{len(bevindingen)} problemen:\n" + "\n".join(f"{k}  ({v})" for k, v in sorted(bevindingen.items()))
