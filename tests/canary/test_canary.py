"""Canary crawl (issue 9): log in as every role and partner situation, crawl every page, download and
API route reachable with GET, and check every canary token in every response against the oracle.

The world (wereld.py) carries a unique token in every text and identity value; the oracle (orakel.py)
says who may see which token, without asking the application. A token seen where the oracle says no
fails the test with the user, what the token is, and the URLs that led there."""
import os

import pytest

from ..conftest import TweestapClient
from .crawl import api_routes, crawl, patronen_met_id, route_gevraagd, urls_zonder_argumenten, vul_in
from .orakel import mag_zien, mag_zien_in_antwoord
from .posten import PR_ACHTERNAAM, post_api_routes, proef_alles, token, vind
from .wereld import bouw_wereld

pytestmark = pytest.mark.django_db(transaction=False)

BUDGET = 400  # pages per user: far above what the world has, so the crawl ends by running out of links
MIN_PAGINAS = 3  # the ZSM desk has little more than its start page and the question form
MIN_PAGINAS_STAF = 50

# Tokens that must be seen: a crawl that logs in wrong, or a page that stops rendering, would
# otherwise be green. (user, where the token lives)
MOET_ZIEN = [
    ("ic", ("Persoon", "bsn", "P1")),
    ("ic", ("Melding", "omschrijving", "M6")),
    ("pr", ("Bespreking", "notulen", "A")),
    ("reclassering", ("Melding", "omschrijving", "M1")),
    ("reclassering", ("Persoon", "achternaam", "P1")),
    ("ggz", ("Bespreking", "notulen", "A")),
    ("politie", ("Bespreking", "besluiten", "B")),
    ("politie", ("Actie", "omschrijving", "A")),
    ("veilig-thuis", ("Bespreking", "notulen", "D")),
    ("contact.leiden", ("InformatieUitvraag", "vraag", "P1")),
    ("contact.gouda", ("InformatieUitvraag", "vraag", "P6")),
    ("contact.katwijk", ("Persoon", "achternaam", "P7")),  # the routed detention notice
    ("ic", ("Persoon", "voornamen", "P8")),  # the review queue's comparison
    ("svg", ("Melding", "omschrijving", "M6")),
    ("ggd", ("Bespreking", "notulen", "A")),       # invited for A: sees A, with its zorg minutes
    ("gast.na", ("Persoon", "achternaam", "P1")),   # signed for A today: sees who A is about
    ("fg", ("Persoon", "achternaam", "P1")),        # through the recorded AVG request for P1
]


# The effect pages measure only when asked: start from a question over every year the world can have,
# so the measured page, its downloads and the procesregisseur's list of his own cases are crawled too.
_COHORT = "van=2000-01-01&tot=2999-12-31&peildatum=2999-12-31"
EFFECTMETING = [f"/effectmeting/?{_COHORT}", f"/effectmeting/eigen-casussen/?{_COHORT}"]


def _zoek(w, model, veld, sleutel):
    for t in w.tk.alle.values():
        if t.model == model and t.veld == veld and sleutel in (t.ctx.get("casus"), t.ctx.get("melding"), t.ctx.get("persoon")):
            return t.code
    raise AssertionError(f"geen token {model}.{veld} voor {sleutel}")


# Values for the API's non-integer route arguments (the OpenAPI document lists them as an enum).
API_WAARDEN = {"bron": ("politie", "dji")}


