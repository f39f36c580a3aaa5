"""axe-core (WCAG 2.1 A/AA) on every page a browser test visits, without the test asking for it.

How it cannot miss a page:
- an init script puts axe into every document; in the top frame it announces the document to Python
  (binding ``__schakelAxeBegin``) as soon as it exists;
- at DOMContentLoaded it adds one script element whose source (a route of the context) is only answered
  when axe has finished with the document, so the document's ``load`` event, which Playwright's goto,
  click and wait_for_load_state wait for, comes after the check: a test never acts on an unchecked page
  (delaying the navigation away instead does not work: Chromium halts the old document's JavaScript
  while a navigation request is held);
- axe runs once the stylesheets are in (contrast needs them) and hands its result to Python (binding
  ``__schakelAxeUitslag``); at the end every announced document must have a result: a document without
  one fails the test, as does any violation (rule, element, page URL).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python

AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WACHT_PAD = "/__schakel-axe-wacht__/"

RUNNER_JS = """
(() => {
  if (window.top !== window) return;          // frames are visited by axe from the top document
  if (!/^https?:$/.test(location.protocol)) return;
  if (document.contentType !== 'text/html') return;
  const id = Math.random().toString(36).slice(2) + Date.now().toString(36);
  const begonnen = window.__schakelAxeBegin({id, url: location.href});
  const stijlen = () => Promise.all([...document.querySelectorAll('link[rel~="stylesheet"]')].map((l) =>
    l.sheet ? null : new Promise((r) => { l.addEventListener('load', r); l.addEventListener('error', r); setTimeout(r, 5000); })));
  document.addEventListener('DOMContentLoaded', () => {
    const wacht = document.createElement('script');
    wacht.src = '%(pad)s' + id;
    document.head.appendChild(wacht);   // holds the load event until Python has the result
    stijlen()
      .then(() => axe.run(document, {runOnly: {type: 'tag', values: %(tags)s}, resultTypes: ['violations']}))
      .then((r) => ({id, url: location.href, violations: r.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.map((n) => ({target: n.target, summary: n.failureSummary}))}))}))
      .catch((e) => ({id, url: location.href, fout: String(e)}))
      .then((uitslag) => begonnen.then(() => window.__schakelAxeUitslag(uitslag)));
  }, {once: true});
})();
""" % {"tags": json.dumps(WCAG_TAGS), "pad": WACHT_PAD}


@dataclass
class AxeVerslag:
    """What axe saw during one test: documents announced, their results, and what went wrong."""

    begonnen: dict = field(default_factory=dict)  # id -> url
    uitslagen: dict = field(default_factory=dict)  # id -> result
    wachtend: dict = field(default_factory=dict)  # id -> held route of the load-delaying script
    methoden: dict = field(default_factory=dict)  # url -> method of its last top-level navigation

    def installeer(self, context):
        """Hooks axe into a fresh context (before its first page exists)."""
        context.expose_binding("__schakelAxeBegin", self.begin)
        context.expose_binding("__schakelAxeUitslag", self.uitslag)
        context.route(f"**{WACHT_PAD}*", self.wacht)
        context.on("request", self._noteer)
        context.add_init_script(AXE_JS + "\n" + RUNNER_JS)
        sluit = context.close

        def close(*args, **kwargs):
            self.wacht_op_context(context)
            return sluit(*args, **kwargs)

        context.close = close

    def wacht_op_context(self, context):
        """A document still loading when the test ends gets its check before the context goes; a page the
        test left before its load event (a click waits for the next page's commit, not its load, so the
        test can act, and leave, before axe is done) is fetched again in the same session and checked
        then, if it came from a GET. A POST result cannot be fetched again and stays reported unchecked."""
        for page in list(context.pages):
            try:
                page.wait_for_load_state("load")
            except Exception:  # closed meanwhile: the report names the document without a result
                pass
        for doc_id, url in list(self.begonnen.items()):
            if doc_id in self.uitslagen or self.methoden.get(url) != "GET":
                continue
            voor = set(self.begonnen)
            try:
                page = context.new_page()
                page.goto(url)
                page.close()
            except Exception:  # context already closed: reported unchecked
                continue
            opnieuw = [self.uitslagen[i] for i in set(self.begonnen) - voor if i in self.uitslagen]
            if opnieuw:
                self.uitslagen[doc_id] = {**opnieuw[0], "id": doc_id}

    def _noteer(self, request):
        if request.is_navigation_request() and request.frame.parent_frame is None:
            self.methoden[request.url] = request.method

    def begin(self, source, document):
        self.begonnen[document["id"]] = document["url"]

    def uitslag(self, source, uitslag):
        self.uitslagen[uitslag["id"]] = uitslag
        route = self.wachtend.pop(uitslag["id"], None)
        if route is not None:
            self._laat_gaan(route)

    def wacht(self, route, request):
        doc_id = request.url.rsplit("/", 1)[-1]
        if doc_id in self.uitslagen:
            self._laat_gaan(route)
        else:
            self.wachtend[doc_id] = route

    @staticmethod
    def _laat_gaan(route):
        try:
            route.fulfill(status=200, content_type="text/javascript", body="")
        except Exception:  # the page went away meanwhile; nothing left to hold
            pass

    def rapport(self) -> list[str]:
        """Readable lines: every violation and every document without a result; empty when all is well."""
        regels = []
        for doc_id, url in self.begonnen.items():
            uitslag = self.uitslagen.get(doc_id)
            pad = _pad(url)
            if uitslag is None:
                regels.append(f"{pad}: geen axe-uitslag (pagina niet gecontroleerd)")
            elif "fout" in uitslag:
                regels.append(f"{pad}: axe faalde: {uitslag['fout']}")
            else:
                for v in uitslag["violations"]:
                    for node in v["nodes"]:
                        doel = " ".join(map(str, node["target"]))
                        samenvatting = " ".join((node["summary"] or "").split())[:160]
                        regels.append(f"{pad}: [{v['id']}/{v['impact']}] {doel} — {v['help']}. {samenvatting}")
        return regels


def _pad(url: str) -> str:
    deel = urlsplit(url)
    return deel.path + (f"?{deel.query}" if deel.query else "")
