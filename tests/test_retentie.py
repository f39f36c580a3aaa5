"""Retention: exactly the due items lose their personal data, every count survives, a legal hold
protects a case, a dry run changes nothing, and a second run changes nothing more."""
import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils import timezone

from schakel.avg.apps import na_migratie, zaai_bewaartermijnen
from schakel.avg.models import GEWIST, Bewaarplicht, Bewaartermijn, Geanonimiseerd, Verwijderingsregistratie
from schakel.avg.retentie import min_jaren, verwerk
from schakel.avg.tasks import TAAK
from schakel.briefing.models import BesluitOptie, Briefing, Weging
from schakel.briefing.services import agendeer, maak_briefing, weeg
from schakel.casussen.models import AfsluitUitkomst, Afsluiting, Casus
from schakel.casussen.services import sluit_casus_af
from schakel.meldingen.models import Melding, Terugkoppeling
from schakel.monitoring.models import Monitoringcontact
from schakel.opschaling.models import Escalatieniveau, Opschaling
from schakel.overleggen.models import Bespreking, Overleg, Overlegtype
from schakel.rapportage.indicatoren import Periode, bereken
from schakel.partners.models import Organisatie
from schakel.personen.models import Persoon
from schakel.plannen.models import Actie, Doel, PlanVanAanpak
from schakel.uitvragen.models import InformatieUitvraag
from schakel.zsm.models import ZsmAdvies

from .factories import PersoonFactory
from .scenario import bouw_scenario, nieuwe_melding, weeg_focus

VANDAAG = datetime.date(2026, 6, 15)


def geleden(jaren, dagen=0):
    return min_jaren(VANDAAG, jaren) - datetime.timedelta(days=dagen)


def als_ontvangen(melding, dag):
    Melding.objects.filter(pk=melding.pk).update(
        ontvangen_op=timezone.make_aware(datetime.datetime.combine(dag, datetime.time(10, 0)))
    )


def gewogen_melding(users, persoon, *, besluit="geen_vervolg", ontvangen=None):
    """A melding through registration, briefing and weighing; `geen_vervolg` opens no case."""
    melding = nieuwe_melding(users["ic"], persoon=persoon)
    briefing = maak_briefing(briefing=Briefing(datum=timezone.localdate()), weegploeg=[], door=users["pr"])
    agendeer(briefing=briefing, meldingen=[melding], door=users["pr"])
    if besluit == "focus":
        weeg_focus(briefing, melding, users["pr"])
    else:
        weeg(weging=Weging(briefing=briefing, melding=melding, besluit=BesluitOptie.objects.get(code=besluit),
                           subreden=BesluitOptie.objects.get(code="past_niet"), toelichting="Past niet."),
             door=users["pr"])
    if ontvangen:
        als_ontvangen(melding, ontvangen)
    melding.refresh_from_db()
    return melding


def vul_casus(casus, users, tekst="Vertrouwelijk"):
    """Minutes, a plan with a goal and an action, monitoring, an escalation, a ZSM advice."""
    overleg = Overleg.objects.create(overlegtype=casus.overlegtype, voorzitter=users["pr"])
    Bespreking.objects.create(overleg=overleg, casus=casus, notulen=f"{tekst}: notulen", besluiten=f"{tekst}: besluit")
    plan = PlanVanAanpak.objects.create(casus=casus, type="integraal", casushouder=users["reclassering"],
                                        vastgesteld_op=timezone.localdate(), toelichting=f"{tekst}: plan")
    doel = Doel.objects.create(plan=plan, leefgebied="huisvesting", omschrijving=f"{tekst}: doel")
    Actie.objects.create(plan=plan, doel=doel, organisatie=Organisatie.objects.get(code="reclassering"),
                         omschrijving=f"{tekst}: actie", deadline=timezone.localdate())
    Monitoringcontact.objects.create(casus=casus, termijn="Na 1 week", gepland_op=timezone.localdate(), toelichting=f"{tekst}: contact")
    Opschaling.objects.create(casus=casus, niveau=Escalatieniveau.objects.order_by("volgorde").first(),
                              reden=f"{tekst}: reden", gevraagd_besluit=f"{tekst}: gevraagd", door=users["pr"])
    ZsmAdvies.objects.create(casus=casus, schets=f"{tekst}: schets", gewenste_maatregelen=f"{tekst}: maatregel",
                             geldig_tot=timezone.localdate(), door=users["pr"])


