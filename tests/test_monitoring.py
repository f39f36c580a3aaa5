"""Monitoring: the contact schedule, the worklist, stagnation, the six-month term and the reminder mail."""
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from schakel.casussen.models import Casus
from schakel.casussen.services import zet_casus_status
from schakel.gebruikers.rollen import Rol
from schakel.monitoring.apps import registreer_schema
from schakel.monitoring.models import Monitoringcontact, Monitoringtermijn, Verlenging
from schakel.monitoring.tasks import TAAK, verstuur_herinneringen
from schakel.partners.models import Organisatie
from schakel.plannen.models import Actie, Doel, PlanVanAanpak
from schakel.plannen.services import stel_plan_vast
from schakel.privacy.models import Mutatielog

from .factories import GebruikerFactory
from .scenario import bouw_scenario, nieuwe_melding, weeg_focus
from .queries import tel

pytestmark = pytest.mark.django_db
VANDAAG = timezone.localdate


def vastgesteld(casus, users, dagen_geleden=0):
    """Adopt a plan through the service, as if it happened `dagen_geleden` days ago."""
    op = VANDAAG() - timedelta(days=dagen_geleden)
    return stel_plan_vast(
        casus=casus,
        plan=PlanVanAanpak(type="integraal", casushouder=users["reclassering"], vastgesteld_op=op),
        doelen=[Doel(leefgebied="huisvesting", omschrijving="Woonplek")],
        acties=[Actie(organisatie=Organisatie.objects.get(code="reclassering"), omschrijving="Toezicht", deadline=op + timedelta(days=30))],
        door=users["pr"],
    )


def _briefing(users):
    from schakel.briefing.models import Briefing
    from schakel.briefing.services import maak_briefing

    return maak_briefing(briefing=Briefing(datum=VANDAAG()), weegploeg=[], door=users["pr"])


def casus_met_plan(users, dagen_geleden=0):
    from schakel.briefing.services import agendeer

    briefing = _briefing(users)
    melding = nieuwe_melding(users["ic"])
    agendeer(briefing=briefing, meldingen=[melding], door=users["pr"])
    casus = weeg_focus(briefing, melding, users["pr"]).casus
    vastgesteld(casus, users, dagen_geleden)
    return casus


def test_schedule_follows_the_configured_terms(users):
    s = bouw_scenario(users)
    Monitoringtermijn.objects.filter(dagen=91).update(actief=False)
    Monitoringtermijn.objects.create(naam="Na 2 weken", dagen=14)
    vastgesteld(s.casus, users, dagen_geleden=3)
    basis = VANDAAG() - timedelta(days=3)
    assert list(Monitoringcontact.objects.filter(casus=s.casus).values_list("termijn", "gepland_op")) == [
        ("Na 1 week", basis + timedelta(days=7)), ("Na 2 weken", basis + timedelta(days=14)),
        ("Na 1 maand", basis + timedelta(days=30)), ("Na 6 maanden", basis + timedelta(days=182)),
    ]


def test_worklist_shows_due_and_overdue_oldest_first_and_hides_done(client_for, users):
    s = bouw_scenario(users)
    vastgesteld(s.casus, users, dagen_geleden=40)  # +1 week and +1 month are due
    client = client_for(users["pr"])
    body = client.get(reverse("monitoring:werklijst")).content.decode()
    week, maand, drie = Monitoringcontact.objects.filter(casus=s.casus).order_by("gepland_op")[:3]
    assert reverse("monitoring:contact", args=[week.pk]) in body and reverse("monitoring:contact", args=[maand.pk]) in body
    assert body.index(reverse("monitoring:contact", args=[week.pk])) < body.index(reverse("monitoring:contact", args=[maand.pk]))
    assert reverse("monitoring:contact", args=[drie.pk]) not in body
    assert "achterstallig" in body and s.casus.nummer in body and str(users["reclassering"]) in body
    assert "Jansen" not in body  # the worklist shows case numbers, not clients

    response = client.post(reverse("monitoring:contact", args=[week.pk]),
                           {"uitgevoerd_op": VANDAAG().isoformat(), "uitkomst": "op_koers", "toelichting": "Loopt goed."})
    assert response.status_code == 302
    body = client.get(reverse("monitoring:werklijst")).content.decode()
    assert reverse("monitoring:contact", args=[week.pk]) not in body
    assert reverse("monitoring:contact", args=[maand.pk]) in body
    Casus.objects.filter(pk=s.casus.pk).update(status=Casus.Status.AFGESLOTEN)
    assert reverse("monitoring:contact", args=[maand.pk]) not in client.get(reverse("monitoring:werklijst")).content.decode()


