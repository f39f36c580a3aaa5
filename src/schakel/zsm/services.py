"""ZSM: the advice a case meeting writes for the ZSM table, and the one question ZSM may ask.

The question deliberately looks across all persons (ZSM sees no case content through need-to-know)
and answers four things only: known here, active case, the valid advice, whom to call. No names, no
case numbers, no melding data; every question is logged, also when nothing is found.

The advice is case content and follows the covenant like the rest of it: it is given only when a
covenant annex in force today for the case's conference type names the asking organisation. Known,
active case and whom to call (a member of staff of the house, never the case) are facts the ZSM table
gets by role, also without a covenant."""
from dataclasses import asdict, dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from schakel.bekendheid import services as bekendheid
from schakel.casussen.models import Casus, convenant_overlegtypen
from schakel.personen.models import bsn_geldig
from schakel.personen.services import HUIS_CONTACT, zoek_bekende_personen
from schakel.privacy.categorieen import toon_tekst
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_mutatie, log_toegang

from .models import ZsmAdvies

VRAAG_ONVOLLEDIG = "Vul een BSN in, of de achternaam én de geboortedatum."


@transaction.atomic
def leg_advies_vast(*, casus: Casus, advies: ZsmAdvies, door) -> ZsmAdvies:
    if casus.status == Casus.Status.AFGESLOTEN:
        raise ValidationError("Deze casus is afgesloten; een ZSM-advies heeft dan geen betekenis meer.")
    if advies.geldig_tot < timezone.localdate():
        raise ValidationError("De datum 'geldig tot en met' ligt in het verleden.")
    advies.casus = casus
    advies.door = door
    advies.save()
    log_mutatie(door, advies, None)
    return advies


def normaliseer_bsn(waarde: str | None) -> str | None:
    """Spaces and dots are how people copy a BSN; the eleven-test runs on the bare digits."""
    bsn = (waarde or "").replace(" ", "").replace(".", "")
    if bsn:
        bsn_geldig(bsn)
    return bsn or None


def controleer_vraag(*, bsn, achternaam, geboortedatum) -> None:
    if not bsn and not (achternaam and geboortedatum):
        raise ValidationError(VRAAG_ONVOLLEDIG, code="onvolledig")


ZICHTBARE_BSN_CIJFERS = 3


@dataclass(frozen=True)
class Gevraagd:
    """Whom the question was about, exactly as the asker typed it, so the asker can check the answer
    is about the right person. Nothing from the register: a typing error must stay visible as one.
    The BSN shows only its last digits: the answer stays on a screen at a busy desk."""

    bsn_verborgen: str
    bsn_zichtbaar: str
    achternaam: str
    geboortedatum: object

    @classmethod
    def uit(cls, *, bsn: str | None, achternaam: str, geboortedatum) -> "Gevraagd":
        bsn = bsn or ""
        zichtbaar = bsn[-ZICHTBARE_BSN_CIJFERS:]
        return cls("*" * (len(bsn) - len(zichtbaar)), zichtbaar, achternaam or "", geboortedatum)


@dataclass(frozen=True)
class ZsmAntwoord:
    bekend: bool
    actieve_casus: bool
    advies: dict | None
    contact: str
    # The federated bekendheidscheck (bekendheid.services): other houses that know the person, or
    # None when not asked (no middenvelder configured, no BSN to ask with).
    elders: dict | None = None

    def als_dict(self) -> dict:
        return asdict(self)


def _ja(waarde) -> str:
    return "ja" if waarde else "nee"


def _contact(casus: Casus | None) -> str:
    if casus is None or casus.procesregisseur is None:
        return HUIS_CONTACT
    pr = casus.procesregisseur
    # A name and a way to reach the process owner; the case number stays out of the answer.
    return f"procesregisseur {pr}" + (f" ({pr.email})" if pr.email else "") + " van het Zorg- en Veiligheidshuis"


def beantwoord_vraag(user, *, bsn: str | None, achternaam: str, geboortedatum, kanaal: str) -> ZsmAntwoord:
    """The house's own answer (one transaction), then once the middenvelder, outside that transaction:
    with the typed BSN, or else the BSN of the one person the name and date of birth found here."""
    antwoord, personen = _beantwoord_hier(user, bsn=bsn, achternaam=achternaam, geboortedatum=geboortedatum, kanaal=kanaal)
    met_bsn = bsn or (personen[0].bsn if len(personen) == 1 else None)
    elders = bekendheid.vraag(user, bsn=met_bsn, persoon_ids=[p.pk for p in personen], aanleiding=f"ZSM-vraag, {kanaal}")
    return replace(antwoord, elders=elders.als_dict() if elders else None)


@transaction.atomic
def _beantwoord_hier(user, *, bsn: str | None, achternaam: str, geboortedatum, kanaal: str):
    controleer_vraag(bsn=bsn, achternaam=achternaam, geboortedatum=geboortedatum)
    personen = zoek_bekende_personen(bsn=bsn, achternaam=achternaam, geboortedatum=geboortedatum)
    persoon_ids = [p.pk for p in personen]
    actief = any(p.heeft_actieve_casus for p in personen)
    advies, casus = None, None
    if actief:
        actieve_casussen = Casus.objects.actief().filter(personen__in=persoon_ids)
        onder_convenant = actieve_casussen.filter(overlegtype_id__in=convenant_overlegtypen(user.organisatie_id))
        advies = (
            ZsmAdvies.objects.filter(casus__in=onder_convenant, geldig_tot__gte=timezone.localdate())
            .select_related("casus__procesregisseur", "categorie")
            .order_by("-vastgelegd_op", "-id")
            .first()
        )
        if advies is not None and advies.casus.procesregisseur_id:
            casus = advies.casus
        else:
            casus = (
                actieve_casussen.filter(procesregisseur__isnull=False)
                .select_related("procesregisseur")
                .order_by("-geopend_op", "-id")
                .first()
            )
    antwoord = ZsmAntwoord(
        bekend=bool(personen),
        actieve_casus=actief,
        advies=(
            # The advice text follows its information category like every other case text.
            {"schets": toon_tekst(user, advies, "schets"), "gewenste_maatregelen": toon_tekst(user, advies, "gewenste_maatregelen"),
             "geldig_tot": advies.geldig_tot}
            if advies is not None
            else None
        ),
        contact=_contact(casus),
    )
    doel = (
        f"ZSM-vraag ({kanaal}): bekend={_ja(antwoord.bekend)}, actieve casus={_ja(antwoord.actieve_casus)}, "
        f"advies={_ja(antwoord.advies)}"
    )
    if personen:
        log_toegang(user, Toegangslog.Actie.ZSM_VRAAG, "persoon", [(pk, [pk]) for pk in persoon_ids], doel)
    else:
        # No hit is an answer too: the question itself must remain traceable.
        log_toegang(user, Toegangslog.Actie.ZSM_VRAAG, "zsm-vraag", [(0, [])], doel)
    return antwoord, personen
