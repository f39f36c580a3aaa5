"""The persons' history on the weighing screen: earlier meldingen and their decisions, closed and
active cases, and other meldingen about them on the same agenda.

Read through the same `for_user` querysets as every other screen, so the need-to-know rule is the
one rule; the weighing screen itself is for house staff only. Three queries however long the history
(meldingen, their decisions, cases); the longest histories are cut at MAX_REGELS rows, newest first."""
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef

from schakel.casussen.models import Casus
from schakel.meldingen.models import Melding
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from .models import Agendapunt, Weging

MAX_REGELS = 50


@dataclass
class Voorgeschiedenis:
    persoon: object
    meldingen: list = field(default_factory=list)
    casussen: list = field(default_factory=list)

    @property
    def leeg(self) -> bool:
        return not (self.meldingen or self.casussen)


def voorgeschiedenis(user, *, melding: Melding, personen: list, briefing) -> tuple[list[Voorgeschiedenis], bool]:
    """Per person of `melding` (in the order given): what else the house knows. Returns the histories
    and whether a list was cut at MAX_REGELS."""
    per_persoon = {p.pk: Voorgeschiedenis(p) for p in personen}
    if not per_persoon:
        return [], False
    meldingen = list(
        Melding.objects.for_user(user)
        .filter(koppelingen__persoon_id__in=per_persoon).exclude(pk=melding.pk)
        # Reuses the join of the filter: one row per (melding, person of this melding).
        .annotate(
            over_persoon=F("koppelingen__persoon_id"),
            op_deze_agenda=Exists(Agendapunt.objects.filter(briefing=briefing, melding_id=OuterRef("pk"))),
        )
        .select_related("thema", "gemeente")
        .order_by("-ontvangen_op", "-id")[: MAX_REGELS + 1]
    )
    casussen = list(
        Casus.objects.for_user(user)
        .filter(personen__in=per_persoon)
        .annotate(over_persoon=F("personen__id"))
        .select_related("overlegtype")
        .order_by("-geopend_op", "-id")[: MAX_REGELS + 1]
    )
    afgekapt = len(meldingen) > MAX_REGELS or len(casussen) > MAX_REGELS
    meldingen, casussen = meldingen[:MAX_REGELS], casussen[:MAX_REGELS]
    besluiten: dict[int, list[Weging]] = {}
    if meldingen:
        for w in (
            Weging.objects.filter(melding_id__in={m.pk for m in meldingen})
            .select_related("besluit", "subreden", "briefing").order_by("gewogen_op", "id")
        ):
            besluiten.setdefault(w.melding_id, []).append(w)
    for m in meldingen:
        m.besluiten = besluiten.get(m.pk, [])
        per_persoon[m.over_persoon].meldingen.append(m)
    for c in casussen:
        per_persoon[c.over_persoon].casussen.append(c)
    return list(per_persoon.values()), afgekapt


def log_voorgeschiedenis(user, melding: Melding, geschiedenissen: list[Voorgeschiedenis]) -> None:
    """One access row per person whose history was shown (the rows shown follow from the person)."""
    log_toegang(
        user, Toegangslog.Actie.BEKEKEN, "persoon", [(g.persoon.pk, [g.persoon.pk]) for g in geschiedenissen],
        f"Voorgeschiedenis bij weging van {melding.nummer}",
    )
