"""Notifications a person gets by e-mail: a municipal contact when an uitvraag arrives, an action owner
when an action is assigned or becomes overdue, the invitees when a meeting's agenda is set. Each once,
after commit, with nothing about the person or the case in the mail."""
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_q.models import Schedule

from schakel.gemeenten.models import Gemeente
from schakel.gebruikers.rollen import Rol
from schakel.notificaties import services as notificaties
from schakel.notificaties.apps import registreer_schema
from schakel.notificaties.models import Notificatie
from schakel.notificaties.tasks import TAAK_DAGELIJKS, dagelijks, verstuur
from schakel.overleggen import services as overleggen
from schakel.overleggen.models import Deelnemer, Overleg, Overlegtype
from schakel.partners.models import Organisatie
from schakel.plannen.models import Actie, Doel, PlanVanAanpak
from schakel.plannen.services import stel_plan_vast, wijzig_plan, zet_actie_status
from schakel.uitvragen.models import InformatieUitvraag
from schakel.uitvragen.services import vraag_uit

from .factories import GebruikerFactory
from .scenario import BSN_P1, bouw_scenario

pytestmark = pytest.mark.django_db

VRAAG = "Is betrokkene bekend bij schuldhulp en Werk & Inkomen?"
ACTIE = "Intake verslavingszorg plannen met Karel"


def org(code):
    return Organisatie.objects.get(code=code)


@pytest.fixture
def adressen(users):
    """Every test user gets an address: a mail to the wrong one would land in the outbox too."""
    for naam, user in users.items():
        user.email = f"{naam}@test.example"
        user.save(update_fields=["email"])
    return users


@pytest.fixture
def scenario(adressen, django_capture_on_commit_callbacks):
    """The scenario's own uitvraag is mailed as in real life; each test starts with an empty outbox."""
    with django_capture_on_commit_callbacks(execute=True):
        s = bouw_scenario(adressen)
    mail.outbox.clear()
    return s


def aan(email):
    return [m for m in mail.outbox if email in m.to]


def verboden_teksten(s, *extra):
    """What a mail must never carry: the person's identity and anything from the file."""
    p = s.persoon
    return [
        BSN_P1, p.voornamen, p.achternaam, "Karel", "Jansen", "01-05-1990", "1990-05-01", "1990", s.melding.nummer, s.melding.omschrijving, "schulden", s.casus.nummer, s.uitvraag.vraag, "Leiden",
        s.melding.melder_naam, *extra,
    ]


def assert_neutraal(berichten, verboden):
    assert berichten
    for m in berichten:
        tekst = f"{m.subject}\n{m.body}"
        for v in verboden:
            assert v.lower() not in tekst.lower(), f"{v!r} staat in de mail {m.subject!r}"
        assert "\n" not in m.subject


