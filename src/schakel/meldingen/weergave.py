"""What a user sees of a melding and of the persons on it.

House staff see everything. A partner sees the person record only where its organisation is entitled
to that person (Persoon.objects.for_user: involved in a case of the person under a covenant in force).
The reporting organisation otherwise sees the person exactly as it typed it (MeldingPersoon.opgave),
also after the house linked the melding to a person it already knew. See the README, "Wat een melder
ziet van zijn eigen melding"."""
from dataclasses import dataclass
from datetime import date

from schakel.casussen.models import Casus, convenant_overlegtypen
from schakel.gemeenten.models import Gemeente
from schakel.personen.models import Persoon, zoeknaam

from .models import Melding, MeldingPersoon

OPGAVE_VELDEN = ("bsn", "voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "geslacht", "gemeente")


def opgave_uit_formulier(data: dict) -> dict:
    """The typed person as JSON: a date as ISO text, the municipality by id."""
    gemeente = data.get("gemeente")
    geboortedatum = data.get("geboortedatum")
    return {
        "bsn": data.get("bsn") or "",
        "voornamen": data.get("voornamen") or "",
        "tussenvoegsel": data.get("tussenvoegsel") or "",
        "achternaam": data.get("achternaam") or "",
        "zoeknaam": zoeknaam(data.get("achternaam") or ""),
        "geboortedatum": geboortedatum.isoformat() if geboortedatum else "",
        "geslacht": data.get("geslacht") or "",
        "gemeente_id": gemeente.pk if gemeente else None,
    }


def opgave_uit_persoon(persoon: Persoon) -> dict:
    """For a person created from a melding: what its reporter typed is what the record then held."""
    return opgave_uit_formulier({
        "bsn": persoon.bsn, "voornamen": persoon.voornamen, "tussenvoegsel": persoon.tussenvoegsel,
        "achternaam": persoon.achternaam, "geboortedatum": persoon.geboortedatum, "geslacht": persoon.geslacht,
        "gemeente": persoon.gemeente,
    })


@dataclass
class OpgegevenPersoon:
    """Quacks like a Persoon in the templates (names, birth date, municipality), but has no pk: a
    reporter gets no link to a person record."""

    bsn: str
    voornamen: str
    tussenvoegsel: str
    achternaam: str
    geboortedatum: date | None
    gemeente: Gemeente | None
    in_behandeling: bool = False  # the house still decides whether this is a person it knows
    pk = None

    @property
    def volledige_naam(self) -> str:
        return " ".join(p for p in (self.voornamen, self.tussenvoegsel, self.achternaam) if p) or "Naam niet opgegeven"

    @property
    def minimale_naam(self) -> str:
        initialen = "".join(f"{n[0]}." for n in self.voornamen.split() if n)
        return " ".join(p for p in (initialen, self.tussenvoegsel, self.achternaam) if p) or "Naam niet opgegeven"


def opgegeven_persoon(opgave: dict | None, gemeenten: dict, *, in_behandeling: bool = False) -> OpgegevenPersoon:
    opgave = opgave or {}
    try:
        geboren = date.fromisoformat(opgave.get("geboortedatum") or "")
    except ValueError:
        geboren = None
    return OpgegevenPersoon(
        bsn=opgave.get("bsn") or "", voornamen=opgave.get("voornamen") or "",
        tussenvoegsel=opgave.get("tussenvoegsel") or "", achternaam=opgave.get("achternaam") or "",
        geboortedatum=geboren, gemeente=gemeenten.get(opgave.get("gemeente_id")), in_behandeling=in_behandeling,
    )


# What a list row shows of a person ("J. Jansen (1984)"): no BSN, address, aliases or municipality.
KORT = ("melding_id", "persoon_id", "opgave", "persoon__voornamen", "persoon__tussenvoegsel", "persoon__achternaam",
        "persoon__geboortedatum")


def personen_per_melding(user, meldingen, te_koppelen: set | None = None, *, kort: bool = False) -> dict[int, list]:
    """Per melding the persons this user may see: Persoon records for staff and for a partner
    entitled to the person, the reporter's own typed data otherwise. At most three queries for a
    page. `te_koppelen`, when given, receives the ids of meldingen with a pending link. `kort`: only
    what a list row shows (KORT)."""
    melder = {m.pk: m.melder_organisatie_id for m in meldingen}
    ids = list(melder)
    if not ids:
        # An empty page: building the query below would cost more than the page's own queries.
        return {}
    koppelingen = MeldingPersoon.objects.filter(melding_id__in=ids).order_by("pk")
    koppelingen = list(koppelingen.select_related("persoon").only(*KORT) if kort else koppelingen.select_related("persoon__gemeente"))
    uit: dict[int, list] = {pk: [] for pk in ids}
    if te_koppelen is not None:
        te_koppelen.update(k.melding_id for k in koppelingen if k.persoon_id is None)
    if user.is_processtaf:
        for k in koppelingen:
            if k.persoon_id:
                uit[k.melding_id].append(k.persoon)
        return uit
    gekoppeld = {k.persoon_id for k in koppelingen if k.persoon_id}
    toegestaan = set(Persoon.objects.for_user(user).filter(pk__in=gekoppeld).values_list("pk", flat=True)) if gekoppeld else set()
    gemeente_ids = set() if kort else {(k.opgave or {}).get("gemeente_id") for k in koppelingen} - {None}
    gemeenten = Gemeente.objects.in_bulk(gemeente_ids) if gemeente_ids else {}
    for k in koppelingen:
        if k.persoon_id in toegestaan:
            uit[k.melding_id].append(k.persoon)
        elif k.opgave and melder[k.melding_id] == user.organisatie_id:
            # A link without the reporter's copy (added later by the house, or from before the copy
            # existed) is not the reporter's: it is not shown to it at all.
            uit[k.melding_id].append(opgegeven_persoon(k.opgave, gemeenten, in_behandeling=k.persoon_id is None))
    return uit


def getoonde_persoon_ids(personen) -> list[int]:
    """The person ids to write in the access log: a reporter's own copy shows no person record."""
    return [p.pk for p in personen if p.pk]


@dataclass
class Inzage:
    """Which parts of a melding page this user sees (the README lists them per role)."""

    volledig: bool  # house staff
    casus: bool  # the case link, the weighing and the history: only to whom may see the case
    terugkoppeling: bool  # the feedback the house gave the reporter
    status: bool


def inzage(user, melding: Melding) -> Inzage:
    if user.is_processtaf:
        return Inzage(volledig=True, casus=True, terugkoppeling=True, status=True)
    casus = bool(melding.casus_id) and Casus.objects.for_user(user).filter(pk=melding.casus_id).exists()
    eigen = melding.melder_organisatie_id is not None and melding.melder_organisatie_id == user.organisatie_id
    # After the covenant ends the reporter keeps only what it reported itself.
    convenant = eigen and convenant_overlegtypen(user.organisatie_id).exists()
    return Inzage(volledig=False, casus=casus, terugkoppeling=casus or convenant, status=casus or convenant)
