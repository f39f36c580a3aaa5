"""Dates checked against their context: a clear Dutch message on the field, and nothing stored."""
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.avg.models import Verzoek
from schakel.casussen.models import Casus
from schakel.casussen.zichtbaarheid import herbereken_alles
from schakel.monitoring.models import Monitoringcontact
from schakel.overleggen.models import Bespreking, Overleg
from schakel.plannen.models import Actie, Doel, PlanVanAanpak

from .scenario import bouw_scenario
from .test_plannen import formset_data, org, plan_data, stel_vast

pytestmark = pytest.mark.django_db


def veldfout(response, veld, tekst):
    """The message is rendered on the field itself, linked by its id, not only at the top."""
    html = response.content.decode()
    blok = re.search(rf'id="id_{re.escape(veld)}_error">(.*?)</div>', html, re.S)
    return blok is not None and tekst in blok.group(1)


def _start_eergisteren(s):
    Casus.objects.filter(pk=s.casus.pk).update(geopend_op=timezone.now() - timedelta(days=2))


def test_action_deadline_before_the_case_started_is_refused_on_its_field(client_for, users):
    s = bouw_scenario(users)
    _start_eergisteren(s)
    te_vroeg = (timezone.localdate() - timedelta(days=5)).isoformat()
    acties = [{"organisatie": org("reclassering").pk, "eigenaar": users["reclassering"].pk,
               "omschrijving": "Toezicht", "deadline": te_vroeg}]
    response = stel_vast(client_for(users["pr"]), s, plan_data(users, acties=acties))
    assert response.status_code == 400
    start = (timezone.localdate() - timedelta(days=2)).strftime("%d-%m-%Y")
    assert veldfout(response, "acties-0-deadline", f"De deadline ligt vóór de start van de casus ({start})")
    assert not PlanVanAanpak.objects.exists() and not Actie.objects.exists()
    assert f'value="{te_vroeg}"' in response.content.decode()


def test_service_refuses_a_plan_adopted_in_a_future_meeting(users):
    from django.core.exceptions import ValidationError

    from schakel.plannen.services import stel_plan_vast

    s = bouw_scenario(users)
    vandaag = timezone.localdate()
    plan = PlanVanAanpak(type="integraal", casushouder=users["reclassering"], vastgesteld_op=vandaag,
                         vastgesteld_in=_overleg(s, users, 2))
    doel = Doel(leefgebied="huisvesting", omschrijving="Woning")
    actie = Actie(organisatie=org("reclassering"), omschrijving="Toezicht", deadline=vandaag)
    with pytest.raises(ValidationError, match="nog niet plaatsgevonden"):
        stel_plan_vast(casus=s.casus, plan=plan, doelen=[doel], acties=[actie], door=users["pr"])
    assert not PlanVanAanpak.objects.exists()


def _overleg(s, users, dagen):
    overleg = Overleg.objects.create(
        overlegtype=s.casus.overlegtype, voorzitter=users["pr"], datum=timezone.now() + timedelta(days=dagen)
    )
    Bespreking.objects.create(overleg=overleg, casus=s.casus)
    return overleg


def test_plan_adopted_in_a_meeting_that_has_not_happened_is_refused(client_for, users):
    s = bouw_scenario(users)
    toekomst = _overleg(s, users, 3)
    response = stel_vast(client_for(users["pr"]), s, plan_data(users, vastgesteld_in=toekomst.pk))
    assert response.status_code == 400
    assert veldfout(response, "vastgesteld_in", f"{toekomst} heeft nog niet plaatsgevonden")
    assert not PlanVanAanpak.objects.exists()
    # The same meeting once it has taken place is accepted.
    Overleg.objects.filter(pk=toekomst.pk).update(datum=timezone.now() - timedelta(hours=1))
    herbereken_alles()  # a queryset update passes no signals (casussen.zichtbaarheid)
    assert stel_vast(client_for(users["pr"]), s, plan_data(users, vastgesteld_in=toekomst.pk)).status_code == 302


