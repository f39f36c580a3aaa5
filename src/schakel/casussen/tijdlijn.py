"""Everything that happened to a case, in order, each source filtered for the viewer.

One query per source, so the page costs the same whatever the length of the history. The case
itself is already authorised; meldingen are filtered again because a partner may see the case
without seeing every melding that fed it (another organisation's report)."""
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from schakel.core.tijd import dagbegin
from schakel.meldingen.models import Melding
from schakel.privacy.categorieen import toon_tekst
from schakel.privacy.models import Mutatielog


@dataclass
class Gebeurtenis:
    moment: datetime
    soort: str
    tekst: str
    door: str = ""


def _moment(waarde) -> datetime:
    if isinstance(waarde, datetime):
        return timezone.localtime(waarde)
    return dagbegin(waarde)


def tijdlijn(casus, user) -> list[Gebeurtenis]:
    from schakel.casussen.models import Afsluiting
    from schakel.monitoring.models import Monitoringcontact, Verlenging
    from schakel.opschaling.models import Opschaling
    from schakel.overleggen.models import Bespreking
    from schakel.plannen.models import Actie, PlanVanAanpak
    from schakel.zsm.models import ZsmAdvies

    g: list[Gebeurtenis] = []
    meldingen = list(Melding.objects.for_user(user).filter(casus=casus).select_related("melder_organisatie"))
    for m in meldingen:
        g.append(Gebeurtenis(m.ontvangen_op, "Melding", f"{m.nummer} van {m.melder_organisatie} ({m.get_kanaal_display()})"))
    for w in casus.wegingen.filter(melding__in=[m.pk for m in meldingen]).select_related("besluit", "briefing", "gewogen_door"):
        kader = "voldoet" if w.voldoet_aan_kader else "voldoet niet"
        g.append(Gebeurtenis(w.gewogen_op, "Weging", f"{w.briefing}: {w.besluit} (Landelijk Kader {kader})", str(w.gewogen_door)))
    for s in casus.statushistorie.select_related("door"):
        g.append(Gebeurtenis(s.tijdstip, "Status", f"{s.get_van_display() or '—'} → {s.get_naar_display()}", str(s.door)))
    for b in Bespreking.objects.filter(casus=casus).select_related("overleg__overlegtype"):
        tekst = f"Besproken in {b.overleg} ({b.get_reden_display().lower()})"
        if b.client_stappen:
            tekst += "; cliënt aan tafel"
        g.append(Gebeurtenis(b.overleg.datum, "Overleg", tekst))
    plan = PlanVanAanpak.objects.filter(casus=casus).select_related("casushouder").first()
    if plan is not None:
        g.append(Gebeurtenis(_moment(plan.vastgesteld_op), "Plan van aanpak",
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
            g.append(Gebeurtenis(w.tijdstip, "Plan gewijzigd", f"{'Plan' if w.objecttype == 'planvanaanpak' else 'Actie'}: {velden}", str(w.gebruiker)))
    for c in Monitoringcontact.objects.filter(casus=casus, uitgevoerd_op__isnull=False).select_related("door"):
        g.append(Gebeurtenis(_moment(c.uitgevoerd_op), "Monitoring", f"{c.termijn}: {c.get_uitkomst_display()}", str(c.door or "")))
    for v in Verlenging.objects.filter(casus=casus).select_related("door"):
        g.append(Gebeurtenis(v.vastgelegd_op, "Verlenging", f"Verlengd tot {v.tot:%d-%m-%Y}: {toon_tekst(user, v, 'reden', casus=casus)}", str(v.door)))
    for o in Opschaling.objects.filter(casus=casus).select_related("niveau", "door"):
        g.append(Gebeurtenis(_moment(o.opgeschaald_op), "Opschaling", f"Opgeschaald naar {o.niveau}", str(o.door)))
        if o.besluit_op:
            g.append(Gebeurtenis(_moment(o.besluit_op), "Opschaling", f"Besluit {o.niveau}: {toon_tekst(user, o, 'genomen_besluit', casus=casus)}"))
    for z in ZsmAdvies.objects.filter(casus=casus).select_related("door"):
        g.append(Gebeurtenis(z.vastgelegd_op, "ZSM-advies", f"ZSM-advies geldig tot {z.geldig_tot:%d-%m-%Y}", str(z.door)))
    afsluiting = Afsluiting.objects.filter(casus=casus).prefetch_related("uitkomsten").first()
    if afsluiting is not None:
        uitkomsten = ", ".join(u.naam.lower() for u in afsluiting.uitkomsten.all())
        g.append(Gebeurtenis(_moment(afsluiting.datum), "Afsluiting",
                             f"Afgesloten ({afsluiting.get_reden_display().lower()}) na {afsluiting.duur_dagen} dagen"
                             + (f"; uitkomsten: {uitkomsten}" if uitkomsten else "")))
    return sorted(g, key=lambda e: e.moment)