def sluit(casus, users, datum):
    return sluit_casus_af(
        casus=casus, afsluiting=Afsluiting(datum=datum, reden="doelen_behaald", toelichting="Overgedragen aan wijkteam"),
        uitkomsten=AfsluitUitkomst.objects.filter(code__in=["samenwerking", "voortgang"]), door=users["pr"],
    )


def tellingen():
    """The management figures (design §5) with aggregate queries; retention must not change one."""
    def rijen(qs):
        return sorted(tuple(r.values()) for r in qs)

    return {
        "meldingen per jaar/gemeente/bron/kanaal": rijen(
            Melding.objects.annotate(jaar=ExtractYear("ontvangen_op")).values("jaar", "gemeente_id", "melder_organisatie_id", "kanaal")
            .annotate(n=Count("pk")).order_by()),
        "meldingen per thema/status": rijen(Melding.objects.values("thema_id", "status").annotate(n=Count("pk")).order_by()),
        "besluiten per jaar": rijen(
            Weging.objects.annotate(jaar=ExtractYear("gewogen_op")).values("jaar", "besluit_id", "subreden_id", "voldoet_aan_kader")
            .annotate(n=Count("pk")).order_by()),
        "casussen per overlegtype/gemeente/status": rijen(
            Casus.objects.annotate(jaar=ExtractYear("geopend_op")).values("jaar", "overlegtype_id", "gemeente_id", "status")
            .annotate(n=Count("pk")).order_by()),
        "uitkomsten": rijen(Afsluiting.objects.values("reden", "uitkomsten__code").annotate(n=Count("pk")).order_by()),
        "personen per geslacht/gemeente/geboortejaar": rijen(
            Persoon.objects.annotate(jaar=ExtractYear("geboortedatum")).values("geslacht", "gemeente_id", "jaar")
            .annotate(n=Count("pk")).order_by()),
        "unieke personen en herhaalmeldingen": rijen(
            Persoon.objects.annotate(n=Count("meldingkoppelingen")).values("n").annotate(aantal=Count("pk")).order_by()),
        "rijen": [m.objects.count() for m in (Bespreking, Actie, Doel, Opschaling, ZsmAdvies, Monitoringcontact,
                                              Terugkoppeling, InformatieUitvraag, Afsluiting)],
        # The annual reports themselves, every year back to the oldest record (ages on 31 December
        # survive because retention keeps the birth year).
        "jaarrapportages": [bereken(Periode.jaar(jaar)) for jaar in range(timezone.localdate().year - 8, timezone.localdate().year + 1)],
    }


@pytest.fixture
def wereld(users):
    """Case A closed 6 years ago (due), case B closed 4 years ago (not due), case C closed 7 years ago
    under a legal hold; melding M1 without a case received 3 years ago (due), M2 one year ago (not due),
    M3 never weighed (not due). P4 is in M1 and in case B, so P4 stays."""
    s = bouw_scenario(users)
    a = s.casus
    vul_casus(a, users, "Geheim A")
    Terugkoppeling.objects.create(melding=s.melding, datum=timezone.localdate(), kanaal="mail", tekst="Besproken met melder A", door=users["ic"])
    sluit(a, users, geleden(5, 1))

    p4 = PersoonFactory(achternaam="Vier", bsn="123456782")
    m_b = gewogen_melding(users, p4, besluit="focus")
    b = m_b.casus
    vul_casus(b, users, "Geheim B")
    sluit(b, users, geleden(4))

    p5 = PersoonFactory(achternaam="Vijf")
    m_c = gewogen_melding(users, p5, besluit="focus")
    c = m_c.casus
    vul_casus(c, users, "Geheim C")
    sluit(c, users, geleden(7))
    Bewaarplicht.objects.create(casus=c, reden="Lopende procedure bij de rechtbank", door=users["fg"])

    p6 = PersoonFactory(achternaam="Zes")
    m1 = gewogen_melding(users, p6, ontvangen=geleden(2, 1))
    m1.personen.add(p4)
    InformatieUitvraag.objects.create(melding=m1, gemeente=m1.gemeente, persoon=p6, vraag="Bekend bij W&I?", antwoord="Ja, schulden.",
                                      gevraagd_door=users["ic"])
    m2 = gewogen_melding(users, PersoonFactory(achternaam="Twee"), ontvangen=geleden(1))
    m3 = nieuwe_melding(users["ic"], persoon=PersoonFactory(achternaam="Drie"))
    als_ontvangen(m3, geleden(3))
    return {"s": s, "a": a, "b": b, "c": c, "m1": m1, "m2": m2, "m3": m3, "m_b": m_b, "m_c": m_c,
            "p1": s.persoon, "p4": p4, "p5": p5, "p6": p6}


