"""The automatic axe-core check itself: it sees every document a context loads, reports a violation with
rule, element and page, and a page is checked before the test can act on it."""
import pytest

from .axe import AxeVerslag

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOED = '<!doctype html><html lang="nl"><head><title>Goed</title></head><body><main><h1>Goed</h1><a href="/axe-proef/fout/">verder</a></main></body></html>'
FOUT = ('<!doctype html><html lang="nl"><head><title>Fout</title></head><body><main><h1>Fout</h1>'
        '<img src="/static/nergens.png" id="zonder-alt"><form method="post" action="/axe-proef/goed/">'
        '<input id="naamloos" name="q"><button>Verzenden</button></form></main></body></html>')


def test_axe_reports_every_document_and_each_violation_with_rule_element_and_page(browser, live_server):
    verslag = AxeVerslag()
    # Past the autouse fixture's patched new_context: this context's findings are the subject, not a failure.
    context = type(browser).new_context(browser, base_url=live_server.url)
    verslag.installeer(context)
    context.route("**/axe-proef/goed/", lambda route: route.fulfill(content_type="text/html", body=GOED))
    context.route("**/axe-proef/fout/", lambda route: route.fulfill(content_type="text/html", body=FOUT))
    page = context.new_page()

    page.goto("/axe-proef/goed/")
    assert len(verslag.uitslagen) == 1  # checked before goto returned (the load event waits for axe)
    page.get_by_role("link", name="verder").click()
    page.wait_for_load_state()
    assert len(verslag.uitslagen) == 2
    page.get_by_role("button", name="Verzenden").click()  # a POST, as a failed form submit is
    page.wait_for_load_state()
    context.close()

    assert list(verslag.begonnen.values()) == [f"{live_server.url}/axe-proef/{p}/" for p in ("goed", "fout", "goed")]
    assert verslag.begonnen.keys() == verslag.uitslagen.keys()
    regels = verslag.rapport()
    assert len(regels) == 2, regels
    assert any(r.startswith("/axe-proef/fout/: [image-alt/critical] #zonder-alt") for r in regels), regels
    assert any(r.startswith("/axe-proef/fout/: [label/critical] #naamloos") for r in regels), regels


def test_a_document_without_result_is_reported():
    verslag = AxeVerslag()
    verslag.begin(None, {"id": "a", "url": "http://x/een/?b=1"})
    verslag.begin(None, {"id": "b", "url": "http://x/twee/"})
    verslag.uitslag(None, {"id": "b", "url": "http://x/twee/", "violations": []})
    assert verslag.rapport() == ["/een/?b=1: geen axe-uitslag (pagina niet gecontroleerd)"]


def test_a_page_left_before_its_check_is_fetched_again_and_checked(browser, live_server):
    verslag = AxeVerslag()
    context = type(browser).new_context(browser, base_url=live_server.url)
    verslag.installeer(context)
    traag = FOUT.replace("<title>", '<link rel="stylesheet" href="/axe-proef/traag.css"><title>')
    context.route("**/axe-proef/fout/", lambda route: route.fulfill(content_type="text/html", body=traag))
    context.route("**/axe-proef/goed/", lambda route: route.fulfill(content_type="text/html", body=GOED))
    vastgehouden = []  # the first time the stylesheet does not come, so axe is still waiting for it

    def stijl(route):
        if vastgehouden:
            route.fulfill(content_type="text/css", body="")
        else:
            vastgehouden.append(route)

    context.route("**/axe-proef/traag.css", stijl)
    page = context.new_page()
    page.goto("/axe-proef/fout/", wait_until="domcontentloaded")
    page.goto("/axe-proef/goed/")  # away before the check, as a quick click after a click does
    fout_id = next(i for i, url in verslag.begonnen.items() if url.endswith("/fout/"))
    assert fout_id not in verslag.uitslagen
    context.close()

    assert verslag.begonnen.keys() <= verslag.uitslagen.keys()
    assert any(r.startswith("/axe-proef/fout/: [image-alt/critical]") for r in verslag.rapport()), verslag.rapport()
