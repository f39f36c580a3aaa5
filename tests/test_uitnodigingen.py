"""Issue 9, hole 9: an invitation to a meeting opens only the case of the agenda item it is for, from
the start of the meeting until SCHAKEL_UITNODIGING_DAGEN days later. Tested by what the pages show."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.casussen.models import Casus
from schakel.casussen.zichtbaarheid import herbereken_alles
from schakel.gebruikers.rollen import Rol
from schakel.meldingen.models import Melding, Thema
from schakel.overleggen import services
from schakel.overleggen.models import Deelnemer, Geheimhoudingsverklaring, Overleg, Overlegtype, Uitnodiging
from schakel.partners.models import Organisatie
from schakel.personen.models import Persoon
from schakel.plannen.models import Actie, Doel, PlanVanAanpak
from schakel.plannen.services import stel_plan_vast

from .factories import GebruikerFactory
from .scenario import bouw_scenario, nieuwe_melding

pytestmark = pytest.mark.django_db

NAAM_B = "Brouwersgracht"


def org(code):
    return Organisatie.objects.get(code=code)


class Opzet:
    """Case A (the scenario's, person Jansen) and case B (person Brouwersgracht) on one agenda."""

    def __init__(self, users, *, uren=-1, dagen=0):
        self.users = users
        self.s = bouw_scenario(users)
        self.a = self.s.casus
        self.persoon_b = Persoon.objects.create(voornamen="Berend", achternaam=NAAM_B, geboortedatum="1977-07-17")
        self.melding_b = nieuwe_melding(users["ic"], melder="politie", persoon=self.persoon_b)
        self.b = Casus.objects.create(
            overlegtype=self.a.overlegtype, gemeente=self.a.gemeente, thema=self.a.thema, geopend_door=users["pr"]
        )
        self.b.personen.set([self.persoon_b])
        Melding.objects.filter(pk=self.melding_b.pk).update(casus=self.b)
        self.overleg = services.maak_overleg(
            overleg=Overleg(overlegtype=Overlegtype.objects.get(code="focus"), voorzitter=users["pr"],
                            datum=timezone.now() + timedelta(hours=uren, days=dagen)),
            door=users["pr"],
        )
        services.agendeer(overleg=self.overleg, casussen=[self.a, self.b], door=users["pr"])
        self.punt_a = self.overleg.besprekingen.get(casus=self.a)
        self.punt_b = self.overleg.besprekingen.get(casus=self.b)
        self.svg = GebruikerFactory(username="svg", organisatie=org("svg"), rollen=[Rol.PARTNER])

    def nodig_svg_uit(self, client_for, punten):
        response = client_for(self.users["pr"]).post(
            reverse("overleggen:deelnemer", args=[self.overleg.pk]),
            {"soort": "genodigd", "organisatie": org("svg").pk, "agendapunten": [p.pk for p in punten]},
        )
        assert response.status_code == 302, response.content.decode()[-2000:]

    def gast(self, punten, getekend):
        d = services.voeg_deelnemer_toe(
            deelnemer=Deelnemer(overleg=self.overleg, organisatie=org("woningcorporatie"), gebruiker=self.users["gast"],
                                soort=Deelnemer.Soort.GAST),
            besprekingen=punten, door=self.users["pr"],
        )
        if getekend:
            services.leg_geheimhouding_vast(deelnemer=d, besprekingen=getekend, getekend_op=timezone.localdate(), door=self.users["pr"])
        return d

    def ziet(self, user):
        return {
            "casussen": set(Casus.objects.for_user(user).values_list("pk", flat=True)) & {self.a.pk, self.b.pk},
            "meldingen": set(Melding.objects.for_user(user).values_list("pk", flat=True)) & {self.s.melding.pk, self.melding_b.pk},
            "personen": set(Persoon.objects.for_user(user).values_list("pk", flat=True)) & {self.s.persoon.pk, self.persoon_b.pk},
        }


def pagina(client, url, data=None):
    response = client.get(url) if data is None else client.post(url, data)
    return response.status_code, response.content.decode()


def test_organisation_invited_for_one_item_sees_nothing_of_the_other(client_for, users):
    o = Opzet(users)
    assert o.ziet(o.svg) == {"casussen": set(), "meldingen": set(), "personen": set()}
    o.nodig_svg_uit(client_for, [o.punt_a])
    # The standing partners sit at every item; svg only at A.
    assert set(Uitnodiging.objects.filter(deelnemer__organisatie__code="svg").values_list("bespreking", flat=True)) == {o.punt_a.pk}
    assert o.ziet(o.svg) == {"casussen": {o.a.pk}, "meldingen": {o.s.melding.pk}, "personen": {o.s.persoon.pk}}

    client = client_for(o.svg)
    verboden = [o.b.nummer, NAAM_B, "Berend", "17-07-1977", o.melding_b.nummer]
    pagina_s = {
        "casussenlijst": pagina(client, reverse("casussen:lijst")),
        "casus A": pagina(client, reverse("casussen:detail", args=[o.a.pk])),
        "tijdlijn A": pagina(client, reverse("casussen:tijdlijn", args=[o.a.pk])),
        "meldingenlijst": pagina(client, reverse("meldingen:lijst")),
        "melding A": pagina(client, reverse("meldingen:detail", args=[o.s.melding.pk])),
        "zoeken op naam": pagina(client, reverse("personen:zoeken"), {"q": "Jansen"}),
        "persoon A": pagina(client, reverse("personen:detail", args=[o.s.persoon.pk])),
    }
    for naam, (status, body) in pagina_s.items():
        assert status == 200, naam
        for tekst in verboden:
            assert tekst not in body, f"{tekst} op {naam}"
    assert o.a.nummer in pagina_s["casussenlijst"][1] and "Jansen" in pagina_s["casus A"][1]
    assert "Jansen" in pagina_s["zoeken op naam"][1]
    # Search for B's name finds nothing but the typed term itself.
    status, body = pagina(client, reverse("personen:zoeken"), {"q": NAAM_B})
    assert status == 200 and reverse("personen:detail", args=[o.persoon_b.pk]) not in body and "17-07-1977" not in body
    for url in (reverse("casussen:detail", args=[o.b.pk]), reverse("casussen:tijdlijn", args=[o.b.pk]),
                reverse("meldingen:detail", args=[o.melding_b.pk]), reverse("personen:detail", args=[o.persoon_b.pk]),
                reverse("overleggen:detail", args=[o.overleg.pk]), reverse("overleggen:bespreking", args=[o.punt_a.pk])):
        status, body = pagina(client, url)
        assert status == 403, url
        assert NAAM_B not in body and o.b.nummer not in body


def test_a_second_invitation_adds_only_the_chosen_item(client_for, users):
    o = Opzet(users)
    o.nodig_svg_uit(client_for, [o.punt_a])
    assert o.ziet(o.svg)["casussen"] == {o.a.pk}
    o.nodig_svg_uit(client_for, [o.punt_b])
    assert Deelnemer.objects.filter(overleg=o.overleg, organisatie__code="svg").count() == 1
    assert o.ziet(o.svg)["casussen"] == {o.a.pk, o.b.pk}


def test_invitation_opens_nothing_before_the_meeting(client_for, users):
    o = Opzet(users, uren=2)
    o.nodig_svg_uit(client_for, [o.punt_a])
    o.gast([o.punt_a], getekend=[o.punt_a])
    for user in (o.svg, users["gast"]):
        assert o.ziet(user) == {"casussen": set(), "meldingen": set(), "personen": set()}
        status, body = pagina(client_for(user), reverse("casussen:detail", args=[o.a.pk]))
        assert status == 403 and "Jansen" not in body
        assert o.a.nummer not in pagina(client_for(user), reverse("casussen:lijst"))[1]


@pytest.mark.parametrize("dagen, open_", [(-29, True), (-31, False)])
def test_invitation_ends_after_the_set_time(client_for, users, dagen, open_):
    o = Opzet(users, dagen=dagen)
    o.nodig_svg_uit(client_for, [o.punt_a])
    o.gast([o.punt_a], getekend=[o.punt_a])
    for user in (o.svg, users["gast"]):
        assert (o.a.pk in o.ziet(user)["casussen"]) is open_
        status, body = pagina(client_for(user), reverse("casussen:detail", args=[o.a.pk]))
        assert (status == 200) is open_ and ("Jansen" in body) is open_
        assert (o.a.nummer in pagina(client_for(user), reverse("casussen:lijst"))[1]) is open_
    assert (o.s.melding.pk in o.ziet(o.svg)["meldingen"]) is open_
    assert (o.s.persoon.pk in o.ziet(o.svg)["personen"]) is open_


def test_the_window_is_configurable(client_for, users, settings):
    o = Opzet(users, dagen=-10)
    o.nodig_svg_uit(client_for, [o.punt_a])
    assert o.ziet(o.svg)["casussen"] == {o.a.pk}
    settings.SCHAKEL_UITNODIGING_DAGEN = 7
    assert o.ziet(o.svg) == {"casussen": set(), "meldingen": set(), "personen": set()}


def test_organisation_with_an_action_keeps_seeing_after_the_window(client_for, users):
    o = Opzet(users, dagen=-40)
    o.nodig_svg_uit(client_for, [o.punt_a])
    assert o.ziet(o.svg)["casussen"] == set()
    vandaag = timezone.localdate()
    stel_plan_vast(
        casus=o.a, plan=PlanVanAanpak(type="integraal", casushouder=users["reclassering"], vastgesteld_op=vandaag),
        doelen=[Doel(leefgebied="huisvesting", omschrijving="Woning")],
        acties=[Actie(organisatie=org("svg"), eigenaar=o.svg, omschrijving="Intake", deadline=vandaag + timedelta(days=14))],
        door=users["pr"],
    )
    assert o.ziet(o.svg) == {"casussen": {o.a.pk}, "meldingen": {o.s.melding.pk}, "personen": {o.s.persoon.pk}}
    assert pagina(client_for(o.svg), reverse("casussen:detail", args=[o.a.pk]))[0] == 200
    assert pagina(client_for(o.svg), reverse("casussen:detail", args=[o.b.pk]))[0] == 403


def test_guest_declaration_is_per_agenda_item(client_for, users):
    o = Opzet(users)
    d = o.gast([o.punt_a, o.punt_b], getekend=None)
    gast = users["gast"]
    assert o.ziet(gast)["casussen"] == set()
    client = client_for(users["pr"])
    url = reverse("overleggen:geheimhouding", args=[d.pk])
    # Empty and bad submissions are refused in Dutch and store nothing.
    for data, melding in [
        ({}, "Kies de agendapunten"),
        ({"getekend_op": timezone.localdate().isoformat()}, "Kies de agendapunten"),
        ({"agendapunten": [o.punt_a.pk]}, "Vul de datum in"),
        ({"agendapunten": ["abc"], "getekend_op": timezone.localdate().isoformat()}, "horen niet bij dit overleg"),
        ({"agendapunten": [999999], "getekend_op": timezone.localdate().isoformat()}, "horen niet bij dit overleg"),
    ]:
        status, body = pagina(client, url, data)
        assert status == 400 and melding in body, data
    assert not Geheimhoudingsverklaring.objects.exists()

    status, _ = pagina(client, url, {"agendapunten": [o.punt_a.pk], "getekend_op": timezone.localdate().isoformat()})
    assert status == 302
    assert o.ziet(gast)["casussen"] == {o.a.pk}
    body = pagina(client_for(gast), reverse("casussen:lijst"))[1]
    assert o.a.nummer in body and o.b.nummer not in body and NAAM_B not in body
    assert pagina(client_for(gast), reverse("casussen:detail", args=[o.b.pk]))[0] == 403
    # Not present before the declaration for B is recorded too.
    status, body = pagina(client_for(users["pr"]), reverse("overleggen:aanwezigheid", args=[o.overleg.pk]),
                          {"aanwezigheid": "1", "aanwezig": [d.pk]})
    assert status == 400 and "Eerst de geheimhoudingsverklaring vastleggen" in body
    status, _ = pagina(client_for(users["pr"]), url, {"agendapunten": [o.punt_b.pk], "getekend_op": timezone.localdate().isoformat()})
    assert status == 302
    assert o.ziet(gast)["casussen"] == {o.a.pk, o.b.pk}
    # A guest never sees meldingen or persons through the guest route.
    assert o.ziet(gast)["meldingen"] == o.ziet(gast)["personen"] == set()


def test_guest_of_another_meeting_item_does_not_open_the_case(client_for, users):
    """A declaration for A in this meeting says nothing about B, even when B is on the same agenda."""
    o = Opzet(users)
    o.gast([o.punt_a], getekend=[o.punt_a])
    assert o.ziet(users["gast"])["casussen"] == {o.a.pk}


def test_invitation_form_requires_agenda_items(client_for, users):
    o = Opzet(users)
    client = client_for(users["pr"])
    url = reverse("overleggen:deelnemer", args=[o.overleg.pk])
    for data, melding in [
        ({"soort": "genodigd", "organisatie": org("svg").pk}, "Kies minstens één agendapunt waarvoor u uitnodigt."),
        ({"soort": "genodigd", "organisatie": org("svg").pk, "agendapunten": ["x"]}, "horen niet bij dit overleg"),
        # An id beyond the database's integer range is refused at the door (core OngeldigeInvoerMiddleware).
        ({"soort": "genodigd", "organisatie": org("svg").pk, "agendapunten": [10**30]}, "Een getal is te groot"),
        ({}, "Kies het soort deelname."),
    ]:
        status, body = pagina(client, url, data)
        assert status == 400 and melding in body, data
    ander = services.maak_overleg(overleg=Overleg(overlegtype=o.overleg.overlegtype, voorzitter=users["pr"]), door=users["pr"])
    status, body = pagina(client, url, {"soort": "genodigd", "organisatie": org("svg").pk, "agendapunten": [o.punt_a.pk + 1000]})
    assert status == 400
    assert not Deelnemer.objects.filter(organisatie__code="svg").exists() and not ander.deelnemers.filter(organisatie__code="svg").exists()
    assert o.ziet(o.svg)["casussen"] == set()
    # The page offers the items by case number, and a clear label.
    body = pagina(client, reverse("overleggen:detail", args=[o.overleg.pk]))[1]
    assert "Uitnodigen voor de agendapunten" in body and f"Casus {o.a.nummer}" in body and f"Casus {o.b.nummer}" in body


def test_standing_partner_is_invited_for_every_item(users):
    o = Opzet(users)
    ggz = Deelnemer.objects.get(overleg=o.overleg, organisatie__code="ggz")
    assert set(ggz.uitnodigingen.values_list("bespreking", flat=True)) == {o.punt_a.pk, o.punt_b.pk}
    assert o.ziet(users["ggz"])["casussen"] == {o.a.pk, o.b.pk}


# --- the data migration: meeting-wide invitations and declarations become per agenda item -----------

@pytest.mark.django_db(transaction=True)
def test_migration_maps_meeting_wide_invitations_to_each_agenda_item(users):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    voor, na = [("overleggen", "0004_bespreking_categorie")], [("overleggen", "0007_geheimhouding_per_uitnodiging")]
    executor = MigrationExecutor(connection)
    executor.migrate(voor)
    oud = executor.loader.project_state(voor).apps
    Overleg_, Bespreking_, Deelnemer_, Ghv_ = (oud.get_model("overleggen", m) for m in
                                               ("Overleg", "Bespreking", "Deelnemer", "Geheimhoudingsverklaring"))
    Casus_ = oud.get_model("casussen", "Casus")
    focus = Overlegtype.objects.get(code="focus")
    casus = dict(overlegtype_id=focus.pk, gemeente_id=users["contact"].contactgemeenten.get().pk,
                 thema_id=Thema.objects.get(code="overlast").pk, geopend_door_id=users["pr"].pk)
    a, b = Casus_.objects.create(**casus), Casus_.objects.create(**casus)

    def overleg(dagen):
        return Overleg_.objects.create(overlegtype_id=focus.pk, voorzitter_id=users["pr"].pk,
                                       datum=timezone.now() - timedelta(days=dagen))

    recent, oud_overleg, leeg = overleg(1), overleg(40), overleg(2)
    for o in (recent, oud_overleg):
        Bespreking_.objects.create(overleg=o, casus=a, volgorde=1)
        Bespreking_.objects.create(overleg=o, casus=b, volgorde=2)
    svg = org("svg")
    ghv_tijd = {}
    for o in (recent, oud_overleg, leeg):
        Deelnemer_.objects.create(overleg=o, organisatie_id=svg.pk, soort="genodigd")
        gast = Deelnemer_.objects.create(overleg=o, organisatie_id=users["gast"].organisatie_id, gebruiker_id=users["gast"].pk, soort="gast")
        ghv = Ghv_.objects.create(overleg=o, deelnemer=gast, vastgelegd_door_id=users["pr"].pk)
        ghv_tijd[o.pk] = ghv.vastgelegd_op

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(na)

    # Each participant is invited for every item that was on his meeting's agenda; nothing else.
    for o in (recent, oud_overleg):
        for d in Deelnemer.objects.filter(overleg_id=o.pk):
            assert set(d.uitnodigingen.values_list("bespreking__casus", flat=True)) == {a.pk, b.pk}
    assert not Uitnodiging.objects.filter(deelnemer__overleg_id=leeg.pk).exists()
    # The declaration is copied to each item, keeping when it was recorded; one covering no item is gone.
    for o in (recent, oud_overleg):
        verklaringen = Geheimhoudingsverklaring.objects.filter(uitnodiging__deelnemer__overleg_id=o.pk)
        assert set(verklaringen.values_list("uitnodiging__bespreking__casus", flat=True)) == {a.pk, b.pk}
        assert set(verklaringen.values_list("vastgelegd_op", flat=True)) == {ghv_tijd[o.pk]}
    assert Geheimhoudingsverklaring.objects.count() == 4
    # Up to the table of visible cases, which its data migration fills from these invitations.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("casussen", "0012_zichtbare_casus")])
    # The new rule applies on top: the recent meeting opens both cases, the old one nothing more.
    svg_user = GebruikerFactory(username="svg.mig", organisatie=svg, rollen=[Rol.PARTNER])
    assert set(Casus.objects.for_user(svg_user).values_list("pk", flat=True)) == {a.pk, b.pk}
    assert set(Casus.objects.for_user(users["gast"]).values_list("pk", flat=True)) == {a.pk, b.pk}
    Overleg.objects.filter(pk=recent.pk).update(datum=timezone.now() - timedelta(days=45))
    herbereken_alles()  # a queryset update passes no signals (casussen.zichtbaarheid)
    assert not Casus.objects.for_user(svg_user).exists() and not Casus.objects.for_user(users["gast"]).exists()