def test_changing_a_plan_to_a_future_meeting_is_refused(client_for, users):
    s = bouw_scenario(users)
    client = client_for(users["pr"])
    assert stel_vast(client, s, plan_data(users)).status_code == 302
    plan = PlanVanAanpak.objects.get()
    toekomst = _overleg(s, users, 7)
    data = {"type": "integraal", "casushouder": users["reclassering"].pk, "vastgesteld_in": toekomst.pk,
            "client_akkoord": "ja", "toelichting": "Bijgesteld"}
    doelen = [{"id": d.pk, "leefgebied": d.leefgebied, "omschrijving": d.omschrijving} for d in plan.doelen.all()]
    acties = [{"id": a.pk, "organisatie": a.organisatie_id, "eigenaar": a.eigenaar_id or "", "omschrijving": a.omschrijving,
               "deadline": a.deadline.isoformat()} for a in plan.acties.all()]
    response = client.post(reverse("plannen:wijzigen", args=[plan.pk]),
                           data | formset_data("doelen", doelen, initial=len(doelen)) | formset_data("acties", acties, initial=len(acties)))
    assert response.status_code == 400
    assert veldfout(response, "vastgesteld_in", f"{toekomst} heeft nog niet plaatsgevonden")
    plan.refresh_from_db()
    assert plan.vastgesteld_in is None and plan.toelichting == "Samen met cliënt opgesteld."


def test_adoption_date_before_the_case_started_is_refused(client_for, users):
    s = bouw_scenario(users)
    response = stel_vast(client_for(users["pr"]), s,
                         plan_data(users, vastgesteld_op=(timezone.localdate() - timedelta(days=10)).isoformat()))
    assert response.status_code == 400
    assert veldfout(response, "vastgesteld_op", "De datum van vaststelling ligt vóór de start van de casus")
    assert not PlanVanAanpak.objects.exists()


def _fg_persoon(client_for, users, s):
    from schakel.avg.views import TREFFERS

    client = client_for(users["fg"])
    sessie = client.session
    sessie[TREFFERS] = [s.persoon.pk]
    sessie.save()
    return client


def test_avg_request_received_in_the_future_is_refused(client_for, users):
    s = bouw_scenario(users)
    client = _fg_persoon(client_for, users, s)
    url = reverse("avg:verzoek", args=[s.persoon.pk])
    morgen = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(url, {"soort": Verzoek.Soort.INZAGE, "ontvangen_op": morgen, "toelichting": ""})
    assert response.status_code == 400
    assert veldfout(response, "ontvangen_op", "Een verzoek kan niet in de toekomst zijn ontvangen")
    assert not Verzoek.objects.exists()
    vandaag = timezone.localdate().isoformat()
    assert client.post(url, {"soort": Verzoek.Soort.INZAGE, "ontvangen_op": vandaag, "toelichting": ""}).status_code == 302


def test_avg_service_refuses_a_future_receipt(users):
    from django.core.exceptions import ValidationError

    from schakel.avg.services import leg_verzoek_vast

    s = bouw_scenario(users)
    verzoek = Verzoek(soort=Verzoek.Soort.INZAGE, ontvangen_op=timezone.localdate() + timedelta(days=2))
    with pytest.raises(ValidationError, match="toekomst"):
        leg_verzoek_vast(verzoek=verzoek, persoon=s.persoon, door=users["fg"])
    assert not Verzoek.objects.exists()


def _bespreking(s, users, dagen=-1):
    overleg = Overleg.objects.create(
        overlegtype=s.casus.overlegtype, voorzitter=users["pr"], datum=timezone.now() + timedelta(days=dagen)
    )
    return Bespreking.objects.create(overleg=overleg, casus=s.casus)


