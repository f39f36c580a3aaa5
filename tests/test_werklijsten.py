"""The named worklists on the querysets, shared by the start page (counts) and the lists (rows)."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.briefing.models import Briefing
from schakel.briefing.services import agendeer, maak_briefing
from schakel.casussen.models import Casus, CasusBezoek
from schakel.casussen.services import registreer_bezoek
from schakel.meldingen.models import Melding, Terugkoppeling
from schakel.meldingen.services import herbereken_terugkoppeling_open, leg_terugkoppeling_vast, zet_status
from schakel.monitoring.models import Verlenging
from schakel.overleggen.models import Overleg, Overlegtype
from schakel.overleggen.services import agendeer as agendeer_overleg
from schakel.overleggen.services import maak_overleg
from schakel.partners.models import Organisatie
from schakel.plannen.models import Actie, Doel, PlanVanAanpak
from schakel.plannen.services import stel_plan_vast

from .factories import PersoonFactory
from .scenario import nieuwe_melding, weeg_focus

pytestmark = pytest.mark.django_db


def casus_voor(users, *, melder="reclassering"):
    """A case opened by a briefing decision on a fresh melding of this reporter."""
    melding = nieuwe_melding(users["ic"], melder=melder, persoon=PersoonFactory())
    briefing = maak_briefing(briefing=Briefing(datum=timezone.localdate()), weegploeg=[], door=users["pr"])
    agendeer(briefing=briefing, meldingen=[melding], door=users["pr"])
    return weeg_focus(briefing, melding, users["pr"]).casus


def plan_voor(casus, users, *, casushouder="reclassering", eigenaar="reclassering", vastgesteld_op=None, deadline=None):
    vandaag = timezone.localdate()
    houder = users[eigenaar]
    return stel_plan_vast(
        casus=casus,
        plan=PlanVanAanpak(type="integraal", casushouder=users[casushouder], vastgesteld_op=vastgesteld_op or vandaag),
        doelen=[Doel(leefgebied="huisvesting", omschrijving="Stabiele woonplek")],
        acties=[Actie(organisatie=houder.organisatie, eigenaar=houder, omschrijving="Toezicht bijhouden",
                      deadline=deadline or vandaag + timedelta(days=14))],
        door=users["pr"],
    )


def ids(qs):
    return set(qs.values_list("pk", flat=True))


def test_niet_geagendeerd_and_terugkoppeling_open(users):
    los = nieuwe_melding(users["ic"])
    gewogen = casus_voor(users).meldingen.get()
    assert ids(Melding.objects.niet_geagendeerd()) == {los.pk}
    assert ids(Melding.objects.terugkoppeling_open()) == {gewogen.pk}
    leg_terugkoppeling_vast(melding=gewogen, terugkoppeling=Terugkoppeling(datum=timezone.localdate(), kanaal="mail",
                                                                          tekst="Besluit doorgegeven."), door=users["pr"])
    assert not Melding.objects.terugkoppeling_open().exists()
    # Put back on an agenda and weighed again: the reporter was told before, so it does not wait again;
    # while it is on the agenda it is not weighed, so it does not wait either.
    zet_status(melding=gewogen, naar=Melding.Status.GEAGENDEERD, door=users["pr"])
    assert not Melding.objects.terugkoppeling_open().exists()
    zet_status(melding=los, naar=Melding.Status.GEAGENDEERD, door=users["pr"])
    zet_status(melding=los, naar=Melding.Status.GEWOGEN, door=users["pr"])
    assert ids(Melding.objects.terugkoppeling_open()) == {los.pk}
    # The bulk recount agrees with what the services kept.
    Melding.objects.update(wacht_op_terugkoppeling=False)
    assert herbereken_terugkoppeling_open() == 1 and ids(Melding.objects.terugkoppeling_open()) == {los.pk}


def test_te_heragenderen_until_agendered(users):
    casus, rustig = casus_voor(users), casus_voor(users)
    Casus.objects.filter(pk=casus.pk).update(heragenderen_sinds=timezone.now())
    assert ids(Casus.objects.te_heragenderen()) == {casus.pk}
    overleg = maak_overleg(overleg=Overleg(overlegtype=Overlegtype.objects.get(code="focus"),
                                           datum=timezone.now() + timedelta(days=2), voorzitter=users["pr"]), door=users["pr"])
    agendeer_overleg(overleg=overleg, casussen=[Casus.objects.get(pk=casus.pk)], door=users["pr"])
    assert not Casus.objects.te_heragenderen().exists()
    assert rustig.pk not in ids(Casus.objects.te_heragenderen())


def test_over_afsluittermijn_respects_extension(users):
    oud, nieuw = casus_voor(users), casus_voor(users)
    vandaag = timezone.localdate()
    plan_voor(oud, users, vastgesteld_op=vandaag - timedelta(days=200))
    plan_voor(nieuw, users, vastgesteld_op=vandaag - timedelta(days=20))
    assert ids(Casus.objects.over_afsluittermijn()) == {oud.pk}
    Verlenging.objects.create(casus=oud, tot=vandaag + timedelta(days=30), reden="Woning pas in januari.", door=users["pr"])
    assert not Casus.objects.over_afsluittermijn().exists()


def test_met_casushouder_is_mine_and_running(users):
    mijn, ander = casus_voor(users), casus_voor(users)
    plan_voor(mijn, users, casushouder="reclassering")
    plan_voor(ander, users, casushouder="ggz", eigenaar="ggz", )
    assert ids(Casus.objects.met_casushouder(users["reclassering"])) == {mijn.pk}
    assert ids(Casus.objects.met_casushouder(users["ggz"].pk)) == {ander.pk}


def test_nieuw_sinds_bezoek(users):
    reclassering = users["reclassering"]
    casus = casus_voor(users)  # brought in by reclassering: a case of its organisation
    vreemd = casus_voor(users, melder="politie")
    # Never opened: news.
    assert ids(Casus.objects.nieuw_sinds_bezoek(reclassering)) == {casus.pk}
    registreer_bezoek(gebruiker=reclassering, casus=casus)
    assert not Casus.objects.nieuw_sinds_bezoek(reclassering).exists()
    # A second visit is one row, moved forward.
    registreer_bezoek(gebruiker=reclassering, casus=casus)
    assert CasusBezoek.objects.filter(gebruiker=reclassering, casus=casus).count() == 1
    # A plan (a status change, an action) is news; another organisation's case never is.
    plan_voor(Casus.objects.get(pk=casus.pk), users)
    assert ids(Casus.objects.nieuw_sinds_bezoek(reclassering)) == {casus.pk}
    assert vreemd.pk not in ids(Casus.objects.nieuw_sinds_bezoek(reclassering))
    # Another person of the same organisation has his own visits.
    collega = type(reclassering).objects.create(username="collega", organisatie=reclassering.organisatie)
    assert ids(Casus.objects.nieuw_sinds_bezoek(collega)) == {casus.pk}


@pytest.mark.parametrize("soort", ["bespreking", "melding"])
def test_news_marks_the_case(users, soort):
    casus = casus_voor(users)
    registreer_bezoek(gebruiker=users["reclassering"], casus=casus)
    CasusBezoek.objects.update(laatst_bekeken=timezone.now() - timedelta(seconds=1))
    Casus.objects.filter(pk=casus.pk).update(laatste_nieuws_op=timezone.now() - timedelta(seconds=2))
    assert not Casus.objects.nieuw_sinds_bezoek(users["reclassering"]).exists()
    if soort == "bespreking":
        overleg = maak_overleg(overleg=Overleg(overlegtype=Overlegtype.objects.get(code="focus"),
                                               datum=timezone.now() + timedelta(days=2), voorzitter=users["pr"]), door=users["pr"])
        agendeer_overleg(overleg=overleg, casussen=[casus], door=users["pr"])
    else:
        # A second melding about the same case joins it at the briefing.
        melding = nieuwe_melding(users["ic"], melder="politie", persoon=casus.personen.first())
        briefing = maak_briefing(briefing=Briefing(datum=timezone.localdate()), weegploeg=[], door=users["pr"])
        agendeer(briefing=briefing, meldingen=[melding], door=users["pr"])
        assert weeg_focus(briefing, melding, users["pr"]).casus == casus
    assert ids(Casus.objects.nieuw_sinds_bezoek(users["reclassering"])) == {casus.pk}


def test_case_detail_records_the_visit(client_for, users):
    casus = casus_voor(users)
    client_for(users["reclassering"]).get(reverse("casussen:detail", args=[casus.pk]))
    assert CasusBezoek.objects.filter(gebruiker=users["reclassering"], casus=casus).exists()
    assert not Casus.objects.nieuw_sinds_bezoek(users["reclassering"]).exists()


def test_case_list_worklist_shows_exactly_the_queryset(client_for, users):
    heragenderen, gewoon = casus_voor(users), casus_voor(users)
    Casus.objects.filter(pk=heragenderen.pk).update(heragenderen_sinds=timezone.now())
    html = client_for(users["pr"]).get(reverse("casussen:lijst"), {"werklijst": "te_heragenderen"}).content.decode()
    assert heragenderen.nummer in html and gewoon.nummer not in html
    assert "Te heragenderen" in html
    # An unknown worklist is the whole list.
    html = client_for(users["pr"]).get(reverse("casussen:lijst"), {"werklijst": "bestaat-niet"}).content.decode()
    assert heragenderen.nummer in html and gewoon.nummer in html


def test_partner_worklist_never_shows_what_for_user_hides(client_for, users):
    eigen, vreemd = casus_voor(users), casus_voor(users, melder="politie")
    plan_voor(vreemd, users, casushouder="politie", eigenaar="politie")
    assert Organisatie.objects.get(code="reclassering") == users["reclassering"].organisatie
    html = client_for(users["reclassering"]).get(reverse("casussen:lijst"), {"werklijst": "nieuw"}).content.decode()
    assert eigen.nummer in html and vreemd.nummer not in html
