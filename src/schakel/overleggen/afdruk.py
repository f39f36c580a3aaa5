"""The agenda and the minutes (verslag) of one meeting as the reader may see them, for the print page
and the PDF alike. Need-to-know is the case queryset's: a partner gets only the agenda items whose
case `Casus.objects.for_user` gives him (lasting involvement, an invitation in its window, a guest's
signed declaration), the participants invited for those items, and the minutes' texts through
`privacy.categorieen.toon_tekst`. Nothing here tells him what else was on the agenda."""
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from schakel.casussen.models import Casus
from schakel.personen.models import Persoon
from schakel.privacy.categorieen import toon_tekst
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from .models import Bespreking, Deelnemer, Overleg, Uitnodiging

AGENDA, VERSLAG = "agenda", "verslag"


@dataclass
class Punt:
    nummer: int
    bespreking: Bespreking
    personen: list[Persoon]
    notulen: str = ""
    besluiten: str = ""
    aan_tafel: list[Deelnemer] = field(default_factory=list)

    @property
    def casus(self) -> Casus:
        return self.bespreking.casus


@dataclass
class Afdruk:
    soort: str
    overleg: Overleg
    punten: list[Punt]
    deelnemers: list[Deelnemer]
    volledig: bool  # house staff: the whole agenda; otherwise only what this reader may see

    @property
    def titel(self) -> str:
        return f"{'Agenda' if self.soort == AGENDA else 'Verslag'} {self.overleg}"


def _deelnemer_prefetch():
    return Prefetch(
        "uitnodigingen",
        queryset=Uitnodiging.objects.select_related("deelnemer__organisatie", "deelnemer__gebruiker").order_by(
            "deelnemer__organisatie__naam", "deelnemer_id"
        ),
    )


def maak_afdruk(user, overleg_pk, soort: str, *, export: bool = False) -> Afdruk:
    """Builds the document and writes every case and person in it to the access log. A reader who
    may see no case on this agenda gets 403; an unknown meeting 404."""
    overleg = get_object_or_404(Overleg.objects.select_related("overlegtype", "voorzitter"), pk=overleg_pk)
    besprekingen = list(
        overleg.besprekingen.filter(casus__in=Casus.objects.for_user(user))
        .select_related("casus__gemeente", "casus__thema")
        .prefetch_related(Prefetch("casus__personen", queryset=Persoon.objects.order_by("pk")), _deelnemer_prefetch())
        .order_by("volgorde", "id")
    )
    volledig = user.is_processtaf
    if not besprekingen and not volledig:
        raise PermissionDenied
    punten = []
    for nummer, b in enumerate(besprekingen, 1):
        punt = Punt(nummer=nummer, bespreking=b, personen=list(b.casus.personen.all()))
        punt.aan_tafel = [u.deelnemer for u in b.uitnodigingen.all() if u.deelnemer.aanwezig]
        if soort == VERSLAG:
            punt.notulen = toon_tekst(user, b, "notulen", casus=b.casus)
            punt.besluiten = toon_tekst(user, b, "besluiten", casus=b.casus)
        punten.append(punt)
    if volledig:
        deelnemers = list(overleg.deelnemers.select_related("organisatie", "gebruiker"))
    else:
        # Only who was invited for an item this reader sees: the rest of the list would tell him which
        # organisations sat at the other cases.
        gezien = {}
        for b in besprekingen:
            for u in b.uitnodigingen.all():
                gezien.setdefault(u.deelnemer_id, u.deelnemer)
        deelnemers = sorted(gezien.values(), key=lambda d: (d.organisatie.naam, d.pk))
    log_toegang(
        user, Toegangslog.Actie.EXPORT if export else Toegangslog.Actie.BEKEKEN, "casus",
        [(p.casus.pk, [x.pk for x in p.personen]) for p in punten],
        f"{'Agenda' if soort == AGENDA else 'Verslag'} {overleg}{' (PDF)' if export else ' (afdrukken)'}",
    )
    return Afdruk(soort=soort, overleg=overleg, punten=punten, deelnemers=deelnemers, volledig=volledig)
