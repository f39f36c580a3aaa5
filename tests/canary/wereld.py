"""The canary world: a small house built through the domain services as the UI would, in which every
text and identity value is a registered token (tokens.py).

Besides the records, the world keeps the INTENT the oracle judges by: which organisation is involved
in which case and why, which category a text carries, which guest was invited for which agenda item,
which identity data a reporter typed itself. These are facts of the story, written down here, not
read back from the tables the application's access rules use."""
import inspect
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from schakel.avg.models import Verzoek
from schakel.avg.services import leg_verzoek_vast
from schakel.beheer.referentie import laad_referentiedata
from schakel.briefing.models import BesluitOptie, Briefing, Weging
from schakel.briefing.services import agendeer as agendeer_briefing, maak_briefing, weeg
from schakel.casussen.models import AfsluitUitkomst, Afsluiting
from schakel.casussen.services import sluit_casus_af
from schakel.gebruikers.rollen import Rol
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding, Terugkoppeling, Thema
from schakel.meldingen.services import koppel_persoon, leg_terugkoppeling_vast, registreer_melding
from schakel.monitoring.models import Monitoringcontact, Verlenging
from schakel.monitoring.services import leg_contact_vast, verleng
from schakel.opschaling.models import Escalatieniveau, Opschaling
from schakel.opschaling.services import leg_besluit_vast, schaal_op
from schakel.overleggen import services as overleg_services
from schakel.overleggen.models import Bespreking, Deelnemer, Overleg, Overlegtype
from schakel.partners.models import Organisatie
from schakel.personen.models import Persoon
from schakel.plannen.models import Actie, Doel, Leefgebied, PlanVanAanpak, VrijwilligTraject
from schakel.plannen.services import stel_plan_vast
from schakel.plannen.trajecten import NAZORG_LEEFGEBIEDEN, leg_traject_vast
from schakel.privacy.models import Convenant, ConvenantBijlage, ConvenantPartij, InformatieCategorie
from schakel.privacy.services import waarden
from schakel.uitvragen.models import InformatieUitvraag
from schakel.uitvragen.services import beantwoord, vraag_uit
from schakel.zsm.models import ZsmAdvies
from schakel.zsm.services import leg_advies_vast

from ..factories import GebruikerFactory
from .tokens import Tokens

VSH = "zvh-hollands-midden"
# Organisations whose covenant ended 10 days ago (moved to a covenant with an end date in the past).
CONVENANT_BEEINDIGD = {"ldh-jbr", "svg"}


# Which texts of a record its information category covers (the story's rule: one category per record,
# for these fields; the rest of the record is general information).
CATEGORIE_VELDEN = {
    "Melding": ("omschrijving",), "Terugkoppeling": ("tekst",),
    "Weging": ("motivatie_a", "motivatie_b", "motivatie_c", "motivatie_d", "toelichting"),
    "InformatieUitvraag": ("antwoord",), "Bespreking": ("notulen", "besluiten"), "PlanVanAanpak": ("toelichting",),
    "Doel": ("omschrijving",), "Actie": ("omschrijving", "reden_niet_gedaan"), "Monitoringcontact": ("toelichting",),
    "Verlenging": ("reden",), "Opschaling": ("reden", "gevraagd_besluit", "genomen_besluit", "uitkomst"),
    "ZsmAdvies": ("schets", "gewenste_maatregelen"), "Afsluiting": ("toelichting",),
}


def categoriseer(tk, obj, categorie):
    """The story gives the record a category: its covered texts carry it, and where the model can
    record it, it is recorded (before the writing service saves the record)."""
    if not categorie:
        return
    for t in tk.alle.values():
        if t.obj is obj and t.veld in CATEGORIE_VELDEN[type(obj).__name__]:
            t.ctx["categorie"] = categorie
    if any(f.name == "categorie" for f in type(obj)._meta.get_fields()):
        obj.categorie = InformatieCategorie.objects.get(code=categorie)


