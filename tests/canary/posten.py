"""The POST probes of the canary (issue 9, holes 2, 4, 5, 7, 8): the features a GET crawl cannot reach.

As every user of the world, with every canary identity (each person's BSN; each person's surname and
birth date), the probes submit the melding registration form (its duplicate check), the person search,
the ZSM question (screen and every POST route of the API schema), the FG's searches (AVG inzage, access
log and its export) and the AVG art. 15 export. Each probe runs in a savepoint that is rolled back, so
what one probe creates (a melding, a pending link, a log row) never shows up in the next one.

A probe records what the user TYPED (a value it brought itself may come back to it) and which rule of
the oracle judges the answer (orakel.mag_zien_in_antwoord)."""
import json
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .crawl import als_tekst
from .tokens import Token

# Plain texts (no token) for what a probe must type besides the identity: the probe's own melding
# carries nothing the oracle could mistake for somebody else's data.
EIGEN_TEKST = "Canaryproef eigen melding"
ONBEKENDE_ACHTERNAAM = "Proefnaamzonderteken"
# The procesregisseur's surname during the probes: the ZSM answer may name it, a partner's duplicate
# check may not.
PR_ACHTERNAAM = "Regiekanarie"


@dataclass
class Proef:
    gebruiker: str
    route: str
    regel: str           # which oracle rule judges the answer
    persoon: str | None  # the person whose identity was typed (or exported)
    identiteit: str      # "bsn" / "naam" / "pdf" / "json"
    getypt: frozenset    # token codes the user typed itself
    status: int
    tekst: str
    context: dict = field(default_factory=dict)

    def __str__(self):
        return f"{self.gebruiker} {self.route} [{self.persoon} {self.identiteit}] HTTP {self.status}"


def nummertokens(w) -> dict[str, Token]:
    """Case and melding numbers, and the procesregisseur's name: not in the GET crawl's registry (pages
    show them freely to whom may see the record), but exactly what the duplicate check and the ZSM
    answer must not hand out."""
    extra = {}
    for key, c in w.casussen.items():
        extra[c.nummer] = Token(c.nummer, "Casus", "nummer", c, (c.nummer,), {"soort": "casusnummer", "casus": key})
    melder_van = {t.ctx["melding"]: t.ctx for t in w.tk.alle.values() if t.ctx.get("soort") == "melder"}
    for key, m in w.meldingen.items():
        ctx = {"soort": "meldingnummer", "melding": key, "melder": melder_van[key].get("melder"),
               "door": melder_van[key].get("door")}
        casus = melder_van[key].get("casus")
        if casus:
            ctx["casus"] = casus
        extra[m.nummer] = Token(m.nummer, "Melding", "nummer", m, (m.nummer,), ctx)
    extra[PR_ACHTERNAAM] = Token(PR_ACHTERNAAM, "Gebruiker", "last_name", w.users["pr"], (PR_ACHTERNAAM,),
                                 {"soort": "medewerker"})
    return extra


def vind(w, tekst: str) -> set[str]:
    return w.tk.vind(tekst) | {code for code in w.nummers if code in tekst}


def token(w, code) -> Token:
    return w.tk.alle.get(code) or w.nummers[code]


def identiteiten(w):
    """(person key, "bsn"/"naam", what is typed, the token codes typed) for every canary identity."""
    for key, p in w.personen.items():
        yield key, "bsn", {"bsn": p.bsn}, frozenset({p.bsn})
        yield (key, "naam", {"achternaam": p.achternaam, "geboortedatum": p.geboortedatum.isoformat()},
               frozenset({p.achternaam.split()[0].upper(), f"{p.geboortedatum:%d-%m-%Y}"}))


def post_api_routes():
    """Every POST operation of the OpenAPI schema that takes a person's identity (a BSN, a name and
    birth date, or a person): (path, request body fields, required fields). The routes that change one
    record by its id (an action's status, an answer) take no identity; schemathesis tests those."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for pad, operaties in schema["paths"].items():
        if "post" not in operaties:
            continue
        inhoud = operaties["post"].get("requestBody", {}).get("content", {})
        body = inhoud.get("application/json", {}).get("schema", {})
        if "$ref" in body:
            body = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
        eigenschappen = body.get("properties", {})
        if {"bsn", "achternaam", "persoon"} & set(eigenschappen):
            yield pad, eigenschappen, set(body.get("required", ()))


def _meldingformulier(user, persoon_velden):
    from schakel.gemeenten.models import Gemeente
    from schakel.meldingen.models import Melding, Thema

    data = {
        "ontvangen_op": timezone.localtime().strftime("%Y-%m-%d %H:%M"), "kanaal": Melding.Kanaal.MAIL,
        "soort": Melding.Soort.CASUS, "urgentie": Melding.Urgentie.NORMAAL, "onderwerp": Melding.Onderwerp.PERSOON,
        "melder_organisatie": user.organisatie_id, "melder_naam": EIGEN_TEKST, "melder_contact": EIGEN_TEKST,
        "gemeente": Gemeente.objects.get(code="leiden").pk, "thema": Thema.objects.get(code="overlast").pk,
        "omschrijving": EIGEN_TEKST, "gebied": "",
    }
    # The form wants a surname and a sex with a BSN; a surname that is nobody's keeps the BSN the only hint.
    persoon = {"achternaam": ONBEKENDE_ACHTERNAAM, "geslacht": "onbekend", **persoon_velden}
    data.update({f"persoon-{k}": v for k, v in persoon.items()})
    return data


def _api_melding(persoon_velden) -> dict:
    """A partner system's new melding (POST /api/meldingen/) about this identity."""
    from schakel.gemeenten.models import Gemeente
    from schakel.meldingen.models import Thema

    return {
        "kanaal": "mail", "melder_naam": EIGEN_TEKST, "omschrijving": EIGEN_TEKST,
        "gemeente": Gemeente.objects.get(code="leiden").pk, "thema": Thema.objects.get(code="overlast").pk,
        "persoon": {"achternaam": ONBEKENDE_ACHTERNAAM, "geslacht": "onbekend", **persoon_velden},
    }


