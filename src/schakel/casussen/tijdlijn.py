"""Everything that happened to a case, in order, each source filtered for the viewer.

One query per source, so the page costs the same whatever the length of the history. The case
itself is already authorised; meldingen are filtered again because a partner may see the case
without seeing every melding that fed it (another organisation's report).

Some sources carry a moment (a melding arrives at 10:14), others only a day (a plan is adopted on
12-03, a monitoring contact took place on 14-03). Turning a day into midnight put a plan adopted on
the day the case began before the melding that started it. So each event keeps its day and, where
known, its time; an event without a time is placed after the timed events of that day that come
before it in the process (its `fase`), because that is the only order the process allows."""
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone

from schakel.meldingen.models import Melding
from schakel.privacy.categorieen import toon_tekst
from schakel.privacy.models import Mutatielog

# Where each kind of event falls in the process; only used to place events that have no time.
FASE = {
    "Melding": 0,
    "Weging": 1,
    "Status": 1,
    "Overleg": 2,
    "ZSM-advies": 2,
    "Plan van aanpak": 3,
    "Plan gewijzigd": 4,
    "Monitoring": 5,
    "Verlenging": 5,
    "Opschaling": 5,
    "Afsluiting": 6,
}


@dataclass
class Gebeurtenis:
    dag: date
    tijd: time | None
    soort: str
    tekst: str
    door: str = ""
    fase: int = field(default=0)

    @property
    def moment(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.dag, self.tijd or time.min))


def _gebeurtenis(waarde, soort: str, tekst: str, door: str = "", fase: int | None = None) -> Gebeurtenis:
    fase = FASE[soort] if fase is None else fase
    if isinstance(waarde, datetime):
        lokaal = timezone.localtime(waarde)
        return Gebeurtenis(lokaal.date(), lokaal.time(), soort, tekst, door, fase)
    return Gebeurtenis(waarde, None, soort, tekst, door, fase)


def in_volgorde(gebeurtenissen: list[Gebeurtenis]) -> list[Gebeurtenis]:
    """Sort on (day, time-or-place-in-the-day): an event without a time follows the latest timed event
    of the same day that precedes it in the process, and the order of recording breaks ties."""
    getimed: dict[date, list[Gebeurtenis]] = {}
    for e in gebeurtenissen:
        if e.tijd is not None:
            getimed.setdefault(e.dag, []).append(e)

    def sleutel(genummerd):
        volgnummer, e = genummerd
        if e.tijd is not None:
            return (e.dag, e.tijd, 0, e.fase, volgnummer)
        eerder = [t.tijd for t in getimed.get(e.dag, []) if t.fase < e.fase]
        return (e.dag, max(eerder, default=time.min), 1, e.fase, volgnummer)

    return [e for _, e in sorted(enumerate(gebeurtenissen), key=sleutel)]


def tijdlijn(casus, user) -> list[Gebeurtenis]:
    from schakel.casussen.models import Afsluiting, Casus
    from schakel.monitoring.models import Monitoringcontact, Verlenging
    from schakel.opschaling.models import Opschaling
    from schakel.overleggen.models import Bespreking
    from schakel.plannen.models import Actie, PlanVanAanpak
    from schakel.zsm.models import ZsmAdvies

    g: list[Gebeurtenis] = []
    meldingen = list(Melding.objects.for_user(user).filter(casus=casus).select_related("melder_organisatie"))
    for m in meldingen:
        g.append(_gebeurtenis(m.ontvangen_op, "Melding", f"{m.nummer} van {m.melder_organisatie} ({m.get_kanaal_display()})"))
    for w in casus.wegingen.filter(melding__in=[m.pk for m in meldingen]).select_related("besluit", "briefing", "gewogen_door"):
        kader = "voldoet" if w.voldoet_aan_kader else "voldoet niet"
        g.append(_gebeurtenis(w.gewogen_op, "Weging", f"{w.briefing}: {w.besluit} (Landelijk Kader {kader})", str(w.gewogen_door)))
    for s in casus.statushistorie.select_related("door"):
        g.append(_gebeurtenis(s.tijdstip, "Status", f"{s.get_van_display() or '—'} → {s.get_naar_display()}", str(s.door),
                                fase=FASE["Afsluiting"] if s.naar == Casus.Status.AFGESLOTEN else None))
    for b in Bespreking.objects.filter(casus=casus).select_related("overleg__overlegtype"):
        tekst = f"Besproken in {b.overleg} ({b.get_reden_display().lower()})"
        if b.client_stappen:
            tekst += "; cliënt aan tafel"
        g.append(_gebeurtenis(b.overleg.datum, "Overleg", tekst))
    plan = PlanVanAanpak.objects.filter(casus=casus).select_related("casushouder").first()
    if plan is not None:
        g.append(_gebeurtenis(plan.vastgesteld_op, "Plan van aanpak",
                             f"Plan ({plan.get_type_display().lower()}) vastgesteld; casushouder {plan.casushouder}"))
        actie_ids = list(Actie.objects.filter(plan=plan).values_list("pk", flat=True))
        wijzigingen = Mutatielog.objects.filter(actie="gewijzigd").filter(
            objecttype__in=["planvanaanpak", "actie"], object_id__in=[plan.pk, *actie_ids]
        ).select_related("gebruiker")
        for w in wijzigingen:
            # A plan change and an action change may share an id; keep only rows that belong here.
            if w.objecttype == "planvanaanpak" and w.object_id != plan.pk:
                continue
            velden = ", ".join(w.wijzigingen)
            g.append(_gebeurtenis(w.tijdstip, "Plan gewijzigd", f"{'Plan' if w.objecttype == 'planvanaanpak' else 'Actie'}: {velden}", str(w.gebruiker)))
    for c in Monitoringcontact.objects.filter(casus=casus, uitgevoerd_op__isnull=False).select_related("door"):
        g.append(_gebeurtenis(c.uitgevoerd_op, "Monitoring", f"{c.termijn}: {c.get_uitkomst_display()}", str(c.door or "")))
    for v in Verlenging.objects.filter(casus=casus).select_related("door"):
        g.append(_gebeurtenis(v.vastgelegd_op, "Verlenging", f"Verlengd tot {v.tot:%d-%m-%Y}: {toon_tekst(user, v, 'reden', casus=casus)}", str(v.door)))
    for o in Opschaling.objects.filter(casus=casus).select_related("niveau", "door"):
        g.append(_gebeurtenis(o.opgeschaald_op, "Opschaling", f"Opgeschaald naar {o.niveau}", str(o.door)))
        if o.besluit_op:
            g.append(_gebeurtenis(o.besluit_op, "Opschaling", f"Besluit {o.niveau}: {toon_tekst(user, o, 'genomen_besluit', casus=casus)}"))
    for z in ZsmAdvies.objects.filter(casus=casus).select_related("door"):
        g.append(_gebeurtenis(z.vastgelegd_op, "ZSM-advies", f"ZSM-advies geldig tot {z.geldig_tot:%d-%m-%Y}", str(z.door)))
    afsluiting = Afsluiting.objects.filter(casus=casus).prefetch_related("uitkomsten").first()
    if afsluiting is not None:
        uitkomsten = ", ".join(u.naam.lower() for u in afsluiting.uitkomsten.all())
        g.append(_gebeurtenis(afsluiting.datum, "Afsluiting",
                             f"Afgesloten ({afsluiting.get_reden_display().lower()}) na {afsluiting.duur_dagen} dagen"
                             + (f"; uitkomsten: {uitkomsten}" if uitkomsten else "")))
    return in_volgorde(g)



