import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.briefing.models import Briefing
from schakel.briefing.services import agendeer, maak_briefing
from schakel.casussen.tijdlijn import tijdlijn
from schakel.overleggen.models import Bespreking, Deelnemer, Geheimhoudingsverklaring, Overleg, Uitnodiging
from schakel.privacy.models import Toegangslog

from .scenario import bouw_scenario, nieuwe_melding, weeg_focus


@pytest.mark.django_db
def test_timeline_in_order_and_filtered_per_viewer(client_for, users):
    s = bouw_scenario(users)
    tweede = nieuwe_melding(users["ic"], melder="politie", persoon=s.persoon)
    briefing = maak_briefing(briefing=Briefing(datum=s.briefing.datum), weegploeg=[], door=users["pr"])
    agendeer(briefing=briefing, meldingen=[tweede], door=users["pr"])
    weeg_focus(briefing, tweede, users["pr"])
    # A guest without covenant who signed a geheimhoudingsverklaring sees the case, not the meldingen.
    overleg = Overleg.objects.create(overlegtype=s.casus.overlegtype, voorzitter=users["pr"])
    Bespreking.objects.create(overleg=overleg, casus=s.casus)
    gast = Deelnemer.objects.create(overleg=overleg, organisatie=users["gast"].organisatie, gebruiker=users["gast"], soort="gast")
    Geheimhoudingsverklaring.objects.create(
        uitnodiging=Uitnodiging.objects.get_or_create(deelnemer=gast, bespreking=overleg.besprekingen.get())[0], vastgelegd_door=users["pr"]
    )

    html = client_for(users["pr"]).get(reverse("casussen:tijdlijn", args=[s.casus.pk])).content.decode()
    assert html.index(s.melding.nummer) < html.index("Agenderen focus/Top-X") < html.index(tweede.nummer) < html.index("Besproken in")
    html = client_for(users["reclassering"]).get(reverse("casussen:tijdlijn", args=[s.casus.pk])).content.decode()
    assert s.melding.nummer in html and tweede.nummer in html
    assert Toegangslog.objects.filter(gebruiker=users["reclassering"], doel="Tijdlijn casus", persoon_id=s.persoon.pk).exists()

    html = client_for(users["gast"]).get(reverse("casussen:tijdlijn", args=[s.casus.pk])).content.decode()
    assert "Besproken in" in html
    assert s.melding.nummer not in html and tweede.nummer not in html and "Agenderen focus/Top-X" not in html
    assert client_for(users["ggz_ander"]).get(reverse("casussen:tijdlijn", args=[s.casus.pk])).status_code == 403


@pytest.mark.django_db
def test_items_without_a_time_follow_the_melding_that_started_the_case_that_day(client_for, users):
    """A plan adopted and an escalation made on the day the case began have a date but no time. Turned
    into midnight they came before the melding (received earlier that day) that started the case; they must come after it."""
    from schakel.monitoring.models import Monitoringcontact
    from schakel.opschaling.models import Escalatieniveau, Opschaling
    from schakel.plannen.models import PlanVanAanpak

    s = bouw_scenario(users)
    vandaag = timezone.localdate()
    ontvangen = timezone.localtime(s.melding.ontvangen_op)
    PlanVanAanpak.objects.create(casus=s.casus, type="integraal", casushouder=users["reclassering"], vastgesteld_op=vandaag)
    Monitoringcontact.objects.create(casus=s.casus, termijn="Na 1 week", gepland_op=vandaag, uitgevoerd_op=vandaag,
                                     uitkomst="stabiel", door=users["pr"])
    Opschaling.objects.create(casus=s.casus, niveau=Escalatieniveau.objects.order_by("volgorde").first(),
                              reden="r", gevraagd_besluit="g", door=users["pr"], opgeschaald_op=vandaag)

    soorten = [e.soort for e in tijdlijn(s.casus, users["pr"])]
    assert soorten.index("Melding") < soorten.index("Weging") < soorten.index("Plan van aanpak")
    assert soorten.index("Plan van aanpak") < soorten.index("Monitoring")
    assert soorten.index("Melding") < soorten.index("Opschaling")

    # On screen an item without a time shows its date only, not a made-up 00:00.
    html = client_for(users["pr"]).get(reverse("casussen:tijdlijn", args=[s.casus.pk])).content.decode()
    assert html.index(s.melding.nummer) < html.index("Plan (integraal) vastgesteld")
    assert f"{ontvangen:%d-%m-%Y %H:%M}" in html
    assert f"{vandaag:%d-%m-%Y} 00:00" not in html


def test_an_item_without_a_time_follows_only_what_precedes_it_in_the_process():
    """Timed events keep their clock order; an untimed event lands after the last timed event of that day
    that comes before it in the process, not after every event of the day."""
    from datetime import date, time

    from schakel.casussen.tijdlijn import Gebeurtenis, in_volgorde

    dag = date(2026, 3, 12)
    melding = Gebeurtenis(dag, time(10, 14), "Melding", "m", fase=0)
    wijziging = Gebeurtenis(dag, time(16, 0), "Plan gewijzigd", "w", fase=4)
    plan = Gebeurtenis(dag, None, "Plan van aanpak", "p", fase=3)
    gisteren = Gebeurtenis(date(2026, 3, 11), None, "Afsluiting", "a", fase=6)
    morgen = Gebeurtenis(date(2026, 3, 13), time(0, 0), "Melding", "n", fase=0)
    assert in_volgorde([morgen, wijziging, plan, melding, gisteren]) == [gisteren, melding, plan, wijziging, morgen]
