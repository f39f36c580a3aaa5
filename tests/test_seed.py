"""The seed command: reference data, demo data and the large synthetic set for the benchmark."""
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F, Max
from django.test import override_settings
from django.utils import timezone

from schakel.beheer.bulk import BULK_GEBRUIKER, bsn_reeks
from schakel.beheer.demo import DEMO_GEBRUIKERS
from schakel.briefing.models import Agendapunt, BesluitOptie, Briefing, Weging
from schakel.casussen.models import Afsluiting, AfsluitUitkomst, Casus, CasusBetrokkenheid, CasusStatus, uitnodigingen_in_venster
from schakel.core.validators import geen_html
from schakel.gebruikers.models import Gebruiker, GebruikerRol
from schakel.gebruikers.rollen import Rol
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding, MeldingPersoon, MeldingStatus, Terugkoppeling, Thema
from schakel.monitoring.models import Monitoringcontact, Monitoringtermijn, Verlenging
from schakel.opschaling.models import Knelpunt, Opschaling
from schakel.overleggen.models import Bespreking, Deelnemer, Geheimhoudingsverklaring, Overleg, Overlegtype, Uitnodiging
from schakel.partners.models import Organisatie
from schakel.personen.models import Persoon, bsn_geldig
from schakel.plannen.models import Actie, Doel, PlanVanAanpak
from schakel.uitvragen.models import InformatieUitvraag
from schakel.zsm.models import ZsmAdvies

REFERENTIE_MODELLEN = [Gemeente, Organisatie, Overlegtype, Thema, BesluitOptie]


def seed(*args) -> str:
    out = StringIO()
    call_command("seed", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in REFERENTIE_MODELLEN}


def assert_bsns_geldig():
    bsns = list(Persoon.objects.exclude(bsn=None).values_list("bsn", flat=True))
    assert bsns
    for bsn in bsns:
        bsn_geldig(bsn)


def test_bsn_reeks_geeft_geldige_unieke_nummers_en_slaat_bestaande_over():
    reeks = bsn_reeks(overslaan=["100000009"])
    nummers = [next(reeks) for _ in range(500)]
    assert len(set(nummers)) == 500
    assert "100000009" not in nummers
    for bsn in nummers:
        bsn_geldig(bsn)
    with pytest.raises(ValidationError):
        bsn_geldig("100000001")


@pytest.mark.django_db
def test_zonder_opties_weigert():
    with pytest.raises(CommandError):
        seed()


@pytest.mark.django_db
def test_reference_is_idempotent_en_zonder_personen():
    seed("--reference")
    eerste = snapshot()
    assert Gemeente.objects.filter(code="leiden").exists()
    assert BesluitOptie.objects.filter(hoofdbesluit__code="geen_vervolg").count() == 4
    tellingen = {naam: len(rijen) for naam, rijen in eerste.items()}

    seed("--reference")

    assert snapshot() == eerste
    assert {naam: len(rijen) for naam, rijen in snapshot().items()} == tellingen
    assert Persoon.objects.count() == 0
    assert Melding.objects.count() == 0
    assert Gebruiker.objects.count() == 0


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_demo_geweigerd_zonder_debug_en_niets_geschreven():
    with pytest.raises(CommandError, match="DEBUG"):
        seed("--demo")
    assert Gebruiker.objects.count() == 0
    assert Gemeente.objects.count() == 0
    assert Melding.objects.count() == 0