def test_empty_minutes_cannot_be_saved_as_done(client_for, users):
    s = bouw_scenario(users)
    b = _bespreking(s, users)
    client = client_for(users["pr"])
    url = reverse("overleggen:bespreking", args=[b.pk])
    response = client.post(url, {"notulen": "   ", "besluiten": "", "verslag_afgerond": "on"})
    assert response.status_code == 400
    assert veldfout(response, "notulen", "Vul de notulen in: een leeg verslag kan niet als afgerond worden opgeslagen.")
    assert veldfout(response, "besluiten", "Vul de besluiten in")
    b.refresh_from_db()
    assert not b.verslag_afgerond
    # Empty minutes as a concept are fine; filled minutes can be marked done.
    assert client.post(url, {"notulen": "", "besluiten": ""}).status_code == 302
    assert client.post(url, {"notulen": "Besproken.", "besluiten": "Plan opstellen.", "verslag_afgerond": "on"}).status_code == 302
    b.refresh_from_db()
    assert b.verslag_afgerond


def test_minutes_of_a_meeting_still_to_come_cannot_be_done(client_for, users):
    s = bouw_scenario(users)
    b = _bespreking(s, users, dagen=2)
    response = client_for(users["pr"]).post(
        reverse("overleggen:bespreking", args=[b.pk]), {"notulen": "Besproken.", "besluiten": "Plan.", "verslag_afgerond": "on"}
    )
    assert response.status_code == 400
    assert veldfout(response, "verslag_afgerond", "Het overleg is op")
    b.refresh_from_db()
    assert not b.verslag_afgerond and b.notulen == ""


def test_service_refuses_empty_minutes_as_done(users):
    from django.core.exceptions import ValidationError

    from schakel.overleggen.services import werk_bespreking_bij

    s = bouw_scenario(users)
    b = _bespreking(s, users)
    b.verslag_afgerond = True
    with pytest.raises(ValidationError, match="leeg verslag"):
        werk_bespreking_bij(bespreking=b, oud={}, door=users["pr"])
    assert not Bespreking.objects.get(pk=b.pk).verslag_afgerond


def test_monitoring_contact_before_the_plan_was_adopted_is_refused(client_for, users):
    s = bouw_scenario(users)
    Casus.objects.filter(pk=s.casus.pk).update(geopend_op=timezone.now() - timedelta(days=20))
    client = client_for(users["pr"])
    gisteren = timezone.localdate() - timedelta(days=1)
    assert stel_vast(client, s, plan_data(users, vastgesteld_op=gisteren.isoformat())).status_code == 302
    contact = Monitoringcontact.objects.filter(casus=s.casus).order_by("gepland_op").first()
    url = reverse("monitoring:contact", args=[contact.pk])
    eerder = (gisteren - timedelta(days=5)).isoformat()
    response = client.post(url, {"uitgevoerd_op": eerder, "uitkomst": Monitoringcontact.Uitkomst.values[0], "toelichting": ""})
    assert response.status_code == 400
    assert veldfout(response, "uitgevoerd_op", f"Deze datum ligt vóór de vaststelling van het plan van aanpak ({gisteren:%d-%m-%Y})")
    contact.refresh_from_db()
    assert contact.uitgevoerd_op is None


def test_monitoring_service_refuses_a_contact_in_the_future(users):
    from django.core.exceptions import ValidationError

    from schakel.monitoring.services import leg_contact_vast

    s = bouw_scenario(users)
    from schakel.plannen.services import stel_plan_vast

    vandaag = timezone.localdate()
    stel_plan_vast(
        casus=s.casus, plan=PlanVanAanpak(type="integraal", casushouder=users["reclassering"], vastgesteld_op=vandaag),
        doelen=[Doel(leefgebied="huisvesting", omschrijving="Woning")],
        acties=[Actie(organisatie=org("reclassering"), omschrijving="Toezicht", deadline=vandaag)], door=users["pr"],
    )
    contact = Monitoringcontact.objects.filter(casus=s.casus).first()
    with pytest.raises(ValidationError, match="toekomst"):
        leg_contact_vast(contact=contact, uitgevoerd_op=vandaag + timedelta(days=1), uitkomst=Monitoringcontact.Uitkomst.values[0],
                         toelichting="", door=users["pr"])
    contact.refresh_from_db()
    assert contact.uitgevoerd_op is None