def _modellen():
    """Which records each route's integer argument names, by view name. A route missing here is tried
    with the first few ids of every kind, so a new page is never skipped silently."""
    from schakel.avg.models import Verzoek
    from schakel.koppelingen.models import Koppelvoorstel
    from schakel.briefing.models import Briefing
    from schakel.casussen.models import Casus
    from schakel.meldingen.models import Melding
    from schakel.monitoring.models import Monitoringcontact
    from schakel.opschaling.models import Knelpunt, Opschaling
    from schakel.overleggen.models import Bespreking, Deelnemer, Overleg
    from schakel.personen.models import Persoon
    from schakel.plannen.models import Actie, PlanVanAanpak, VrijwilligTraject
    from schakel.uitvragen.models import InformatieUitvraag

    return {
        "meldingen": Melding, "personen": Persoon, "uitvragen:detail": InformatieUitvraag, "uitvragen:nieuw": Melding,
        "briefing": Briefing, "briefing:wegen:melding_pk": Melding, "briefing:uitslag:melding_pk": Melding, "casussen": Casus, "overleggen": Overleg,
        "overleggen:geheimhouding": Deelnemer, "overleggen:bespreking": Bespreking, "plannen:vaststellen": Casus,
        "plannen:wijzigen": PlanVanAanpak, "plannen:actie": Actie, "plannen:traject_vastleggen": Casus,
        "plannen:traject_wijzigen": VrijwilligTraject, "monitoring:contact": Monitoringcontact,
        "monitoring:verlengen": Casus, "opschaling:nieuw": Casus, "opschaling:besluit": Opschaling,
        "opschaling:knelpunt": Knelpunt, "zsm:advies": Casus, "avg": Persoon, "avg:verzoek_afhandelen": Verzoek,
        "koppelingen:voorstel": Koppelvoorstel,
        # The API's object routes (api_urls.py): the same records as their screens.
        "api-melding": Melding, "api-casus": Casus, "api-actie": Actie, "api-actie-status": Actie, "api-plan": PlanVanAanpak,
        "api-uitvraag": InformatieUitvraag, "api-uitvraag-antwoord": InformatieUitvraag, "api-overleg": Overleg,
    }


def _patroon_x_object():
    """Every route with an id, filled in with every record of the world it can show."""
    import itertools

    modellen = _modellen()
    for naam, route, argumenten in patronen_met_id():
        reeksen = []
        for arg in argumenten:
            model = modellen.get(f"{naam}:{arg}") or modellen.get(naam) or modellen.get(naam.split(":")[0])
            reeksen.append(list(model.objects.values_list("pk", flat=True)) if model else [1, 2, 3])
        for combinatie in itertools.product(*reeksen):
            yield vul_in(route, dict(zip(argumenten, combinatie)))


def _client(user):
    client = TweestapClient()
    client.force_login(user)
    return client


@pytest.fixture(scope="module")
def resultaat(django_db_setup, django_db_blocker):
    """One world, crawled once as every user; the tests below read the result."""
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            w = bouw_wereld()
            # The API's object routes with every record, for everyone: a JSON list links nothing to follow.
            api_objecten = [u for u in _patroon_x_object() if u.startswith("/api/")] + [
                route.replace("{" + naam + "}", waarde) for route in api_routes()
                for naam, waarden in API_WAARDEN.items() if "{" + naam + "}" in route for waarde in waarden
            ]
            extra = [u for u in urls_zonder_argumenten()] + EFFECTMETING + api_objecten
            per_gebruiker = {}
            import time
            for naam, user in w.users.items():
                t0 = time.monotonic()
                per_gebruiker[naam] = crawl(_client(user), budget=BUDGET, extra_start=extra)
                per_gebruiker[naam].seconden = time.monotonic() - t0
            # Second round: every object page anyone reached, requested by everyone else directly
            # (an address can be typed or forwarded; a page must not rely on not being linked).
            objectpaginas = {url: "[direct: patroon × object]" for url in _patroon_x_object()}
            for naam, c in per_gebruiker.items():
                for url, b in c.bezocht.items():
                    if b.status == 200 and any(ch.isdigit() for ch in url) and not url.startswith("/beheer/"):
                        objectpaginas.setdefault(url, f"[direct; gevonden door {naam}]")
            for naam, user in w.users.items():
                if naam in ("ic", "pr"):
                    continue  # house staff may see every token: nothing to find
                direct = [(u, h) for u, h in objectpaginas.items() if u not in per_gebruiker[naam].bezocht]
                t0 = time.monotonic()
                extra_ronde = crawl(_client(user), budget=BUDGET, direct=direct, start=False, volg=False)
                per_gebruiker[naam].seconden2 = time.monotonic() - t0
                for url, b in extra_ronde.bezocht.items():
                    per_gebruiker[naam].bezocht.setdefault(url, b)
                per_gebruiker[naam].fouten += extra_ronde.fouten
            t0 = time.monotonic()
            w.proeven = proef_alles(w, _client)
            w.proeven_seconden = time.monotonic() - t0
            transaction.set_rollback(True)
    return w, per_gebruiker