def assert_effectmeting():
    """The demo has what the effect page needs: registrations of clients and of weighed persons
    without a case, a few detentions, the year's cost inputs and voluntary programmes; measured over
    its first year the clients improve more than the comparison group, which improves too."""
    from schakel.effectmeting.effect import bereken
    from schakel.effectmeting.models import Detentie, Kosteninvoer, Mutatie
    from schakel.plannen.models import VrijwilligTraject

    vandaag = timezone.localdate()
    assert Mutatie.objects.count() > 1000 and Detentie.objects.exists()
    assert Kosteninvoer.objects.filter(jaar=vandaag.year - 1).exists()
    assert VrijwilligTraject.objects.filter(hulpvragen__isnull=False).exists()
    # Every registration is about a person Schakel knows and falls on or before today.
    assert not Mutatie.objects.filter(datum__gt=vandaag).exists()
    uit = bereken(vandaag - timedelta(days=760), vandaag - timedelta(days=366), trekkingen=200)
    totaal = uit["per_client"]["totaal"]
    assert totaal["clienten"] >= 100 and totaal["verschil_pct"] < 0
    vergelijking = uit["vergelijking"]["totaal"]
    assert vergelijking["controle_n"] >= 100
    assert vergelijking["controle_na_per_365"] < vergelijking["controle_voor_per_365"]
    assert vergelijking["netto_per_365"] < 0


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_demo_volumes_consistentie_en_idempotentie():
    uitvoer = seed("--demo")
    assert settings.SCHAKEL_DEMO_PASSWORD in uitvoer
    for gebruiker in DEMO_GEBRUIKERS:
        assert gebruiker.gebruikersnaam in uitvoer
    # Every demo user has the published authenticator, so the demo can get past the second step.
    from base64 import b32decode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    sleutels = set(TOTPDevice.objects.filter(confirmed=True, user__username__in=[g.gebruikersnaam for g in DEMO_GEBRUIKERS])
                   .values_list("key", flat=True))
    assert sleutels == {b32decode(settings.SCHAKEL_DEMO_TOTP_SECRET).hex()}
    assert TOTPDevice.objects.filter(confirmed=True).count() == len(DEMO_GEBRUIKERS)

    # Volumes of two years of Hollands Midden.
    assert 2500 <= Melding.objects.count() <= 3500
    assert 1800 <= Persoon.objects.count() <= 2600
    assert Casus.objects.count() >= 1
    assert Briefing.objects.count() >= 100
    assert 10 <= Melding.objects.filter(status=Melding.Status.GEREGISTREERD).count() <= 30
    assert InformatieUitvraag.objects.filter(status=InformatieUitvraag.Status.OPEN).exists()
    assert InformatieUitvraag.objects.filter(status=InformatieUitvraag.Status.BEANTWOORD).exists()
    gewogen_zonder_terugkoppeling = Melding.objects.filter(status=Melding.Status.GEWOGEN, terugkoppelingen=None).count()
    assert 15 <= gewogen_zonder_terugkoppeling <= 30
    # The demo writes in bulk: the worklist's flag must still be exactly the weighed ones without feedback.
    assert set(Melding.objects.terugkoppeling_open().values_list("pk", flat=True)) == set(
        Melding.objects.filter(status=Melding.Status.GEWOGEN, terugkoppelingen=None).values_list("pk", flat=True))
    assert Terugkoppeling.objects.count() > 2000

    # Repeat reports: some persons are in several meldingen; every person is in at least one.
    per_persoon = MeldingPersoon.objects.values("persoon").annotate(n=Count("id"))
    assert per_persoon.aggregate(m=Max("n"))["m"] >= 3
    assert not Persoon.objects.filter(meldingen=None).exists()
    met_bsn = Persoon.objects.exclude(bsn=None).count() / Persoon.objects.count()
    assert 0.6 <= met_bsn <= 0.8
    assert_bsns_geldig()

    # Police and DJI are the largest sources; municipalities about a quarter.
    totaal = Melding.objects.count()
    bronnen = dict(Melding.objects.values_list("melder_organisatie__code").annotate(n=Count("id")))
    grootste = sorted(bronnen, key=bronnen.get, reverse=True)[:2]
    assert set(grootste) == {"politie", "dji"}
    gemeentelijk = sum(n for code, n in bronnen.items() if code.startswith("gemeente-"))
    assert 0.18 <= gemeentelijk / totaal <= 0.32

    # Decision mix close to the seed table.
    wegingen = Weging.objects.count()
    mix = {code: n / wegingen for code, n in Weging.objects.values_list("besluit__code").annotate(n=Count("id"))}
    assert 0.38 <= mix["bilateraal"] <= 0.50
    assert 0.32 <= mix["geen_vervolg"] <= 0.44
    assert 0.09 <= mix["nazorg"] <= 0.17
    assert 0.02 <= mix["focus"] <= 0.07
    assert set(
        Weging.objects.filter(besluit__code="geen_vervolg").values_list("subreden__code", flat=True)
    ) == {"belegd", "uitgesteld", "informeren", "past_niet"}
    assert not Weging.objects.filter(besluit__code="geen_vervolg", subreden=None).exists()

    # Every weging: verdict matches the criteria, the melding was on that briefing's agenda, and a
    # decision that puts the melding on a conference has a case.
    for w in Weging.objects.select_related("besluit").iterator():
        assert w.voldoet_aan_kader == Weging.kader(w.criterium_a, w.criterium_b, w.criterium_c, w.criterium_d)
        assert (w.casus_id is not None) == (w.besluit.overlegtype_id is not None)
    assert Weging.objects.filter(voldoet_aan_kader=True).exists()
    assert Weging.objects.filter(voldoet_aan_kader=False).exists()
    op_agenda = set(Agendapunt.objects.values_list("briefing_id", "melding_id"))
    assert set(Weging.objects.values_list("briefing_id", "melding_id")) <= op_agenda

    # Status history ends in the current status, and starts at 'geregistreerd'.
    laatste = {}
    eerste = {}
    for melding_id, van, naar in MeldingStatus.objects.order_by("tijdstip", "id").values_list("melding_id", "van", "naar"):
        eerste.setdefault(melding_id, (van, naar))
        laatste[melding_id] = naar
    for melding_id, status in Melding.objects.values_list("id", "status"):
        assert laatste[melding_id] == status
        assert eerste[melding_id] == ("", Melding.Status.GEREGISTREERD)

    # Cases: the melder's organisation is inbrenger, and other organisations are invited.
    for casus in Casus.objects.prefetch_related("betrokkenheden", "meldingen"):
        inbrengers = {b.organisatie_id for b in casus.betrokkenheden.all() if b.rol == CasusBetrokkenheid.Rol.INBRENGER}
        assert {m.melder_organisatie_id for m in casus.meldingen.all()} <= inbrengers
    assert CasusBetrokkenheid.objects.filter(rol=CasusBetrokkenheid.Rol.GENODIGD).exists()

    # Free text passes the HTML validator that forms apply.
    for tekst in Melding.objects.values_list("omschrijving", flat=True):
        geen_html(tekst)

    # Users: one per role, with the demo password.
    assert Gebruiker.objects.count() >= 9
    assert set(GebruikerRol.objects.values_list("rol", flat=True)) == set(Rol.values)
    ic = Gebruiker.objects.get(username="ic.demo")
    assert ic.check_password(settings.SCHAKEL_DEMO_PASSWORD)
    assert ic.organisatie.code == "zvh-hollands-midden"
    assert ic.rollen == {Rol.INFORMATIECOORDINATOR}
    leiden = Gebruiker.objects.get(username="gemeente.leiden.demo")
    assert list(leiden.contactgemeenten.values_list("code", flat=True)) == ["leiden"]
    assert Gebruiker.objects.get(username="politie.demo").organisatie.code == "politie"

    assert_casuswerk()
    assert_effectmeting()

    modellen = (Gebruiker, Persoon, Melding, MeldingStatus, Briefing, Weging, Casus, Terugkoppeling, InformatieUitvraag,
                Overleg, Deelnemer, Bespreking, PlanVanAanpak, Doel, Actie, Monitoringcontact, Verlenging, Opschaling,
                Knelpunt, Afsluiting, ZsmAdvies, CasusBetrokkenheid, CasusStatus)
    tellingen = {m.__name__: m.objects.count() for m in modellen}
    uitvoer = seed("--demo")
    assert "al aanwezig" in uitvoer
    assert {m.__name__: m.objects.count() for m in modellen} == tellingen


