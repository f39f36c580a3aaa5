"""The oracle: who may see which canary token, written from design §4 and the covenant rules.

Deliberately independent of the application: it imports no `for_user`, no category helper, no access
helper, and reads no involvement rows. It judges by the story the world tells (wereld.py: who is
involved in which case and why, who was invited for which agenda item, who typed what) and by its own
copy of the covenant below. To add a rule: give the new text a `soort` in wereld.py and say here, in
`mag_zien`, who may read that soort.
"""
from datetime import timedelta

from django.utils import timezone

# --- the covenant, as the house signed it (beheer/referentie.py is the application's copy) ----------
# Parties whose covenant is valid today. LdH-JBR and SVG stepped out ten days ago (wereld.py);
# the housing corporation and GGZ Parnassia never signed.
GELDIG_CONVENANT = {
    "politie", "om", "reclassering", "dji", "rvdk", "halt", "ggz", "ggd", "veilig-thuis", "jeugdbescherming",
    "leger-des-heils", "gemeente-leiden", "gemeente-gouda",
}
# Categories each annex allows; every party of the covenant is named in every annex.
BIJLAGE_CATEGORIEEN = {
    "focus": {"identificerend", "justitieel", "politie", "zorg", "financieel", "wonen", "gezin"},
    "nazorg": {"identificerend", "justitieel", "financieel", "wonen", "zorg"},
    "huiselijk_geweld": {"identificerend", "justitieel", "politie", "veilig-thuis", "gezin"},
}
# Special categories only some parties of an annex may read.
ALLEEN_VOOR = {
    "zorg": {"ggz", "ggd", "reclassering", "svg", "veilig-thuis"},
    "veilig-thuis": {"veilig-thuis", "politie"},
}
OVERLEGTYPE = {"A": "focus", "B": "focus", "C": "nazorg", "D": "huiselijk_geweld"}
GAST_TERMIJN = timedelta(days=30)

# --- who is who ---------------------------------------------------------------------------------------
STAF = {"ic", "pr"}
ZSM = {"zsm", "zsm.svg"}
GEMEENTE_CONTACT = {"contact.leiden": "leiden", "contact.gouda": "gouda", "contact.katwijk": "katwijk"}
ZONDER_PERSOONSGEGEVENS = {"ketenmanager", "beheerder"}


def categorie_toegestaan(organisatie: str, casus: str, categorie: str | None) -> bool:
    if categorie is None:
        return True
    if categorie not in BIJLAGE_CATEGORIEEN[OVERLEGTYPE[casus]]:
        return False
    return organisatie in ALLEEN_VOOR.get(categorie, {organisatie})


def betrokken(w, organisatie: str, casus: str | None) -> bool:
    """Involved in the case AND sharing under a valid covenant today."""
    return casus is not None and organisatie in w.betrokken[casus] and organisatie in GELDIG_CONVENANT


def gast_mag(w, gebruiker: str, casus: str | None) -> bool:
    """A guest: only the case of the agenda item it was invited for, after signing the declaration,
    from the meeting until 30 days after."""
    if gebruiker not in w.gasten or casus is None:
        return False
    gast_casus, datum, getekend = w.gasten[gebruiker]
    return getekend and gast_casus == casus and datum <= timezone.localdate() <= datum + GAST_TERMIJN


def mag_zien(w, gebruiker: str, organisatie: str, token) -> bool:
    ctx = token.ctx
    soort, casus, categorie = ctx.get("soort"), ctx.get("casus"), ctx.get("categorie")

    if gebruiker in STAF:
        return True
    if gebruiker in ZONDER_PERSOONSGEGEVENS:
        # The ketenmanager handles escalations to its rung, but never their special-category reasons.
        return gebruiker == "ketenmanager" and soort == "opschaling" and categorie is None
    if gebruiker == "fg":
        # Case content only through a recorded AVG request for that person, never a third person's
        # identity. The reporter's name stays visible to the FG: it decides what the export must
        # withhold (art. 15(4)); the export itself is the AVG tests' business (a POST, not crawled).
        if soort == "avg":
            return True
        persoon = ctx.get("persoon")
        if soort == "identiteit":
            return persoon in w.avg_verzoeken
        if soort in ("antwoord", "uitvraag"):
            return persoon in w.avg_verzoeken
        if ctx.get("melding"):
            return bool(set(w.personen_van_melding.get(ctx["melding"], ())) & w.avg_verzoeken)
        return casus is not None and bool(set(w.personen_van_casus[casus]) & w.avg_verzoeken)
    if gebruiker in ZSM:
        # The ZSM desk gets the ZSM answer to a question (a POST); a crawl of GET pages shows it nothing.
        return False
    if gebruiker in GEMEENTE_CONTACT:
        gemeente = GEMEENTE_CONTACT[gebruiker]
        if soort in ("uitvraag", "antwoord"):
            return ctx.get("gemeente") == gemeente
        # A detention notice routed to a municipality with its own aftercare: the resident as DJI gave
        # him and the institution, for that municipality's contact.
        if soort in ("identiteit", "detentie") and ctx.get("eigen_nazorg"):
            return ctx["eigen_nazorg"] == gemeente
        # The person asked about: what the contact needs to look the resident up.
        if soort == "identiteit" and ctx.get("persoon"):
            return any(t.ctx.get("gemeente") == gemeente and t.ctx.get("persoon") == ctx["persoon"]
                       for t in w.tk.alle.values() if t.ctx.get("soort") == "uitvraag")
        return False

    # A partner professional (guests included).
    if soort in ("uitvraag", "antwoord", "avg"):
        return False  # the municipal answer is for the briefing (house staff), never for a partner
    if ctx.get("door") == organisatie:
        return True  # what it typed itself: its melding text, its own name, the person it registered
    if soort == "identiteit":
        persoon = ctx.get("persoon")
        zaken = [c for c, personen in w.personen_van_casus.items() if persoon in personen]
        return any(betrokken(w, organisatie, c) or gast_mag(w, gebruiker, c) for c in zaken)
    if soort == "terugkoppeling" and ctx.get("melder") == organisatie and organisatie in GELDIG_CONVENANT:
        return True
    if soort == "actie" and ctx.get("houder") == organisatie and organisatie in GELDIG_CONVENANT:
        return True  # the holder reads its own action whatever its category
    if gast_mag(w, gebruiker, casus):
        return categorie is None
    return betrokken(w, organisatie, casus) and categorie_toegestaan(organisatie, casus, categorie)