def _lekken(w, per_gebruiker):
    lekken = []
    for naam, c in per_gebruiker.items():
        organisatie = w.users[naam].organisatie.code
        gemeld = set()
        for url, bezoek in c.bezocht.items():
            for code in w.tk.vind(bezoek.tekst):
                token = w.tk.alle[code]
                if code in gemeld or mag_zien(w, naam, organisatie, token):
                    continue
                gemeld.add(code)
                lekken.append(f"{naam}: {code} = {token.betekenis} {token.ctx}\n    via " + " -> ".join(c.pad(url)))
    return lekken


def test_no_token_where_the_oracle_says_no(resultaat):
    w, per_gebruiker = resultaat
    lekken = _lekken(w, per_gebruiker)
    if os.environ.get("CANARY_RAPPORT"):
        # A readable report for whoever works through the leaks (not needed for the verdict).
        with open(os.environ["CANARY_RAPPORT"], "w") as f:
            for naam, c in per_gebruiker.items():
                f.write(f"{naam}: {len(c.bezocht)} URL's, {sum(b.status == 200 for b in c.bezocht.values())} met 200, "
                        f"{c.seconden:.1f}+{c.seconden2:.1f} s, "
                        f"{sorted({b.soort for b in c.bezocht.values() if b.status == 200})}\n")
            f.write("\n".join(lekken) + "\n")
    assert not lekken, f"{len(lekken)} lekken:\n" + "\n".join(lekken)


def test_every_api_route_was_requested(resultaat):
    """Every /api/ route of the URLconf, lists and objects, was requested by some user of the crawl
    (so the oracle judged its JSON), and answered 200 to at least one of them."""
    _, per_gebruiker = resultaat
    routes = list(api_routes())
    assert "/api/meldingen/{id}/" in routes and "/api/uitvragen/" in routes
    gevraagd = [u for c in per_gebruiker.values() for u in c.bezocht]
    met_200 = [u for c in per_gebruiker.values() for u, b in c.bezocht.items() if b.status == 200]
    # POST-only routes answer a GET with 405 (403 first to whom the route is closed); the schemathesis test
    # (tests/test_fuzz_api.py) posts to them.
    statussen = {}
    for c in per_gebruiker.values():
        for url, b in c.bezocht.items():
            for r in routes:
                if route_gevraagd(r, [url]):
                    statussen.setdefault(r, set()).add(b.status)
    alleen_post = {r for r, s in statussen.items() if 405 in s and 200 not in s}
    assert {"/api/zsm/vraag/", "/api/acties/{id}/status/"} <= alleen_post
    niet_gevraagd = [r for r in routes if not route_gevraagd(r, gevraagd)]
    assert not niet_gevraagd, f"niet gevraagd in de crawl: {niet_gevraagd}"
    nooit_200 = [r for r in routes if r not in alleen_post and not route_gevraagd(r, met_200)]
    assert not nooit_200, f"door niemand met 200 beantwoord: {nooit_200}"


def test_crawled_pages_never_crash(resultaat):
    _, per_gebruiker = resultaat
    fouten = [f"{naam}: {f}" for naam, c in per_gebruiker.items() for f in c.fouten]
    assert not fouten, "\n".join(fouten)


def test_the_effect_pages_were_measured(resultaat):
    _, per_gebruiker = resultaat

    def gemeten(naam, pad):
        return [b.status for u, b in per_gebruiker[naam].bezocht.items() if u.startswith(pad) and "van=" in u]

    # The measured page and its pdf/xlsx/json downloads, as the ketenmanager; the own-cases list only for pr.
    assert gemeten("ketenmanager", "/effectmeting/?") == [200]
    assert gemeten("ketenmanager", "/effectmeting/download/") == [200, 200, 200]
    assert gemeten("ketenmanager", "/effectmeting/eigen-casussen/") == [403]
    assert gemeten("pr", "/effectmeting/eigen-casussen/") == [200]


