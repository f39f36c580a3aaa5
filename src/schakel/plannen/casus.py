"""The plan van aanpak section of the case page."""
from django.db.models import Prefetch

from schakel.casussen.onderdelen import heeft
from schakel.privacy.models import Toegangslog
from schakel.privacy.services import log_toegang

from .forms import ActieStatusForm
from .models import Actie, Doel, Hulpvraag, Leefgebied, PlanVanAanpak, VrijwilligTraject
from .services import mag_actie_wijzigen

AANWEZIG = {
    "plan": lambda casus: PlanVanAanpak.objects.filter(casus=casus),
    "trajecten": lambda casus: VrijwilligTraject.objects.filter(casus=casus),
}

VOLGORDE = {code: i for i, code in enumerate(Leefgebied.values)}


def trajecten(request, casus) -> dict | None:
    """The case's voluntary programmes, for the house's process staff only: their cost and help
    questions (care among them) are not shared with the partners at the table."""
    user = request.user
    if not user.is_processtaf:
        return None
    if not heeft(casus, "trajecten"):
        return {"lijst": []}
    rijen = list(
        VrijwilligTraject.objects.filter(casus=casus).select_related("persoon")
        .prefetch_related(Prefetch("hulpvragen", queryset=Hulpvraag.objects.order_by("pk")))
        .order_by("gestart_op", "pk")
    )
    for t in rijen:
        t.hulpvraagnamen = [h.get_leefgebied_display() for h in sorted(t.hulpvragen.all(), key=lambda h: VOLGORDE.get(h.leefgebied, 99))]
    log_toegang(
        user, Toegangslog.Actie.BEKEKEN, "vrijwilligtraject", [(t.pk, [t.persoon_id]) for t in rijen], "Vrijwillige trajecten bij casus"
    )
    return {"lijst": rijen}


def onderdeel(request, casus) -> dict | None:
    user = request.user
    context = _plan(request, casus)
    context["trajecten"] = trajecten(request, casus)
    return context


def _plan(request, casus) -> dict:
    user = request.user
    plan = None if not heeft(casus, "plan") else (
        PlanVanAanpak.objects.filter(casus=casus)
        .select_related("casushouder__organisatie", "vastgesteld_in__overlegtype")
        .select_related("categorie")
        .prefetch_related(Prefetch("doelen", queryset=Doel.objects.select_related("categorie")), Prefetch("acties", queryset=Actie.objects.select_related("organisatie", "eigenaar", "categorie")))
        .first()
    )
    if plan is None:
        return {"plan": None, "kan_vaststellen": user.is_processtaf and casus.status == casus.Status.AANGEMELD}
    per_leefgebied: dict[str, list] = {}
    for doel in sorted(plan.doelen.all(), key=lambda d: (VOLGORDE.get(d.leefgebied, 99), d.pk)):
        per_leefgebied.setdefault(doel.get_leefgebied_display(), []).append(doel)
    open_casus = casus.status != casus.Status.AFGESLOTEN
    acties = []
    for a in plan.acties.all():
        form = None
        if open_casus and mag_actie_wijzigen(user, a):
            form = ActieStatusForm(initial={"status": a.status, "reden_niet_gedaan": a.reden_niet_gedaan}, auto_id=f"actie{a.pk}_%s")
        acties.append({"actie": a, "form": form})
    log_toegang(
        user, Toegangslog.Actie.BEKEKEN, "plan", [(plan.pk, casus.persoon_ids)], "Plan van aanpak bij casus"
    )
    return {"plan": plan, "doelen": list(per_leefgebied.items()), "acties": acties, "mag_wijzigen": user.is_processtaf and open_casus}
