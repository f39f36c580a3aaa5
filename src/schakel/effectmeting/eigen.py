"""The procesregisseur's per-client list: the persons of the cases he is procesregisseur of, before
and after their start. Case numbers, never names; every row shown goes into the access log with the
person's id, as any view of a person's data does."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.urls import reverse

from schakel.casussen.models import Casus
from schakel.meldingen.models import Thema
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from .effect import per_client_rijen
from .weergave import GEEN, Cel, Tempo, datum_kort, opmaak

STATUS = {
    "geteld": "telt mee",
    "te_kort_gevolgd": "nog te kort gevolgd",
    "te_weinig_vrij": "minder dan 30 dagen vrij",
}
# (heading, a column of figures)
KOP = [("Casus", False), ("Doelgroep", False), ("Start", True), ("Registraties vóór", True), ("Dagen vrij vóór", True),
       ("Per 365 dagen vóór", True), ("Registraties na", True), ("Dagen vrij na", True), ("Per 365 dagen na", True),
       ("Status", False)]


@dataclass
class Lijst:
    kop: list[tuple[str, bool]]
    rijen: list[list[Cel]]
    noot: str


def _kant(kant: dict | None) -> list[Cel]:
    if kant is None:
        return [Cel(GEEN, True)] * 3
    per_365 = kant.get("per_365")
    return [Cel(opmaak(kant["registraties"]), True), Cel(opmaak(kant["dagen_vrij"]), True),
            Cel(opmaak(Tempo(per_365) if per_365 is not None else None), True)]


@transaction.atomic
def eigen_clienten(user, van: date, tot: date, venster: int, peildatum: date | None = None, **_) -> Lijst:
    """Only cases the user may see (for_user) and of which he is the procesregisseur; a client counts
    in the list when his case's start lies in van..tot."""
    casus_ids = list(Casus.objects.for_user(user).filter(procesregisseur=user).values_list("pk", flat=True))
    alle = per_client_rijen(casus_ids, venster, peildatum)
    rijen = [r for r in alle if van <= date.fromisoformat(r["start"]) <= tot]
    rijen.sort(key=lambda r: (r["start"], r["casus_id"], r["persoon_id"]))
    namen = dict(Thema.objects.filter(code__in={r["doelgroep"] for r in rijen}).values_list("code", "naam"))
    per_casus: dict[int, list[int]] = {}
    for r in rijen:
        per_casus.setdefault(r["casus_id"], []).append(r["persoon_id"])
    uit = []
    for r in rijen:
        nummer = Casus(pk=r["casus_id"]).nummer
        # A family case has more persons: numbered within the case, never named.
        if len(per_casus[r["casus_id"]]) > 1:
            nummer += f" · persoon {per_casus[r['casus_id']].index(r['persoon_id']) + 1}"
        uit.append([Cel(nummer, False, url=reverse("casussen:detail", args=[r["casus_id"]])), Cel(namen.get(r["doelgroep"], r["doelgroep"]), False), Cel(datum_kort(r["start"]), True),
                    *_kant(r["voor"]), *_kant(r["na"]), Cel(STATUS.get(r["status"], r["status"]), False)])
    log_toegang(user, Toegangslog.Actie.LIJST, "casus", per_casus.items(), "Effectmeting: eigen casussen per cliënt")
    noot = (f"Vóór: de {opmaak(venster)} dagen vóór de start; na: de {opmaak(venster)} dagen vanaf de start. Per 365 dagen "
            "vrij: registraties als verdachte ÷ dagen niet in detentie × 365. Eén cliënt zegt niets over het effect van de "
            "aanpak; daarvoor is de meting van het hele huis met de vergelijkingsgroep.")
    return Lijst(KOP, uit, noot)
