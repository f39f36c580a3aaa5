"""URLs of plannen. The plans live on cases of their own, so the scenario case stays as the other modules expect."""
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from schakel.casussen.models import Casus, CasusBetrokkenheid
from schakel.plannen.models import Actie, Hulpvraag, PlanVanAanpak, VrijwilligTraject

from . import PARTNERS, STAF


def eigen_casus(s, users, betrokken=()):
    casus = Casus.objects.create(
        overlegtype=s.casus.overlegtype, gemeente=s.casus.gemeente, thema=s.casus.thema, geopend_door=users["pr"],
        procesregisseur=users["pr"],
    )
    for naam, rol in betrokken:
        CasusBetrokkenheid.objects.create(casus=casus, organisatie=users[naam].organisatie, rol=rol, gebruiker=users[naam])
    return casus


def urls(s, users):
    zonder_plan = eigen_casus(s, users)
    met_plan = eigen_casus(s, users, [("reclassering", CasusBetrokkenheid.Rol.CASUSHOUDER)])
    vandaag = timezone.localdate()
    plan = PlanVanAanpak.objects.create(casus=met_plan, type="integraal", casushouder=users["reclassering"], vastgesteld_op=vandaag)
    actie = Actie.objects.create(
        plan=plan, organisatie=users["reclassering"].organisatie, omschrijving="Toezicht", deadline=vandaag + timedelta(days=30)
    )
    traject = VrijwilligTraject.objects.create(
        persoon=s.persoon, casus=s.casus, aanbieder="Exodus", gestart_op=vandaag, kosten=1200
    )
    Hulpvraag.objects.create(traject=traject, leefgebied="huisvesting")
    return [
        ("plan vaststellen", reverse("plannen:vaststellen", args=[zonder_plan.pk]), "get", STAF, 200),
        ("plan wijzigen", reverse("plannen:wijzigen", args=[plan.pk]), "get", STAF, 200),
        # Only staff and the organisation holding the action; empty data is refused.
        ("actie status", reverse("plannen:actie", args=[actie.pk]), "post", STAF | {"reclassering"}, 400),
        # Voluntary programmes are the house's own administration: staff only, also not the involved partner.
        ("traject vastleggen", reverse("plannen:traject_vastleggen", args=[s.casus.pk]), "get", STAF, 200),
        ("traject wijzigen", reverse("plannen:traject_wijzigen", args=[traject.pk]), "get", STAF, 200),
        # Every partner has his own list of actions (empty when he holds none).
        ("mijn acties", reverse("plannen:mijn_acties"), "get", PARTNERS, 200),
    ]