def test_contact_bad_input_stores_nothing(client_for, users):
    s = bouw_scenario(users)
    vastgesteld(s.casus, users, dagen_geleden=8)
    contact = Monitoringcontact.objects.filter(casus=s.casus).first()
    client = client_for(users["pr"])
    url = reverse("monitoring:contact", args=[contact.pk])
    for data, melding in [
        ({"uitgevoerd_op": VANDAAG().isoformat(), "uitkomst": "", "toelichting": "Gebeld met casushouder"}, "Kies de uitkomst"),
        ({"uitgevoerd_op": VANDAAG().isoformat(), "uitkomst": "op_koers", "toelichting": "<img src=x>"}, "HTML"),
        ({"uitgevoerd_op": (VANDAAG() + timedelta(days=1)).isoformat(), "uitkomst": "op_koers", "toelichting": "Gebeld met casushouder"},
         "toekomst"),
    ]:
        response = client.post(url, data)
        assert response.status_code == 400
        body = response.content.decode()
        assert melding in body
        contact.refresh_from_db()
        assert contact.uitgevoerd_op is None and contact.uitkomst == ""
    assert "Gebeld met casushouder" in body
    assert client.post(url, {"uitgevoerd_op": VANDAAG().isoformat(), "uitkomst": "klaar"}).status_code == 302
    response = client.post(url, {"uitgevoerd_op": VANDAAG().isoformat(), "uitkomst": "stagneert"})
    assert response.status_code == 400 and "al vastgelegd" in response.content.decode()
    contact.refresh_from_db()
    assert contact.uitkomst == "klaar" and contact.door == users["pr"]


def test_stagnation_marks_the_case_for_reagendering(client_for, users):
    s = bouw_scenario(users)
    vastgesteld(s.casus, users, dagen_geleden=8)
    contact = Monitoringcontact.objects.filter(casus=s.casus).first()
    assert Casus.objects.get(pk=s.casus.pk).heragenderen_sinds is None
    voor = timezone.now()
    response = client_for(users["pr"]).post(
        reverse("monitoring:contact", args=[contact.pk]),
        {"uitgevoerd_op": VANDAAG().isoformat(), "uitkomst": "stagneert", "toelichting": "Geen voortgang op huisvesting."},
    )
    assert response.status_code == 302
    casus = Casus.objects.get(pk=s.casus.pk)
    assert casus.heragenderen_sinds is not None and casus.heragenderen_sinds >= voor
    assert Mutatielog.objects.filter(objecttype="casus", object_id=casus.pk, wijzigingen__has_key="heragenderen_sinds").exists()
    assert Mutatielog.objects.filter(objecttype="monitoringcontact", object_id=contact.pk, actie="gewijzigd").exists()


