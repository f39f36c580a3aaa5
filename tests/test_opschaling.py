"""Escalation along the ladder, the ketenmanager's decision without case content, and the bottleneck register."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.briefing.services import agendeer
from schakel.casussen.models import AfsluitUitkomst, Afsluiting
from schakel.casussen.services import sluit_casus_af, zet_casus_status
from schakel.opschaling.models import Escalatieniveau, Knelpunt, Opschaling
from schakel.privacy.models import Mutatielog, Toegangslog
from schakel.zsm.models import ZsmAdvies

from .factories import MeldingFactory, PersoonFactory
from .scenario import bouw_scenario, weeg_focus
from .queries import tel


def niveau(code):
    return Escalatieniveau.objects.get(code=code)


def opschalen_data(**extra):
    return {"niveau": niveau("regiekamer").pk, "reden": "Man komt uit detentie, geen woonvorm past.",
            "gevraagd_besluit": "Doorbraak: plaatsing in begeleid wonen.", "opgeschaald_op": timezone.localdate().isoformat(), **extra}


def maak_opschaling(s, users, **extra):
    return Opschaling.objects.create(
        casus=s.casus, niveau=niveau("ketenmanager"), reden="Vastgelopen op financiering.",
        gevraagd_besluit="Mandaat voor maatwerk.", door=users["pr"], **extra,
    )


@pytest.mark.django_db
def test_staff_escalates_and_ketenmanager_decides_without_seeing_names(client_for, users):
    s = bouw_scenario(users)
    response = client_for(users["pr"]).post(reverse("opschaling:nieuw", args=[s.casus.pk]), opschalen_data())
    assert response.status_code == 302
    opschaling = Opschaling.objects.get()
    assert (opschaling.casus, opschaling.niveau.code, opschaling.door) == (s.casus, "regiekamer", users["pr"])
    assert Mutatielog.objects.filter(objecttype="opschaling", object_id=opschaling.pk, actie="aangemaakt").exists()

    km = client_for(users["ketenmanager"])
    html = km.get(reverse("opschaling:lijst")).content.decode()
    assert s.casus.nummer in html and "Doorbraak: plaatsing in begeleid wonen." in html and "nog geen besluit" in html
    assert "Jansen" not in html and "K.J." not in html and reverse("casussen:detail", args=[s.casus.pk]) not in html
    assert Toegangslog.objects.filter(gebruiker=users["ketenmanager"], objecttype="opschaling", actie="lijst").exists()

    besluit_html = km.get(reverse("opschaling:besluit", args=[opschaling.pk])).content.decode()
    assert "Jansen" not in besluit_html and reverse("casussen:detail", args=[s.casus.pk]) not in besluit_html
    vandaag = timezone.localdate()
    response = km.post(reverse("opschaling:besluit", args=[opschaling.pk]), {
        "genomen_besluit": "Leger des Heils start motivatiewerk in de PI.", "besluit_op": vandaag.isoformat(),
        "uitkomst": "Passende woonvorm gevonden."})
    assert response.status_code == 302
    opschaling.refresh_from_db()
    assert (opschaling.genomen_besluit, opschaling.besluit_op, opschaling.uitkomst) == (
        "Leger des Heils start motivatiewerk in de PI.", vandaag, "Passende woonvorm gevonden.")
    log = Mutatielog.objects.get(objecttype="opschaling", object_id=opschaling.pk, actie="gewijzigd")
    assert log.gebruiker == users["ketenmanager"] and log.wijzigingen["besluit_op"] == [None, vandaag.isoformat()]
    html = km.get(reverse("opschaling:lijst")).content.decode()
    assert "Leger des Heils start motivatiewerk in de PI." in html and vandaag.strftime("%d-%m-%Y") in html

    # Staff see the names and the link; the case page shows the escalation and its decision.
    staf = client_for(users["ic"])
    html = staf.get(reverse("opschaling:lijst")).content.decode()
    assert "K.J. Jansen" in html and reverse("casussen:detail", args=[s.casus.pk]) in html
    html = client_for(users["reclassering"]).get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()
    assert "opgeschaald naar Regiekamer" in html and "Passende woonvorm gevonden." in html
    assert reverse("opschaling:nieuw", args=[s.casus.pk]) not in html
    staf = client_for(users["ic"])  # one test client: logging in again switches the user
    assert reverse("opschaling:nieuw", args=[s.casus.pk]) in staf.get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "wijziging,boodschap",
    [
        ({"niveau": ""}, "Dit veld is verplicht."),
        ({"niveau": "999"}, "Selecteer een geldige keuze"),
        ({"reden": "<script>alert(1)</script>"}, "HTML-code"),
        ({"gevraagd_besluit": ""}, "Dit veld is verplicht."),
        ({"opgeschaald_op": "2999-01-01"}, "Deze datum ligt in de toekomst."),
        ({"opgeschaald_op": "2001-01-01"}, "vóór de opening van de casus"),
    ],
)
def test_escalation_bad_input(client_for, users, wijziging, boodschap):
    s = bouw_scenario(users)
    response = client_for(users["pr"]).post(reverse("opschaling:nieuw", args=[s.casus.pk]), opschalen_data(**wijziging))
    html = response.content.decode()
    assert response.status_code == 400 and boodschap in html
    assert not Opschaling.objects.exists()
    if "reden" not in wijziging:
        assert "Man komt uit detentie, geen woonvorm past." in html


@pytest.mark.django_db
def test_closed_case_is_not_escalated(client_for, users):
    s = bouw_scenario(users)
    zet_casus_status(casus=s.casus, naar="afgesloten", door=users["pr"])
    response = client_for(users["pr"]).post(reverse("opschaling:nieuw", args=[s.casus.pk]), opschalen_data())
    assert response.status_code == 400 and "afgesloten" in response.content.decode()
    assert not Opschaling.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data,boodschap",
    [
        ({"genomen_besluit": "", "besluit_op": "today"}, "Vul het genomen besluit in."),
        ({"genomen_besluit": "Ja", "besluit_op": ""}, "Vul de datum van het besluit in."),
        ({"genomen_besluit": "Ja", "besluit_op": "2999-01-01"}, "Deze datum ligt in de toekomst."),
        ({"genomen_besluit": "Ja", "besluit_op": "yesterday"}, "niet vóór de opschaling"),
        ({"genomen_besluit": "Ja", "besluit_op": "today", "uitkomst": "<a href=x>"}, "HTML-code"),
    ],
)
def test_decision_bad_input(client_for, users, data, boodschap):
    s = bouw_scenario(users)
    opschaling = maak_opschaling(s, users)
    vandaag = timezone.localdate()
    data = {k: {"today": vandaag, "yesterday": vandaag - timedelta(days=1)}.get(v, v) for k, v in data.items()}
    response = client_for(users["ketenmanager"]).post(reverse("opschaling:besluit", args=[opschaling.pk]), data)
    assert response.status_code == 400 and boodschap in response.content.decode()
    opschaling.refresh_from_db()
    assert (opschaling.genomen_besluit, opschaling.besluit_op) == ("", None)
    assert not Mutatielog.objects.filter(objecttype="opschaling", actie="gewijzigd").exists()


@pytest.mark.django_db
def test_partners_see_no_escalation_list(client_for, users):
    s = bouw_scenario(users)
    maak_opschaling(s, users)
    for naam in ("reclassering", "zsm", "fg", "contact"):
        assert client_for(users[naam]).get(reverse("opschaling:lijst")).status_code == 403


@pytest.mark.django_db
def test_knelpunt_register(client_for, users):
    s = bouw_scenario(users)
    km = client_for(users["ketenmanager"])
    response = km.post(reverse("opschaling:knelpunten"), {
        "omschrijving": "Geen huisvesting voor de allermoeilijksten na detentie.", "gemeld_op": timezone.localdate().isoformat(),
        "casusnummer": s.casus.nummer})
    assert response.status_code == 302
    knelpunt = Knelpunt.objects.get()
    assert (knelpunt.casus, knelpunt.status, knelpunt.door) == (s.casus, "open", users["ketenmanager"])
    assert Mutatielog.objects.filter(objecttype="knelpunt", object_id=knelpunt.pk, actie="aangemaakt").exists()
    html = km.get(reverse("opschaling:knelpunten")).content.decode()
    assert "Geen huisvesting voor de allermoeilijksten" in html and s.casus.nummer in html

    url = reverse("opschaling:knelpunt", args=[knelpunt.pk])
    response = km.post(url, {"status": "opgelost", "besluit": ""})
    assert response.status_code == 400 and "Vul het besluit van de stuurgroep in" in response.content.decode()
    knelpunt.refresh_from_db()
    assert knelpunt.status == "open"
    assert km.post(url, {"status": "agenda", "besluit": ""}).status_code == 302
    assert client_for(users["pr"]).post(url, {"status": "opgelost", "besluit": "Spacebox-pilot in Leiden."}).status_code == 302
    knelpunt.refresh_from_db()
    assert (knelpunt.status, knelpunt.besluit) == ("opgelost", "Spacebox-pilot in Leiden.")
    wijzigingen = [m.wijzigingen for m in Mutatielog.objects.filter(objecttype="knelpunt", actie="gewijzigd").order_by("id")]
    assert wijzigingen == [{"status": ["open", "agenda"]},
                           {"status": ["agenda", "opgelost"], "besluit": ["", "Spacebox-pilot in Leiden."]}]
    assert "Opgelost" in km.get(url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "wijziging,boodschap",
    [
        ({"omschrijving": ""}, "Dit veld is verplicht."),
        ({"omschrijving": "<img src=x>"}, "HTML-code"),
        ({"casusnummer": "C-9999999"}, "Er is geen casus met dit nummer."),
        ({"casusnummer": "onzin"}, "Er is geen casus met dit nummer."),
        ({"gemeld_op": "2999-01-01"}, "Deze datum ligt in de toekomst."),
    ],
)
def test_knelpunt_bad_input(client_for, users, wijziging, boodschap):
    bouw_scenario(users)
    data = {"omschrijving": "Nazorg na uitzetting uit buitenlandse detentie.", "gemeld_op": timezone.localdate().isoformat(),
            "casusnummer": "", **wijziging}
    response = client_for(users["ic"]).post(reverse("opschaling:knelpunten"), data)
    assert response.status_code == 400 and boodschap in response.content.decode()
    assert not Knelpunt.objects.exists()



@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["pr", "ketenmanager"])
def test_escalation_and_knelpunt_lists_query_counts_are_fixed(client_for, users, rol):
    s = bouw_scenario(users)
    client = client_for(users[rol])

    def vul(n):
        for _ in range(n):
            melding = MeldingFactory(geregistreerd_door=users["ic"], personen=[PersoonFactory(), PersoonFactory()])
            agendeer(briefing=s.briefing, meldingen=[melding], door=users["pr"])
            casus = weeg_focus(s.briefing, melding, users["pr"]).casus
            Opschaling.objects.create(casus=casus, niveau=niveau("stuurgroep"), reden="R", gevraagd_besluit="B", door=users["pr"])
            Knelpunt.objects.create(omschrijving="K", casus=casus, door=users["pr"])

    vul(1)
    klein = (tel(client, reverse("opschaling:lijst")), tel(client, reverse("opschaling:knelpunten")))
    vul(12)
    groot = (tel(client, reverse("opschaling:lijst")), tel(client, reverse("opschaling:knelpunten")))
    assert klein == groot


@pytest.mark.django_db
def test_case_page_sections_query_count_is_fixed(client_for, users):
    """The escalation, ZSM and closing sections cost the same whatever the number of rows they show."""
    s = bouw_scenario(users)
    client = client_for(users["pr"])
    url = reverse("casussen:detail", args=[s.casus.pk])

    def vul(n):
        for _ in range(n):
            maak_opschaling(s, users)
            ZsmAdvies.objects.create(casus=s.casus, schets="S", gewenste_maatregelen="M", geldig_tot=timezone.localdate(),
                                     door=users["pr"])

    vul(1)
    klein = tel(client, url)
    vul(10)
    assert tel(client, url) == klein
    sluit_casus_af(casus=s.casus, afsluiting=Afsluiting(datum=timezone.localdate(), reden="overig"),
                   uitkomsten=AfsluitUitkomst.objects.all()[:1], door=users["pr"])
    gesloten_klein = tel(client, url)
    Afsluiting.objects.get().uitkomsten.set(AfsluitUitkomst.objects.all())
    assert tel(client, url) == gesloten_klein
