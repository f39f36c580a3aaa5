"""The scenario of tests/scenario.py with what the API reads besides: an adopted plan with an action
for reclassering and one for GGZ, a meeting with the case on its agenda, and API tokens per role."""
from dataclasses import dataclass
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from schakel.gebruikers.models import ApiToken
from schakel.gebruikers.services import maak_token
from schakel.overleggen.models import Bespreking, Overleg
from schakel.partners.models import Organisatie
from schakel.plannen.models import Actie, Doel, PlanVanAanpak
from schakel.plannen.services import stel_plan_vast

from .scenario import Scenario, bouw_scenario

ALLE_SCOPES = list(ApiToken.Scope.values)


@dataclass
class ApiScenario:
    s: Scenario
    plan: PlanVanAanpak
    actie_reclassering: Actie
    actie_ggz: Actie
    overleg: Overleg


def bouw_api_scenario(users) -> ApiScenario:
    s = bouw_scenario(users)
    vandaag = timezone.localdate()
    org = Organisatie.objects.get
    overleg = Overleg.objects.create(overlegtype=s.casus.overlegtype, voorzitter=users["pr"], datum=timezone.now() - timedelta(hours=1))
    Bespreking.objects.create(overleg=overleg, casus=s.casus, notulen="Notulen van het overleg.", besluiten="Plan vaststellen.")
    plan = stel_plan_vast(
        casus=s.casus,
        plan=PlanVanAanpak(type="integraal", casushouder=users["reclassering"], vastgesteld_op=vandaag, toelichting="Samen opgesteld."),
        doelen=[Doel(leefgebied="huisvesting", omschrijving="Stabiele woonplek")],
        acties=[
            Actie(organisatie=org(code="reclassering"), eigenaar=users["reclassering"], omschrijving="Toezicht bijhouden",
                  deadline=vandaag + timedelta(days=30)),
            Actie(organisatie=org(code="ggz"), eigenaar=users["ggz"], omschrijving="Intake GGZ plannen",
                  deadline=vandaag + timedelta(days=30)),
        ],
        door=users["pr"],
    )
    return ApiScenario(
        s=s, plan=plan, actie_reclassering=plan.acties.get(organisatie__code="reclassering"),
        actie_ggz=plan.acties.get(organisatie__code="ggz"), overleg=overleg,
    )


def token_voor(users, gebruiker, scopes=None) -> str:
    _, sleutel = maak_token(door=users["beheerder"], gebruiker=gebruiker, naam=f"Systeem {gebruiker}", scopes=scopes or ALLE_SCOPES)
    return sleutel


class TokenClient(Client):
    """A partner system: every request carries `Authorization: Token …`, JSON in and out."""

    def __init__(self, sleutel, **kwargs):
        super().__init__(HTTP_AUTHORIZATION=f"Token {sleutel}", **kwargs)

    def post_json(self, url, data):
        return self.post(url, data, content_type="application/json")
