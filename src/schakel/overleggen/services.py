from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from schakel.casussen.models import Casus, CasusBetrokkenheid
from schakel.casussen.services import betrek_organisatie
from schakel.notificaties.services import uitgenodigd
from schakel.privacy.services import log_mutatie, waarden

from .models import Bespreking, Deelnemer, Geheimhoudingsverklaring, Overleg, Uitnodiging


def kandidaten(overleg: Overleg, queryset):
    """Cases waiting for this conference type: newly opened ones that were never discussed, and
    cases the monitoring flagged for re-discussion (seed 001 §1.8: in principle discussed once)."""
    nooit_besproken = ~Exists(Bespreking.objects.filter(casus=OuterRef("pk")))
    al_op_deze_agenda = Exists(Bespreking.objects.filter(casus=OuterRef("pk"), overleg=overleg))
    return (
        queryset.filter(overlegtype_id=overleg.overlegtype_id)
        .exclude(status=Casus.Status.AFGESLOTEN)
        .filter(Q(status=Casus.Status.AANGEMELD) & nooit_besproken | Q(heragenderen_sinds__isnull=False))
        .exclude(al_op_deze_agenda)
    )


def convenant_organisaties(overleg: Overleg) -> set[int]:
    """Organisations a valid covenant annex names for this meeting's type on its date: they take
    part as partners; everyone else only as a guest after a geheimhoudingsverklaring. One query,
    remembered on the meeting for the rest of the request."""
    if not hasattr(overleg, "_convenant_organisaties"):
        from schakel.privacy.models import ConvenantPartij, geldige_bijlagen

        dag = timezone.localtime(overleg.datum).date()
        genoemd = geldige_bijlagen(dag).filter(overlegtype_id=overleg.overlegtype_id).values_list("partijen", flat=True)
        getekend = ConvenantPartij.objects.filter(
            convenant__bijlagen__in=geldige_bijlagen(dag).filter(overlegtype_id=overleg.overlegtype_id),
            ondertekend_op__lte=dag,
        ).values_list("organisatie_id", flat=True)
        overleg._convenant_organisaties = set(genoemd) & set(getekend)
    return overleg._convenant_organisaties


def _nodig_uit(deelnemer: Deelnemer, besprekingen, door) -> int:
    """Invites one participant for these agenda items; returns how many invitations are new. What an
    invitation opens, and when, is decided by Casus.objects.for_user from the invitation itself."""
    nieuw = 0
    for bespreking in besprekingen:
        uitnodiging, aangemaakt = Uitnodiging.objects.get_or_create(deelnemer=deelnemer, bespreking=bespreking)
        if not aangemaakt:
            continue
        nieuw += 1
        log_mutatie(door, uitnodiging, None)
        # Organisations without covenant are never involved: their people see a case only through a
        # signed geheimhoudingsverklaring for its agenda item (design §4). For the others the
        # involvement records the invitation for the case page; it opens nothing by itself. The
        # organisation is invited, not a person of it: the procesregisseur who did the inviting is
        # in the change log, not in the involvement.
        if deelnemer.organisatie_id in convenant_organisaties(deelnemer.overleg):
            betrek_organisatie(casus=bespreking.casus, organisatie=deelnemer.organisatie, rol=CasusBetrokkenheid.Rol.GENODIGD)
    return nieuw


def _controleer_in_gebruik(overleg: Overleg) -> None:
    dag = timezone.localtime(overleg.datum).date()
    if not overleg.overlegtype.in_gebruik_op(dag):
        raise ValidationError(
            f"Het overleg {overleg.overlegtype} is op {dag:%d-%m-%Y} niet in gebruik; kies een ander overleg of een andere datum."
        )


@transaction.atomic
def maak_overleg(*, overleg: Overleg, door) -> Overleg:
    """A new meeting; the standing partners of its type are on the participant list from the start."""
    _controleer_in_gebruik(overleg)
    overleg.save()
    log_mutatie(door, overleg, None)
    for organisatie in overleg.overlegtype.vaste_partners.all():
        deelnemer = Deelnemer.objects.create(overleg=overleg, organisatie=organisatie, soort=Deelnemer.Soort.VAST)
        log_mutatie(door, deelnemer, None)
    return overleg


