"""The API's routes (api_urls.py) have the roles of their screens. A POST without a body is refused
with 400 for whoever passes the role and object checks; everyone else gets 403."""
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from schakel.casussen.models import CasusBetrokkenheid
from schakel.overleggen.models import Bespreking, Overleg
from schakel.plannen.models import Actie, PlanVanAanpak

from . import PARTNERS, STAF
from .plannen import eigen_casus


def urls(s, users):
    met_plan = eigen_casus(s, users, [("reclassering", CasusBetrokkenheid.Rol.CASUSHOUDER)])
    vandaag = timezone.localdate()
    plan = PlanVanAanpak.objects.create(casus=met_plan, type="integraal", casushouder=users["reclassering"], vastgesteld_op=vandaag)
    actie = Actie.objects.create(
        plan=plan, organisatie=users["reclassering"].organisatie, omschrijving="Toezicht", deadline=vandaag + timedelta(days=30)
    )
    overleg = Overleg.objects.create(overlegtype=s.casus.overlegtype, voorzitter=users["pr"])
    Bespreking.objects.create(overleg=overleg, casus=met_plan)
    contacten = {"contact", "contact_gouda"}
    return [
        ("api meldingen", reverse("api-meldingen"), "get", STAF | PARTNERS, 200),
        ("api melding indienen", reverse("api-meldingen"), "post", PARTNERS, 400),
        ("api melding", reverse("api-melding", args=[s.melding.pk]), "get", STAF | {"reclassering"}, 200),
        ("api casussen", reverse("api-casussen"), "get", STAF | PARTNERS, 200),
        ("api casus", reverse("api-casus", args=[s.casus.pk]), "get", STAF | {"reclassering"}, 200),
        ("api acties", reverse("api-acties"), "get", STAF | PARTNERS, 200),
        ("api actie", reverse("api-actie", args=[actie.pk]), "get", STAF | {"reclassering"}, 200),
        ("api actie status", reverse("api-actie-status", args=[actie.pk]), "post", STAF | {"reclassering"}, 400),
        ("api plannen", reverse("api-plannen"), "get", STAF, 200),
        ("api plan", reverse("api-plan", args=[plan.pk]), "get", STAF, 200),
        ("api uitvragen", reverse("api-uitvragen"), "get", STAF | contacten, 200),
        ("api uitvraag", reverse("api-uitvraag", args=[s.uitvraag.pk]), "get", STAF | {"contact"}, 200),
        ("api uitvraag antwoord", reverse("api-uitvraag-antwoord", args=[s.uitvraag.pk]), "post", {"contact"}, 400),
        ("api overleggen", reverse("api-overleggen"), "get", STAF, 200),
        ("api overleg", reverse("api-overleg", args=[overleg.pk]), "get", STAF, 200),
    ]
