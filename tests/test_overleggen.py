"""Case conferences: meetings, agenda, participants, guests under a geheimhoudingsverklaring, minutes."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.casussen.models import Casus, CasusBetrokkenheid
from schakel.gebruikers.rollen import Rol
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Thema
from schakel.overleggen import services
from schakel.overleggen.models import Bespreking, Deelnemer, Geheimhoudingsverklaring, Overleg, Overlegtype
from schakel.partners.models import Organisatie
from schakel.privacy.models import Mutatielog, Toegangslog

from .factories import GebruikerFactory, PersoonFactory
from .scenario import bouw_scenario
from .queries import tel

pytestmark = pytest.mark.django_db


def org(code):
    return Organisatie.objects.get(code=code)


def nu_invoer(delta=timedelta(0)):
    return (timezone.localtime() + delta).strftime("%Y-%m-%dT%H:%M")


def maak_overleg(users, code="focus", **extra):
    overleg = Overleg(overlegtype=Overlegtype.objects.get(code=code), voorzitter=users["pr"], **extra)
    return services.maak_overleg(overleg=overleg, door=users["pr"])


def maak_casus(users, code="focus", personen=(), **extra):
    casus = Casus.objects.create(
        overlegtype=Overlegtype.objects.get(code=code), gemeente=Gemeente.objects.get(code="leiden"),
        thema=Thema.objects.get(code="overlast"), geopend_door=users["pr"], **extra,
    )
    casus.personen.set(personen)
    return casus


@pytest.fixture
def s(users):
    return bouw_scenario(users)


# --- meetings -------------------------------------------------------------------------------------

def test_new_meeting_gets_the_standing_partners_of_its_type(client_for, users):
    client = client_for(users["ic"])
    focus = Overlegtype.objects.get(code="focus")
    response = client.post(reverse("overleggen:nieuw"), {
        "overlegtype": focus.pk, "datum": nu_invoer(timedelta(days=2)), "locatie": "Zaal 2", "voorzitter": users["pr"].pk,
    })
    overleg = Overleg.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("overleggen:detail", args=[overleg.pk])
    vast = overleg.deelnemers.filter(soort=Deelnemer.Soort.VAST)
    assert sorted(vast.values_list("organisatie__code", flat=True)) == ["ggz", "om", "politie", "reclassering"]
    assert Mutatielog.objects.filter(objecttype="overleg", object_id=overleg.pk, actie="aangemaakt", gebruiker=users["ic"]).exists()
    assert Mutatielog.objects.filter(objecttype="deelnemer").count() == 4
    detail = client.get(reverse("overleggen:detail", args=[overleg.pk]))
    assert detail.status_code == 200
    assert "GGZ Rivierduinen" in detail.content.decode()
    assert "Zaal 2" in client.get(reverse("overleggen:lijst")).content.decode()


def test_meeting_type_out_of_use_and_missing_fields_are_refused(client_for, users):
    client = client_for(users["pr"])
    oud = Overlegtype.objects.get(code="top_x")
    oud.geldig_tot = timezone.localdate() - timedelta(days=1)
    oud.save()
    response = client.post(reverse("overleggen:nieuw"), {
        "overlegtype": oud.pk, "datum": nu_invoer(), "locatie": "Stadhuis", "voorzitter": users["pr"].pk,
    })
    assert response.status_code == 400
    assert "niet in gebruik" in response.content.decode()
    assert 'value="Stadhuis"' in response.content.decode()
    leeg = client.post(reverse("overleggen:nieuw"), {})
    assert leeg.status_code == 400
    assert "Kies het soort overleg." in leeg.content.decode()
    html = client.post(reverse("overleggen:nieuw"), {
        "overlegtype": Overlegtype.objects.get(code="focus").pk, "datum": nu_invoer(), "locatie": "<b>zaal</b>",
        "voorzitter": users["pr"].pk,
    })
    assert html.status_code == 400 and "HTML-code" in html.content.decode()
    assert not Overleg.objects.exists() and not Deelnemer.objects.exists()
    # The old meeting stays valid in the history of its own dates.
    assert oud.in_gebruik_op(timezone.localdate() - timedelta(days=1))


# --- agenda and involvement -----------------------------------------------------------------------

def test_agenda_involves_covenant_participants_only(client_for, users, s):
    overleg = maak_overleg(users)
    assert not Casus.objects.for_user(users["ggz"]).filter(pk=s.casus.pk).exists()
    client = client_for(users["pr"])
    pagina = client.get(reverse("overleggen:agenderen", args=[overleg.pk]), {"casus": s.casus.pk})
    assert pagina.status_code == 200
    assert s.casus.nummer in pagina.content.decode()
    assert Toegangslog.objects.filter(object_id=s.casus.pk, persoon_id=s.persoon.pk, actie=Toegangslog.Actie.LIJST).exists()

    response = client.post(reverse("overleggen:agenderen", args=[overleg.pk]), {"casussen": [s.casus.pk]})
    assert response.status_code == 302
    bespreking = Bespreking.objects.get(overleg=overleg, casus=s.casus)
    assert bespreking.reden == Bespreking.Reden.BRIEFING
    # GGZ Rivierduinen is a standing partner of focus and has a covenant: it sees the case now.
    assert CasusBetrokkenheid.objects.filter(casus=s.casus, organisatie__code="ggz", rol=CasusBetrokkenheid.Rol.GENODIGD, gebruiker=None).exists()
    assert Casus.objects.for_user(users["ggz"]).filter(pk=s.casus.pk).exists()
    assert client_for(users["ggz"]).get(reverse("casussen:detail", args=[s.casus.pk])).status_code == 200

    # An organisation invited later sees the agenda item it is invited for.
    svg = GebruikerFactory(username="svg", organisatie=org("svg"), rollen=[Rol.PARTNER])
    assert not Casus.objects.for_user(svg).filter(pk=s.casus.pk).exists()
    client = client_for(users["pr"])
    response = client.post(reverse("overleggen:deelnemer", args=[overleg.pk]),
                           {"soort": "genodigd", "organisatie": org("svg").pk, "agendapunten": [bespreking.pk]})
    assert response.status_code == 302
    assert Casus.objects.for_user(svg).filter(pk=s.casus.pk).exists()
    assert client_for(svg).get(reverse("casussen:detail", args=[s.casus.pk])).status_code == 200

    # The same organisation twice, and the other GGZ organisation that never takes part, never sees it.
    dubbel = client_for(users["pr"]).post(reverse("overleggen:deelnemer", args=[overleg.pk]),
                                          {"soort": "genodigd", "organisatie": org("svg").pk, "agendapunten": [bespreking.pk]})
    assert dubbel.status_code == 400 and "neemt al deel" in dubbel.content.decode()
    assert not Casus.objects.for_user(users["ggz_ander"]).filter(pk=s.casus.pk).exists()
    assert client_for(users["ggz_ander"]).get(reverse("casussen:detail", args=[s.casus.pk])).status_code == 403

    # Once discussed, a case is no candidate any more and a forged post is refused.
    tweede = maak_overleg(users)
    client = client_for(users["pr"])
    assert s.casus.nummer not in client.get(reverse("overleggen:agenderen", args=[tweede.pk])).content.decode()
    vervalst = client.post(reverse("overleggen:agenderen", args=[tweede.pk]), {"casussen": [s.casus.pk]})
    assert vervalst.status_code == 400 and "kan niet (meer)" in vervalst.content.decode()
    assert not tweede.besprekingen.exists()


def test_organisation_without_covenant_is_never_involved(users, s):
    overleg = maak_overleg(users)
    services.agendeer(overleg=overleg, casussen=[s.casus], door=users["pr"])
    punten = list(overleg.besprekingen.all())
    services.voeg_deelnemer_toe(
        deelnemer=Deelnemer(overleg=overleg, organisatie=org("woningcorporatie"), soort=Deelnemer.Soort.GAST, naam="Mevr. Bos"),
        besprekingen=punten, door=users["pr"],
    )
    assert not CasusBetrokkenheid.objects.filter(organisatie__code="woningcorporatie").exists()
    with pytest.raises(Exception, match="alleen als gast"):
        services.voeg_deelnemer_toe(
            deelnemer=Deelnemer(overleg=overleg, organisatie=org("woningcorporatie"), soort=Deelnemer.Soort.GENODIGD),
            besprekingen=punten, door=users["pr"],
        )


def test_heragendering_clears_the_flag_and_is_logged(client_for, users, s):
    eerste = maak_overleg(users)
    services.agendeer(overleg=eerste, casussen=[s.casus], door=users["pr"])
    tweede = maak_overleg(users)
    client = client_for(users["pr"])
    assert s.casus.nummer not in client.get(reverse("overleggen:agenderen", args=[tweede.pk])).content.decode()
    Casus.objects.filter(pk=s.casus.pk).update(heragenderen_sinds=timezone.now() - timedelta(days=3))
    pagina = client.get(reverse("overleggen:agenderen", args=[tweede.pk])).content.decode()
    assert s.casus.nummer in pagina and "Heragendering sinds" in pagina
    assert client.post(reverse("overleggen:agenderen", args=[tweede.pk]), {"casussen": [s.casus.pk]}).status_code == 302
    s.casus.refresh_from_db()
    assert s.casus.heragenderen_sinds is None
    assert tweede.besprekingen.get().reden == Bespreking.Reden.HERAGENDERING
    log = Mutatielog.objects.get(objecttype="casus", object_id=s.casus.pk, actie="gewijzigd")
    assert list(log.wijzigingen) == ["heragenderen_sinds"] and log.wijzigingen["heragenderen_sinds"][1] is None


# --- guests ---------------------------------------------------------------------------------------

def test_guest_without_covenant_needs_a_geheimhoudingsverklaring(client_for, users, s):
    gast = users["gast"]
    overleg = maak_overleg(users)
    services.agendeer(overleg=overleg, casussen=[s.casus], door=users["pr"])
    client = client_for(users["pr"])
    bespreking = overleg.besprekingen.get()
    response = client.post(reverse("overleggen:deelnemer", args=[overleg.pk]), {
        "soort": "gast", "organisatie": gast.organisatie_id, "gebruiker": gast.pk, "agendapunten": [bespreking.pk],
    })
    assert response.status_code == 302
    deelnemer = overleg.deelnemers.get(gebruiker=gast)
    assert deelnemer.soort == Deelnemer.Soort.GAST
    assert client_for(gast).get(reverse("casussen:detail", args=[s.casus.pk])).status_code == 403

    client = client_for(users["pr"])
    politie = overleg.deelnemers.get(organisatie__code="politie")
    url = reverse("overleggen:aanwezigheid", args=[overleg.pk])
    geweigerd = client.post(url, {"aanwezigheid": "1", "aanwezig": [deelnemer.pk, politie.pk]})
    assert geweigerd.status_code == 400
    tekst = geweigerd.content.decode()
    assert "Eerst de geheimhoudingsverklaring vastleggen" in tekst
    assert f'value="{politie.pk}" id="aanwezig-{politie.pk}" checked' in tekst  # what was ticked stays ticked
    assert not overleg.deelnemers.filter(aanwezig=True).exists()

    ghv_url = reverse("overleggen:geheimhouding", args=[deelnemer.pk])
    toekomst = client.post(ghv_url, {"getekend_op": (timezone.localdate() + timedelta(days=1)).isoformat(),
                                     "agendapunten": [bespreking.pk]})
    assert toekomst.status_code == 400 and "toekomst" in toekomst.content.decode()
    assert client.post(ghv_url, {}).status_code == 400
    geen_punt = client.post(ghv_url, {"getekend_op": timezone.localdate().isoformat()})
    assert geen_punt.status_code == 400 and "Kies de agendapunten" in geen_punt.content.decode()
    assert not Geheimhoudingsverklaring.objects.exists()

    assert client.post(ghv_url, {"getekend_op": timezone.localdate().isoformat(), "agendapunten": [bespreking.pk]}).status_code == 302
    assert Geheimhoudingsverklaring.objects.get(uitnodiging__deelnemer=deelnemer).vastgelegd_door == users["pr"]
    nogmaals = client.post(ghv_url, {"getekend_op": timezone.localdate().isoformat(), "agendapunten": [bespreking.pk]})
    # The item is no longer offered once signed, so a second post is refused by the form.
    assert nogmaals.status_code == 400 and "horen niet bij dit overleg" in nogmaals.content.decode()

    assert client.post(url, {"aanwezigheid": "1", "aanwezig": [deelnemer.pk, politie.pk]}).status_code == 302
    assert set(overleg.deelnemers.filter(aanwezig=True).values_list("pk", flat=True)) == {deelnemer.pk, politie.pk}
    assert Mutatielog.objects.filter(objecttype="deelnemer", object_id=deelnemer.pk, actie="gewijzigd").exists()
    assert not CasusBetrokkenheid.objects.filter(organisatie=gast.organisatie).exists()

    pagina = client_for(gast).get(reverse("casussen:detail", args=[s.casus.pk]))
    assert pagina.status_code == 200
    # Guests see only what was discussed with them: another case stays closed.
    ander = maak_casus(users)
    assert client_for(gast).get(reverse("casussen:detail", args=[ander.pk])).status_code == 403

    # Unticking everybody is a valid answer; a post without the form marker is not.
    client = client_for(users["pr"])
    assert client.post(url, {"aanwezigheid": "1"}).status_code == 302
    assert not overleg.deelnemers.filter(aanwezig=True).exists()
    assert client.post(url, {}).status_code == 400


def test_covenant_guest_needs_no_verklaring_and_guest_form_is_validated(client_for, users, s):
    overleg = maak_overleg(users)
    client = client_for(users["pr"])
    url = reverse("overleggen:deelnemer", args=[overleg.pk])
    assert "Zet eerst casussen op de agenda" in client.get(reverse("overleggen:detail", args=[overleg.pk])).content.decode()
    services.agendeer(overleg=overleg, casussen=[s.casus], door=users["pr"])
    punt = overleg.besprekingen.get().pk
    zonder_naam = client.post(url, {"soort": "gast", "organisatie": org("svg").pk, "agendapunten": [punt]})
    assert zonder_naam.status_code == 400 and "naam van de gast" in zonder_naam.content.decode()
    verkeerde_org = client.post(url, {"soort": "gast", "organisatie": org("svg").pk, "gebruiker": users["politie"].pk, "agendapunten": [punt]})
    assert verkeerde_org.status_code == 400 and "werkt niet bij" in verkeerde_org.content.decode()
    html = client.post(url, {"soort": "gast", "organisatie": org("svg").pk, "naam": "<script>x</script>", "agendapunten": [punt]})
    assert html.status_code == 400 and "HTML-code" in html.content.decode()
    zonder_convenant = client.post(url, {"soort": "genodigd", "organisatie": org("woningcorporatie").pk, "agendapunten": [punt]})
    assert zonder_convenant.status_code == 400 and "geen convenant" in zonder_convenant.content.decode()
    assert overleg.deelnemers.count() == 4

    assert client.post(url, {"soort": "gast", "organisatie": org("svg").pk, "naam": "J. Smit", "agendapunten": [punt]}).status_code == 302
    gast = overleg.deelnemers.get(naam="J. Smit")
    response = client.post(reverse("overleggen:aanwezigheid", args=[overleg.pk]), {"aanwezigheid": "1", "aanwezig": [gast.pk]})
    assert response.status_code == 302
    gast.refresh_from_db()
    assert gast.aanwezig
    vreemd = client.post(reverse("overleggen:aanwezigheid", args=[overleg.pk]), {"aanwezigheid": "1", "aanwezig": [999999]})
    assert vreemd.status_code == 400 and "horen niet bij dit overleg" in vreemd.content.decode()


# --- minutes and the client at the table ----------------------------------------------------------

def test_minutes_decisions_and_client_steps(client_for, users, s):
    overleg = maak_overleg(users)
    services.agendeer(overleg=overleg, casussen=[s.casus], door=users["pr"])
    bespreking = overleg.besprekingen.get()
    client = client_for(users["pr"])
    url = reverse("overleggen:bespreking", args=[bespreking.pk])
    pagina = client.get(url)
    assert pagina.status_code == 200 and 'value="besluit"' in pagina.content.decode()
    assert Toegangslog.objects.filter(objecttype="casus", object_id=s.casus.pk, actie=Toegangslog.Actie.BEKEKEN,
                                      doel__startswith="Bespreking").exists()

    fout = client.post(url, {"notulen": "Gesprek <script>alert(1)</script>", "besluiten": "Plan opstellen."})
    assert fout.status_code == 400
    assert "HTML-code" in fout.content.decode() and "Plan opstellen." in fout.content.decode()
    bespreking.refresh_from_db()
    assert bespreking.notulen == "" and bespreking.besluiten == ""

    response = client.post(url, {
        "notulen": "Beeldvorming: schulden en wonen.", "besluiten": "Reclassering wordt casushouder.",
        "client_stappen": ["besluit", "vraag"], "vertrokken_voor_besluit": "Politie",
    })
    assert response.status_code == 302
    bespreking.refresh_from_db()
    assert bespreking.client_stappen == ["vraag", "besluit"]
    assert bespreking.vertrokken_voor_besluit == "Politie"
    assert Mutatielog.objects.filter(objecttype="bespreking", object_id=bespreking.pk, actie="gewijzigd").exists()

    # Whoever may see the case sees what was decided about it on the case page.
    casuspagina = client_for(users["reclassering"]).get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()
    assert "Reclassering wordt casushouder." in casuspagina and "vraag, besluit" in casuspagina
    assert reverse("overleggen:bespreking", args=[bespreking.pk]) not in casuspagina
    assert Toegangslog.objects.filter(objecttype="bespreking", object_id=bespreking.pk, gebruiker=users["reclassering"],
                                      persoon_id=s.persoon.pk).exists()


def test_client_steps_are_refused_when_the_client_cannot_join(client_for, users):
    casus = maak_casus(users, code="top_x")
    overleg = maak_overleg(users, code="top_x")
    services.agendeer(overleg=overleg, casussen=[casus], door=users["pr"])
    bespreking = overleg.besprekingen.get()
    client = client_for(users["pr"])
    url = reverse("overleggen:bespreking", args=[bespreking.pk])
    pagina = client.get(url).content.decode()
    assert 'type="checkbox" name="client_stappen"' not in pagina and "sluit de cliënt niet aan" in pagina
    response = client.post(url, {"notulen": "Besproken.", "client_stappen": ["besluit"]})
    assert response.status_code == 400
    assert "Bij dit overleg sluit de cliënt niet aan" in response.content.decode()
    bespreking.refresh_from_db()
    assert bespreking.client_stappen == [] and bespreking.notulen == ""
    assert client.post(url, {"notulen": "Besproken."}).status_code == 302


def test_case_page_offers_staff_the_next_meeting(client_for, users, s):
    overleg = maak_overleg(users, datum=timezone.now() + timedelta(days=7))
    staf = client_for(users["ic"]).get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()
    assert f'{reverse("overleggen:agenderen", args=[overleg.pk])}?casus={s.casus.pk}' in staf
    partner = client_for(users["reclassering"]).get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()
    assert reverse("overleggen:agenderen", args=[overleg.pk]) not in partner
    services.agendeer(overleg=overleg, casussen=[s.casus], door=users["pr"])
    staf = client_for(users["ic"]).get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()
    assert reverse("overleggen:agenderen", args=[overleg.pk]) not in staf
    assert reverse("overleggen:detail", args=[overleg.pk]) in staf


# --- query counts ---------------------------------------------------------------------------------


def test_meeting_list_and_detail_query_counts_are_fixed(client_for, users, s):
    overleg = maak_overleg(users)
    services.agendeer(overleg=overleg, casussen=[s.casus], door=users["pr"])
    services.voeg_deelnemer_toe(
        deelnemer=Deelnemer(overleg=overleg, organisatie=users["gast"].organisatie, gebruiker=users["gast"], soort="gast"),
        besprekingen=list(overleg.besprekingen.all()), door=users["pr"],
    )
    client = client_for(users["pr"])
    lijst, detail = reverse("overleggen:lijst"), reverse("overleggen:detail", args=[overleg.pk])
    klein = (tel(client, lijst), tel(client, detail), tel(client, reverse("casussen:detail", args=[s.casus.pk])))

    for _ in range(8):
        maak_overleg(users)
    casussen = [maak_casus(users, personen=[PersoonFactory(), PersoonFactory()]) for _ in range(6)]
    services.agendeer(overleg=overleg, casussen=casussen, door=users["pr"])
    for i in range(3):
        gast = GebruikerFactory(organisatie=org("woningcorporatie"), rollen=[Rol.PARTNER])
        punten = list(overleg.besprekingen.all())
        d = services.voeg_deelnemer_toe(
            deelnemer=Deelnemer(overleg=overleg, organisatie=gast.organisatie, gebruiker=gast, soort="gast"),
            besprekingen=punten, door=users["pr"],
        )
        services.leg_geheimhouding_vast(deelnemer=d, besprekingen=punten[:3], getekend_op=timezone.localdate(), door=users["pr"])
    services.voeg_deelnemer_toe(deelnemer=Deelnemer(overleg=overleg, organisatie=org("svg"), soort="genodigd"),
                                besprekingen=punten[:2], door=users["pr"])
    for _ in range(3):  # more minutes on the case page
        Bespreking.objects.create(overleg=maak_overleg(users), casus=s.casus, notulen="Besproken.")
    groot = (tel(client, lijst), tel(client, detail), tel(client, reverse("casussen:detail", args=[s.casus.pk])))
    assert klein == groot


def test_smd_session_records_its_indication_and_other_meetings_do_not(client_for, users):
    from schakel.overleggen.models import Overlegtype

    s = bouw_scenario(users)
    client = client_for(users["pr"])
    for code, verwacht in (("smd", "isd_indicatie"), ("focus", "")):
        overleg = Overleg.objects.create(overlegtype=Overlegtype.objects.get(code=code), voorzitter=users["pr"])
        bespreking = Bespreking.objects.create(overleg=overleg, casus=s.casus)
        url = reverse("overleggen:bespreking", args=[bespreking.pk])
        assert ('name="smd_indicatie"' in client.get(url).content.decode()) is (code == "smd")
        response = client.post(url, {"notulen": "Besproken.", "besluiten": "", "smd_indicatie": "isd_indicatie"})
        assert response.status_code == 302
        bespreking.refresh_from_db()
        assert bespreking.smd_indicatie == verwacht