@transaction.atomic
def agendeer(*, overleg: Overleg, casussen, door) -> int:
    toegestaan = set(kandidaten(overleg, Casus.objects.all()).filter(pk__in=[c.pk for c in casussen]).values_list("pk", flat=True))
    vaste = list(overleg.deelnemers.filter(soort=Deelnemer.Soort.VAST).select_related("organisatie", "overleg"))
    volgorde = overleg.besprekingen.aggregate(m=Max("volgorde"))["m"] or 0
    for casus in casussen:
        if casus.pk not in toegestaan:
            raise ValidationError(f"Casus {casus.nummer} kan niet (meer) op de agenda van dit overleg.")
        volgorde += 1
        reden = Bespreking.Reden.HERAGENDERING if casus.heragenderen_sinds else Bespreking.Reden.BRIEFING
        bespreking = Bespreking.objects.create(overleg=overleg, casus=casus, volgorde=volgorde, reden=reden)
        log_mutatie(door, bespreking, None)
        if casus.heragenderen_sinds:
            oud = waarden(casus, ["heragenderen_sinds"])
            casus.heragenderen_sinds = None
            casus.save(update_fields=["heragenderen_sinds"])
            log_mutatie(door, casus, oud)
        # The standing partners of the conference type sit at every item; everyone else is invited
        # per item by the procesregisseur (nodig_uit).
        for deelnemer in vaste:
            _nodig_uit(deelnemer, [bespreking], door)
    if casussen:
        uitgenodigd(overleg, vaste, door=door)
    return len(casussen)


def _agendapunten(overleg: Overleg, besprekingen) -> list[Bespreking]:
    besprekingen = list(besprekingen)
    if not besprekingen:
        raise ValidationError(
            "Kies minstens één agendapunt: een organisatie of gast wordt per casus uitgenodigd en ziet alleen die casus."
        )
    if any(b.overleg_id != overleg.pk for b in besprekingen):
        raise ValidationError("Een of meer gekozen agendapunten horen niet bij dit overleg.")
    return besprekingen


@transaction.atomic
def voeg_deelnemer_toe(*, deelnemer: Deelnemer, besprekingen, door) -> Deelnemer:
    """Adds an invited organisation or a guest for the chosen agenda items only. Inviting someone who
    is already on the list adds the new items to his invitation."""
    overleg, organisatie = deelnemer.overleg, deelnemer.organisatie
    if deelnemer.soort == Deelnemer.Soort.VAST:
        raise ValidationError("Vaste partners komen uit de inrichting van het overlegtype.")
    if organisatie.pk not in convenant_organisaties(overleg) and deelnemer.soort != Deelnemer.Soort.GAST:
        raise ValidationError(
            f"{organisatie} heeft het convenant niet ondertekend en kan alleen als gast deelnemen, na een geheimhoudingsverklaring."
        )
    besprekingen = _agendapunten(overleg, besprekingen)
    bestaand = None
    if deelnemer.gebruiker_id:
        if deelnemer.gebruiker.organisatie_id != organisatie.pk:
            raise ValidationError(f"{deelnemer.gebruiker} werkt niet bij {organisatie}.")
        bestaand = overleg.deelnemers.filter(gebruiker=deelnemer.gebruiker).first()
        if bestaand is not None and (bestaand.soort != deelnemer.soort or bestaand.organisatie_id != organisatie.pk):
            raise ValidationError(f"{deelnemer.gebruiker} staat al op de deelnemerslijst.")
    elif deelnemer.soort != Deelnemer.Soort.GAST:
        bestaand = overleg.deelnemers.filter(organisatie=organisatie, gebruiker__isnull=True, naam="").first()
        if bestaand is not None and bestaand.soort == Deelnemer.Soort.VAST:
            raise ValidationError(f"{organisatie} neemt als vaste partner al aan elk agendapunt deel.")
    elif deelnemer.naam:
        bestaand = overleg.deelnemers.filter(organisatie=organisatie, gebruiker__isnull=True, naam=deelnemer.naam).first()
    if bestaand is not None:
        if not _nodig_uit(bestaand, besprekingen, door):
            raise ValidationError(f"{bestaand} neemt al deel en is al uitgenodigd voor de gekozen agendapunten.")
        uitgenodigd(overleg, [bestaand], door=door)
        return bestaand
    deelnemer.save()
    log_mutatie(door, deelnemer, None)
    _nodig_uit(deelnemer, besprekingen, door)
    uitgenodigd(overleg, [deelnemer], door=door)
    return deelnemer