def test_overdue_for_closing_and_extension(client_for, users):
    oud = casus_met_plan(users, dagen_geleden=200)
    jong = casus_met_plan(users, dagen_geleden=100)
    client = client_for(users["ic"])
    body = client.get(reverse("monitoring:werklijst")).content.decode()
    assert reverse("monitoring:verlengen", args=[oud.pk]) in body
    assert reverse("monitoring:verlengen", args=[jong.pk]) not in body

    url = reverse("monitoring:verlengen", args=[oud.pk])
    morgen = (VANDAAG() + timedelta(days=60)).isoformat()
    for data, melding in [({"tot": morgen, "reden": "   "}, "Geef de reden"), ({"tot": VANDAAG().isoformat(), "reden": "Nodig"}, "na vandaag"),
                          ({"tot": "", "reden": "Nodig"}, "tot wanneer")]:
        response = client.post(url, data)
        assert response.status_code == 400 and melding in response.content.decode()
    assert Verlenging.objects.count() == 0
    assert client.post(url, {"tot": morgen, "reden": "Detentie loopt nog, woning pas in maart."}).status_code == 302
    assert Verlenging.objects.get(casus=oud).door == users["ic"]
    assert reverse("monitoring:verlengen", args=[oud.pk]) not in client.get(reverse("monitoring:werklijst")).content.decode()
    # An extension that has run out puts the case back on the list.
    Verlenging.objects.update(tot=VANDAAG() - timedelta(days=1))
    assert reverse("monitoring:verlengen", args=[oud.pk]) in client.get(reverse("monitoring:werklijst")).content.decode()
    # A longer configured term moves the boundary.
    Monitoringtermijn.objects.create(naam="Na 9 maanden", dagen=273)
    assert reverse("monitoring:verlengen", args=[oud.pk]) not in client.get(reverse("monitoring:werklijst")).content.decode()


def test_closed_case_cannot_be_extended(client_for, users):
    s = bouw_scenario(users)
    zet_casus_status(casus=s.casus, naar=Casus.Status.AFGESLOTEN, door=users["pr"])
    response = client_for(users["pr"]).post(reverse("monitoring:verlengen", args=[s.casus.pk]),
                                            {"tot": (VANDAAG() + timedelta(days=9)).isoformat(), "reden": "Toch door"})
    assert response.status_code == 400 and "afgesloten" in response.content.decode()
    assert Verlenging.objects.count() == 0


def _met_mail(users):
    users["pr"].email = "pr@vh.example"
    users["pr"].save()


@pytest.fixture
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SCHAKEL_URL = "https://schakel.example"


def test_reminder_is_sent_once_per_due_contact(users, locmem):
    _met_mail(users)
    s = bouw_scenario(users)
    vastgesteld(s.casus, users)
    assert verstuur_herinneringen() == 0  # nothing due on the day of adoption
    assert verstuur_herinneringen(vandaag=VANDAAG() + timedelta(days=6)) == 0
    assert verstuur_herinneringen(vandaag=VANDAAG() + timedelta(days=7)) == 1
    assert verstuur_herinneringen(vandaag=VANDAAG() + timedelta(days=7)) == 0
    assert len(mail.outbox) == 1
    bericht = mail.outbox[0]
    week = Monitoringcontact.objects.get(casus=s.casus, termijn="Na 1 week")
    assert bericht.to == ["pr@vh.example"]
    assert s.casus.nummer in bericht.subject
    assert f"https://schakel.example{reverse('monitoring:contact', args=[week.pk])}" in bericht.body
    for geheim in ("Jansen", "Karel", "111222333"):
        assert geheim not in bericht.subject + bericht.body
    assert week.herinnering_verstuurd_op is not None
    # A month later the +1 month contact is due; the done +1 week contact gets no second mail.
    assert verstuur_herinneringen(vandaag=VANDAAG() + timedelta(days=31)) == 1
    assert len(mail.outbox) == 2 and "1 maand" in mail.outbox[1].body


def test_done_contact_gets_no_reminder_and_closed_case_neither(users, locmem):
    _met_mail(users)
    s = bouw_scenario(users)
    vastgesteld(s.casus, users, dagen_geleden=10)
    Monitoringcontact.objects.filter(casus=s.casus, termijn="Na 1 week").update(uitgevoerd_op=VANDAAG(), uitkomst="op_koers")
    assert verstuur_herinneringen() == 0
    assert verstuur_herinneringen(vandaag=VANDAAG() + timedelta(days=25)) == 1
    Casus.objects.filter(pk=s.casus.pk).update(status=Casus.Status.AFGESLOTEN)
    assert verstuur_herinneringen(vandaag=VANDAAG() + timedelta(days=100)) == 0
    assert len(mail.outbox) == 1