def _formfouten(response) -> dict:
    """Why a form was refused: shown when a probe did not hit."""
    if response.status_code != 400 or not response.context:
        return {}
    return {naam: dict(response.context[naam].errors) for naam in ("form", "persoon_form") if response.context.get(naam)}


def _antwoord(response) -> str:
    return als_tekst(response)


def proef_alles(w, maak_client) -> list[Proef]:
    """Every probe as every user. `maak_client(user)` gives a logged-in (two-step verified) client."""
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=w.users["pr"].pk).update(last_name=PR_ACHTERNAAM)
    w.nummers = nummertokens(w)
    api = list(post_api_routes())
    proeven = []

    def in_savepoint(doe):
        with transaction.atomic():
            uitkomst = doe()
            transaction.set_rollback(True)
        return uitkomst

    for naam, user in w.users.items():
        client = maak_client(user)

        def noteer(route, regel, persoon, soort, getypt, response, context=None):
            proeven.append(Proef(naam, route, regel, persoon, soort, getypt, response.status_code, _antwoord(response),
                                 context or {}))

        for pkey, soort, velden, getypt in identiteiten(w):
            # The rate limit counts real probes; the canary tries far more identities than a user could
            # legitimately, so each probe starts with a fresh window (the limit has its own tests).
            cache.clear()

            def registreer():
                r = client.post(reverse("meldingen:nieuw"), _meldingformulier(user, velden), follow=True)
                eindpunt = r.redirect_chain[-1][0] if r.redirect_chain else reverse("meldingen:nieuw")
                noteer("meldingen:nieuw", "dubbelingscontrole", pkey, soort, getypt, r,
                       {"eindpunt": eindpunt, "treffers": bool(r.context and r.context.get("treffers")),
                        "fouten": _formfouten(r)})
            in_savepoint(registreer)

            zoekterm = velden["bsn"] if soort == "bsn" else velden["achternaam"]
            in_savepoint(lambda: noteer("personen:zoeken", "algemeen", pkey, soort, getypt,
                                        client.post(reverse("personen:zoeken"), {"q": zoekterm})))
            in_savepoint(lambda: noteer("zsm:vraag", "zsm", pkey, soort, getypt,
                                        client.post(reverse("zsm:vraag"), velden)))
            for pad, eigenschappen, verplicht in api:
                if pad == "/api/meldingen/":
                    def api_registreer():
                        r = client.post(pad, json.dumps(_api_melding(velden)), content_type="application/json")
                        nieuw = r.json().get("melding", {}).get("id") if r.status_code == 201 else None
                        # Its own new melding, as on the screen: only what it typed (the oracle's rule).
                        eindpunt = f"/meldingen/{nieuw}/" if nieuw else "/meldingen/nieuw/"
                        noteer(f"POST {pad}", "dubbelingscontrole", pkey, soort, getypt, r, {"eindpunt": eindpunt})
                    in_savepoint(api_registreer)
                    continue
                onbekend = verplicht - {"bsn", "achternaam", "geboortedatum"}
                assert not onbekend, f"POST {pad}: de canary weet niet wat hij moet invullen voor {onbekend}"
                body = {k: v for k, v in velden.items() if k in eigenschappen}
                in_savepoint(lambda: noteer(f"POST {pad}", "zsm" if "/zsm/" in pad else "algemeen", pkey, soort, getypt,
                                            client.post(pad, json.dumps(body), content_type="application/json")))
            avg_velden = {"reden": "inzage", **velden}
            in_savepoint(lambda: noteer("avg:inzage", "avg-zoeken", pkey, soort, getypt,
                                        client.post(reverse("avg:inzage"), avg_velden)))
            if soort == "bsn":
                def toegangslog():
                    r = client.post(reverse("privacy:toegangslog"), {"bsn": velden["bsn"]})
                    noteer("privacy:toegangslog", "toegangslog", pkey, soort, getypt, r,
                           {"regels": len(r.context.get("regels") or []) if r.context else 0})
                in_savepoint(toegangslog)
                for formaat in ("csv", "json"):
                    in_savepoint(lambda: noteer("privacy:toegangslog_export", "toegangslog", pkey, formaat, getypt,
                                                client.post(reverse("privacy:toegangslog_export"),
                                                            {"bsn": velden["bsn"], "formaat": formaat})))
        for pkey, p in w.personen.items():
            for formaat in ("pdf", "json"):
                in_savepoint(lambda: noteer("avg:export", "export", pkey, formaat, frozenset(),
                                            client.post(reverse("avg:export", args=[p.pk]), {"formaat": formaat})))
    cache.clear()
    return proeven