def assert_casuswerk():
    """Meetings, plans, monitoring, escalation, ZSM advice and closing of the demo cases."""
    S = Casus.Status
    vandaag = timezone.localdate()
    status = dict(Casus.objects.values_list("status").annotate(n=Count("id")))
    behandeld = status[S.IN_BEHANDELING] + status[S.AFGESLOTEN]
    assert 250 <= status[S.AFGESLOTEN] <= 450
    assert 100 <= status[S.IN_BEHANDELING] <= 250
    assert 1 <= status.get(S.AANGEMELD, 0) <= 40

    # Meetings: weekly focus, fortnightly nazorg, monthly Top-X, chaired by pr.demo, also a few weeks ahead.
    per_type = dict(Overleg.objects.values_list("overlegtype__code").annotate(n=Count("id")))
    assert 100 <= per_type["focus"] <= 115
    assert 50 <= per_type["nazorg"] <= 60
    assert 20 <= per_type["top_x"] <= 32
    assert set(Overleg.objects.values_list("voorzitter__username", flat=True)) == {"pr.demo"}
    assert Overleg.objects.filter(datum__gt=timezone.now()).exists()
    vast = Deelnemer.objects.filter(soort=Deelnemer.Soort.VAST)
    for overleg in Overleg.objects.prefetch_related("overlegtype__vaste_partners")[:20]:
        assert set(vast.filter(overleg=overleg).values_list("organisatie", flat=True)) == {
            o.pk for o in overleg.overlegtype.vaste_partners.all()}
    assert vast.filter(aanwezig=True).count() > 0.8 * vast.filter(overleg__datum__lt=timezone.now()).count()
    assert Deelnemer.objects.filter(soort=Deelnemer.Soort.GENODIGD).count() >= 20

    # Every case in treatment was discussed at a meeting of its type, one to five weeks after opening,
    # and its plan was adopted there; about one in seven came back for re-discussion.
    for casus in Casus.objects.exclude(status=S.AANGEMELD).select_related("plan__vastgesteld_in").prefetch_related(
            "besprekingen__overleg"):
        eerste = min(casus.besprekingen.all(), key=lambda b: b.overleg.datum)
        assert eerste.reden == Bespreking.Reden.BRIEFING
        assert eerste.overleg.overlegtype_id == casus.overlegtype_id
        assert 7 <= (eerste.overleg.datum - casus.geopend_op).days <= 35
        assert casus.plan.vastgesteld_in_id == eerste.overleg_id
        assert casus.plan.vastgesteld_op == timezone.localtime(eerste.overleg.datum).date()
    heragendering = Bespreking.objects.filter(reden=Bespreking.Reden.HERAGENDERING).count()
    assert 0.08 <= heragendering / behandeld <= 0.25
    assert Bespreking.objects.exclude(client_stappen=[]).filter(overleg__overlegtype__code="focus").count() >= 10
    assert not Bespreking.objects.exclude(client_stappen=[]).filter(overleg__overlegtype__client_kan_aansluiten=False).exists()
    for notulen, besluiten in Bespreking.objects.values_list("notulen", "besluiten"):
        geen_html(notulen)
        geen_html(besluiten)
        assert "<" not in notulen + besluiten

    # Guests of the woningcorporatie: signed a geheimhoudingsverklaring, except one upcoming meeting.
    gasten = Deelnemer.objects.filter(soort=Deelnemer.Soort.GAST)
    assert set(gasten.values_list("organisatie__code", flat=True)) == {"woningcorporatie"}
    assert Geheimhoudingsverklaring.objects.count() == gasten.count() - 1 >= 3
    zonder = gasten.get(uitnodigingen__geheimhoudingsverklaring=None)
    # A declaration is per agenda item: each guest signed for the one item he was invited for.
    assert not Geheimhoudingsverklaring.objects.exclude(uitnodiging__deelnemer__soort=Deelnemer.Soort.GAST).exists()
    assert not zonder.aanwezig and zonder.overleg.datum > timezone.now()

    # Plans: one per case in treatment or closed, with goals and actions held by different organisations.
    plannen = PlanVanAanpak.objects.count()
    assert plannen == behandeld
    assert not PlanVanAanpak.objects.filter(doelen=None).exists()
    assert not PlanVanAanpak.objects.filter(acties=None).exists()
    assert 2 * plannen <= Doel.objects.count() <= 4 * plannen
    assert 2 * plannen <= Actie.objects.count() <= 5 * plannen
    assert set(PlanVanAanpak.objects.filter(casus__overlegtype__code="nazorg").values_list("type", flat=True)) == {"nazorg"}
    assert Actie.objects.values("plan", "organisatie").annotate(n=Count("id")).filter(n__gt=1).count() == 0
    assert not Actie.objects.filter(deadline__lt=F("plan__vastgesteld_op")).exists()
    assert not Actie.objects.filter(plan__casus__status=S.AFGESLOTEN, status=Actie.Status.OPEN).exists()
    assert Actie.objects.filter(plan__casus__status=S.IN_BEHANDELING, status=Actie.Status.OPEN, deadline__lt=vandaag).exists()
    assert not Actie.objects.filter(status=Actie.Status.NIET_GEDAAN, reden_niet_gedaan="").exists()

    # Need-to-know: casushouder, action holders and every covenant organisation at the table are involved.
    betrokken = set(CasusBetrokkenheid.objects.values_list("casus", "organisatie", "rol"))
    R = CasusBetrokkenheid.Rol
    for casus_id, org_id in PlanVanAanpak.objects.values_list("casus", "casushouder__organisatie"):
        assert (casus_id, org_id, R.CASUSHOUDER) in betrokken
    assert not CasusBetrokkenheid.objects.filter(rol=R.CASUSHOUDER, gebruiker=None).exists()
    for casus_id, org_id in Actie.objects.values_list("plan__casus", "organisatie"):
        assert (casus_id, org_id, R.ACTIEHOUDER) in betrokken
    # Invitations are per agenda item, each recorded as 'genodigd' for that item's case only.
    for casus_id, org_id in Uitnodiging.objects.filter(deelnemer__organisatie__convenantpartner=True).values_list(
        "bespreking__casus", "deelnemer__organisatie"
    ):
        assert (casus_id, org_id, R.GENODIGD) in betrokken
    genodigden = Deelnemer.objects.filter(soort=Deelnemer.Soort.GENODIGD).annotate(
        punten=Count("uitnodigingen", distinct=True), agenda=Count("overleg__besprekingen", distinct=True))
    assert genodigden.filter(punten__lt=F("agenda")).exists() and not genodigden.filter(punten=0, agenda__gt=0).exists()
    assert not CasusBetrokkenheid.objects.filter(organisatie__convenantpartner=False).exists()
    gebruiker = {g.username: g for g in Gebruiker.objects.all()}
    assert Casus.objects.for_user(gebruiker["reclassering.demo"]).count() >= 5
    assert Casus.objects.for_user(gebruiker["ggz.demo"]).count() >= 5
    assert Casus.objects.for_user(gebruiker["ggz.parnassia.demo"]).count() == 0
    gast = set(Casus.objects.for_user(gebruiker["woningcorporatie.demo"]).values_list("pk", flat=True))
    assert gast and gast == set(uitnodigingen_in_venster().filter(
        deelnemer__gebruiker=gebruiker["woningcorporatie.demo"], geheimhoudingsverklaring__isnull=False
    ).values_list("bespreking__casus", flat=True))

    # Monitoring: one contact per term; the worklist has due contacts without a reminder yet.
    assert Monitoringcontact.objects.count() == plannen * Monitoringtermijn.objects.filter(actief=True).count()
    gedaan = Monitoringcontact.objects.exclude(uitgevoerd_op=None)
    assert not gedaan.filter(herinnering_verstuurd_op=None).exists()
    assert not gedaan.filter(uitgevoerd_op__gt=vandaag).exists()
    assert gedaan.filter(uitkomst=Monitoringcontact.Uitkomst.STAGNEERT).exists()
    assert gedaan.filter(uitkomst=Monitoringcontact.Uitkomst.KLAAR, casus__status=S.AFGESLOTEN).count() >= 200
    assert not Monitoringcontact.objects.filter(uitgevoerd_op=None, gepland_op__gt=vandaag).exclude(herinnering_verstuurd_op=None).exists()
    werklijst = Monitoringcontact.objects.filter(uitgevoerd_op=None, gepland_op__lte=vandaag).exclude(casus__status=S.AFGESLOTEN)
    assert 10 <= werklijst.count() <= 120
    assert not werklijst.exclude(herinnering_verstuurd_op=None).exists()
    heragenderen = Casus.objects.exclude(heragenderen_sinds=None)
    assert 1 <= heragenderen.count() <= 15
    assert set(heragenderen.values_list("status", flat=True)) == {S.IN_BEHANDELING}
    # Past six months: some running cases have an extension covering today, others are overdue.
    oud = Casus.objects.filter(status=S.IN_BEHANDELING, plan__vastgesteld_op__lt=vandaag - timedelta(days=182))
    verlengd = oud.filter(verlengingen__tot__gte=vandaag).distinct().count()
    assert verlengd >= 5 and oud.count() - verlengd >= 5
    assert not Verlenging.objects.filter(reden="").exists()

    # Escalations and structural bottlenecks.
    assert 5 <= Opschaling.objects.filter(casus__isnull=False).count() <= 20
    # Every "opschalen" decision at the briefing has its escalation on the melding, and only those.
    opschalen = Weging.objects.filter(besluit__code="opschalen")
    assert opschalen.exists()
    assert set(Opschaling.objects.filter(casus__isnull=True).values_list("melding_id", "opgeschaald_op")) == {
        (w.melding_id, timezone.localdate(w.gewogen_op)) for w in opschalen
    }
    # Focus/Top-X outside the Landelijk Kader carries its motivation, as the weighing screen demands.
    buiten = Weging.objects.filter(voldoet_aan_kader=False, casus__overlegtype__code__in=["focus", "top_x"])
    assert buiten.exists() and not buiten.filter(motivatie_buiten_kader="").exists()
    niveaus = set(Opschaling.objects.values_list("niveau__code", flat=True))
    assert "regiekamer" in niveaus and niveaus & {"ketenmanager", "stuurgroep"}
    assert Opschaling.objects.exclude(besluit_op=None).exclude(uitkomst="").exists()
    assert 4 <= Knelpunt.objects.count() <= 6
    assert len(set(Knelpunt.objects.values_list("status", flat=True))) >= 2

    # Closing: every closed case has an Afsluiting on its closing date; about eight months on average.
    assert Afsluiting.objects.count() == status[S.AFGESLOTEN]
    assert not Casus.objects.filter(status=S.AFGESLOTEN, afsluiting=None).exists()
    gesloten_op = {c: timezone.localtime(t).date() for c, t in CasusStatus.objects.filter(naar=S.AFGESLOTEN).values_list("casus", "tijdstip")}
    afsluitingen = list(Afsluiting.objects.select_related("casus"))
    for a in afsluitingen:
        assert gesloten_op[a.casus_id] == a.datum
    duur = [a.duur_dagen for a in afsluitingen]
    assert 210 <= sum(duur) / len(duur) <= 270
    assert 0.08 <= sum(d < 182 for d in duur) / len(duur) <= 0.2
    redenen = dict(Afsluiting.objects.values_list("reden").annotate(n=Count("id")))
    assert redenen["doelen_behaald"] + redenen["afgeschaald"] >= 0.7 * len(afsluitingen)
    afgeschaald = Afsluiting.objects.filter(reden=Afsluiting.Reden.AFGESCHAALD)
    assert not afgeschaald.filter(overgedragen_aan=None).exists()
    assert set(afgeschaald.values_list("overgedragen_aan__code", flat=True)) <= {
        o.code for o in Organisatie.objects.exclude(gemeente=None)}
    aandeel = {u.code: u.afsluitingen.count() / len(afsluitingen) for u in AfsluitUitkomst.objects.all()}
    for code, verwacht in {"samenwerking": 0.95, "casushouder_verder": 0.9, "voortgang": 0.55, "beheersbaar": 0.4,
                           "doorbraak": 0.15}.items():
        assert abs(aandeel[code] - verwacht) <= 0.1, code

    # ZSM: advice for about twenty running focus/Top-X cases, most still valid.
    adviezen = ZsmAdvies.objects.all()
    assert 10 <= adviezen.count() <= 25
    assert not adviezen.filter(casus__status=S.AFGESLOTEN).exists()
    assert set(adviezen.values_list("casus__overlegtype__code", flat=True)) <= {"focus", "top_x"}
    verlopen = adviezen.filter(geldig_tot__lt=vandaag).count()
    assert 1 <= verlopen <= adviezen.count() // 3