def test_the_voluntary_programme_forms_were_reached(resultaat):
    """The forms to record and to change a voluntary programme: reached by the house staff through the
    case page, and refused (403) to everyone else (partners, guests, ZSM, municipal contacts, FG,
    ketenmanager, beheerder) who asked for them directly."""
    w, per_gebruiker = resultaat
    casus, traject = w.casussen["A"], w.trajecten["A"]
    formulieren = [f"/plannen/casus/{casus.pk}/traject/", f"/plannen/traject/{traject.pk}/wijzigen/"]

    def status(naam, url):
        bezoek = per_gebruiker[naam].bezocht.get(url)
        return bezoek.status if bezoek else None

    for naam in ("ic", "pr"):
        assert [status(naam, url) for url in formulieren] == [200, 200], naam
        # Found by following the case page's links, not only by being handed the address.
        assert all(not per_gebruiker[naam].bezocht[url].via.startswith("[") for url in formulieren), naam
    anderen = [naam for naam in w.users if naam not in ("ic", "pr")]
    # Among them the partners of the case itself: the casushouder and the one who reported it.
    assert {"ggz", "reclassering", "politie"} <= set(anderen)
    geweigerd = {naam: [status(naam, url) for url in formulieren] for naam in anderen}
    assert all(s == [403, 403] for s in geweigerd.values()), geweigerd


def test_every_user_reached_pages(resultaat):
    _, per_gebruiker = resultaat
    te_weinig = {naam: sum(b.status == 200 for b in c.bezocht.values()) for naam, c in per_gebruiker.items()}
    assert all(n >= (MIN_PAGINAS_STAF if naam in ("ic", "pr") else MIN_PAGINAS) for naam, n in te_weinig.items()), te_weinig
    assert not [naam for naam, c in per_gebruiker.items() if c.budget_op], "paginabudget op: de crawl is niet rond"


def test_downloads_were_read(resultaat):
    """The ketenmanager's report downloads (PDF, XLSX, CSV) were fetched and decoded, not skipped."""
    _, per_gebruiker = resultaat
    soorten = {b.soort for b in per_gebruiker["ketenmanager"].bezocht.values() if b.status == 200 and b.tekst}
    assert {"application/pdf", "text/csv"} <= soorten and any("spreadsheetml" in s for s in soorten), soorten


def test_entitled_users_do_see_their_tokens(resultaat):
    w, per_gebruiker = resultaat
    gemist = []
    for naam, (model, veld, sleutel) in MOET_ZIEN:
        code = _zoek(w, model, veld, sleutel)
        if not any(code in w.tk.vind(b.tekst) for b in per_gebruiker[naam].bezocht.values()):
            gemist.append(f"{naam} zag {code} ({model}.{veld} van {sleutel}) nergens")
    if gemist and os.environ.get("CANARY_RAPPORT"):
        with open(os.environ["CANARY_RAPPORT"] + ".gemist", "w") as f:
            for p, _ in moet:
                f.write(f"== {p}\n{p.tekst}\n")
    assert not gemist, "\n".join(gemist)


# --- the POST probes (posten.py) ------------------------------------------------------------------------

def test_post_probes_leak_nothing(resultaat):
    """The duplicate check, the searches, the ZSM question (screen and API) and the AVG export, as every
    user with every canary identity: no token the oracle withholds from that user in that answer."""
    w, _ = resultaat
    lekken = []
    for proef in w.proeven:
        organisatie = w.users[proef.gebruiker].organisatie.code
        for code in sorted(vind(w, proef.tekst)):
            t = token(w, code)
            if not mag_zien_in_antwoord(w, proef.gebruiker, organisatie, t, proef):
                lekken.append(f"{proef}: {code} = {t.betekenis} {t.ctx}")
    if os.environ.get("CANARY_RAPPORT"):
        with open(os.environ["CANARY_RAPPORT"] + ".post", "w") as f:
            f.write(f"{len(w.proeven)} proeven in {w.proeven_seconden:.1f} s\n" + "\n".join(lekken) + "\n")
    assert not lekken, f"{len(lekken)} lekken:\n" + "\n".join(lekken)


def test_post_probes_never_crash(resultaat):
    w, _ = resultaat
    fouten = [str(p) for p in w.proeven if p.status >= 500]
    assert not fouten, "\n".join(fouten)