def plan_met_actie(s, users, *, eigenaar, deadline=None):
    """Adopted and committed as the screen would; the assignment mail is sent here."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return _plan_met_actie(s, users, eigenaar=eigenaar, deadline=deadline)


def _plan_met_actie(s, users, *, eigenaar, deadline=None):
    return stel_plan_vast(
        casus=s.casus,
        plan=PlanVanAanpak(type="integraal", casushouder=users["reclassering"], vastgesteld_op=timezone.localdate()),
        doelen=[Doel(leefgebied="zorg", omschrijving="Stabiel wonen")],
        acties=[Actie(organisatie=eigenaar.organisatie, eigenaar=eigenaar, omschrijving=ACTIE,
                      deadline=deadline or timezone.localdate() + timedelta(days=14))],
        door=users["pr"],
    )


# --- uitvraag -------------------------------------------------------------------------------------

def test_uitvraag_mails_the_contacts_of_its_municipality_once(client_for, adressen, scenario, django_capture_on_commit_callbacks):
    users, s = adressen, scenario
    tweede_leiden = GebruikerFactory(username="contact2.leiden", email="contact2@test.example", rollen=[Rol.GEMEENTE_CONTACT])
    tweede_leiden.contactgemeenten.add(Gemeente.objects.get(code="leiden"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users["ic"]).post(
            reverse("uitvragen:nieuw", args=[s.melding.pk]),
            {"gemeente": s.melding.gemeente_id, "persoon": s.persoon.pk, "vraag": VRAAG},
        )
    assert response.status_code == 302
    uitvraag = InformatieUitvraag.objects.get(vraag=VRAAG)
    assert sorted(m.to[0] for m in mail.outbox) == ["contact2@test.example", "contact@test.example"]
    assert not aan("contact_gouda@test.example") and not aan("ic@test.example")
    link = "http://127.0.0.1:8000" + reverse("uitvragen:detail", args=[uitvraag.pk])
    assert all(link in m.body for m in mail.outbox)
    assert_neutraal(mail.outbox, verboden_teksten(s, VRAAG, users["contact"].last_name, tweede_leiden.last_name))
    # The log: who, what kind, which object, when; nothing else.
    assert set(Notificatie.objects.filter(soort="uitvraag", object_id=uitvraag.pk).values_list("ontvanger", flat=True)) == {
        users["contact"].pk, tweede_leiden.pk,
    }
    assert all(n.verstuurd_op for n in Notificatie.objects.filter(object_id=uitvraag.pk, soort="uitvraag"))

    # The same trigger again sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert notificaties.uitvraag_ontvangen(uitvraag) == []
    assert len(mail.outbox) == 2


def test_uitvraag_for_gouda_reaches_gouda_only(adressen, scenario, django_capture_on_commit_callbacks):
    users, s = adressen, scenario
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        vraag_uit(uitvraag=InformatieUitvraag(gemeente=Gemeente.objects.get(code="gouda"), vraag=VRAAG),
                  melding=s.melding, door=users["ic"])
    assert [m.to for m in mail.outbox] == [["contact_gouda@test.example"]]


def test_inactive_or_addressless_contacts_get_nothing(adressen, scenario, django_capture_on_commit_callbacks):
    users, s = adressen, scenario
    users["contact"].is_active = False
    users["contact"].save()
    leeg = GebruikerFactory(username="contact3.leiden", rollen=[Rol.GEMEENTE_CONTACT])
    leeg.contactgemeenten.add(Gemeente.objects.get(code="leiden"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        vraag_uit(uitvraag=InformatieUitvraag(gemeente=s.melding.gemeente, vraag=VRAAG), melding=s.melding, door=users["ic"])
    assert mail.outbox == []
    nieuw = InformatieUitvraag.objects.get(vraag=VRAAG)
    assert not Notificatie.objects.filter(object_id=nieuw.pk, soort="uitvraag").exists()


@pytest.mark.django_db(transaction=True)
def test_rolled_back_change_sends_nothing_and_a_committed_one_goes_through_the_queue(adressen, scenario):
    """Real commits, no captured callbacks: the mail leaves only when the transaction commits."""
    users, s = adressen, scenario
    mail.outbox.clear()

    class Teruggedraaid(Exception):
        pass

    with pytest.raises(Teruggedraaid):
        with transaction.atomic():
            vraag_uit(uitvraag=InformatieUitvraag(gemeente=s.melding.gemeente, vraag=VRAAG), melding=s.melding, door=users["ic"])
            raise Teruggedraaid
    assert mail.outbox == []
    assert not InformatieUitvraag.objects.filter(vraag=VRAAG).exists()
    assert Notificatie.objects.count() == 1  # the scenario's own uitvraag

    from django_q.models import Task

    taken = Task.objects.filter(func="schakel.notificaties.tasks.verstuur", success=True)
    voor = taken.count()
    uitvraag = vraag_uit(uitvraag=InformatieUitvraag(gemeente=s.melding.gemeente, vraag=VRAAG), melding=s.melding, door=users["ic"])
    assert [m.to for m in mail.outbox] == [["contact@test.example"]]
    # It went through the task queue (run in-process in the tests), not straight from the request.
    assert taken.count() == voor + 1
    assert Notificatie.objects.get(object_id=uitvraag.pk).verstuurd_op is not None


def test_the_log_holds_one_row_per_kind_object_and_recipient(adressen):
    from django.db import IntegrityError

    Notificatie.objects.create(soort="uitvraag", object_id=7, ontvanger=adressen["contact"])
    Notificatie.objects.create(soort="uitvraag", object_id=7, ontvanger=adressen["contact_gouda"])
    Notificatie.objects.create(soort="actie_toegewezen", object_id=7, ontvanger=adressen["contact"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Notificatie.objects.create(soort="uitvraag", object_id=7, ontvanger=adressen["contact"])


# --- acties ---------------------------------------------------------------------------------------

def test_action_owner_is_mailed_once_on_assignment(adressen, scenario, django_capture_on_commit_callbacks):
    users, s = adressen, scenario
    mail.outbox.clear()
    plan = plan_met_actie(s, users, eigenaar=users["politie"])
    assert [m.to for m in mail.outbox] == [["politie@test.example"]]
    bericht = mail.outbox[0]
    assert "http://127.0.0.1:8000" + reverse("casussen:detail", args=[s.casus.pk]) in bericht.body
    assert_neutraal(mail.outbox, verboden_teksten(s, ACTIE, users["politie"].last_name))

    # Changing the plan without a new owner tells nobody again.
    actie = plan.acties.get()
    actie.omschrijving = ACTIE + " (bijgesteld)"
    with django_capture_on_commit_callbacks(execute=True):
        wijzig_plan(plan=plan, doelen=[], verwijderde_doelen=[], acties=[actie], door=users["pr"])
    assert len(mail.outbox) == 1


def test_new_owner_and_new_action_are_told(adressen, scenario, django_capture_on_commit_callbacks):
    users, s = adressen, scenario
    plan = plan_met_actie(s, users, eigenaar=users["politie"])
    politie2 = GebruikerFactory(username="politie2", email="politie2@test.example", organisatie=org("politie"), rollen=[Rol.PARTNER])
    mail.outbox.clear()
    actie = plan.acties.get()
    actie.eigenaar = politie2
    nieuw = Actie(organisatie=org("reclassering"), eigenaar=users["reclassering"], omschrijving="Toezicht",
                  deadline=timezone.localdate() + timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        wijzig_plan(plan=plan, doelen=[], verwijderde_doelen=[], acties=[actie, nieuw], door=users["pr"])
    assert sorted(m.to[0] for m in mail.outbox) == ["politie2@test.example", "reclassering@test.example"]
    assert not aan("politie@test.example")


def test_overdue_action_mails_its_owner_once(adressen, scenario):
    users, s = adressen, scenario
    deadline = timezone.localdate() + timedelta(days=3)
    plan = plan_met_actie(s, users, eigenaar=users["politie"], deadline=deadline)
    gedaan = Actie.objects.create(plan=plan, organisatie=org("reclassering"), eigenaar=users["reclassering"],
                                  omschrijving="Al gedaan", deadline=deadline, status=Actie.Status.GEDAAN)
    mail.outbox.clear()
    assert dagelijks(vandaag=deadline) == 0  # the deadline day itself still counts
    assert dagelijks(vandaag=deadline + timedelta(days=1)) == 1
    assert [m.to for m in mail.outbox] == [["politie@test.example"]]
    assert mail.outbox[0].subject == "Schakel: de termijn van een actie is verstreken"
    assert_neutraal(mail.outbox, verboden_teksten(s, ACTIE, users["politie"].last_name))
    # Idempotent: the next days (and a second run the same day) send nothing more.
    assert dagelijks(vandaag=deadline + timedelta(days=1)) == 0
    assert dagelijks(vandaag=deadline + timedelta(days=30)) == 0
    assert len(mail.outbox) == 1
    assert not Notificatie.objects.filter(object_id=gedaan.pk, soort="actie_verlopen").exists()


def test_finished_action_is_not_reported_overdue(adressen, scenario):
    users, s = adressen, scenario
    deadline = timezone.localdate() + timedelta(days=3)
    plan = plan_met_actie(s, users, eigenaar=users["politie"], deadline=deadline)
    zet_actie_status(actie=plan.acties.get(), status=Actie.Status.GEDAAN, reden="", door=users["politie"])
    mail.outbox.clear()
    assert dagelijks(vandaag=deadline + timedelta(days=5)) == 0
    assert mail.outbox == []


def test_long_overdue_action_is_not_reported_as_newly_overdue(adressen, scenario):
    users, s = adressen, scenario
    deadline = timezone.localdate() + timedelta(days=3)
    plan_met_actie(s, users, eigenaar=users["politie"], deadline=deadline)
    mail.outbox.clear()
    assert dagelijks(vandaag=deadline + timedelta(days=31)) == 0
    assert dagelijks(vandaag=deadline + timedelta(days=30)) == 1
    assert [m.to for m in mail.outbox] == [["politie@test.example"]]


def test_overdue_run_as_command_and_schedule(adressen, scenario):
    users, s = adressen, scenario
    deadline = timezone.localdate() + timedelta(days=2)
    plan_met_actie(s, users, eigenaar=users["politie"], deadline=deadline)
    mail.outbox.clear()
    out = StringIO()
    call_command("verlopen_acties", "--datum", str(deadline + timedelta(days=1)), stdout=out)
    assert out.getvalue().strip() == "1 notificatie(s) verstuurd."
    call_command("verlopen_acties", "--datum", str(deadline + timedelta(days=1)), stdout=out)
    assert out.getvalue().strip().endswith("0 notificatie(s) verstuurd.")
    assert len(mail.outbox) == 1
    Schedule.objects.filter(func=TAAK_DAGELIJKS).delete()
    registreer_schema(sender=None)
    registreer_schema(sender=None)
    assert Schedule.objects.filter(func=TAAK_DAGELIJKS, schedule_type=Schedule.DAILY).count() == 1


def test_failed_send_is_retried_by_the_daily_run(adressen, scenario, monkeypatch, django_capture_on_commit_callbacks):
    users, s = adressen, scenario
    from schakel.notificaties import tasks

    def kapot(*args, **kwargs):
        raise OSError("mailserver weg")

    monkeypatch.setattr(tasks, "send_mail", kapot)
    mail.outbox.clear()
    plan_met_actie(s, users, eigenaar=users["politie"])
    n = Notificatie.objects.get(soort="actie_toegewezen")
    assert n.verstuurd_op is None and mail.outbox == []
    monkeypatch.undo()
    assert dagelijks() == 1
    assert [m.to for m in mail.outbox] == [["politie@test.example"]]
    assert verstuur([n.pk]) == 0


# --- overleggen -----------------------------------------------------------------------------------

def nieuw_overleg(users, *, uren=48):
    return overleggen.maak_overleg(
        overleg=Overleg(overlegtype=Overlegtype.objects.get(code="focus"), voorzitter=users["pr"],
                        datum=timezone.now() + timedelta(hours=uren)),
        door=users["pr"],
    )


def test_agenda_invites_are_mailed_once_per_meeting(adressen, scenario, django_capture_on_commit_callbacks):
    users, s = adressen, scenario
    overleg = nieuw_overleg(users)
    vaste = set(overleg.deelnemers.values_list("organisatie__code", flat=True))
    verwacht_vast = {f"{n}@test.example" for n, u in users.items()
                     if u.organisatie and u.organisatie.code in vaste and Rol.PARTNER in u.rollen}
    assert verwacht_vast  # the standing partners of focus include organisations of test users
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        overleggen.agendeer(overleg=overleg, casussen=[s.casus], door=users["pr"])
    assert {m.to[0] for m in mail.outbox} == verwacht_vast
    assert len(mail.outbox) == len(verwacht_vast)
    moment = timezone.localtime(overleg.datum)
    assert all(f"{moment:%d-%m-%Y} om {moment:%H:%M}" in m.body for m in mail.outbox)
    assert_neutraal(mail.outbox, verboden_teksten(s, "Focus", overleg.overlegtype.naam))

    # An organisation invited for an item: its partner professionals get one mail; the guest, named, his own.
    svg = GebruikerFactory(username="svg", email="svg@test.example", organisatie=org("svg"), rollen=[Rol.PARTNER])
    GebruikerFactory(username="svg.contact", email="svg-gemeente@test.example", organisatie=org("svg"),
                     rollen=[Rol.GEMEENTE_CONTACT])
    punt = overleg.besprekingen.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        overleggen.voeg_deelnemer_toe(
            deelnemer=Deelnemer(overleg=overleg, organisatie=org("svg"), soort=Deelnemer.Soort.GENODIGD),
            besprekingen=[punt], door=users["pr"],
        )
        overleggen.voeg_deelnemer_toe(
            deelnemer=Deelnemer(overleg=overleg, organisatie=org("woningcorporatie"), gebruiker=users["gast"],
                                soort=Deelnemer.Soort.GAST),
            besprekingen=[punt], door=users["pr"],
        )
    assert sorted(m.to[0] for m in mail.outbox) == ["gast@test.example", "svg@test.example"]
    assert svg.pk in Notificatie.objects.filter(soort="uitnodiging_overleg", object_id=overleg.pk).values_list("ontvanger", flat=True)

    # A second agenda item for the same meeting: nobody is told twice.
    from schakel.casussen.models import Casus

    tweede = Casus.objects.create(overlegtype=s.casus.overlegtype, gemeente=s.casus.gemeente, thema=s.casus.thema,
                                  geopend_door=users["pr"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        overleggen.agendeer(overleg=overleg, casussen=[tweede], door=users["pr"])
    assert mail.outbox == []


def test_meeting_already_started_sends_no_invitation(adressen, scenario, django_capture_on_commit_callbacks):
    users, s = adressen, scenario
    overleg = nieuw_overleg(users, uren=-1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        overleggen.agendeer(overleg=overleg, casussen=[s.casus], door=users["pr"])
    assert mail.outbox == []


# --- the canary world ------------------------------------------------------------------------------

def test_no_canary_token_reaches_any_mail(db, django_capture_on_commit_callbacks):
    """The canary world (every text and identity value a unique token), built with an address for
    every user so each trigger mails: no token, case or melding number, or staff name is in any mail."""
    from django.db.models.signals import pre_save

    from schakel.gebruikers.models import Gebruiker

    from .canary.posten import nummertokens, vind
    from .canary.wereld import bouw_wereld

    def adres(sender, instance, **kwargs):
        instance.email = instance.email or f"{instance.username}@canary.example"

    pre_save.connect(adres, sender=Gebruiker, dispatch_uid="notificaties-canary-adres")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            w = bouw_wereld()
    finally:
        pre_save.disconnect(sender=Gebruiker, dispatch_uid="notificaties-canary-adres")
    for deadline in set(Actie.objects.filter(status=Actie.Status.OPEN, eigenaar__isnull=False).values_list("deadline", flat=True)):
        dagelijks(vandaag=deadline + timedelta(days=1))

    verstuurd = set(Notificatie.objects.exclude(verstuurd_op=None).values_list("soort", flat=True))
    assert {"uitvraag", "actie_toegewezen", "actie_verlopen"} <= verstuurd, verstuurd
    assert len(mail.outbox) == Notificatie.objects.exclude(verstuurd_op=None).count() >= 5
    # Case and melding numbers and the procesregisseur's name are tokens too.
    w.nummers = nummertokens(w)
    namen = {u.last_name for u in w.users.values()}
    for m in mail.outbox:
        tekst = f"{m.subject}\n{m.body}"
        gevonden = sorted(vind(w, tekst)) + sorted(n for n in namen if n in tekst)
        assert not gevonden, f"{gevonden} in de mail {m.subject!r} aan {m.to}"
    # The finder does find a token in a text: the check above can fail.
    code = next(iter(w.tk.alle))
    assert vind(w, f"x {code} y") == {code}
