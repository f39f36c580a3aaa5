"""The covenant register: access follows a valid annex per conference type, and minutes or action
descriptions with a special information category only reach the parties the annex names."""
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from schakel.beheer.referentie import laad_referentiedata
from schakel.casussen.models import Casus, CasusBetrokkenheid
from schakel.casussen.services import betrek_organisatie
from schakel.casussen.zichtbaarheid import herbereken_alles
from schakel.gebruikers.rollen import Rol
from schakel.overleggen import services as overleg_services
from schakel.overleggen.models import Bespreking, Deelnemer, Geheimhoudingsverklaring, Overleg, Overlegtype, Uitnodiging
from schakel.partners.models import Organisatie
from schakel.plannen.models import Actie
from schakel.privacy.categorieen import mag_categorie_zien
from schakel.privacy.models import (
    BijlageCategorie, Convenant, ConvenantBijlage, ConvenantPartij, InformatieCategorie, Mutatielog, toegestane_categorieen,
)

from .factories import GebruikerFactory
from .scenario import bouw_scenario
from .test_plannen import org, plan_data, stel_vast

pytestmark = pytest.mark.django_db

MEDISCH = "Diagnose psychose; medicatie sinds maart gestopt."
VEILIG_THUIS = "Melding Veilig Thuis over de kinderen in 2024."
AFGESCHERMD_ZORG = "Afgeschermd: Gezondheid en zorg (medisch, GGZ, verslaving) (alleen voor partijen die de convenantbijlage noemt)"


def convenant():
    return Convenant.objects.get(versie="2016")


def casuspagina(client_for, user, casus):
    response = client_for(user).get(reverse("casussen:detail", args=[casus.pk]))
    return response.status_code, response.content.decode()


def tijdlijn(client_for, user, casus):
    response = client_for(user).get(reverse("casussen:tijdlijn", args=[casus.pk]))
    assert response.status_code == 200
    return response.content.decode()


def bespreek(users, casus, *, notulen="", categorie=None, besluiten="Plan van aanpak opstellen.", dagen_terug=1):
    overleg = Overleg.objects.create(
        overlegtype=casus.overlegtype, voorzitter=users["pr"], datum=timezone.now() - timedelta(days=dagen_terug)
    )
    return Bespreking.objects.create(
        overleg=overleg, casus=casus, notulen=notulen, besluiten=besluiten,
        categorie=InformatieCategorie.objects.get(code=categorie) if categorie else None,
    )


@pytest.fixture
def s(users):
    return bouw_scenario(users)


# --- the register in the reference data -----------------------------------------------------------

def test_reference_covenant_parties_annexes_and_special_categories(ref):
    c = convenant()
    assert c.naam == "Convenant Zorg- en Veiligheidshuis Hollands Midden 2016"
    assert c.ondertekend_op == c.geldig_van == date(2016, 11, 28) and c.geldig_tot is None
    partijen = set(c.partijen.values_list("organisatie__code", flat=True))
    assert {"politie", "ggz", "veilig-thuis", "gemeente-leiden", "gemeente-gouda"} <= partijen
    assert not partijen & {"woningcorporatie", "ggz-parnassia"}
    gemeenten = set(Organisatie.objects.filter(gemeente__isnull=False).values_list("code", flat=True))
    assert gemeenten and gemeenten <= partijen
    assert not Organisatie.objects.get(code="ggz-parnassia").convenantpartner
    # An annex per conference type; its parties are the standing partners and the other parties.
    assert set(c.bijlagen.values_list("overlegtype__code", flat=True)) == set(Overlegtype.objects.values_list("code", flat=True))
    focus = c.bijlagen.get(overlegtype__code="focus")
    assert set(focus.partijen.values_list("code", flat=True)) == partijen
    zorg = BijlageCategorie.objects.get(bijlage=focus, categorie__code="zorg")
    assert set(zorg.alleen_voor.values_list("code", flat=True)) == {"ggz", "ggd", "reclassering", "svg", "veilig-thuis"}
    assert not BijlageCategorie.objects.get(bijlage=focus, categorie__code="wonen").alleen_voor.exists()
    hg = c.bijlagen.get(overlegtype__code="huiselijk_geweld")
    vt = BijlageCategorie.objects.get(bijlage=hg, categorie__code="veilig-thuis")
    assert set(vt.alleen_voor.values_list("code", flat=True)) == {"veilig-thuis", "politie"}

    focus_type = Overlegtype.objects.get(code="focus")
    assert "zorg" in toegestane_categorieen(Organisatie.objects.get(code="ggz"), focus_type)
    assert toegestane_categorieen(Organisatie.objects.get(code="politie"), focus_type) == {
        "identificerend", "justitieel", "politie", "financieel", "wonen", "gezin"}
    hg_type = Overlegtype.objects.get(code="huiselijk_geweld")
    assert "veilig-thuis" in toegestane_categorieen(Organisatie.objects.get(code="politie"), hg_type)
    assert "veilig-thuis" not in toegestane_categorieen(Organisatie.objects.get(code="ggz"), hg_type)
    assert toegestane_categorieen(Organisatie.objects.get(code="woningcorporatie"), focus_type) == set()

    # Idempotent: a second run adds nothing and leaves what a beheerder changed alone.
    focus.partijen.remove(Organisatie.objects.get(code="halt"))
    tellingen = (Convenant.objects.count(), ConvenantPartij.objects.count(), ConvenantBijlage.objects.count(),
                 BijlageCategorie.objects.count())
    laad_referentiedata()
    assert tellingen == (Convenant.objects.count(), ConvenantPartij.objects.count(), ConvenantBijlage.objects.count(),
                         BijlageCategorie.objects.count())
    assert not focus.partijen.filter(code="halt").exists()