def met(functie, **optioneel):
    """Extra keyword arguments only where the service takes them (they came with issue 9's fixes)."""
    parameters = inspect.signature(functie).parameters
    return {k: v for k, v in optioneel.items() if k in parameters}


def org(code):
    return Organisatie.objects.get(code=code)


@dataclass
class Wereld:
    tk: Tokens
    users: dict
    casussen: dict = field(default_factory=dict)
    meldingen: dict = field(default_factory=dict)
    personen: dict = field(default_factory=dict)
    # Intent, for the oracle: case key -> {organisation code: why it is involved}
    # ("inbrenger", "vast" = standing partner at its table, "genodigd", "actiehouder", "casushouder").
    betrokken: dict = field(default_factory=dict)
    # guest username -> (case key of the agenda item it was invited for, meeting date, signed?)
    gasten: dict = field(default_factory=dict)
    personen_van_casus: dict = field(default_factory=dict)
    personen_van_melding: dict = field(default_factory=dict)
    # person keys with a recorded AVG request
    avg_verzoeken: set = field(default_factory=set)
    # Probe-only tokens (posten.py): case and melding numbers, the procesregisseur's name.
    nummers: dict = field(default_factory=dict)
    # case key -> its voluntary programme
    trajecten: dict = field(default_factory=dict)


def maak_gebruikers():
    vh = org(VSH)

    def g(naam, organisatie, *rollen, gemeenten=()):
        u = GebruikerFactory(username=naam, organisatie=org(organisatie), rollen=list(rollen))
        for code in gemeenten:
            u.contactgemeenten.add(Gemeente.objects.get(code=code))
        return u

    return {
        "ic": g("ic", VSH, Rol.INFORMATIECOORDINATOR),
        "pr": g("pr", VSH, Rol.PROCESREGISSEUR),
        "ketenmanager": g("ketenmanager", VSH, Rol.KETENMANAGER),
        "fg": g("fg", VSH, Rol.PRIVACY_OFFICER),
        "beheerder": g("beheerder", VSH, Rol.FUNCTIONEEL_BEHEERDER),
        "zsm": g("zsm", "om", Rol.ZSM),
        # A ZSM desk account of an organisation whose covenant ended: the ZSM answer gives it no advice.
        "zsm.svg": g("zsm.svg", "svg", Rol.ZSM),
        "contact.leiden": g("contact.leiden", "gemeente-leiden", Rol.GEMEENTE_CONTACT, gemeenten=["leiden"]),
        "contact.gouda": g("contact.gouda", "gemeente-gouda", Rol.GEMEENTE_CONTACT, gemeenten=["gouda"]),
        # Katwijk does its own aftercare: DJI's detention notices about its residents go to this contact.
        "contact.katwijk": g("contact.katwijk", "gemeente-katwijk", Rol.GEMEENTE_CONTACT, gemeenten=["katwijk"]),
        # Partners: standing partners of the focus table, the reporter, the invited-for-one-item GGD,
        # Veilig Thuis, a covenant party never involved, one outside the covenant, two whose covenant ended.
        "politie": g("politie", "politie", Rol.PARTNER),
        "om": g("om", "om", Rol.PARTNER),
        "reclassering": g("reclassering", "reclassering", Rol.PARTNER),
        "ggz": g("ggz", "ggz", Rol.PARTNER),
        "ggd": g("ggd", "ggd", Rol.PARTNER),
        "dji": g("dji", "dji", Rol.PARTNER),
        "veilig-thuis": g("veilig-thuis", "veilig-thuis", Rol.PARTNER),
        "halt": g("halt", "halt", Rol.PARTNER),
        "parnassia": g("parnassia", "ggz-parnassia", Rol.PARTNER),
        "ldh-jbr": g("ldh-jbr", "ldh-jbr", Rol.PARTNER),
        "svg": g("svg", "svg", Rol.PARTNER),
        # Guests of an organisation without covenant.
        "gast.voor": g("gast.voor", "woningcorporatie", Rol.PARTNER),
        "gast.na": g("gast.na", "woningcorporatie", Rol.PARTNER),
        "gast.oud": g("gast.oud", "woningcorporatie", Rol.PARTNER),
    }


