"""The seed command: reference data, demo data and the large synthetic set for the benchmark."""
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Max
from django.test import override_settings

from schakel.beheer.bulk import BULK_GEBRUIKER, bsn_reeks
from schakel.beheer.demo import DEMO_GEBRUIKERS
from schakel.briefing.models import Agendapunt, BesluitOptie, Briefing, Weging
from schakel.casussen.models import Casus, CasusBetrokkenheid
from schakel.core.validators import geen_html
from schakel.gebruikers.models import Gebruiker, GebruikerRol
from schakel.gebruikers.rollen import Rol
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding, MeldingPersoon, MeldingStatus, Terugkoppeling, Thema
from schakel.overleggen.models import Overlegtype
from schakel.partners.models import Organisatie
from schakel.personen.models import Persoon, bsn_geldig
from schakel.uitvragen.models import InformatieUitvraag

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


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_demo_volumes_consistentie_en_idempotentie():
    uitvoer = seed("--demo")
    assert settings.SCHAKEL_DEMO_PASSWORD in uitvoer
    for gebruiker in DEMO_GEBRUIKERS:
        assert gebruiker.gebruikersnaam in uitvoer

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
    assert 0.09 <= mix["agenderen_nazorg"] <= 0.17
    assert 0.02 <= mix["agenderen_focus"] <= 0.07
    assert set(
        Weging.objects.filter(besluit__code="geen_vervolg").values_list("subreden__code", flat=True)
    ) == {"geen_vervolg_belegd", "geen_vervolg_uitgesteld", "geen_vervolg_informeren", "geen_vervolg_past_niet"}
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

    tellingen = {m.__name__: m.objects.count() for m in
                 (Gebruiker, Persoon, Melding, MeldingStatus, Briefing, Weging, Casus, Terugkoppeling, InformatieUitvraag)}
    uitvoer = seed("--demo")
    assert "al aanwezig" in uitvoer
    assert {m.__name__: m.objects.count() for m in
            (Gebruiker, Persoon, Melding, MeldingStatus, Briefing, Weging, Casus, Terugkoppeling, InformatieUitvraag)} == tellingen


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