# --- more than three goals and actions, without JavaScript ------------------------------------------

def _vijf(users):
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    doelen = [{"leefgebied": lg, "omschrijving": f"Doel {i}"}
              for i, lg in enumerate(["huisvesting", "schulden", "zorg", "gezin", "justitie"], 1)]
    acties = [{"organisatie": org("reclassering").pk, "eigenaar": users["reclassering"].pk, "omschrijving": f"Actie {i}",
               "deadline": deadline} for i in range(1, 6)]
    return doelen, acties


def test_extra_row_button_adds_an_empty_goal_and_keeps_what_was_typed(client_for, users):
    s = bouw_scenario(users)
    client = client_for(users["pr"])
    doelen, acties = _vijf(users)
    data = plan_data(users, doelen=doelen[:3], acties=acties[:3], toelichting="Getypt, nog niet bewaard")
    response = client.post(reverse("plannen:vaststellen", args=[s.casus.pk]), data | {"regel_erbij": "doelen"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="doelen-TOTAL_FORMS" value="4"' in html and 'name="acties-TOTAL_FORMS" value="3"' in html
    assert 'name="doelen-3-omschrijving"' in html and "Getypt, nog niet bewaard" in html and "Doel 3" in html
    # Adding a row is no attempt to save: nothing stored, no error shown.
    assert not PlanVanAanpak.objects.exists() and "foutmelding" not in html
    response = client.post(reverse("plannen:vaststellen", args=[s.casus.pk]), data | {"regel_erbij": "acties"})
    assert 'name="acties-TOTAL_FORMS" value="4"' in response.content.decode()


def test_a_plan_with_five_goals_and_five_actions_is_adopted(client_for, users):
    s = bouw_scenario(users)
    doelen, acties = _vijf(users)
    response = stel_vast(client_for(users["pr"]), s, plan_data(users, doelen=doelen, acties=acties))
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = PlanVanAanpak.objects.get()
    assert plan.doelen.count() == 5 and plan.acties.count() == 5


def test_more_rows_than_the_maximum_are_refused_in_dutch(client_for, users):
    from schakel.plannen.forms import MAX_DOELEN

    s = bouw_scenario(users)
    doelen = [{"leefgebied": "overig", "omschrijving": f"Doel {i}"} for i in range(MAX_DOELEN + 1)]
    response = stel_vast(client_for(users["pr"]), s, plan_data(users, doelen=doelen))
    assert response.status_code == 400
    assert f"hoogstens {MAX_DOELEN} regels" in response.content.decode()
    assert not PlanVanAanpak.objects.exists()


def test_change_form_can_add_a_row_too(client_for, users):
    s = bouw_scenario(users)
    client = client_for(users["pr"])
    assert stel_vast(client, s, plan_data(users)).status_code == 302
    plan = PlanVanAanpak.objects.get()
    url = reverse("plannen:wijzigen", args=[plan.pk])
    html = client.get(url).content.decode()
    assert 'name="doelen-TOTAL_FORMS" value="3"' in html  # two goals and one empty row
    data = {"type": "integraal", "casushouder": users["reclassering"].pk, "client_akkoord": "ja", "toelichting": "x"}
    doelen = [{"id": d.pk, "leefgebied": d.leefgebied, "omschrijving": d.omschrijving} for d in plan.doelen.all()]
    acties = [{"id": a.pk, "organisatie": a.organisatie_id, "eigenaar": a.eigenaar_id or "", "omschrijving": a.omschrijving,
               "deadline": a.deadline.isoformat()} for a in plan.acties.all()]
    post = data | formset_data("doelen", doelen, initial=2) | formset_data("acties", acties, initial=2) | {"regel_erbij": "acties"}
    response = client.post(url, post)
    assert response.status_code == 200
    assert 'name="acties-TOTAL_FORMS" value="3"' in response.content.decode()
    assert plan.acties.count() == 2