def bouw_wereld() -> Wereld:
    laad_referentiedata()
    tk = Tokens()
    users = maak_gebruikers()
    w = Wereld(tk=tk, users=users)
    ic, pr = users["ic"], users["pr"]
    vandaag = timezone.localdate()
    nu = timezone.now()
    cat = {c.code: c for c in InformatieCategorie.objects.all()}

    def persoon(key, gemeente="leiden", door=None):
        p = Persoon(gemeente=Gemeente.objects.get(code=gemeente))
        with tk.over(soort="identiteit", persoon=key, door=door):
            tk.teksten(p, "voornamen", "achternaam")
            tk.bsn(p)
            tk.geboortedatum(p)
        # Aliases are added by the house later, never typed by a reporter.
        with tk.over(soort="identiteit", persoon=key, door=None):
            tk.tekst(p, "aliassen")
        w.personen[key] = p
        return p

    def melding(key, *, door, melder, personen, gemeente="leiden", thema="overlast", categorie=None):
        m = Melding(
            ontvangen_op=nu, kanaal=Melding.Kanaal.MAIL, melder_organisatie=org(melder),
            gemeente=Gemeente.objects.get(code=gemeente), thema=Thema.objects.get(code=thema),
        )
        # Typed by the reporter when it registered itself, otherwise by the house.
        typist = melder if door.organisatie.code == melder else None
        with tk.over(melding=key, melder=melder, door=typist):
            tk.tekst(m, "omschrijving", soort="melding")
            tk.teksten(m, "melder_naam", "melder_contact", soort="melder")
            if typist:
                tk.tekst(m, "gebied", soort="melding")
        categoriseer(tk, m, categorie)
        # The person as the reporter typed it (kept for the reporter's own view, where the service has it).
        opgaven = [
            {"bsn": p.bsn, "voornamen": p.voornamen, "tussenvoegsel": "", "achternaam": p.achternaam,
             "zoeknaam": p.achternaam.lower(), "geboortedatum": p.geboortedatum.isoformat(), "geslacht": "",
             "gemeente_id": p.gemeente_id}
            for p in personen
        ]
        registreer_melding(door=door, melding=m, persoon=personen[0], **met(registreer_melding, opgave=opgaven[0]))
        for p, opgave in zip(personen[1:], opgaven[1:]):
            koppel_persoon(melding=m, persoon=p, door=door, **met(koppel_persoon, opgave=opgave))
        w.meldingen[key] = m
        w.personen_van_melding[key] = [k for k, p in w.personen.items() if p in personen]
        return m

    # --- persons and meldingen ----------------------------------------------------------------------
    p1 = persoon("P1", door="reclassering")
    m1 = melding("M1", door=users["reclassering"], melder="reclassering", personen=[p1], categorie="zorg")
    p2 = persoon("P2")
    # A melding with two persons, registered by the house for the police.
    m2 = melding("M2", door=ic, melder="politie", personen=[p1, p2])
    p3 = persoon("P3")
    m3 = melding("M3", door=ic, melder="om", personen=[p3])
    p4 = persoon("P4")
    m4 = melding("M4", door=ic, melder="dji", personen=[p4], thema="nazorg")
    p5 = persoon("P5")
    m5 = melding("M5", door=ic, melder="veilig-thuis", personen=[p5], thema="huiselijk-geweld", categorie="veilig-thuis")
    # A melding that never becomes a case, typed by SVG (whose covenant ends later) about a person it brought.
    p6 = persoon("P6", gemeente="gouda", door="svg")
    m6 = melding("M6", door=users["svg"], melder="svg", personen=[p6], gemeente="gouda")

    # Feedback to both reporters (SVG's covenant ends later: then it no longer sees what others added).
    for m, key, melder in ((m1, "M1", "reclassering"), (m6, "M6", "svg")):
        terugkoppeling = Terugkoppeling(datum=vandaag, kanaal=Terugkoppeling.Kanaal.values[0])
        tk.tekst(terugkoppeling, "tekst", soort="terugkoppeling", melding=key, melder=melder)
        leg_terugkoppeling_vast(melding=m, terugkoppeling=terugkoppeling, door=ic)

    # Information requests: Leiden about P1, Gouda about P6; both answered.
    for m, mkey, p, pkey, gem in ((m1, "M1", p1, "P1", "leiden"), (m6, "M6", p6, "P6", "gouda")):
        with tk.over(melding=mkey, persoon=pkey, gemeente=gem):
            u = InformatieUitvraag(gemeente=Gemeente.objects.get(code=gem), persoon=p)
            tk.teksten(u, "vraag", "afdelingen", soort="uitvraag")
            u = vraag_uit(uitvraag=u, melding=m, door=ic)
            antwoord = InformatieUitvraag()
            tk.tekst(antwoord, "antwoord", soort="antwoord")
            beantwoord(uitvraag=u, antwoord=antwoord.antwoord, door=users[f"contact.{gem}"])
            tk.herbind(antwoord, u)

    # --- briefing: M1..M5 weighed into cases -------------------------------------------------------
    briefing = maak_briefing(briefing=Briefing(datum=vandaag), weegploeg=[], door=pr)
    agendeer_briefing(briefing=briefing, meldingen=[m1, m2, m3, m4, m5], door=pr)
    types = {code: Overlegtype.objects.get(code=code) for code in ("focus", "nazorg", "huiselijk_geweld")}

    def weeg_in(m, besluit, overlegtype, casus_key, categorie=None):
        wg = Weging(briefing=briefing, melding=m, besluit=BesluitOptie.objects.get(code=besluit),
                    criterium_a=True, criterium_b=True, criterium_c=True)
        with tk.over(casus=casus_key, soort="weging"):
            tk.teksten(wg, "motivatie_a", "motivatie_b", "motivatie_c", "motivatie_d", "toelichting")
        categoriseer(tk, wg, categorie)
        return weeg(weging=wg, door=pr, overlegtype=types[overlegtype]).casus

    casus_a = weeg_in(m1, "focus", "focus", "A", categorie="zorg")
    assert weeg_in(m2, "focus", "focus", "A").pk == casus_a.pk, "P1 is in A: M2 joins A"
    casus_b = weeg_in(m3, "focus", "focus", "B")
    casus_c = weeg_in(m4, "nazorg", "nazorg", "C")
    casus_d = weeg_in(m5, "focus", "huiselijk_geweld", "D")
    w.casussen.update(A=casus_a, B=casus_b, C=casus_c, D=casus_d)
    w.personen_van_casus = {"A": ["P1", "P2"], "B": ["P3"], "C": ["P4"], "D": ["P5"]}
    casus_van_melding = {"M1": "A", "M2": "A", "M3": "B", "M4": "C", "M5": "D"}
    for t in tk.alle.values():
        if t.ctx.get("melding") in casus_van_melding:
            t.ctx["casus"] = casus_van_melding[t.ctx["melding"]]
    w.betrokken = {"A": {"reclassering": "inbrenger", "politie": "inbrenger"}, "B": {"om": "inbrenger"},
                   "C": {"dji": "inbrenger"}, "D": {"veilig-thuis": "inbrenger"}}

    # --- meetings ------------------------------------------------------------------------------------
    def overleg(code, datum):
        return overleg_services.maak_overleg(
            overleg=Overleg(overlegtype=types[code], voorzitter=pr, datum=datum, locatie="Zaal 1"), door=pr)

    def bespreek(o, casus, casus_key, categorie=None):
        b = o.besprekingen.get(casus=casus)
        oud = waarden(b, ["notulen", "besluiten", "vertrokken_voor_besluit", "categorie"])
        with tk.over(casus=casus_key, soort="bespreking", overleg=o.pk):
            tk.teksten(b, "notulen", "besluiten", "vertrokken_voor_besluit")
        categoriseer(tk, b, categorie)
        overleg_services.werk_bespreking_bij(bespreking=b, oud=oud, door=pr)

    def gast(o, username, *, casus_key, getekend_op=None):
        item = o.besprekingen.filter(casus=w.casussen[casus_key])
        d = overleg_services.voeg_deelnemer_toe(
            deelnemer=Deelnemer(overleg=o, organisatie=users[username].organisatie, gebruiker=users[username],
                                soort=Deelnemer.Soort.GAST), door=pr,
            **met(overleg_services.voeg_deelnemer_toe, besprekingen=item))
        if getekend_op:
            overleg_services.leg_geheimhouding_vast(
                deelnemer=d, getekend_op=getekend_op, door=pr,
                **met(overleg_services.leg_geheimhouding_vast, besprekingen=item))
        w.gasten[username] = (casus_key, timezone.localtime(o.datum).date(), bool(getekend_op))

    # 40 days ago, on the nazorg case C; a guest signed then, so its access has ended.
    oud_overleg = overleg("nazorg", nu - timedelta(days=40))
    overleg_services.agendeer(overleg=oud_overleg, casussen=[casus_c], door=pr)
    gast(oud_overleg, "gast.oud", casus_key="C", getekend_op=vandaag - timedelta(days=40))
    bespreek(oud_overleg, casus_c, "C")
    for code in ("dji", "reclassering"):
        w.betrokken["C"].setdefault(code, "vast")

    # Today's focus meeting with two agenda items; GGD and two guests are invited for A only.
    focus = overleg("focus", nu)
    overleg_services.agendeer(overleg=focus, casussen=[casus_a, casus_b], door=pr)
    for key in ("A", "B"):
        for code in ("politie", "om", "reclassering", "ggz"):
            w.betrokken[key].setdefault(code, "vast")
    overleg_services.voeg_deelnemer_toe(
        deelnemer=Deelnemer(overleg=focus, organisatie=org("ggd"), gebruiker=users["ggd"]), door=pr,
        **met(overleg_services.voeg_deelnemer_toe, besprekingen=focus.besprekingen.filter(casus=casus_a)))
    w.betrokken["A"]["ggd"] = "genodigd"
    gast(focus, "gast.na", casus_key="A", getekend_op=vandaag)
    gast(focus, "gast.voor", casus_key="A")
    bespreek(focus, casus_a, "A", categorie="zorg")
    bespreek(focus, casus_b, "B")

    hg = overleg("huiselijk_geweld", nu)
    overleg_services.agendeer(overleg=hg, casussen=[casus_d], door=pr)
    for code in ("veilig-thuis", "politie"):
        w.betrokken["D"].setdefault(code, "vast")
    bespreek(hg, casus_d, "D", categorie="veilig-thuis")

    # --- case A: plan (casushouder GGZ; actions for politie and LdH-JBR), monitoring, escalation, ZSM --
    with tk.over(casus="A", soort="plan"):
        plan = PlanVanAanpak(type=PlanVanAanpak.Type.values[0], casushouder=users["ggz"], vastgesteld_op=vandaag,
                             vastgesteld_in=focus)
        tk.tekst(plan, "toelichting")
        doel = Doel(leefgebied=Leefgebied.values[0])
        tk.tekst(doel, "omschrijving")
        a1 = Actie(organisatie=org("politie"), eigenaar=users["politie"], deadline=vandaag + timedelta(days=30))
        tk.teksten(a1, "omschrijving", "reden_niet_gedaan", soort="actie", houder="politie")
        a2 = Actie(organisatie=org("ldh-jbr"), eigenaar=users["ldh-jbr"], deadline=vandaag + timedelta(days=30))
        tk.teksten(a2, "omschrijving", "reden_niet_gedaan", soort="actie", houder="ldh-jbr")
        categoriseer(tk, a2, "zorg")
    stel_plan_vast(casus=casus_a, plan=plan, doelen=[doel], acties=[a1, a2], door=pr)
    w.betrokken["A"]["ggz"] = "casushouder"
    w.betrokken["A"]["ldh-jbr"] = "actiehouder"

    # --- case A: a voluntary programme, so its change form is there to be crawled -----------------------
    with tk.over(casus="A", soort="traject"):
        traject = VrijwilligTraject(persoon=p1, gestart_op=vandaag, kosten=1250)
        tk.tekst(traject, "aanbieder")
    w.trajecten["A"] = leg_traject_vast(casus=casus_a, traject=traject, hulpvragen=[NAZORG_LEEFGEBIEDEN[0].value], door=pr)

    with tk.over(casus="A"):
        contact = Monitoringcontact.objects.filter(casus=casus_a).order_by("gepland_op").first()
        kladblok = Monitoringcontact()
        tk.tekst(kladblok, "toelichting", soort="monitoring")
        categoriseer(tk, kladblok, "zorg")
        contact = leg_contact_vast(contact=contact, uitgevoerd_op=vandaag, uitkomst=Monitoringcontact.Uitkomst.OP_KOERS,
                                   toelichting=kladblok.toelichting, door=pr,
                                   **met(leg_contact_vast, categorie=cat["zorg"]))
        tk.herbind(kladblok, contact)

        kladblok = Verlenging()
        tk.tekst(kladblok, "reden", soort="monitoring")
        tk.herbind(kladblok, verleng(casus=casus_a, tot=vandaag + timedelta(days=200), reden=kladblok.reden, door=pr))

        ops = Opschaling(niveau=Escalatieniveau.objects.get(code="ketenmanager"), opgeschaald_op=vandaag)
        tk.tekst(ops, "reden", soort="opschaling", zin="Urgente GGZ-opname canarytekst")
        tk.tekst(ops, "gevraagd_besluit", soort="opschaling")
        categoriseer(tk, ops, "zorg")
        ops = schaal_op(casus=casus_a, opschaling=ops, door=pr)
        oud = waarden(ops, ["genomen_besluit", "uitkomst", "besluit_op"])
        tk.teksten(ops, "genomen_besluit", "uitkomst", soort="opschaling", categorie="zorg")
        ops.besluit_op = vandaag
        leg_besluit_vast(opschaling=ops, oud=oud, door=pr)

        advies = ZsmAdvies(geldig_tot=vandaag + timedelta(days=60))
        tk.teksten(advies, "schets", "gewenste_maatregelen", soort="zsm")
        leg_advies_vast(casus=casus_a, advies=advies, door=pr)

    # Close C with a handover.
    afsluiting = Afsluiting(datum=vandaag, reden=Afsluiting.Reden.AFGESCHAALD, overgedragen_aan=org("leger-des-heils"))
    tk.teksten(afsluiting, "overdracht_contact", "toelichting", soort="afsluiting", casus="C")
    sluit_casus_af(casus=casus_c, afsluiting=afsluiting, uitkomsten=AfsluitUitkomst.objects.all()[:2], door=pr)

    # The FG recorded an inzage request for P1.
    verzoek = Verzoek(soort=Verzoek.Soort.INZAGE)
    tk.tekst(verzoek, "toelichting", soort="avg", persoon="P1")
    leg_verzoek_vast(verzoek=verzoek, persoon=p1, door=users["fg"])
    w.avg_verzoeken.add("P1")

    # The covenant of LdH-JBR (action holder in A) and SVG (reporter of M6) ended ten days ago.
    beeindig_convenant(CONVENANT_BEEINDIGD, vandaag - timedelta(days=10))
    dji_feed(w, persoon)
    return w