def test_beheer_keeps_the_register_and_nobody_else(client_for, users):
    c = convenant()
    bijlage = c.bijlagen.get(overlegtype__code="focus")
    urls = [reverse("beheer:privacy_convenant_changelist"), reverse("beheer:privacy_convenant_change", args=[c.pk]),
            reverse("beheer:privacy_convenantbijlage_changelist"), reverse("beheer:privacy_convenantbijlage_change", args=[bijlage.pk])]
    for url in urls:
        assert client_for(users["beheerder"]).get(url).status_code == 200, url
    for naam in ("pr", "ic", "politie", "fg"):
        for url in urls:
            assert client_for(users[naam]).get(url).status_code == 403, (naam, url)


# --- access follows the covenant ------------------------------------------------------------------

def test_valid_covenant_gives_access_and_it_ends_the_day_it_expires(client_for, users, s):
    reclassering = users["reclassering"]
    vandaag = timezone.localdate()
    assert Casus.objects.for_user(reclassering).filter(pk=s.casus.pk).exists()
    c = convenant()
    c.geldig_tot = vandaag + timedelta(days=10)
    c.save()
    lijst = reverse("casussen:lijst")
    with time_machine.travel(c.geldig_tot, tick=False):
        assert casuspagina(client_for, reclassering, s.casus)[0] == 200
        assert s.casus.nummer in client_for(reclassering).get(lijst).content.decode()
    with time_machine.travel(c.geldig_tot + timedelta(days=1), tick=False):
        assert not Casus.objects.for_user(reclassering).filter(pk=s.casus.pk).exists()
        assert casuspagina(client_for, reclassering, s.casus)[0] == 403
        assert s.casus.nummer not in client_for(reclassering).get(lijst).content.decode()
        assert client_for(reclassering).get(reverse("casussen:tijdlijn", args=[s.casus.pk])).status_code == 403
        # The house itself keeps its cases.
        assert casuspagina(client_for, users["pr"], s.casus)[0] == 200
    # Set to yesterday in the register: access is gone today.
    c.geldig_tot = vandaag - timedelta(days=1)
    c.save()
    assert casuspagina(client_for, reclassering, s.casus)[0] == 403
    # Not yet in force either.
    c.geldig_tot, c.geldig_van = None, vandaag + timedelta(days=1)
    c.save()
    assert not Casus.objects.for_user(reclassering).filter(pk=s.casus.pk).exists()
    # A new version of the covenant in force restores it.
    nieuw = Convenant.objects.create(naam="Convenant ZVH HM", versie="2026", ondertekend_op=vandaag, geldig_van=vandaag)
    ConvenantPartij.objects.create(convenant=nieuw, organisatie=reclassering.organisatie, ondertekend_op=vandaag)
    ConvenantBijlage.objects.create(convenant=nieuw, overlegtype=s.casus.overlegtype).partijen.add(reclassering.organisatie)
    assert casuspagina(client_for, reclassering, s.casus)[0] == 200


