"""AVG rights of the data subject: inzage (art. 15), requests (16/18), restriction (18), erasure (17).
One transaction per action; every action is logged."""
import json

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from schakel.casussen.models import Casus
from schakel.meldingen.models import AFGEHANDELD, Melding
from schakel.personen.models import Persoon, zoeknaam
from schakel.privacy.models import Mutatielog, Toegangslog
from schakel.privacy.services import log_mutatie, log_toegang, waarden

from . import anonimiseer, document
from .inzage import verzamel
from .models import Beperking, Bewaarplicht, Geanonimiseerd, Verwijderingsregistratie, Verzoek
from .pdf import inzage_pdf

DOEL_EXPORT = "AVG-inzage"


def inzage(persoon: Persoon) -> dict:
    """Every record about the person (see inzage.SECTIES), plus when the overview was made."""
    return {"gegenereerd_op": timezone.localtime().isoformat(timespec="seconds"), "persoon_id": persoon.pk, **verzamel(persoon)}


def inzage_document(persoon: Persoon, *, door) -> document.Document:
    """What the person receives (art. 15): their own data in plain Dutch, others' data withheld and
    the withholding stated. Named after the house of the FG who sends it."""
    huis = getattr(getattr(door, "organisatie", None), "naam", "") or "het Zorg- en Veiligheidshuis"
    return document.opstellen(persoon, huis=huis)


def verzoek_ids(verzoeken) -> str:
    """For the access log: which recorded request(s) the FG acted on, by number only."""
    return "verzoek " + ", ".join(str(v.pk) for v in verzoeken)