def dji_feed(w, persoon):
    """The daily DJI feed: P7, unknown, lives in Katwijk (own aftercare), so the notice is routed to
    Katwijk's contact; P8 is known to the house (no melding, no case) and the feed gives the name with
    first and last name swapped, so it waits in the informatiecoördinator's review queue. DJI typed
    both identities and the institutions; the house's BSN of P8 and the aliases are the house's own."""
    import csv
    import tempfile
    from pathlib import Path

    from schakel.koppelingen.feed import verwerk
    from schakel.koppelingen.models import Detentiegegevens

    tk = w.tk
    p7 = persoon("P7", gemeente="katwijk", door="dji")
    for t in tk.alle.values():
        if t.obj is p7 and t.veld in ("voornamen", "achternaam", "geboortedatum"):
            t.ctx["eigen_nazorg"] = "katwijk"
    p8 = persoon("P8", door="dji")
    tk.alle[p8.bsn].ctx["door"] = None
    p8.save()
    rijen = []
    for key, p, gemeente, voornamen, achternaam in (("P7", p7, "katwijk", p7.voornamen, p7.achternaam),
                                                    ("P8", p8, "leiden", p8.achternaam, p8.voornamen)):
        drager = Detentiegegevens()
        with tk.over(soort="detentie", persoon=key, melding=key.replace("P", "M"), door="dji",
                     **({"eigen_nazorg": gemeente} if gemeente == "katwijk" else {})):
            tk.tekst(drager, "inrichting", zin="PI")
        rijen.append({"bron_id": f"KANARIE-{key}", "bsn": p.bsn if key == "P7" else "", "voornamen": voornamen,
                      "achternaam": achternaam, "geboortedatum": p.geboortedatum.isoformat(), "gemeente": gemeente,
                      "inrichting": drager.inrichting, "begin": timezone.localdate().isoformat()})
        w.personen_van_melding[key.replace("P", "M")] = [key]
    with tempfile.TemporaryDirectory() as map_:
        pad = Path(map_) / "dji.csv"
        with open(pad, "w", newline="", encoding="utf-8") as f:
            schrijver = csv.DictWriter(f, fieldnames=list(rijen[0]))
            schrijver.writeheader()
            schrijver.writerows(rijen)
        uitkomst = verwerk("dji", pad)
    assert (uitkomst.nieuw, uitkomst.doorgezet, uitkomst.ter_beoordeling) == (2, 1, 1), uitkomst.samenvatting()
    echt = Persoon.objects.get(bsn=p7.bsn)
    tk.herbind(p7, echt)
    w.personen["P7"] = echt


def beeindig_convenant(codes, einde):
    """Moves the organisations from the running covenant to one that ended on `einde`: the way a
    party that stepped out looks in the register."""
    lopend = Convenant.objects.get(versie="2016")
    oud = Convenant.objects.create(naam="Convenant aanvulling (beëindigd)", versie="2019",
                                   ondertekend_op=lopend.geldig_van, geldig_van=lopend.geldig_van, geldig_tot=einde)
    organisaties = list(Organisatie.objects.filter(code__in=codes))
    ConvenantPartij.objects.filter(convenant=lopend, organisatie__in=organisaties).delete()
    for o in organisaties:
        ConvenantPartij.objects.create(convenant=oud, organisatie=o, ondertekend_op=lopend.geldig_van)
    for bijlage in ConvenantBijlage.objects.filter(convenant=lopend):
        bijlage.partijen.remove(*organisaties)
        nieuw = ConvenantBijlage.objects.create(convenant=oud, overlegtype=bijlage.overlegtype, doel=bijlage.doel)
        nieuw.partijen.set(organisaties)