def test_the_annex_not_the_flag_decides(client_for, users, s):
    reclassering = users["reclassering"]
    bijlage = convenant().bijlagen.get(overlegtype=s.casus.overlegtype)
    # The cached flag no longer decides anything.
    Organisatie.objects.filter(code="reclassering").update(convenantpartner=False)
    reclassering.organisatie.refresh_from_db()
    assert casuspagina(client_for, reclassering, s.casus)[0] == 200
    Organisatie.objects.filter(code="reclassering").update(convenantpartner=True)
    reclassering.organisatie.refresh_from_db()
    # Involved, but not a party of the annex of this conference type: no access.
    bijlage.partijen.remove(reclassering.organisatie)
    assert casuspagina(client_for, reclassering, s.casus)[0] == 403
    assert s.casus.nummer not in client_for(reclassering).get(reverse("casussen:lijst")).content.decode()
    bijlage.partijen.add(reclassering.organisatie)
    assert casuspagina(client_for, reclassering, s.casus)[0] == 200
    # Named in the annex but signing only tomorrow: no access yet.
    ConvenantPartij.objects.filter(organisatie=reclassering.organisatie).update(ondertekend_op=timezone.localdate() + timedelta(days=1))
    herbereken_alles()  # a queryset update passes no signals (casussen.zichtbaarheid)
    assert casuspagina(client_for, reclassering, s.casus)[0] == 403
    # An annex of another conference type never opens this case.
    ConvenantPartij.objects.filter(organisatie=reclassering.organisatie).update(ondertekend_op=date(2016, 11, 28))
    herbereken_alles()  # a queryset update passes no signals (casussen.zichtbaarheid)
    assert casuspagina(client_for, reclassering, s.casus)[0] == 200
    # Parties of the annex that are not involved still see nothing (need-to-know), nor does Parnassia.
    for naam in ("politie", "ggz", "ggz_ander"):
        assert casuspagina(client_for, users[naam], s.casus)[0] == 403, naam


def test_guest_only_with_a_declaration_and_only_general_information(client_for, users, s):
    gast = users["gast"]
    overleg = Overleg.objects.create(overlegtype=s.casus.overlegtype, voorzitter=users["pr"])
    Bespreking.objects.create(overleg=overleg, casus=s.casus, notulen=MEDISCH, besluiten="Woningcorporatie zoekt woning.",
                              categorie=InformatieCategorie.objects.get(code="zorg"))
    deelnemer = overleg_services.voeg_deelnemer_toe(
        deelnemer=Deelnemer(overleg=overleg, organisatie=gast.organisatie, gebruiker=gast, soort=Deelnemer.Soort.GAST),
        besprekingen=list(overleg.besprekingen.all()), door=users["pr"],
    )
    assert casuspagina(client_for, gast, s.casus)[0] == 403
    assert not Casus.objects.for_user(gast).exists()
    Geheimhoudingsverklaring.objects.create(
        uitnodiging=Uitnodiging.objects.get_or_create(deelnemer=deelnemer, bespreking=overleg.besprekingen.get())[0], vastgelegd_door=users["pr"]
    )
    status, html = casuspagina(client_for, gast, s.casus)
    assert status == 200
    # The decisions of a discussion with a special category are shielded like its minutes (issue 9, hole 10).
    assert "Woningcorporatie zoekt woning." not in html
    assert MEDISCH not in html and AFGESCHERMD_ZORG in html
    # The declaration is personal: a colleague of the same organisation stays out.
    collega = GebruikerFactory(username="collega.gast", organisatie=gast.organisatie, rollen=[Rol.PARTNER])
    assert casuspagina(client_for, collega, s.casus)[0] == 403
    # The guest route does not depend on the covenant.
    Convenant.objects.update(geldig_tot=timezone.localdate() - timedelta(days=1))
    herbereken_alles()  # a queryset update passes no signals (casussen.zichtbaarheid)
    assert casuspagina(client_for, gast, s.casus)[0] == 200
    assert casuspagina(client_for, users["reclassering"], s.casus)[0] == 403


# --- categories on the data -----------------------------------------------------------------------

def _betrek(s, *codes):
    for code in codes:
        betrek_organisatie(casus=s.casus, organisatie=org(code), rol=CasusBetrokkenheid.Rol.ACTIEHOUDER)


def test_medical_minutes_reach_ggz_but_never_politie(client_for, users, s):
    _betrek(s, "politie", "ggz")
    bespreek(users, s.casus, notulen=MEDISCH, categorie="zorg", besluiten="GGZ neemt contact op.")
    bespreek(users, s.casus, notulen="Schulden bij drie schuldeisers.", dagen_terug=2)
    for naam in ("ggz", "reclassering", "pr"):
        status, html = casuspagina(client_for, users[naam], s.casus)
        assert status == 200 and MEDISCH in html and AFGESCHERMD_ZORG not in html, naam
    status, html = casuspagina(client_for, users["politie"], s.casus)
    assert status == 200
    assert MEDISCH not in html and AFGESCHERMD_ZORG in html
    # The decisions of that discussion carry its category too; a discussion without one stays visible.
    assert "GGZ neemt contact op." not in html and "Schulden bij drie schuldeisers." in html
    for naam in ("politie", "ggz"):
        assert MEDISCH not in tijdlijn(client_for, users[naam], s.casus)
    # Removing GGZ from the special category closes it for GGZ too.
    BijlageCategorie.objects.get(bijlage__overlegtype=s.casus.overlegtype, categorie__code="zorg").alleen_voor.remove(org("ggz"))
    assert MEDISCH not in casuspagina(client_for, users["ggz"], s.casus)[1]