# --- the answers to the POST probes (posten.py) ---------------------------------------------------------
# Cases still open in the story (C was closed with a handover).
ACTIEVE_CASUSSEN = {"A", "B", "D"}
# Cases with a recorded ZSM advice that is still valid.
ZSM_ADVIES = {"A"}


def _eigen_gegevens(w, persoon: str, token) -> bool:
    """Art. 15: what the export may hold about `persoon`: its own identity, its meldingen, its cases and
    what was asked and answered about it; never another person's identity, never the reporter's
    identity, never what a municipality answered about someone else."""
    ctx = token.ctx
    soort = ctx.get("soort")
    if soort == "identiteit":
        return ctx.get("persoon") == persoon
    if soort == "melder":
        return False
    if soort in ("uitvraag", "antwoord", "avg"):
        return ctx.get("persoon") == persoon
    if soort == "medewerker":
        return True  # the house's staff are the controller's side, not a third party
    if ctx.get("melding"):
        return persoon in w.personen_van_melding.get(ctx["melding"], ())
    if ctx.get("casus"):
        return persoon in w.personen_van_casus.get(ctx["casus"], ())
    return False


def mag_zien_in_antwoord(w, gebruiker: str, organisatie: str, token, proef) -> bool:
    """May `gebruiker` find `token` in the answer to `proef`? What the user typed itself always comes back."""
    if token.code in proef.getypt:
        return True
    ctx = token.ctx
    soort = ctx.get("soort")
    if soort == "medewerker" and token.obj.username == gebruiker:
        return True  # its own name, in the page header
    if proef.regel == "toegangslog" and gebruiker == "fg" and soort in ("casusnummer", "meldingnummer"):
        return True  # which record was seen is what the access log is for; the FG reads it whole
    if proef.regel == "dubbelingscontrole":
        # House staff see who is known, how often, which case, whom to call. Anyone else registering a
        # person the house knows hears "known here, contact the house" and nothing more, on the form and
        # on its own new melding (design §4, issue 9 holes 2 and 4).
        if gebruiker in STAF:
            return True
        if proef.context.get("eindpunt", "").startswith("/meldingen/") and proef.context["eindpunt"].rstrip("/").split("/")[-1].isdigit():
            return False  # its own new melding: only what it typed
        if proef.status != 200 or proef.context.get("eindpunt") == "/meldingen/nieuw/":
            return False  # the form again (refused or rate-limited): only what it typed
        # Elsewhere (the list, when its own melding is not shown to it): what it may see anyway.
        return soort != "medewerker" and mag_zien(w, gebruiker, organisatie, token)
    if proef.regel == "zsm":
        # Four facts: known, active case, the advice (under the desk's covenant, valid, category allowed),
        # and whom to call (the procesregisseur); never a name, number or melding content.
        if gebruiker not in ZSM:
            return False
        zaken = {c for c, personen in w.personen_van_casus.items() if proef.persoon in personen} & ACTIEVE_CASUSSEN
        if soort == "zsm":
            casus = ctx.get("casus")
            return (casus in zaken and casus in ZSM_ADVIES and organisatie in GELDIG_CONVENANT
                    and categorie_toegestaan(organisatie, casus, ctx.get("categorie")))
        if soort == "medewerker":
            return bool(zaken)
        return False
    if proef.regel == "export":
        # Only the FG, only with a recorded inzage request, only the person's own data.
        return gebruiker == "fg" and proef.persoon in w.avg_verzoeken and _eigen_gegevens(w, proef.persoon, token)
    if soort == "medewerker":
        return True  # a colleague's name on a search page or in the access log is no person's data
    if proef.regel == "avg-zoeken" and gebruiker == "fg":
        # The hit shows what the FG needs to pick the right person: name and birth date of whom it sought.
        if soort == "identiteit" and ctx.get("persoon") == proef.persoon and token.veld in ("voornamen", "achternaam", "geboortedatum"):
            return True
    if soort in ("casusnummer", "meldingnummer"):
        if gebruiker in STAF:
            return True
        if gebruiker in ZONDER_PERSOONSGEGEVENS or gebruiker in ZSM or gebruiker in GEMEENTE_CONTACT:
            return False
    return mag_zien(w, gebruiker, organisatie, token)
