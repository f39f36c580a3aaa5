"""A small, complete slice of the process, built through the domain services as the UI would."""
from dataclasses import dataclass

from django.utils import timezone

from schakel.briefing.models import BesluitOptie, Briefing, Weging
from schakel.briefing.services import agendeer, maak_briefing, weeg
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding, Thema
from schakel.meldingen.services import registreer_melding
from schakel.partners.models import Organisatie
from schakel.personen.models import Persoon
from schakel.uitvragen.models import InformatieUitvraag
from schakel.uitvragen.services import vraag_uit

BSN_P1 = "111222333"


@dataclass
class Scenario:
    melding: Melding
    persoon: Persoon
    briefing: Briefing
    weging: Weging
    uitvraag: InformatieUitvraag

    @property
    def casus(self):
        return self.weging.casus


def nieuwe_melding(door, *, melder="reclassering", persoon=None, **extra) -> Melding:
    melding = Melding(
        ontvangen_op=timezone.now(),
        kanaal=Melding.Kanaal.MAIL,
        melder_organisatie=Organisatie.objects.get(code=melder),
        melder_naam="J. de Vries",
        gemeente=Gemeente.objects.get(code="leiden"),
        thema=Thema.objects.get(code="overlast"),
        omschrijving="Herhaalde overlast en zorgen over schulden en huisvesting.",
        **extra,
    )
    return registreer_melding(door=door, melding=melding, persoon=persoon)


def weeg_focus(briefing, melding, door) -> Weging:
    weging = Weging(
        briefing=briefing, melding=melding, besluit=BesluitOptie.objects.get(code="focus"),
        criterium_a=True, motivatie_a="Schulden, wonen, verslaving.",
        criterium_b=True, motivatie_b="Straf en zorg nodig.",
        criterium_c=True, motivatie_c="Kinderen in het gezin.",
    )
    return weeg(weging=weging, door=door)


def bouw_scenario(users) -> Scenario:
    persoon = Persoon(bsn=BSN_P1, voornamen="Karel Jan", achternaam="Jansen", geboortedatum="1990-05-01",
                      gemeente=Gemeente.objects.get(code="leiden"))
    melding = nieuwe_melding(users["ic"], persoon=persoon)
    uitvraag = vraag_uit(
        uitvraag=InformatieUitvraag(gemeente=melding.gemeente, persoon=persoon, vraag="Is betrokkene bekend bij W&I?"),
        melding=melding, door=users["ic"],
    )
    briefing = maak_briefing(briefing=Briefing(datum=timezone.localdate()), weegploeg=[], door=users["pr"])
    agendeer(briefing=briefing, meldingen=[melding], door=users["pr"])
    weging = weeg_focus(briefing, melding, users["pr"])
    melding.refresh_from_db()
    return Scenario(melding=melding, persoon=persoon, briefing=briefing, weging=weging, uitvraag=uitvraag)