def test_reminder_falls_back_to_all_procesregisseurs(users, locmem):
    s = bouw_scenario(users)
    vastgesteld(s.casus, users, dagen_geleden=7)
    Casus.objects.filter(pk=s.casus.pk).update(procesregisseur=None)
    GebruikerFactory(username="pr2", email="pr2@vh.example", rollen=[Rol.PROCESREGISSEUR])
    GebruikerFactory(username="pr3", email="pr3@vh.example", rollen=[Rol.PROCESREGISSEUR], is_active=False)
    GebruikerFactory(username="pr4", email="ic@vh.example", rollen=[Rol.INFORMATIECOORDINATOR])
    assert verstuur_herinneringen() == 1
    assert mail.outbox[0].to == ["pr2@vh.example"]


def test_claim_is_taken_before_sending(users, locmem, monkeypatch):
    """A second run that starts while the first is sending finds the row claimed and sends nothing."""
    _met_mail(users)
    s = bouw_scenario(users)
    vastgesteld(s.casus, users, dagen_geleden=7)
    import schakel.monitoring.tasks as tasks

    echte_send = tasks.send_mail
    tweede = []

    def send_en_tweede_run(*args, **kwargs):
        if not tweede:
            tweede.append(verstuur_herinneringen())
        return echte_send(*args, **kwargs)

    monkeypatch.setattr(tasks, "send_mail", send_en_tweede_run)
    assert verstuur_herinneringen() == 1
    assert tweede == [0] and len(mail.outbox) == 1


def test_failed_mail_releases_the_claim(users, locmem, monkeypatch):
    _met_mail(users)
    s = bouw_scenario(users)
    vastgesteld(s.casus, users, dagen_geleden=7)
    import schakel.monitoring.tasks as tasks

    def kapot(*args, **kwargs):
        raise OSError("smtp weg")

    monkeypatch.setattr(tasks, "send_mail", kapot)
    assert verstuur_herinneringen() == 0
    assert Monitoringcontact.objects.get(casus=s.casus, termijn="Na 1 week").herinnering_verstuurd_op is None
    monkeypatch.undo()
    assert verstuur_herinneringen() == 1


def test_management_command_and_daily_schedule(users, locmem):
    _met_mail(users)
    s = bouw_scenario(users)
    vastgesteld(s.casus, users)
    out = StringIO()
    call_command("herinneringen", "--datum", (VANDAAG() + timedelta(days=8)).isoformat(), stdout=out)
    assert "1 herinnering(en) verstuurd." in out.getvalue() and len(mail.outbox) == 1
    call_command("herinneringen", stdout=out)
    assert len(mail.outbox) == 1

    # post_migrate registered the daily run once; running it again does not add a second one.
    assert Schedule.objects.filter(func=TAAK, schedule_type=Schedule.DAILY).count() == 1
    registreer_schema(sender=None)
    assert Schedule.objects.filter(func=TAAK).count() == 1


def test_case_page_shows_schedule(client_for, users):
    s = bouw_scenario(users)
    vastgesteld(s.casus, users, dagen_geleden=8)
    week = Monitoringcontact.objects.get(casus=s.casus, termijn="Na 1 week")
    body = client_for(users["pr"]).get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()
    assert "Na 6 maanden" in body and reverse("monitoring:contact", args=[week.pk]) in body
    body = client_for(users["reclassering"]).get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()
    assert "Na 6 maanden" in body and reverse("monitoring:contact", args=[week.pk]) not in body



def test_worklist_query_count_is_fixed(client_for, users):
    client = client_for(users["pr"])
    url = reverse("monitoring:werklijst")
    casus_met_plan(users, dagen_geleden=200)
    klein = tel(client, url)
    for dagen in (8, 40, 100, 190, 250, 300):
        casus_met_plan(users, dagen_geleden=dagen)
    GebruikerFactory(username="extra", organisatie=Organisatie.objects.get(code="politie"), rollen=[Rol.PARTNER])
    groot = tel(client, url)
    assert Monitoringcontact.objects.filter(gepland_op__lte=VANDAAG()).count() > 10
    assert klein == groot
