import pytest
from django.urls import reverse

from schakel.briefing.models import Briefing
from schakel.briefing.services import agendeer, maak_briefing
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