def test_every_post_api_route_was_probed(resultaat):
    w, _ = resultaat
    routes = {pad for pad, _, _ in post_api_routes()}
    assert {"/api/zsm/vraag/", "/api/meldingen/"} <= routes
    assert routes == {p.route.removeprefix("POST ") for p in w.proeven if p.route.startswith("POST ")}


def _proef(w, gebruiker, route, persoon, identiteit):
    return next(p for p in w.proeven if (p.gebruiker, p.route, p.persoon, p.identiteit) == (gebruiker, route, persoon, identiteit))


def test_post_probes_really_hit(resultaat):
    """A probe that silently fails (a form that no longer validates, a wrong address, a lost session)
    would find nothing and be green: the entitled answers must carry what the entitled user may see."""
    from schakel.gebruikers.rollen import Rol
    from schakel.personen.services import BEKEND_BIJ_HUIS

    w, _ = resultaat
    p1 = w.personen["P1"]
    voornaam = {k: p.voornamen.split()[0].upper() for k, p in w.personen.items()}
    achternaam = {k: p.achternaam.split()[0].upper() for k, p in w.personen.items()}
    schets = _zoek(w, "ZsmAdvies", "schets", "A")
    moet = [
        # House staff's duplicate check names the person and the case.
        (_proef(w, "ic", "meldingen:nieuw", "P1", "bsn"), {voornaam["P1"], w.casussen["A"].nummer}),
        (_proef(w, "pr", "meldingen:nieuw", "P3", "naam"), {voornaam["P3"], w.casussen["B"].nummer}),
        # The ZSM desk gets the advice and the procesregisseur, on screen and through the API.
        (_proef(w, "zsm", "zsm:vraag", "P1", "bsn"), {schets, PR_ACHTERNAAM}),
        (_proef(w, "zsm", "POST /api/zsm/vraag/", "P1", "naam"), {schets, PR_ACHTERNAAM}),
        (_proef(w, "ic", "personen:zoeken", "P3", "bsn"), {achternaam["P3"]}),
        (_proef(w, "reclassering", "personen:zoeken", "P1", "naam"), {voornaam["P1"]}),
        (_proef(w, "fg", "avg:inzage", "P2", "bsn"), {achternaam["P2"]}),
        (_proef(w, "fg", "avg:export", "P1", "pdf"), {achternaam["P1"], p1.bsn, _zoek(w, "Melding", "omschrijving", "M1")}),
        (_proef(w, "fg", "avg:export", "P1", "json"), {achternaam["P1"], p1.bsn, _zoek(w, "Melding", "omschrijving", "M1")}),
    ]
    gemist = [f"{p}: mist {sorted(codes - vind(w, p.tekst))} {p.context.get('fouten', '')}" for p, codes in moet if not codes <= vind(w, p.tekst)]
    # Every partner's registration of a known person is registered and answered "known, contact the house".
    kern = BEKEND_BIJ_HUIS.split(" (")[0]
    for p in w.proeven:
        if p.route == "meldingen:nieuw" and w.users[p.gebruiker].heeft_rol(Rol.PARTNER):
            if p.status != 200 or kern not in p.tekst:
                gemist.append(f"{p}: geen 'bekend bij het huis' (eindpunt {p.context.get('eindpunt')}, {p.context.get('fouten')})")
        if p.route == "POST /api/meldingen/" and w.users[p.gebruiker].heeft_rol(Rol.PARTNER):
            if p.status != 201 or kern not in p.tekst:
                gemist.append(f"{p}: API-melding zonder 'bekend bij het huis' ({p.status}: {p.tekst[:300]})")
    toegangslog = _proef(w, "fg", "privacy:toegangslog", "P1", "bsn")
    if not toegangslog.context.get("regels"):
        gemist.append(f"{toegangslog}: geen logregels over P1")
    if gemist and os.environ.get("CANARY_RAPPORT"):
        with open(os.environ["CANARY_RAPPORT"] + ".gemist", "w") as f:
            for p, _ in moet:
                f.write(f"== {p}\n{p.tekst}\n")
    assert not gemist, "\n".join(gemist)