def exporteer(persoon: Persoon, *, formaat: str, door, verzoek: Verzoek) -> tuple[bytes, str, str]:
    """The person's inzage document as (content, content type, file name), written to the access
    log as an export."""
    doc = inzage_document(persoon, door=door)
    if formaat == "pdf":
        inhoud = inzage_pdf(doc)
        soort, naam = "application/pdf", f"avg-inzage-persoon-{persoon.pk}.pdf"
    elif formaat == "json":
        inhoud = json.dumps(doc.als_dict(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
        soort, naam = "application/json", f"avg-inzage-persoon-{persoon.pk}.json"
    else:
        raise ValueError(formaat)
    log_toegang(door, Toegangslog.Actie.EXPORT, "persoon", [(persoon.pk, [persoon.pk])], f"{DOEL_EXPORT} ({formaat.upper()}) bij {verzoek_ids([verzoek])}")
    return inhoud, soort, naam


# The access log's object type for a look-up that found nobody (no person id to log).
ZONDER_TREFFER = "zoekvraag zonder treffer"


def zoek_betrokkene(user, *, reden: str, bsn: str = "", achternaam: str = "", geboortedatum=None) -> list[Persoon]:
    """The FG looks up the subject of a request. Every look-up goes to the access log with the
    persons found (by id) and the kind of request, never the BSN or name searched for; a look-up
    without a hit is logged too, so the FG's searches can be audited like anyone else's views."""
    if bsn:
        personen, waarop = list(Persoon.objects.filter(bsn=bsn)), "BSN"
    else:
        personen = list(Persoon.objects.filter(zoeknaam=zoeknaam(achternaam), geboortedatum=geboortedatum).order_by("pk"))
        waarop = "achternaam en geboortedatum"
    doel = f"AVG: zoeken op {waarop} voor een verzoek ({Verzoek.Soort(reden).label})"
    if personen:
        log_toegang(user, Toegangslog.Actie.ZOEKTREFFER, "persoon", [(p.pk, [p.pk]) for p in personen], doel)
    else:
        log_toegang(user, Toegangslog.Actie.ZOEKTREFFER, ZONDER_TREFFER, [(0, [])], f"{doel}: geen treffer")
    return personen


def open_verzoeken(persoon: Persoon):
    return Verzoek.objects.filter(persoon=persoon, afgehandeld_op__isnull=True).order_by("ontvangen_op", "pk")


def personen_met_open_verzoek():
    """The persons whose data the FG may see: only while a recorded request of theirs is open."""
    return Persoon.objects.filter(Exists(Verzoek.objects.filter(persoon=OuterRef("pk"), afgehandeld_op__isnull=True)))


def is_beperkt(persoon: Persoon, op=None) -> bool:
    """Is processing of this person's data restricted (art. 18) on this day?"""
    op = op or timezone.localdate()
    return Beperking.objects.filter(Q(tot__isnull=True) | Q(tot__gte=op), persoon=persoon, sinds__lte=op).exists()


@transaction.atomic
def leg_verzoek_vast(*, verzoek: Verzoek, persoon: Persoon, door) -> Verzoek:
    if verzoek.ontvangen_op > timezone.localdate():
        raise ValidationError("Een verzoek kan niet in de toekomst zijn ontvangen. Er is niets opgeslagen.")
    verzoek.persoon = persoon
    verzoek.door = door
    verzoek.save()
    log_mutatie(door, verzoek, None)
    return verzoek


@transaction.atomic
def handel_verzoek_af(*, verzoek: Verzoek, oud: dict, door) -> Verzoek:
    """`verzoek` carries the decision; `oud` = waarden(verzoek) from before the form was applied."""
    if oud.get("afgehandeld_op"):
        raise ValidationError("Dit verzoek is al afgehandeld.")
    verzoek.save()
    log_mutatie(door, verzoek, oud)
    return verzoek


@transaction.atomic
def leg_beperking_vast(*, beperking: Beperking, persoon: Persoon, door) -> Beperking:
    beperking.persoon = persoon
    beperking.door = door
    beperking.save()
    log_mutatie(door, beperking, None)
    return beperking


def actieve_bewaarplicht(op=None):
    op = op or timezone.localdate()
    return Bewaarplicht.objects.filter(Q(tot__isnull=True) | Q(tot__gte=op))


@transaction.atomic
def leg_bewaarplicht_vast(*, bewaarplicht: Bewaarplicht, casus: Casus, door) -> Bewaarplicht:
    bewaarplicht.casus = casus
    bewaarplicht.door = door
    bewaarplicht.save()
    log_mutatie(door, bewaarplicht, None)
    return bewaarplicht


def _casussen_van(persoon):
    return Casus.objects.filter(Q(personen=persoon) | Q(meldingen__koppelingen__persoon=persoon)).distinct()


def wis_bezwaren(persoon: Persoon) -> list[str]:
    """Why the law does not allow erasure now (empty: it may go)."""
    bezwaren = []
    if Geanonimiseerd.objects.filter(objecttype="persoon", object_id=persoon.pk).exists():
        bezwaren.append("De gegevens van deze persoon zijn al gewist.")
    casussen = _casussen_van(persoon)
    actief = [c.nummer for c in casussen.exclude(status=Casus.Status.AFGESLOTEN)]
    if actief:
        bezwaren.append(f"De persoon zit in een lopende casus ({', '.join(actief)}); die is eerst af te sluiten.")
    vast = sorted({b.casus.nummer for b in actieve_bewaarplicht().filter(casus__in=casussen).select_related("casus")})
    if vast:
        bezwaren.append(f"Op casus {', '.join(vast)} rust een bewaarplicht.")
    if Melding.objects.filter(koppelingen__persoon=persoon).exclude(status__in=AFGEHANDELD).exists():
        bezwaren.append("Er is een melding over deze persoon die nog niet gewogen is.")
    return bezwaren


@transaction.atomic
def wis_persoon(persoon: Persoon, door, reden: str, verzoek: Verzoek | None = None) -> list[Verwijderingsregistratie]:
    """Erasure (art. 17) where the law allows it: the person's identifying data, the free texts of
    their meldingen (with weging, terugkoppeling, uitvraag) and of their closed cases about them
    alone. Rows, statuses and dates stay, so every count survives. Records what kind went, not what."""
    persoon = Persoon.objects.select_for_update().get(pk=persoon.pk)
    bezwaren = wis_bezwaren(persoon)
    if bezwaren:
        raise ValidationError(bezwaren)
    if not (reden or "").strip():
        raise ValidationError("Geef de reden van de wissing.")
    melding_ids = list(
        Melding.objects.filter(koppelingen__persoon=persoon)
        .exclude(pk__in=Geanonimiseerd.objects.filter(objecttype="melding").values("object_id"))
        .values_list("pk", flat=True)
    )
    # Only cases about this person alone: a family case holds other people's data too.
    casus_ids = [
        c.pk for c in _casussen_van(persoon).exclude(pk__in=Geanonimiseerd.objects.filter(objecttype="casus").values("object_id"))
        if set(c.personen.values_list("pk", flat=True)) <= {persoon.pk}
    ]
    oud = waarden(persoon, ["voornamen", "tussenvoegsel", "achternaam", "aliassen", "bsn", "geboortedatum"])
    telling = [("persoon", anonimiseer.PERSOON_GEGEVENS, 1)]
    telling += anonimiseer.wis(anonimiseer.MELDING_DELEN, melding_ids)
    telling += anonimiseer.wis(anonimiseer.CASUS_DELEN, casus_ids)
    telling += anonimiseer.verwijder_registraties([persoon.pk])
    anonimiseer.wis_personen([persoon.pk], geboortejaar_houden=False)
    aanleiding = Verwijderingsregistratie.Aanleiding.WISSING
    Geanonimiseerd.objects.bulk_create(
        [Geanonimiseerd(objecttype="persoon", object_id=persoon.pk, aanleiding=aanleiding)]
        + [Geanonimiseerd(objecttype="melding", object_id=i, aanleiding=aanleiding) for i in melding_ids]
        + [Geanonimiseerd(objecttype="casus", object_id=i, aanleiding=aanleiding) for i in casus_ids]
    )
    registraties = Verwijderingsregistratie.objects.bulk_create([
        Verwijderingsregistratie(aanleiding=aanleiding, objecttype=soort, gegevens=woorden, aantal=aantal,
                                 reden=reden, door=door, verzoek=verzoek)
        for soort, woorden, aantal in telling
    ])
    # The change log records that the fields were erased, never their old values.
    persoon.refresh_from_db()
    Mutatielog.objects.create(
        gebruiker=door, objecttype="persoon", object_id=persoon.pk, actie="gewist",
        wijzigingen={veld: ["[verwijderd]", nieuw] for veld, nieuw in waarden(persoon, oud.keys()).items() if oud[veld] != nieuw},
    )
    log_toegang(door, Toegangslog.Actie.GEWIJZIGD, "persoon", [(persoon.pk, [persoon.pk])], "AVG-wissing (art. 17)")
    if verzoek is not None and verzoek.afgehandeld_op is None:
        oud_verzoek = waarden(verzoek)
        verzoek.afgehandeld_op = timezone.localdate()
        verzoek.besluit = Verzoek.Besluit.TOEGEWEZEN
        verzoek.save()
        log_mutatie(door, verzoek, oud_verzoek)
    return registraties