def teksten():
    """Every free text and identifying field, to see what changed."""
    return {
        "melding": dict(Melding.objects.values_list("pk", "omschrijving")),
        "melder": dict(Melding.objects.values_list("pk", "melder_naam")),
        "bespreking": dict(Bespreking.objects.values_list("casus_id", "notulen")),
        "actie": dict(Actie.objects.values_list("plan__casus_id", "omschrijving")),
        "doel": dict(Doel.objects.values_list("plan__casus_id", "omschrijving")),
        "zsm": dict(ZsmAdvies.objects.values_list("casus_id", "schets")),
        "opschaling": dict(Opschaling.objects.values_list("casus_id", "reden")),
        "monitoring": dict(Monitoringcontact.objects.values_list("casus_id", "toelichting")),
        "afsluiting": dict(Afsluiting.objects.values_list("casus_id", "toelichting")),
        "weging": dict(Weging.objects.values_list("melding_id", "toelichting")),
        "terugkoppeling": dict(Terugkoppeling.objects.values_list("melding_id", "tekst")),
        "uitvraag": dict(InformatieUitvraag.objects.values_list("melding_id", "antwoord")),
        "persoon": {p.pk: (p.achternaam, p.bsn, p.geboortedatum) for p in Persoon.objects.all()},
    }


@pytest.mark.django_db
def test_exactly_the_due_items_are_anonymised_and_counts_survive(wereld):
    w = wereld
    voor, tekst_voor = tellingen(), teksten()
    geboren = Persoon.objects.get(pk=w["p1"].pk).geboortedatum
    # The comparison below means something only if the reports hold the data that is anonymised.
    assert sum(j["briefing"]["totaal"] for j in voor["jaarrapportages"]) >= 2
    assert sum(j["afsluiting"]["totaal"] for j in voor["jaarrapportages"]) >= 2
    assert sum(j["personen"]["leeftijd"]["23+"] + j["personen"]["leeftijd"]["18-23"] for j in voor["jaarrapportages"]) >= 1

    rapport = verwerk(vandaag=VANDAAG)

    assert rapport.casussen == [w["a"].pk]
    assert set(rapport.meldingen) == {w["s"].melding.pk, w["m1"].pk}
    assert set(rapport.personen) == {w["p1"].pk, w["p6"].pk}
    assert tellingen() == voor

    na = teksten()
    for soort in ("bespreking", "actie", "doel", "zsm", "opschaling", "monitoring", "afsluiting"):
        assert na[soort][w["a"].pk] == GEWIST, soort
        assert na[soort][w["b"].pk] == tekst_voor[soort][w["b"].pk], soort
        assert na[soort][w["c"].pk] == tekst_voor[soort][w["c"].pk], soort
    gewist = {w["s"].melding.pk, w["m1"].pk}
    for pk, tekst in na["melding"].items():
        assert (tekst == GEWIST) == (pk in gewist), pk
        assert (na["melder"][pk] == GEWIST) == (pk in gewist), pk
    assert na["weging"][w["m1"].pk] == GEWIST and na["weging"][w["m2"].pk] == tekst_voor["weging"][w["m2"].pk]
    assert na["terugkoppeling"][w["s"].melding.pk] == GEWIST
    assert na["uitvraag"][w["m1"].pk] == GEWIST
    for pk, (achternaam, bsn, geboortedatum) in na["persoon"].items():
        if pk in (w["p1"].pk, w["p6"].pk):
            assert achternaam == "Gewist" and bsn is None
        else:
            assert na["persoon"][pk] == tekst_voor["persoon"][pk]
    # The birth year stays for the age bands; day and month go.
    assert Persoon.objects.get(pk=w["p1"].pk).geboortedatum == datetime.date(geboren.year, 1, 1)
    # Rows, statuses and dates are all still there.
    a = Casus.objects.get(pk=w["a"].pk)
    assert a.status == "afgesloten" and a.afsluiting.datum == geleden(5, 1) and a.personen.count() == 1

    registraties = Verwijderingsregistratie.objects.filter(aanleiding="bewaartermijn")
    per_soort = {r.objecttype: r.aantal for r in registraties}
    assert per_soort["persoon"] == 2 and per_soort["melding"] == 2 and per_soort["bespreking"] == 1
    assert all(r.door is None for r in registraties)
    # The registration says what kind of data went, never the data itself.
    for r in registraties:
        assert "Geheim" not in r.gegevens + r.reden and "Jansen" not in r.gegevens + r.reden