def test_action_descriptions_follow_the_annex_except_for_their_holder(client_for, users, s):
    _betrek(s, "politie")
    deadline = (timezone.localdate() + timedelta(days=30)).isoformat()
    zorg = InformatieCategorie.objects.get(code="zorg")
    veilig_thuis = InformatieCategorie.objects.get(code="veilig-thuis")
    acties = [
        {"organisatie": org("ggz").pk, "eigenaar": users["ggz"].pk, "omschrijving": MEDISCH, "categorie": zorg.pk, "deadline": deadline},
        {"organisatie": org("ggz").pk, "eigenaar": "", "omschrijving": VEILIG_THUIS, "categorie": veilig_thuis.pk, "deadline": deadline},
        {"organisatie": org("reclassering").pk, "eigenaar": "", "omschrijving": "Toezicht bijhouden", "categorie": "", "deadline": deadline},
    ]
    client = client_for(users["pr"])
    fout = stel_vast(client, s, plan_data(users, acties=[{**acties[0], "categorie": "999999"}]))
    assert fout.status_code == 400 and "Kies een bestaande soort informatie." in fout.content.decode()
    assert not Actie.objects.exists()
    assert stel_vast(client, s, plan_data(users, acties=acties)).status_code == 302
    assert Actie.objects.get(omschrijving=MEDISCH).categorie == zorg
    assert Mutatielog.objects.filter(objecttype="actie", wijzigingen__categorie=[None, zorg.pk]).exists()

    html = casuspagina(client_for, users["politie"], s.casus)[1]
    assert MEDISCH not in html and VEILIG_THUIS not in html and "Toezicht bijhouden" in html
    assert AFGESCHERMD_ZORG in html and "Afgeschermd: Veilig Thuis-gegevens" in html
    # Reclassering is named for zorg in the focus annex; Veilig Thuis information is not in that annex at all.
    html = casuspagina(client_for, users["reclassering"], s.casus)[1]
    assert MEDISCH in html and VEILIG_THUIS not in html
    # GGZ holds both actions and so reads both.
    html = casuspagina(client_for, users["ggz"], s.casus)[1]
    assert MEDISCH in html and VEILIG_THUIS in html
    html = casuspagina(client_for, users["pr"], s.casus)[1]
    assert MEDISCH in html and VEILIG_THUIS in html
    assert VEILIG_THUIS not in tijdlijn(client_for, users["politie"], s.casus)


def test_minutes_form_records_the_category_and_refuses_a_forged_one(client_for, users, s):
    bespreking = bespreek(users, s.casus)
    url = reverse("overleggen:bespreking", args=[bespreking.pk])
    client = client_for(users["pr"])
    assert "Soort informatie" in client.get(url).content.decode()
    fout = client.post(url, {"notulen": MEDISCH, "besluiten": "x", "categorie": "999999"})
    assert fout.status_code == 400 and "Kies een bestaande soort informatie." in fout.content.decode()
    bespreking.refresh_from_db()
    assert bespreking.notulen == "" and bespreking.categorie is None
    zorg = InformatieCategorie.objects.get(code="zorg")
    assert client.post(url, {"notulen": MEDISCH, "besluiten": "x", "categorie": zorg.pk}).status_code == 302
    bespreking.refresh_from_db()
    assert bespreking.categorie == zorg
    assert Mutatielog.objects.filter(objecttype="bespreking", object_id=bespreking.pk, wijzigingen__categorie=[None, zorg.pk]).exists()


def test_one_decision_function_staff_partner_guest(users, s):
    zorg = InformatieCategorie.objects.get(code="zorg").pk
    assert mag_categorie_zien(users["pr"], s.casus, zorg)
    assert mag_categorie_zien(users["ggz"], s.casus, zorg)
    assert not mag_categorie_zien(users["politie"], s.casus, zorg)
    assert not mag_categorie_zien(users["gast"], s.casus, zorg)
    assert mag_categorie_zien(users["gast"], s.casus, None)
    assert mag_categorie_zien(users["politie"], s.casus, zorg, houder_organisatie_id=users["politie"].organisatie_id)


def test_case_page_query_count_does_not_grow_with_the_minutes(client_for, users, s):
    _betrek(s, "politie")
    bespreek(users, s.casus, notulen=MEDISCH, categorie="zorg", dagen_terug=1)

    def tel():
        client = client_for(users["politie"])
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("casussen:detail", args=[s.casus.pk])).status_code == 200
        return len(ctx.captured_queries)

    klein = tel()
    for i in range(2, 8):
        bespreek(users, s.casus, notulen=f"{MEDISCH} ({i})", categorie="zorg" if i % 2 else "wonen", dagen_terug=i)
    assert tel() == klein
