"""The history of a melding in sentences a professional reads, not in field names and ids.

Two append-only sources tell it: the status changes (with the briefing or decision as their note) and
the change log (field: old → new, foreign keys as ids). A status change is also in the change log as
`status`; that copy is left out. A case number is only named when the viewer may see that case: a
melding can have moved from one case to another, and seeing the current case does not entitle anyone
to the earlier one."""
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from schakel.casussen.models import Casus
from schakel.privacy.models import Mutatielog
from schakel.privacy.services import AFGESCHERMD

from .models import Melding, MeldingStatus

S = Melding.Status


@dataclass
class Regel:
    tijdstip: datetime
    door: str
    tekst: str


def _status_zin(s: MeldingStatus) -> str:
    toelichting = s.toelichting.strip()
    if s.naar == S.GEREGISTREERD and s.van == "":
        zin = "Melding geregistreerd"
        toelichting = "" if toelichting.lower() == "geregistreerd" else toelichting
    elif s.naar == S.GEREGISTREERD:
        zin = "Van de agenda gehaald"
    elif s.naar == S.GEAGENDEERD:
        # The note is the briefing ("Briefing 12-03-2026"): it completes the sentence.
        if toelichting.lower().startswith("briefing"):
            return f"Geagendeerd voor {toelichting[0].lower()}{toelichting[1:]}"
        zin = "Geagendeerd voor de briefing"
    elif s.naar == S.GEWOGEN:
        if toelichting.lower().startswith("besluit:"):
            return f"Gewogen in de briefing: besluit {toelichting.split(':', 1)[1].strip()}"
        zin = "Gewogen in de briefing"
    elif s.naar == S.HISTORISCH:
        zin = "Overgenomen uit het vorige registratiesysteem"
    elif s.naar == S.DOORGEZET:
        zin = "Doorgezet naar de gemeente, die de nazorg zelf doet"
    else:
        zin = f"Status {s.get_naar_display().lower()}"
    return f"{zin} ({toelichting})" if toelichting else zin


def _waarde(veld: models.Field | None, waarde, namen: dict) -> str:
    if waarde in (None, ""):
        return "leeg"
    if waarde == AFGESCHERMD:
        return ""
    if veld is None:
        return str(waarde)
    if veld.is_relation:
        return str(namen.get(veld.name, {}).get(waarde, "onbekend"))
    if veld.choices:
        return str(dict(veld.flatchoices).get(waarde, waarde))
    if isinstance(veld, models.BooleanField):
        return "ja" if waarde else "nee"
    if isinstance(veld, models.DateTimeField):
        moment = parse_datetime(str(waarde))
        return f"{timezone.localtime(moment):%d-%m-%Y %H:%M}" if moment else str(waarde)
    if isinstance(veld, models.DateField):
        dag = parse_date(str(waarde))
        return f"{dag:%d-%m-%Y}" if isinstance(dag, date) else str(waarde)
    tekst = str(waarde)
    return tekst if len(tekst) <= 60 else tekst[:59] + "…"


def _casus_zin(oud, nieuw, zichtbaar: dict) -> str:
    def naam(pk):
        # A case the viewer may not see is not named, not even by number.
        return f"casus {zichtbaar[pk].nummer}" if pk in zichtbaar else "een casus die u niet kunt inzien"

    if nieuw is None:
        return f"Losgekoppeld van {naam(oud)}"
    if oud is None:
        return f"Gekoppeld aan {naam(nieuw)}"
    return f"Overgezet van {naam(oud)} naar {naam(nieuw)}"


def _wijziging_zin(veldnaam: str, oud, nieuw, namen: dict) -> str:
    try:
        veld = Melding._meta.get_field(veldnaam)
        label = str(veld.verbose_name)
    except Exception:  # a field that no longer exists keeps its logged name
        veld, label = None, veldnaam.replace("_", " ")
    if AFGESCHERMD in (oud, nieuw):
        return f"{label} gewijzigd"
    return f"{label} gewijzigd van {_waarde(veld, oud, namen)} in {_waarde(veld, nieuw, namen)}"


def _namen(mutaties: list[Mutatielog], user) -> tuple[dict, dict]:
    """Names for the foreign keys in the change log: one query per kind of reference that occurs."""
    ids: dict[str, set] = {}
    for m in mutaties:
        if m.objecttype != "melding":
            continue
        for veldnaam, (oud, nieuw) in m.wijzigingen.items():
            ids.setdefault(veldnaam, set()).update(v for v in (oud, nieuw) if isinstance(v, int) and not isinstance(v, bool))
    namen = {}
    for veldnaam, waarden in ids.items():
        try:
            veld = Melding._meta.get_field(veldnaam)
        except Exception:
            continue
        if veld.is_relation and veldnaam != "casus" and waarden:
            namen[veldnaam] = veld.related_model._default_manager.in_bulk(waarden)
    zichtbaar = Casus.objects.for_user(user).in_bulk(ids.get("casus", set())) if ids.get("casus") else {}
    return namen, zichtbaar


def meldinghistorie(melding: Melding, user) -> list[Regel]:
    """Oldest first, as the case timeline."""
    regels = [Regel(s.tijdstip, str(s.door), _status_zin(s)) for s in melding.statushistorie.select_related("door")]
    mutaties = list(
        Mutatielog.objects.filter(
            Q(objecttype="melding", object_id=melding.pk)
            | Q(objecttype="meldingpersoon", object_id__in=melding.koppelingen.values("pk"))
        ).select_related("gebruiker")
    )
    namen, zichtbaar = _namen(mutaties, user)
    for m in mutaties:
        if m.objecttype == "meldingpersoon":
            if m.actie == "aangemaakt":
                tekst = "Persoon toegevoegd aan de melding"
            elif "persoon" in m.wijzigingen:
                tekst = "Opgegeven persoon gekoppeld aan een persoon die het huis al kende"
            else:
                tekst = "Gegevens van een persoon bij de melding gewijzigd"
            regels.append(Regel(m.tijdstip, str(m.gebruiker), tekst))
            continue
        if m.actie == "aangemaakt":
            continue  # the status change "Melding geregistreerd" tells the same moment
        for veldnaam, (oud, nieuw) in m.wijzigingen.items():
            if veldnaam == "status":
                continue  # told by the status change above
            if veldnaam == "casus":
                tekst = _casus_zin(oud, nieuw, zichtbaar)
            else:
                tekst = _wijziging_zin(veldnaam, oud, nieuw, namen)
            regels.append(Regel(m.tijdstip, str(m.gebruiker), tekst[0].upper() + tekst[1:]))
    return sorted(regels, key=lambda r: r.tijdstip)