@pytest.mark.django_db
def test_bulk_maakt_precies_de_gevraagde_aantallen():
    seed("--meldingen", "2000", "--persons", "600")
    assert Melding.objects.count() == 2000
    assert Persoon.objects.count() == 600
    assert_bsns_geldig()
    assert not Persoon.objects.filter(zoeknaam="").exists()
    systeem = Gebruiker.objects.get(username=BULK_GEBRUIKER)
    assert not systeem.has_usable_password()
    assert not systeem.rol_toekenningen.exists()
    assert Melding.objects.filter(geregistreerd_door=systeem).count() == 2000

    koppelingen = MeldingPersoon.objects.count()
    assert 2000 <= koppelingen <= 4000
    assert not Melding.objects.filter(koppelingen=None).exists()
    per_persoon = MeldingPersoon.objects.values("persoon").annotate(n=Count("id"))
    assert per_persoon.aggregate(m=Max("n"))["m"] >= 5
    assert Melding.objects.filter(status=Melding.Status.GEWOGEN).count() > 1500
    assert Melding.objects.values("gemeente").distinct().count() >= 15
    assert Melding.objects.filter(casus__isnull=False).exists()
    for casus in Casus.objects.prefetch_related("betrokkenheden", "meldingen")[:50]:
        rollen = [b.rol for b in casus.betrokkenheden.all()]
        assert CasusBetrokkenheid.Rol.INBRENGER in rollen
        assert CasusBetrokkenheid.Rol.GENODIGD in rollen

    # Appending more works: ids and BSNs continue after the existing rows.
    seed("--meldingen", "100", "--persons", "50")
    assert Melding.objects.count() == 2100
    assert Persoon.objects.count() == 650
    assert_bsns_geldig()
    nieuwe = Melding.objects.create(
        kanaal=Melding.Kanaal.MAIL, melder_organisatie=Organisatie.objects.get(code="politie"), melder_naam="Test",
        gemeente=Gemeente.objects.get(code="leiden"), thema=Thema.objects.first(), omschrijving="Test",
        geregistreerd_door=systeem,
    )
    assert nieuwe.pk > 2100