@transaction.atomic
def leg_geheimhouding_vast(*, deelnemer: Deelnemer, besprekingen, getekend_op, door) -> list[Geheimhoudingsverklaring]:
    """One declaration per agenda item the guest is invited for: signing for one case does not open
    the next one on the agenda."""
    if getekend_op > timezone.localdate():
        raise ValidationError("De datum van ondertekening ligt in de toekomst.")
    besprekingen = _agendapunten(deelnemer.overleg, besprekingen)
    uitnodigingen = {u.bespreking_id: u for u in deelnemer.uitnodigingen.select_related("bespreking__casus")}
    niet_uitgenodigd = [b for b in besprekingen if b.pk not in uitnodigingen]
    if niet_uitgenodigd:
        raise ValidationError(
            f"{deelnemer} is niet uitgenodigd voor casus {', '.join(b.casus.nummer for b in niet_uitgenodigd)}; "
            "nodig eerst uit voor dat agendapunt."
        )
    al_getekend = [b for b in besprekingen if Geheimhoudingsverklaring.objects.filter(uitnodiging=uitnodigingen[b.pk]).exists()]
    if al_getekend:
        raise ValidationError(
            f"Voor {deelnemer} is al een geheimhoudingsverklaring vastgelegd voor casus "
            f"{', '.join(b.casus.nummer for b in al_getekend)}."
        )
    verklaringen = []
    for bespreking in besprekingen:
        verklaring = Geheimhoudingsverklaring.objects.create(
            uitnodiging=uitnodigingen[bespreking.pk], getekend_op=getekend_op, vastgelegd_door=door
        )
        log_mutatie(door, verklaring, None)
        verklaringen.append(verklaring)
    return verklaringen


def heeft_ghv_nodig(deelnemer: Deelnemer) -> bool:
    return deelnemer.organisatie_id not in convenant_organisaties(deelnemer.overleg)


@transaction.atomic
def registreer_aanwezigheid(*, overleg: Overleg, aanwezig_ids, door) -> int:
    """Sets attendance for the whole list at once. Someone of an organisation without covenant only
    sits at the table after signing a geheimhoudingsverklaring; otherwise nothing is stored."""
    aanwezig_ids = {int(i) for i in aanwezig_ids}
    deelnemers = list(overleg.deelnemers.select_related("organisatie", "gebruiker"))
    onbekend = aanwezig_ids - {d.pk for d in deelnemers}
    if onbekend:
        raise ValidationError("Een of meer gekozen deelnemers horen niet bij dit overleg.")
    # A guest sits at the table for each item he is invited for, so each needs its declaration.
    uitnodigingen = Uitnodiging.objects.filter(deelnemer__overleg=overleg)
    uitgenodigd = set(uitnodigingen.values_list("deelnemer_id", flat=True))
    ongetekend = set(uitnodigingen.filter(geheimhoudingsverklaring__isnull=True).values_list("deelnemer_id", flat=True))
    zonder_ghv = [
        d for d in deelnemers
        if d.pk in aanwezig_ids and heeft_ghv_nodig(d) and (d.pk in ongetekend or d.pk not in uitgenodigd)
    ]
    if zonder_ghv:
        namen = ", ".join(str(d) for d in zonder_ghv)
        raise ValidationError(
            f"Eerst de geheimhoudingsverklaring vastleggen voor {namen}: hun organisatie heeft het convenant niet ondertekend. "
            "Er is niets opgeslagen."
        )
    gewijzigd = 0
    for d in deelnemers:
        nieuw = d.pk in aanwezig_ids
        if d.aanwezig != nieuw:
            oud = waarden(d, ["aanwezig"])
            d.aanwezig = nieuw
            d.save(update_fields=["aanwezig"])
            log_mutatie(door, d, oud)
            gewijzigd += 1
    return gewijzigd


class Verslagfout(NamedTuple):
    veld: str
    tekst: str


def verslag_fouten(overleg, notulen, besluiten) -> list[Verslagfout]:
    """Why the minutes of an agenda item cannot be marked as done yet; empty when they can."""
    fouten = []
    if overleg.datum > timezone.now():
        fouten.append(Verslagfout(
            "verslag_afgerond", f"Het overleg is op {timezone.localtime(overleg.datum):%d-%m-%Y %H:%M} en heeft nog niet "
            "plaatsgevonden; het verslag kan nog niet afgerond zijn.",
        ))
    if not (notulen or "").strip():
        fouten.append(Verslagfout("notulen", "Vul de notulen in: een leeg verslag kan niet als afgerond worden opgeslagen."))
    if not (besluiten or "").strip():
        fouten.append(Verslagfout("besluiten", "Vul de besluiten in: een verslag zonder besluiten kan niet afgerond zijn."))
    return fouten


@transaction.atomic
def werk_bespreking_bij(*, bespreking: Bespreking, oud: dict, door) -> Bespreking:
    if bespreking.client_stappen and not bespreking.overleg.overlegtype.client_kan_aansluiten:
        raise ValidationError(
            f"Bij {bespreking.overleg.overlegtype} sluit de cliënt niet aan; er zijn geen VBOB-stappen vast te leggen."
        )
    if bespreking.verslag_afgerond:
        fouten = verslag_fouten(bespreking.overleg, bespreking.notulen, bespreking.besluiten)
        if fouten:
            raise ValidationError([f.tekst for f in fouten] + ["Er is niets opgeslagen."])
    bespreking.save()
    log_mutatie(door, bespreking, oud)
    return bespreking
