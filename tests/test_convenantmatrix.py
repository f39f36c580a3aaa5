"""Issue 4's matrix: every case page and case API, for a partner in every covenant situation.

States for one case (a focus case brought in by Reclassering):
- involved under a valid covenant (GGZ Rivierduinen, invited) → 200
- not involved (politie) → 403
- involved, but the covenant expired yesterday → 403 (access ends that day)
- guest of an organisation without covenant, on the agenda, without declaration → 403; with → 200
Meldingen of the case follow the covenant only; a guest's declaration covers the meeting, not the files."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.casussen.models import CasusBetrokkenheid
from schakel.casussen.services import betrek_organisatie
from schakel.casussen.zichtbaarheid import herbereken_alles
from schakel.overleggen.models import Bespreking, Deelnemer, Geheimhoudingsverklaring, Overleg, Uitnodiging
from schakel.privacy.models import Convenant

from .scenario import bouw_scenario


def casuspaginas(s):
    return {
        "casus": reverse("casussen:detail", args=[s.casus.pk]),
        "tijdlijn": reverse("casussen:tijdlijn", args=[s.casus.pk]),
    }


def meldingpaginas(s):
    return {
        "melding": reverse("meldingen:detail", args=[s.melding.pk]),
        "persoon": reverse("personen:detail", args=[s.persoon.pk]),
    }


def statussen(client, paginas):
    return {naam: client.get(url).status_code for naam, url in paginas.items()}


@pytest.mark.django_db
def test_case_pages_for_every_covenant_situation(client_for, users):
    s = bouw_scenario(users)
    ggz = users["ggz"]
    betrek_organisatie(casus=s.casus, organisatie=ggz.organisatie, rol=CasusBetrokkenheid.Rol.ACTIEHOUDER)
    overleg = Overleg.objects.create(overlegtype=s.casus.overlegtype, voorzitter=users["pr"])
    Bespreking.objects.create(overleg=overleg, casus=s.casus)
    gast = Deelnemer.objects.create(overleg=overleg, organisatie=users["gast"].organisatie, gebruiker=users["gast"], soort="gast")

    alles_ok = {naam: 200 for naam in [*casuspaginas(s), *meldingpaginas(s)]}
    alles_403 = {naam: 403 for naam in alles_ok}
    assert statussen(client_for(ggz), casuspaginas(s) | meldingpaginas(s)) == alles_ok
    assert statussen(client_for(users["politie"]), casuspaginas(s) | meldingpaginas(s)) == alles_403
    assert statussen(client_for(users["gast"]), casuspaginas(s) | meldingpaginas(s)) == alles_403
    assert s.casus.nummer not in client_for(users["gast"]).get(reverse("casussen:lijst")).content.decode()

    Geheimhoudingsverklaring.objects.create(
        uitnodiging=Uitnodiging.objects.get_or_create(deelnemer=gast, bespreking=overleg.besprekingen.get())[0], vastgelegd_door=users["pr"]
    )
    assert statussen(client_for(users["gast"]), casuspaginas(s)) == {"casus": 200, "tijdlijn": 200}
    assert statussen(client_for(users["gast"]), meldingpaginas(s)) == {"melding": 403, "persoon": 403}

    Convenant.objects.update(geldig_tot=timezone.localdate() - timedelta(days=1))
    herbereken_alles()  # a queryset update passes no signals (casussen.zichtbaarheid)
    assert statussen(client_for(ggz), casuspaginas(s) | meldingpaginas(s)) == alles_403
    assert s.casus.nummer not in client_for(ggz).get(reverse("casussen:lijst")).content.decode()
    # Reclassering brought the melding in: its own report stays visible, the case does not.
    assert statussen(client_for(users["reclassering"]), casuspaginas(s)) == {"casus": 403, "tijdlijn": 403}
    assert client_for(users["reclassering"]).get(reverse("meldingen:detail", args=[s.melding.pk])).status_code == 200
    # Without a valid covenant the organisation is a guest at the table: the declaration is needed again.
    from schakel.overleggen.services import heeft_ghv_nodig

    vast = Deelnemer.objects.create(overleg=Overleg.objects.get(pk=overleg.pk), organisatie=ggz.organisatie, soort="genodigd")
    assert heeft_ghv_nodig(vast)


@pytest.mark.django_db
def test_zsm_advice_follows_the_covenant(client_for, users):
    from schakel.zsm.models import ZsmAdvies
    from schakel.zsm.services import leg_advies_vast

    s = bouw_scenario(users)
    leg_advies_vast(casus=s.casus, door=users["pr"], advies=ZsmAdvies(
        schets="Schets-onder-convenant", gewenste_maatregelen="Maatregel-onder-convenant",
        geldig_tot=timezone.localdate() + timedelta(days=30)))
    zsm = client_for(users["zsm"])
    response = zsm.post("/api/zsm/vraag/", {"bsn": s.persoon.bsn}, content_type="application/json")
    assert response.json()["advies"]["schets"] == "Schets-onder-convenant"
    Convenant.objects.update(geldig_tot=timezone.localdate() - timedelta(days=1))
    herbereken_alles()  # a queryset update passes no signals (casussen.zichtbaarheid)
    # The advice is case content: without a covenant in force for the asking organisation it is not
    # given. Known, active case and whom to call are given by role, on page and API alike.
    response = zsm.post("/api/zsm/vraag/", {"bsn": s.persoon.bsn}, content_type="application/json")
    body = response.json()
    # `elders` (the bekendheidscheck between houses) is null here: no middenvelder is configured.
    assert response.status_code == 200 and set(body) == {"bekend", "actieve_casus", "advies", "contact", "elders"}
    assert body["elders"] is None
    assert body["bekend"] and body["actieve_casus"] and body["advies"] is None
    assert body["contact"].startswith(f"procesregisseur {users['pr']}")
    page = zsm.post(reverse("zsm:vraag"), {"bsn": s.persoon.bsn}).content.decode()
    for tekst in (response.content.decode(), page):
        assert "Schets-onder-convenant" not in tekst and "Maatregel-onder-convenant" not in tekst
    assert client_for(users["ggz"]).post("/api/zsm/vraag/", {"bsn": s.persoon.bsn}, content_type="application/json").status_code == 403