@pytest.mark.django_db
def test_period_boundary_and_configured_years(wereld):
    w = wereld
    # Closed exactly five years before the day: not yet due.
    rapport = verwerk(vandaag=VANDAAG - datetime.timedelta(days=1), droog=True)
    assert w["a"].pk not in rapport.casussen
    # Seven years for focus: case A is no longer due; one year for meldingen without a case takes M2.
    Bewaartermijn.objects.filter(overlegtype__code="focus").update(jaren=7)
    Bewaartermijn.objects.filter(overlegtype__isnull=True).update(jaren=1)
    rapport = verwerk(vandaag=VANDAAG + datetime.timedelta(days=1), droog=True)
    assert rapport.casussen == []
    assert set(rapport.meldingen) == {w["m1"].pk, w["m2"].pk}


@pytest.mark.django_db
def test_held_case_stays_until_the_hold_ends(wereld):
    w = wereld
    verwerk(vandaag=VANDAAG)
    assert Bespreking.objects.get(casus=w["c"]).notulen == "Geheim C: notulen"
    assert Persoon.objects.get(pk=w["p5"].pk).achternaam == "Vijf"
    Bewaarplicht.objects.filter(casus=w["c"]).update(tot=VANDAAG)
    assert verwerk(vandaag=VANDAAG).casussen == []  # the hold runs through its last day
    rapport = verwerk(vandaag=VANDAAG + datetime.timedelta(days=1))
    assert rapport.casussen == [w["c"].pk]
    assert Bespreking.objects.get(casus=w["c"]).notulen == GEWIST
    assert Persoon.objects.get(pk=w["p5"].pk).achternaam == "Gewist"


@pytest.mark.django_db
def test_dry_run_changes_nothing_and_lists_the_same(wereld):
    voor, tekst_voor = tellingen(), teksten()
    droog = verwerk(vandaag=VANDAAG, droog=True)
    assert teksten() == tekst_voor and tellingen() == voor
    assert not Verwijderingsregistratie.objects.exists() and not Geanonimiseerd.objects.exists()
    echt = verwerk(vandaag=VANDAAG)
    assert (droog.casussen, droog.meldingen, droog.personen) == (echt.casussen, echt.meldingen, echt.personen)
    assert sorted(droog.telling) == sorted(echt.telling)
    assert droog.casussen and droog.meldingen and droog.personen


@pytest.mark.django_db
def test_second_run_changes_nothing_more(wereld):
    verwerk(vandaag=VANDAAG)
    tekst, registraties = teksten(), Verwijderingsregistratie.objects.count()
    tweede = verwerk(vandaag=VANDAAG)
    assert tweede.leeg and tweede.telling == []
    assert teksten() == tekst and Verwijderingsregistratie.objects.count() == registraties


@pytest.mark.django_db
def test_command_dry_run_and_date(wereld, capsys):
    call_command("bewaartermijnen", "--droog", "--datum", VANDAAG.isoformat())
    uit = capsys.readouterr().out
    assert "Proefdraai" in uit and "1 casus(sen), 2 melding(en), 2 perso(o)n(en)" in uit
    assert Melding.objects.get(pk=wereld["m1"].pk).omschrijving != GEWIST
    call_command("bewaartermijnen", "--datum", VANDAAG.isoformat())
    assert Melding.objects.get(pk=wereld["m1"].pk).omschrijving == GEWIST
    with pytest.raises(CommandError, match="JJJJ-MM-DD"):
        call_command("bewaartermijnen", "--datum", "15-06-2026")


@pytest.mark.django_db
def test_reference_periods_and_daily_schedule(ref):
    from django_q.models import Schedule

    zaai_bewaartermijnen()
    zaai_bewaartermijnen()
    termijnen = dict(Bewaartermijn.objects.values_list("overlegtype_id", "jaren"))
    assert termijnen.pop(None) == 2
    assert termijnen == {pk: 5 for pk in Overlegtype.objects.values_list("pk", flat=True)}
    # A new conference type gets the reference period at once.
    nieuw = Overlegtype.objects.create(code="wijk", naam="Wijkoverleg")
    assert Bewaartermijn.objects.get(overlegtype=nieuw).jaren == 5
    with pytest.raises(IntegrityError), transaction.atomic():
        Bewaartermijn.objects.create(overlegtype=None, jaren=3)
    na_migratie(sender=None)
    na_migratie(sender=None)
    schema = Schedule.objects.get(func=TAAK)
    assert schema.schedule_type == Schedule.DAILY and schema.repeats == -1
