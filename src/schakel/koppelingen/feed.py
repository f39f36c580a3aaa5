"""Reading a daily feed file (police mutations or DJI detention notices) into meldingen.

- All or nothing: every bad row is reported as "Regel N: reden" and nothing is written.
- Idempotent by the source's own number: a bron_id that came in an earlier delivery is skipped and
  counted as "al ontvangen"; the same row twice in one file is counted once ("dubbel"). The same
  number twice in one file with other values is an error: which of the two is right cannot be decided.
- Who a row is about: matchen.py. A probable match waits in the review queue (Koppelvoorstel) with a
  pending person link, as a partner's registration that hits a known person does.
- A detention notice for a municipality with its own aftercare (Gemeente.eigen_nazorg) is routed to
  that municipality (status doorgezet) and not put before the briefing.
- Written in bulk (core.bulkschrijver) in one transaction: queries per file, not per row.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TextIO

from django.db import IntegrityError, transaction
from django.utils import timezone

from schakel.core.bestanden import BestandFout, Lezer, RegelFouten, voortgangsbalk
from schakel.core.bulkschrijver import Schrijver, Tabel
from schakel.core.kopie import ververs_statistieken, zoek
from schakel.gebruikers.models import Gebruiker
from schakel.gebruikers.services import systeemaccount
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding, MeldingPersoon, MeldingStatus, Thema
from schakel.partners.models import Organisatie
from schakel.personen.models import Persoon, zoeknaam
from schakel.privacy.services import log_mutatie

from . import matchen
from .models import Bron, Detentiegegevens, Feedlevering, Feedrecord, Koppelvoorstel, KoppelvoorstelStatus
from .regels import KOPPEN, Referentie, Rij, controleer_rij, nieuwe_cellen

SYSTEEM_GEBRUIKER = "feeds.import"
KANAAL = {Bron.POLITIE: Melding.Kanaal.POLITIEMUTATIE, Bron.DJI: Melding.Kanaal.DETENTIEMELDING}
# The organisation a source's meldingen come from (beheer.referentie).
ORGANISATIE = {Bron.POLITIE: "politie", Bron.DJI: "dji"}
TOELICHTING = {Bron.POLITIE: "Dagelijkse feed politie", Bron.DJI: "Dagelijkse feed DJI"}


@dataclass
class Uitkomst:
    bron: str
    bestandsnaam: str
    regels: int
    nieuw: int = 0
    al_ontvangen: int = 0
    dubbel: int = 0
    automatisch_gekoppeld: int = 0
    ter_beoordeling: int = 0
    nieuwe_personen: int = 0
    doorgezet: int = 0
    levering: Feedlevering | None = None

    def samenvatting(self) -> str:
        kop = KOPPEN[self.bron]
        tekst = (
            f"{self.bestandsnaam}: {self.regels} {kop.enkelvoud if self.regels == 1 else kop.meervoud} gelezen; "
            f"{self.nieuw} nieuwe meldingen, {self.al_ontvangen} al ontvangen, {self.dubbel} dubbel in het bestand; "
            f"{self.automatisch_gekoppeld} gekoppeld aan een bekende persoon, {self.ter_beoordeling} ter beoordeling, "
            f"{self.nieuwe_personen} nieuwe personen"
        )
        if self.bron == Bron.DJI:
            tekst += f", {self.doorgezet} doorgezet naar gemeenten met eigen nazorg"
        return tekst + "."

    def tellingen(self) -> dict:
        """What an uploading system is told: counts only, never who a row turned out to be."""
        return {k: getattr(self, k) for k in ("regels", "nieuw", "al_ontvangen", "dubbel")}


def systeem_gebruiker() -> Gebruiker:
    """Who the feeds are 'by' when no API user delivered them."""
    return systeemaccount(SYSTEEM_GEBRUIKER, "Dagelijkse", "feeds")


@dataclass
class Plan:
    bron: str
    naam: str
    sha256: str
    regels: int
    nieuw: list[Rij]
    al_ontvangen: int
    dubbel: int


def controleer(bron: str, pad, voortgang: TextIO | None = None) -> Plan:
    lezer = Lezer(pad, KOPPEN[bron])
    ref = Referentie(list(Gemeente.objects.values_list("pk", "code", "naam")), list(Thema.objects.filter(actief=True).values_list("pk", "code")))
    cellen, toekomst = nieuwe_cellen(timezone.localdate())
    fouten: list[tuple[int, str]] = []
    regels_fout: set[int] = set()
    gezien: dict[str, Rij] = {}
    dubbel = 0
    with voortgangsbalk(lezer.schatting, "Controleren", voortgang) as balk:
        for lijn, w in lezer:
            balk.update()
            rij, rij_fouten = controleer_rij(bron, lijn, w, cellen, ref, toekomst)
            if rij is None:
                fouten.extend((lijn, f) for f in rij_fouten)
                regels_fout.add(lijn)
                continue
            eerder = gezien.get(rij.bron_id)
            if eerder is None:
                gezien[rij.bron_id] = rij
            elif eerder.vingerafdruk == rij.vingerafdruk:
                dubbel += 1
            else:
                fouten.append((lijn, f"bron_id '{rij.bron_id}' staat ook op regel {eerder.lijn}, met andere gegevens"))
                regels_fout.add(lijn)
    for lijn, tekst_ in lezer.fouten:
        fouten.append((lijn, tekst_))
        regels_fout.add(lijn)
    if fouten:
        raise RegelFouten(sorted(fouten), len(regels_fout))
    # Same source and number: the same record, from an earlier delivery.
    ontvangen = {b for b, soort in zoek(Feedrecord, "bron_id", gezien.keys(), ["bron_id", "bron"]) if soort == bron}
    nieuw = [r for b, r in gezien.items() if b not in ontvangen]
    return Plan(bron, lezer.naam, lezer.sha256, lezer.aantal, nieuw, len(ontvangen), dubbel)


def schrijf(plan: Plan, door: Gebruiker, route: str, voortgang: TextIO | None = None) -> Uitkomst:
    """Runs inside the caller's transaction."""
    bron = plan.bron
    uitkomst = Uitkomst(bron, plan.naam, plan.regels, al_ontvangen=plan.al_ontvangen, dubbel=plan.dubbel)
    try:
        organisatie = Organisatie.objects.get(code=ORGANISATIE[bron])
    except Organisatie.DoesNotExist:
        raise BestandFout(f"De organisatie met code '{ORGANISATIE[bron]}' ontbreekt in Schakel; laad eerst de referentiegegevens.")
    matcher = matchen.Matcher(plan.nieuw)
    eigen_nazorg = set(Gemeente.objects.filter(eigen_nazorg=True).values_list("pk", flat=True)) if bron == Bron.DJI else set()
    nu = timezone.now()
    levering = Feedlevering.objects.create(
        bron=bron, route=route, bestandsnaam=plan.naam[:255], sha256=plan.sha256, regels=plan.regels, nieuw=len(plan.nieuw),
        al_ontvangen=plan.al_ontvangen, dubbel=plan.dubbel, automatisch_gekoppeld=0, ter_beoordeling=0, nieuwe_personen=0,
        ontvangen_op=nu, door=door,
    )
    with voortgangsbalk(len(plan.nieuw), "Schrijven", voortgang) as balk:
        schrijver = Schrijver(balk)
        uitslagen = [matcher.zoek(r) for r in plan.nieuw]

        # New persons: one per BSN, or per name and birth date when no row of that person has a BSN.
        bsn_van_naam = {(r.naam, r.geboortedatum): r.bsn for r, u in zip(plan.nieuw, uitslagen) if u.soort == matchen.NIEUW and r.bsn}

        def persoon_sleutel(r: Rij):
            return r.bsn or bsn_van_naam.get((r.naam, r.geboortedatum)) or (r.naam, r.geboortedatum)

        nieuwe = {}
        for r, u in zip(plan.nieuw, uitslagen):
            if u.soort == matchen.NIEUW:
                nieuwe.setdefault(persoon_sleutel(r), r)
        personen = Tabel(Persoon, ["id", "bsn", "voornamen", "tussenvoegsel", "achternaam", "zoeknaam", "geboortedatum", "gemeente"])
        persoon_ids = {}
        for (sleutel, r), pk in zip(nieuwe.items(), schrijver.reserveer(Persoon, len(nieuwe))):
            bsn = sleutel if isinstance(sleutel, str) else None
            personen.voeg_toe(pk, bsn, r.voornamen, r.tussenvoegsel, r.achternaam, zoeknaam(r.achternaam), r.geboortedatum, r.gemeente_id)
            persoon_ids[sleutel] = pk

        meldingen = Tabel(Melding, ["id", "ontvangen_op", "kanaal", "soort", "onderwerp", "melder_organisatie", "bron", "gemeente",
                                    "thema", "omschrijving", "status", "geregistreerd_door", "geregistreerd_op"])
        statussen = Tabel(MeldingStatus, ["melding", "van", "naar", "tijdstip", "door", "toelichting"])
        koppelingen = Tabel(MeldingPersoon, ["id", "melding", "persoon", "opgave"])
        records = Tabel(Feedrecord, ["bron", "bron_id", "melding", "levering"])
        detenties = Tabel(Detentiegegevens, ["melding", "inrichting", "begin", "verwachte_einddatum"])
        voorstellen = Tabel(Koppelvoorstel, ["id", "melding", "koppeling", "kandidaat", "score", "reden", "status", "aangemaakt_op"])
        voorstelstatussen = Tabel(KoppelvoorstelStatus, ["voorstel", "van", "naar", "tijdstip", "door", "toelichting"])
        n = len(plan.nieuw)
        melding_ids = schrijver.reserveer(Melding, n)
        te_beoordelen = sum(1 for u in uitslagen if u.soort == matchen.VOORSTEL)
        koppeling_ids = iter(schrijver.reserveer(MeldingPersoon, n))
        voorstel_ids = iter(schrijver.reserveer(Koppelvoorstel, te_beoordelen))
        S = Melding.Status
        kanaal, toelichting, bron_code = KANAAL[bron], TOELICHTING[bron], organisatie.bron
        for r, u, pk in zip(plan.nieuw, uitslagen, melding_ids):
            status = S.DOORGEZET if r.gemeente_id in eigen_nazorg else S.GEREGISTREERD
            uitkomst.doorgezet += status == S.DOORGEZET
            meldingen.voeg_toe(pk, nu, kanaal, Melding.Soort.CASUS, Melding.Onderwerp.PERSOON, organisatie.pk, bron_code,
                               r.gemeente_id, r.thema_id, r.omschrijving, status, door.pk, nu)
            statussen.voeg_toe(pk, "", status, nu, door.pk, toelichting)
            records.voeg_toe(bron, r.bron_id, pk, levering.pk)
            if bron == Bron.DJI:
                detenties.voeg_toe(pk, r.inrichting, r.begin, r.verwachte_einddatum)
            koppeling = next(koppeling_ids)
            if u.soort == matchen.VOORSTEL:
                koppelingen.voeg_toe(koppeling, pk, None, json.dumps(r.opgave()))
                voorstel = next(voorstel_ids)
                voorstellen.voeg_toe(voorstel, pk, koppeling, u.persoon_id, u.score, u.reden, Koppelvoorstel.Status.OPEN, nu)
                voorstelstatussen.voeg_toe(voorstel, "", Koppelvoorstel.Status.OPEN, nu, door.pk, toelichting)
                uitkomst.ter_beoordeling += 1
            elif u.soort == matchen.NIEUW:
                koppelingen.voeg_toe(koppeling, pk, persoon_ids[persoon_sleutel(r)], json.dumps(r.opgave()))
            else:
                koppelingen.voeg_toe(koppeling, pk, u.persoon_id, json.dumps(r.opgave()))
                uitkomst.automatisch_gekoppeld += 1
        balk.total = sum(len(t) for t in (personen, meldingen, statussen, koppelingen, records, detenties, voorstellen, voorstelstatussen))
        for tabel in (personen, meldingen, statussen, koppelingen, records, detenties, voorstellen, voorstelstatussen):
            schrijver.schrijf(tabel)
    uitkomst.nieuw = n
    uitkomst.nieuwe_personen = len(personen)
    uitkomst.levering = levering
    Feedlevering.objects.filter(pk=levering.pk).update(
        automatisch_gekoppeld=uitkomst.automatisch_gekoppeld, ter_beoordeling=uitkomst.ter_beoordeling,
        nieuwe_personen=uitkomst.nieuwe_personen, doorgezet=uitkomst.doorgezet,
    )
    # One change-log row per delivery: the file is the unit that was added, not each of its rows.
    log_mutatie(door, levering, None)
    return uitkomst


def verwerk(bron: str, pad, *, door: Gebruiker | None = None, route: str = Feedlevering.Route.COMMANDO,
            voortgang: TextIO | None = None) -> Uitkomst:
    """One feed file. Raises BestandFout or RegelFouten, in which case nothing was written."""
    if bron not in KOPPEN:
        raise BestandFout(f"Onbekende bron '{bron}'; kies politie of dji.")
    plan = controleer(bron, pad, voortgang)
    if not plan.nieuw:
        return Uitkomst(bron, plan.naam, plan.regels, al_ontvangen=plan.al_ontvangen, dubbel=plan.dubbel)
    try:
        with transaction.atomic():
            uitkomst = schrijf(plan, door or systeem_gebruiker(), route, voortgang)
    except IntegrityError as e:
        # Checked a moment ago, so something else wrote meanwhile (the same delivery twice at once).
        raise BestandFout(f"Er is niets ingelezen: de database weigerde een regel ({e}). Draait er tegelijk een andere levering?")
    # The briefing agenda and the review queue read these tables right after a delivery.
    ververs_statistieken([Persoon, Melding, MeldingPersoon, Feedrecord, Koppelvoorstel])
    return uitkomst
