"""Closing a case: outcome flags, afschaling, duration, one closing only, and the follow-up case link."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.briefing.services import agendeer
from schakel.casussen.models import AfsluitUitkomst, Afsluiting, Casus, CasusStatus
from schakel.casussen.services import zet_casus_status
from schakel.partners.models import Organisatie
from schakel.privacy.models import Mutatielog, Toegangslog

from .factories import PersoonFactory
from .scenario import bouw_scenario, nieuwe_melding, weeg_focus


def uitkomst(code):
    return AfsluitUitkomst.objects.get(code=code)


def afsluit_data(**extra):
    return {"datum": timezone.localdate().isoformat(), "reden": "doelen_behaald",
            "uitkomsten": [uitkomst("samenwerking").pk, uitkomst("casushouder_verder").pk],
            "overgedragen_aan": "", "overdracht_contact": "", "toelichting": "Plan uitgevoerd, zorg loopt.", **extra}


def open_sinds(casus, dagen):
    Casus.objects.filter(pk=casus.pk).update(geopend_op=timezone.now() - timedelta(days=dagen))
    casus.refresh_from_db()


@pytest.mark.django_db
def test_close_with_two_outcomes_and_duration(client_for, users):
    s = bouw_scenario(users)
    open_sinds(s.casus, 10)
    client = client_for(users["pr"])
    response = client.post(reverse("casussen:afsluiten", args=[s.casus.pk]), afsluit_data())
    assert response.status_code == 302
    s.casus.refresh_from_db()
    assert s.casus.status == "afgesloten"
    afsluiting = Afsluiting.objects.get(casus=s.casus)
    assert {u.code for u in afsluiting.uitkomsten.all()} == {"samenwerking", "casushouder_verder"}
    assert (afsluiting.reden, afsluiting.door, afsluiting.duur_dagen) == ("doelen_behaald", users["pr"], 10)
    assert CasusStatus.objects.filter(casus=s.casus, van="aangemeld", naar="afgesloten", door=users["pr"]).exists()
    assert Mutatielog.objects.filter(objecttype="afsluiting", object_id=afsluiting.pk, actie="aangemaakt").exists()
    assert Mutatielog.objects.filter(objecttype="casus", object_id=s.casus.pk, wijzigingen__status=["aangemeld", "afgesloten"]).exists()

    html = client.get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()
    assert "10 dagen" in html and uitkomst("samenwerking").naam in html and "Doelen behaald" in html
    assert reverse("casussen:afsluiten", args=[s.casus.pk]) not in html
    assert Toegangslog.objects.filter(gebruiker=users["pr"], objecttype="afsluiting", persoon_id=s.persoon.pk).exists()


@pytest.mark.django_db
def test_second_closing_is_refused(client_for, users):
    s = bouw_scenario(users)
    client = client_for(users["pr"])
    assert client.post(reverse("casussen:afsluiten", args=[s.casus.pk]), afsluit_data()).status_code == 302
    response = client.post(reverse("casussen:afsluiten", args=[s.casus.pk]), afsluit_data(reden="overig", toelichting="Nogmaals"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "de overgang van &#x27;Afgesloten&#x27; naar &#x27;Afgesloten&#x27; is niet toegestaan" in html
    assert Afsluiting.objects.get().reden == "doelen_behaald"
    assert CasusStatus.objects.filter(casus=s.casus, naar="afgesloten").count() == 1


@pytest.mark.django_db
def test_afschaling_records_handover(client_for, users):
    s = bouw_scenario(users)
    wijkteam = Organisatie.objects.get(code="ggz")
    response = client_for(users["ic"]).post(reverse("casussen:afsluiten", args=[s.casus.pk]), afsluit_data(
        reden="afgeschaald", overgedragen_aan=wijkteam.pk, overdracht_contact="M. Bakker, 071-1234567", uitkomsten=[]))
    assert response.status_code == 302
    afsluiting = Afsluiting.objects.get()
    assert (afsluiting.overgedragen_aan, afsluiting.overdracht_contact) == (wijkteam, "M. Bakker, 071-1234567")
    assert not afsluiting.uitkomsten.exists()
    html = client_for(users["reclassering"]).get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()
    assert f"{wijkteam.naam} (M. Bakker, 071-1234567)" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "wijziging,boodschap",
    [
        ({"datum": "2999-01-01"}, "Deze datum ligt in de toekomst."),
        ({"datum": "2001-01-01"}, "kan niet vóór de opening"),
        ({"datum": ""}, "Dit veld is verplicht."),
        ({"reden": ""}, "Dit veld is verplicht."),
        ({"reden": "afgeschaald"}, "Kies de partij waaraan de casus bij afschaling is overgedragen."),
        ({"overdracht_contact": "Wijkteam Noord"}, "Kies de organisatie bij de contactpersoon"),
        ({"uitkomsten": ["99999"]}, "Selecteer een geldige keuze"),
        ({"toelichting": "<script>x</script>"}, "HTML-code"),
    ],
)
def test_closing_bad_input(client_for, users, wijziging, boodschap):
    s = bouw_scenario(users)
    response = client_for(users["pr"]).post(reverse("casussen:afsluiten", args=[s.casus.pk]), afsluit_data(**wijziging))
    html = response.content.decode()
    assert response.status_code == 400 and boodschap in html
    s.casus.refresh_from_db()
    assert s.casus.status == "aangemeld" and not Afsluiting.objects.exists()
    if "toelichting" not in wijziging:
        assert "Plan uitgevoerd, zorg loopt." in html


@pytest.mark.django_db
def test_involved_partner_cannot_close(client_for, users):
    s = bouw_scenario(users)
    assert client_for(users["reclassering"]).post(reverse("casussen:afsluiten", args=[s.casus.pk]), afsluit_data()).status_code == 403
    html = client_for(users["reclassering"]).get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()
    assert reverse("casussen:afsluiten", args=[s.casus.pk]) not in html and "De casus loopt nog." in html
    assert reverse("casussen:afsluiten", args=[s.casus.pk]) in client_for(users["pr"]).get(
        reverse("casussen:detail", args=[s.casus.pk])).content.decode()


@pytest.mark.django_db
def test_request_after_closing_opens_a_new_case_linked_to_the_old(client_for, users):
    s = bouw_scenario(users)
    oud = s.casus
    zet_casus_status(casus=oud, naar="afgesloten", door=users["pr"])
    melding = nieuwe_melding(users["ic"], persoon=s.persoon)
    agendeer(briefing=s.briefing, meldingen=[melding], door=users["pr"])
    nieuw = weeg_focus(s.briefing, melding, users["pr"]).casus
    assert nieuw.pk != oud.pk and nieuw.vorige_casus == oud and nieuw.status == "aangemeld"

    client = client_for(users["reclassering"])
    html = client.get(reverse("casussen:detail", args=[nieuw.pk])).content.decode()
    assert f"Eerdere casus: <a href=\"{reverse('casussen:detail', args=[oud.pk])}\">{oud.nummer}</a>" in html
    assert nieuw.nummer in client.get(reverse("casussen:detail", args=[oud.pk])).content.decode()

    # A melding about someone else, or joining a still active case, links nothing.
    ander = nieuwe_melding(users["ic"], persoon=PersoonFactory())
    agendeer(briefing=s.briefing, meldingen=[ander], door=users["pr"])
    assert weeg_focus(s.briefing, ander, users["pr"]).casus.vorige_casus is None
    derde = nieuwe_melding(users["ic"], persoon=s.persoon)
    agendeer(briefing=s.briefing, meldingen=[derde], door=users["pr"])
    assert weeg_focus(s.briefing, derde, users["pr"]).casus == nieuw
