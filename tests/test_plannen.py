"""Plan van aanpak: adoption in one step, involvement of holders, action status and who may change it."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.casussen.models import Casus, CasusBetrokkenheid
from schakel.monitoring.models import Monitoringcontact
from schakel.partners.models import Organisatie
from schakel.plannen.models import Actie, Doel, PlanVanAanpak
from schakel.privacy.models import Mutatielog, Toegangslog

from .scenario import bouw_scenario

pytestmark = pytest.mark.django_db


def org(code):
    return Organisatie.objects.get(code=code)


def formset_data(prefix, rijen, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rijen)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for i, rij in enumerate(rijen):
        data.update({f"{prefix}-{i}-{k}": v for k, v in rij.items()})
    return data


def plan_data(users, *, doelen=None, acties=None, **plan):
    vandaag = timezone.localdate()
    data = {"type": "integraal", "casushouder": users["reclassering"].pk, "vastgesteld_op": vandaag.isoformat(),
            "client_akkoord": "ja", "toelichting": "Samen met cliënt opgesteld."} | plan
    if doelen is None:
        doelen = [{"leefgebied": "huisvesting", "omschrijving": "Stabiele woonplek"},
                  {"leefgebied": "schulden", "omschrijving": "Schuldhulp gestart"}, {"leefgebied": "", "omschrijving": ""}]
    if acties is None:
        deadline = (vandaag + timedelta(days=30)).isoformat()
        acties = [
            {"organisatie": org("reclassering").pk, "eigenaar": users["reclassering"].pk, "omschrijving": "Toezicht bijhouden", "deadline": deadline},
            {"organisatie": org("ggz").pk, "eigenaar": users["ggz"].pk, "omschrijving": "Intake GGZ plannen", "deadline": deadline},
            {"organisatie": "", "eigenaar": "", "omschrijving": "", "deadline": ""},
        ]
    return data | formset_data("doelen", doelen) | formset_data("acties", acties)


def stel_vast(client, s, data):
    return client.post(reverse("plannen:vaststellen", args=[s.casus.pk]), data)


def test_adoption_involves_holders_starts_treatment_and_schedules_monitoring(client_for, users):
    s = bouw_scenario(users)
    for naam in ("ggz", "ggz_ander", "politie"):
        assert not Casus.objects.for_user(users[naam]).filter(pk=s.casus.pk).exists()
    client = client_for(users["pr"])
    assert client.get(reverse("plannen:vaststellen", args=[s.casus.pk])).status_code == 200
    response = stel_vast(client, s, plan_data(users))
    assert response.status_code == 302, response.content.decode()[:3000]

    casus = Casus.objects.get(pk=s.casus.pk)
    assert casus.status == Casus.Status.IN_BEHANDELING
    plan = casus.plan
    assert plan.casushouder == users["reclassering"]
    assert plan.doelen.count() == 2 and plan.acties.count() == 2
    assert set(plan.acties.values_list("status", flat=True)) == {Actie.Status.OPEN}
    rollen = set(casus.betrokkenheden.values_list("organisatie__code", "rol"))
    assert {("reclassering", "casushouder"), ("reclassering", "actiehouder"), ("ggz", "actiehouder")} <= rollen
    for naam in ("reclassering", "ggz"):
        assert Casus.objects.for_user(users[naam]).filter(pk=casus.pk).exists()
    for naam in ("ggz_ander", "politie", "gast"):
        assert not Casus.objects.for_user(users[naam]).filter(pk=casus.pk).exists()
    assert client_for(users["ggz"]).get(reverse("casussen:detail", args=[casus.pk])).status_code == 200
    assert client_for(users["ggz_ander"]).get(reverse("casussen:detail", args=[casus.pk])).status_code == 403

    geplanned = list(Monitoringcontact.objects.filter(casus=casus).order_by("gepland_op").values_list("termijn", "gepland_op"))
    vandaag = timezone.localdate()
    assert geplanned == [("Na 1 week", vandaag + timedelta(days=7)), ("Na 1 maand", vandaag + timedelta(days=30)),
                         ("Na 3 maanden", vandaag + timedelta(days=91)), ("Na 6 maanden", vandaag + timedelta(days=182))]
    assert Mutatielog.objects.filter(objecttype="planvanaanpak", object_id=plan.pk, actie="aangemaakt").exists()
    assert Mutatielog.objects.filter(objecttype="actie", actie="aangemaakt").count() == 2


def test_second_plan_is_refused(client_for, users):
    s = bouw_scenario(users)
    client = client_for(users["pr"])
    assert stel_vast(client, s, plan_data(users)).status_code == 302
    response = stel_vast(client, s, plan_data(users, toelichting="Tweede poging"))
    assert response.status_code == 400
    assert "al een plan van aanpak" in response.content.decode()
    assert PlanVanAanpak.objects.count() == 1 and Doel.objects.count() == 2
    # A GET sends staff to the existing plan instead of an empty form.
    response = client.get(reverse("plannen:vaststellen", args=[s.casus.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("plannen:wijzigen", args=[s.casus.plan.pk])


@pytest.mark.parametrize(
    "wijziging, melding",
    [
        ({"doelen": [{"leefgebied": "", "omschrijving": ""}]}, "Geef minstens één doel op."),
        ({"acties": [{"organisatie": "", "eigenaar": "", "omschrijving": "", "deadline": ""}]}, "Geef minstens één actie op."),
        ({"doelen": [{"leefgebied": "zorg", "omschrijving": "<script>alert(1)</script>"}]}, "HTML"),
        ({"acties": [{"organisatie": "ggz", "eigenaar": "", "omschrijving": "Intake", "deadline": ""}]}, "Vul de deadline van de actie in."),
        ({"acties": [{"organisatie": "ggz", "eigenaar": "reclassering", "omschrijving": "Intake", "deadline": "2030-01-01"}]}, "werkt niet bij"),
        ({"acties": [{"organisatie": "woningcorporatie", "eigenaar": "", "omschrijving": "Woning", "deadline": "2030-01-01"}]},
         "Alleen een convenantpartner"),
        ({"casushouder": "gast"}, "Kies een casushouder van een organisatie die de convenantbijlage voor dit overleg noemt"),
        ({"vastgesteld_op": ""}, "Vul de datum van vaststelling in."),
    ],
)
def test_bad_input_stores_nothing_and_keeps_the_input(client_for, users, wijziging, melding):
    s = bouw_scenario(users)
    extra = {}
    if "acties" in wijziging:
        rij = dict(wijziging["acties"][0])
        if rij["organisatie"]:
            rij["organisatie"] = org(rij["organisatie"]).pk
        if rij["eigenaar"]:
            rij["eigenaar"] = users[rij["eigenaar"]].pk
        extra["acties"] = [rij]
    if "doelen" in wijziging:
        extra["doelen"] = wijziging["doelen"]
    if "casushouder" in wijziging:
        extra["casushouder"] = users[wijziging["casushouder"]].pk
    if "vastgesteld_op" in wijziging:
        extra["vastgesteld_op"] = wijziging["vastgesteld_op"]
    response = stel_vast(client_for(users["pr"]), s, plan_data(users, **extra))
    assert response.status_code == 400
    body = response.content.decode()
    assert melding in body
    assert "Samen met cliënt opgesteld." in body  # what was typed stays in the form
    assert PlanVanAanpak.objects.count() == Doel.objects.count() == Actie.objects.count() == 0
    assert Monitoringcontact.objects.count() == 0
    casus = Casus.objects.get(pk=s.casus.pk)
    assert casus.status == Casus.Status.AANGEMELD
    assert not casus.betrokkenheden.filter(organisatie__code="ggz").exists()


def _plan(client_for, users):
    s = bouw_scenario(users)
    assert stel_vast(client_for(users["pr"]), s, plan_data(users)).status_code == 302
    plan = PlanVanAanpak.objects.get(casus=s.casus)
    return s, plan, plan.acties.get(organisatie__code="reclassering"), plan.acties.get(organisatie__code="ggz")


def test_action_holder_sets_status_and_needs_a_reason_for_not_done(client_for, users):
    s, plan, reclassering_actie, ggz_actie = _plan(client_for, users)
    client = client_for(users["ggz"])
    url = reverse("plannen:actie", args=[ggz_actie.pk])
    response = client.post(url, {"status": "niet_gedaan", "reden_niet_gedaan": "  "})
    assert response.status_code == 400
    assert "Geef aan waarom de actie niet is gedaan." in response.content.decode()
    ggz_actie.refresh_from_db()
    assert ggz_actie.status == Actie.Status.OPEN

    response = client.post(url, {"status": "niet_gedaan", "reden_niet_gedaan": "<b>x</b>"})
    assert response.status_code == 400
    assert Actie.objects.get(pk=ggz_actie.pk).status == Actie.Status.OPEN

    assert client.post(url, {"status": "niet_gedaan", "reden_niet_gedaan": "Cliënt kwam niet opdagen."}).status_code == 302
    ggz_actie.refresh_from_db()
    assert (ggz_actie.status, ggz_actie.reden_niet_gedaan) == ("niet_gedaan", "Cliënt kwam niet opdagen.")
    log = Mutatielog.objects.get(objecttype="actie", object_id=ggz_actie.pk, actie="gewijzigd")
    assert log.gebruiker == users["ggz"] and log.wijzigingen["status"] == ["open", "niet_gedaan"]

    assert client.post(url, {"status": "gedaan"}).status_code == 302
    ggz_actie.refresh_from_db()
    assert (ggz_actie.status, ggz_actie.reden_niet_gedaan) == ("gedaan", "")
    assert client_for(users["pr"]).post(url, {"status": "open"}).status_code == 302


def test_partner_of_other_organisation_cannot_change_an_action(client_for, users):
    s, plan, reclassering_actie, ggz_actie = _plan(client_for, users)
    # Reclassering sees the case but does not hold the GGZ action.
    assert client_for(users["reclassering"]).post(reverse("plannen:actie", args=[ggz_actie.pk]), {"status": "gedaan"}).status_code == 403
    assert client_for(users["ggz_ander"]).post(reverse("plannen:actie", args=[ggz_actie.pk]), {"status": "gedaan"}).status_code == 403
    assert client_for(users["ggz"]).post(reverse("plannen:actie", args=[reclassering_actie.pk]), {"status": "gedaan"}).status_code == 403
    assert client_for(users["ggz"]).post(reverse("plannen:actie", args=[999999]), {"status": "gedaan"}).status_code == 404
    assert set(Actie.objects.values_list("status", flat=True)) == {"open"}


def test_case_page_shows_plan_and_status_forms_for_holders_only(client_for, users):
    s, plan, reclassering_actie, ggz_actie = _plan(client_for, users)
    body = client_for(users["ggz"]).get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()
    assert "Stabiele woonplek" in body and "Huisvesting" in body
    assert reverse("plannen:actie", args=[ggz_actie.pk]) in body
    assert reverse("plannen:actie", args=[reclassering_actie.pk]) not in body
    assert reverse("plannen:wijzigen", args=[plan.pk]) not in body
    assert Toegangslog.objects.filter(gebruiker=users["ggz"], objecttype="plan", object_id=plan.pk, persoon_id=s.persoon.pk).exists()
    body = client_for(users["pr"]).get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()
    assert reverse("plannen:wijzigen", args=[plan.pk]) in body
    assert reverse("plannen:actie", args=[reclassering_actie.pk]) in body


def test_case_page_offers_adoption_to_staff_only(client_for, users):
    s = bouw_scenario(users)
    link = reverse("plannen:vaststellen", args=[s.casus.pk])
    assert link in client_for(users["ic"]).get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()
    assert link not in client_for(users["reclassering"]).get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()


def test_change_plan_new_holder_becomes_involved_and_change_is_logged(client_for, users):
    s, plan, reclassering_actie, ggz_actie = _plan(client_for, users)
    client = client_for(users["pr"])
    url = reverse("plannen:wijzigen", args=[plan.pk])
    assert client.get(url).status_code == 200
    doelen = [{"id": d.pk, "leefgebied": d.leefgebied, "omschrijving": d.omschrijving} for d in plan.doelen.order_by("pk")]
    doelen[0]["omschrijving"] = "Eigen huurwoning"
    doelen[1]["DELETE"] = "on"
    acties = [{"id": a.pk, "organisatie": a.organisatie_id, "eigenaar": a.eigenaar_id or "", "omschrijving": a.omschrijving,
               "deadline": a.deadline.isoformat()} for a in plan.acties.order_by("pk")]
    acties.append({"organisatie": org("politie").pk, "eigenaar": users["politie"].pk, "omschrijving": "Wijkagent betrekken",
                   "deadline": (timezone.localdate() + timedelta(days=14)).isoformat()})
    data = {"type": "zorg", "casushouder": users["ggz"].pk, "client_akkoord": "ja", "toelichting": ""}
    data |= formset_data("doelen", doelen, initial=2) | formset_data("acties", acties, initial=2)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    plan.refresh_from_db()
    assert plan.casushouder == users["ggz"] and plan.type == "zorg"
    assert list(plan.doelen.values_list("omschrijving", flat=True)) == ["Eigen huurwoning"]
    assert plan.acties.count() == 3
    assert Casus.objects.for_user(users["politie"]).filter(pk=s.casus.pk).exists()
    assert CasusBetrokkenheid.objects.filter(casus=s.casus, organisatie__code="ggz", rol="casushouder", gebruiker=users["ggz"]).exists()
    log = Mutatielog.objects.get(objecttype="planvanaanpak", object_id=plan.pk, actie="gewijzigd")
    assert log.wijzigingen["casushouder"] == [users["reclassering"].pk, users["ggz"].pk]
    assert Mutatielog.objects.filter(objecttype="doel", actie="verwijderd").count() == 1
    assert Mutatielog.objects.filter(objecttype="doel", actie="gewijzigd").count() == 1

    # Deleting the last goal is refused and changes nothing.
    doelen = [{"id": plan.doelen.get().pk, "leefgebied": "huisvesting", "omschrijving": "Eigen huurwoning", "DELETE": "on"}]
    acties = [{"id": a.pk, "organisatie": a.organisatie_id, "eigenaar": a.eigenaar_id or "", "omschrijving": a.omschrijving,
               "deadline": a.deadline.isoformat()} for a in plan.acties.order_by("pk")]
    data = {"type": "zorg", "casushouder": users["ggz"].pk, "client_akkoord": "ja", "toelichting": "Nieuw"}
    data |= formset_data("doelen", doelen, initial=1) | formset_data("acties", acties, initial=3)
    response = client.post(url, data)
    assert response.status_code == 400 and "Geef minstens één doel op." in response.content.decode()
    assert plan.doelen.count() == 1 and PlanVanAanpak.objects.get(pk=plan.pk).toelichting == ""


def test_case_page_query_count_does_not_grow_with_goals_and_actions(client_for, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    s, plan, reclassering_actie, ggz_actie = _plan(client_for, users)
    client = client_for(users["ggz"])
    url = reverse("casussen:detail", args=[s.casus.pk])

    def tel():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    klein = tel()
    for i in range(5):
        Doel.objects.create(plan=plan, leefgebied="zorg", omschrijving=f"Doel {i}")
        Actie.objects.create(plan=plan, organisatie=org("ggz"), eigenaar=users["ggz"], omschrijving=f"Actie {i}",
                             deadline=timezone.localdate())
    assert tel() == klein


def test_plan_of_a_closed_case_cannot_be_changed(client_for, users):
    from schakel.casussen.services import zet_casus_status

    s, plan, _, _ = _plan(client_for, users)
    zet_casus_status(casus=s.casus, naar=Casus.Status.AFGESLOTEN, door=users["pr"])
    client = client_for(users["pr"])
    doelen = [{"id": d.pk, "leefgebied": d.leefgebied, "omschrijving": d.omschrijving} for d in plan.doelen.order_by("pk")]
    acties = [{"id": a.pk, "organisatie": a.organisatie_id, "eigenaar": a.eigenaar_id or "", "omschrijving": a.omschrijving,
               "deadline": a.deadline.isoformat()} for a in plan.acties.order_by("pk")]
    acties.append({"organisatie": org("politie").pk, "eigenaar": "", "omschrijving": "Nog iets",
                   "deadline": (timezone.localdate() + timedelta(days=14)).isoformat()})
    data = {"type": plan.type, "casushouder": plan.casushouder_id, "client_akkoord": "ja", "toelichting": ""}
    data |= formset_data("doelen", doelen, initial=len(doelen)) | formset_data("acties", acties, initial=len(acties) - 1)
    response = client.post(reverse("plannen:wijzigen", args=[plan.pk]), data)
    assert response.status_code == 400 and "het plan van aanpak ligt vast" in response.content.decode()
    assert plan.acties.count() == 2
    assert not Casus.objects.for_user(users["politie"]).filter(pk=s.casus.pk).exists()
    assert "Plan wijzigen" not in client.get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()


# --- who can hold a case or an action (issue 9, hole 11) ----------------------------------------------

def _buiten_bijlage(users):
    """A partner of an organisation that signed the covenant but that the focus annex does not name,
    so he can never open a focus case: the kind of owner the old list offered."""
    from schakel.gebruikers.rollen import Rol
    from schakel.privacy.models import ConvenantBijlage

    from .factories import GebruikerFactory

    for bijlage in ConvenantBijlage.objects.filter(overlegtype__code="focus"):
        bijlage.partijen.remove(org("svg"))
    return GebruikerFactory(username="svg.medewerker", first_name="Sanne", last_name="Verslaving",
                            organisatie=org("svg"), rollen=[Rol.PARTNER])


def test_owner_lists_offer_only_people_who_can_see_the_case(client_for, users):
    s = bouw_scenario(users)
    svg = _buiten_bijlage(users)
    body = client_for(users["pr"]).get(reverse("plannen:vaststellen", args=[s.casus.pk])).content.decode()
    # Offered: partner professionals of organisations the annex names.
    assert f"{users['ggz']} – {users['ggz'].organisatie}" in body
    assert f"{users['reclassering']} – {users['reclassering'].organisatie}" in body
    # Never offered: a guest organisation, an organisation outside the region, one the annex does not
    # name, and someone of a covenant partner without the partner role (none of them can open the case).
    for naam in ("gast", "ggz_ander", "zonder_rol", "contact"):
        assert f"{users[naam]} – {users[naam].organisatie}" not in body, naam
    assert f"{svg} – {svg.organisatie}" not in body
    assert f'<option value="{org("svg").pk}">{org("svg")}</option>' not in body
    assert f'<option value="{org("ggz").pk}">{org("ggz")}</option>' in body
    for naam in ("gast", "ggz_ander", "zonder_rol"):
        assert not Casus.objects.for_user(users[naam]).filter(pk=s.casus.pk).exists()


@pytest.mark.parametrize("houder", ["zonder_rol", "ggz_ander", "svg"])
def test_post_with_a_forbidden_owner_is_refused_and_stores_nothing(client_for, users, houder):
    s = bouw_scenario(users)
    svg = _buiten_bijlage(users)
    persoon = svg if houder == "svg" else users[houder]
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    acties = [{"organisatie": persoon.organisatie_id, "eigenaar": persoon.pk, "omschrijving": "Huisbezoek", "deadline": deadline}]
    response = stel_vast(client_for(users["pr"]), s, plan_data(users, acties=acties))
    assert response.status_code == 400
    assert "Samen met cliënt opgesteld." in response.content.decode()
    assert PlanVanAanpak.objects.count() == Actie.objects.count() == Doel.objects.count() == 0
    assert not CasusBetrokkenheid.objects.filter(casus=s.casus, organisatie=persoon.organisatie).exclude(rol="inbrenger").exists()
    assert not Casus.objects.for_user(persoon).filter(pk=s.casus.pk).exists()
    # As casushouder neither.
    response = stel_vast(client_for(users["pr"]), s, plan_data(users, casushouder=persoon.pk))
    assert response.status_code == 400 and "anderen kunnen de casus niet zien" in response.content.decode()
    assert PlanVanAanpak.objects.count() == 0


def test_service_refuses_a_forbidden_owner_in_dutch(users):
    from django.core.exceptions import ValidationError

    from schakel.plannen import services

    s = bouw_scenario(users)
    svg = _buiten_bijlage(users)
    vandaag = timezone.localdate()

    def plan(casushouder, actie):
        return dict(
            casus=s.casus, plan=PlanVanAanpak(type="integraal", casushouder=casushouder, vastgesteld_op=vandaag),
            doelen=[Doel(leefgebied="huisvesting", omschrijving="Woning")], acties=[actie], door=users["pr"],
        )

    gevallen = [
        (users["reclassering"], Actie(organisatie=svg.organisatie, eigenaar=svg, omschrijving="x", deadline=vandaag),
         "de convenantbijlage voor Focus"),
        (users["reclassering"], Actie(organisatie=org("ggz"), eigenaar=users["zonder_rol"], omschrijving="x", deadline=vandaag),
         "kan deze actie niet krijgen"),
        (users["reclassering"], Actie(organisatie=org("ggz"), eigenaar=users["reclassering"], omschrijving="x", deadline=vandaag),
         "kan deze actie niet krijgen"),
        (users["gast"], Actie(organisatie=org("ggz"), eigenaar=users["ggz"], omschrijving="x", deadline=vandaag),
         "kan niet de casushouder zijn"),
    ]
    for casushouder, actie, melding in gevallen:
        with pytest.raises(ValidationError, match=melding):
            services.stel_plan_vast(**plan(casushouder, actie))
    assert PlanVanAanpak.objects.count() == Actie.objects.count() == 0
    assert not CasusBetrokkenheid.objects.filter(casus=s.casus, rol__in=["actiehouder", "casushouder"]).exists()


def test_changing_a_plan_to_a_forbidden_owner_is_refused(client_for, users):
    s, plan, reclassering, ggz = _plan(client_for, users)
    svg = _buiten_bijlage(users)
    acties = [{"id": a.pk, "organisatie": a.organisatie_id, "eigenaar": a.eigenaar_id or "", "omschrijving": a.omschrijving,
               "deadline": a.deadline.isoformat()} for a in (reclassering, ggz)]
    acties[1]["eigenaar"] = users["zonder_rol"].pk
    acties.append({"organisatie": svg.organisatie_id, "eigenaar": svg.pk, "omschrijving": "Nieuw", "deadline": "2030-01-01"})
    data = {"type": plan.type, "casushouder": plan.casushouder_id, "client_akkoord": "ja", "toelichting": ""}
    data |= formset_data("doelen", [{"id": d.pk, "leefgebied": d.leefgebied, "omschrijving": d.omschrijving} for d in plan.doelen.all()],
                         initial=plan.doelen.count())
    data |= formset_data("acties", acties, initial=2)
    response = client_for(users["pr"]).post(reverse("plannen:wijzigen", args=[plan.pk]), data)
    assert response.status_code == 400
    ggz.refresh_from_db()
    assert ggz.eigenaar == users["ggz"] and plan.acties.count() == 2
    assert not CasusBetrokkenheid.objects.filter(casus=s.casus, organisatie__code="svg").exists()

    from django.core.exceptions import ValidationError

    from schakel.plannen import services

    ggz.eigenaar = users["zonder_rol"]
    with pytest.raises(ValidationError, match="kan deze actie niet krijgen"):
        services.wijzig_plan(plan=plan, doelen=[], verwijderde_doelen=[], acties=[ggz], door=users["pr"])
    ggz.refresh_from_db()
    assert ggz.eigenaar == users["ggz"]
