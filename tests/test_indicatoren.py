"""Every indicator of docs/indicators.md against a small fixture whose numbers are worked out by hand
in the comments. Period: the calendar year 2015, peildatum 31-12-2015."""
from datetime import date, datetime, time

import pytest
from django.utils import timezone

from schakel.briefing.models import BesluitOptie, Briefing, Weging
from schakel.casussen.models import AfsluitUitkomst, Afsluiting, Casus
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding, MeldingPersoon, Thema
from schakel.opschaling.models import Escalatieniveau, Opschaling
from schakel.overleggen.models import Overlegtype
from schakel.partners.models import Organisatie
from schakel.personen.models import Persoon
from schakel.rapportage.factsheet import factsheet
from schakel.rapportage.indicatoren import Periode, bereken, pct

JAAR = Periode.jaar(2015)


def moment(d: date, uur=12, minuut=0):
    return timezone.make_aware(datetime.combine(d, time(uur, minuut)))


class Bouwer:
    def __init__(self, door):
        self.door = door
        self.briefings = {}

    def persoon(self, geslacht, geboren):
        return Persoon.objects.create(achternaam="Testpersoon", geslacht=geslacht, geboortedatum=geboren)

    def melding(self, persoon, org, gemeente, ontvangen, thema="overlast", soort="casus", kanaal="mail", onderwerp="persoon"):
        m = Melding.objects.create(
            ontvangen_op=ontvangen, kanaal=kanaal, soort=soort, onderwerp=onderwerp,
            melder_organisatie=Organisatie.objects.get(code=org), melder_naam="Melder",
            gemeente=Gemeente.objects.get(code=gemeente), thema=Thema.objects.get(code=thema), omschrijving="Test.",
            geregistreerd_door=self.door,
        )
        if persoon:
            MeldingPersoon.objects.create(melding=m, persoon=persoon)
        return m

    def weeg(self, melding, op, besluit, subreden=None):
        dag = timezone.localtime(op).date()
        briefing = self.briefings.get(dag) or Briefing.objects.create(datum=dag, voorzitter=self.door)
        self.briefings[dag] = briefing
        return Weging.objects.create(
            briefing=briefing, melding=melding, besluit=BesluitOptie.objects.get(code=besluit),
            subreden=BesluitOptie.objects.get(code=subreden) if subreden else None, gewogen_op=op, gewogen_door=self.door,
        )

    def casus(self, overlegtype, gemeente, geopend, thema="overlast", gesloten=None, uitkomsten=()):
        c = Casus.objects.create(
            overlegtype=Overlegtype.objects.get(code=overlegtype), gemeente=Gemeente.objects.get(code=gemeente),
            thema=Thema.objects.get(code=thema), geopend_op=geopend, geopend_door=self.door,
            status=Casus.Status.AFGESLOTEN if gesloten else Casus.Status.IN_BEHANDELING,
        )
        if gesloten:
            a = Afsluiting.objects.create(casus=c, datum=gesloten, reden="doelen_behaald", door=self.door)
            a.uitkomsten.set(AfsluitUitkomst.objects.filter(code__in=uitkomsten))
        return c

    def schaal_op(self, op, casus=None, melding=None):
        return Opschaling.objects.create(
            casus=casus, melding=melding, niveau=Escalatieniveau.objects.order_by("volgorde").first(),
            reden="Vastgelopen.", gevraagd_besluit="Doorbraak.", opgeschaald_op=op, door=self.door,
        )


@pytest.fixture
def wereld(users):
    b = Bouwer(users["ic"])
    p1 = b.persoon("man", date(2000, 6, 15))  # 15 on the peildatum: <18
    p2 = b.persoon("vrouw", date(1995, 12, 31))  # 20: 18-23
    p3 = b.persoon("man", date(1992, 12, 31))  # turns 23 on the peildatum itself: 23+
    p4 = b.persoon("onbekend", None)  # age unknown
    p5 = b.persoon("man", date(1990, 1, 1))  # only in a radicalisation melding: never counted

    m1 = b.melding(p1, "politie", "gouda", moment(date(2015, 1, 10)))
    m2 = b.melding(p1, "dji", "leiden", moment(date(2015, 2, 10)), thema="nazorg")
    m3 = b.melding(p1, "politie", "gouda", moment(date(2015, 3, 10)))
    m4 = b.melding(p2, "gemeente-gouda", "gouda", moment(date(2015, 4, 10)), soort="advies")
    m5 = b.melding(p3, "politie", "leiden", moment(date(2015, 5, 10)), kanaal="zsm")
    m6 = b.melding(p4, "reclassering", "buiten-regio", moment(date(2015, 6, 10)))
    m7 = b.melding(p2, "veilig-thuis", "gouda", moment(date(2015, 6, 20)), onderwerp="gezin", thema="huiselijk-geweld")
    m8 = b.melding(p5, "politie", "leiden", moment(date(2015, 7, 10)), thema="radicalisering")
    m9 = b.melding(p3, "politie", "leiden", moment(date(2014, 12, 31), 23, 30))  # received in 2014 (local time)
    b.melding(None, "politie", "leiden", moment(date(2015, 12, 31), 23, 59))  # m10: last minute of 2015, not weighed

    b.weeg(m1, moment(date(2015, 2, 1)), "focus")
    b.weeg(m2, moment(date(2015, 3, 1)), "geen_vervolg", "uitgesteld")  # postponed, then decided:
    b.weeg(m2, moment(date(2015, 3, 8)), "bilateraal")  # only this last decision counts
    b.weeg(m3, moment(date(2015, 4, 1)), "geen_vervolg", "past_niet")
    b.weeg(m4, moment(date(2015, 5, 1)), "nazorg")
    b.weeg(m5, moment(date(2015, 6, 1)), "geen_vervolg", "belegd")
    b.weeg(m6, moment(date(2015, 8, 1)), "geen_vervolg", "informeren")
    b.weeg(m7, moment(date(2015, 7, 1)), "bilateraal")
    b.weeg(m8, moment(date(2015, 7, 15)), "focus")  # radicalisation: excluded
    b.weeg(m9, moment(date(2015, 1, 5)), "vrijwillig_traject")  # received 2014, weighed 2015: counts here
    m11 = b.melding(p4, "politie", "leiden", moment(date(2015, 12, 20)))
    b.weeg(m11, moment(date(2016, 1, 1), 0, 0), "focus")  # weighed at midnight into 2016

    c1 = b.casus("focus", "gouda", moment(date(2015, 2, 2)), gesloten=date(2015, 8, 1), uitkomsten=["samenwerking", "voortgang"])
    b.casus("nazorg", "gouda", moment(date(2015, 5, 2)))
    c3 = b.casus("focus", "leiden", moment(date(2014, 6, 1)), gesloten=date(2015, 1, 15),
                 uitkomsten=["samenwerking", "casushouder_verder"])
    b.casus("focus", "leiden", moment(date(2013, 1, 1)), gesloten=date(2014, 12, 31))  # closed before 2015
    c5 = b.casus("radicalisering", "leiden", moment(date(2015, 3, 1)), thema="radicalisering")
    b.casus("nazorg", "buiten-regio", moment(date(2015, 12, 31), 23, 0))
    b.casus("nazorg", "leiden", moment(date(2016, 1, 1), 0, 30))  # 2016
    b.casus("focus", "leiden", moment(date(2015, 3, 1)), thema="radicalisering")

    b.schaal_op(date(2015, 3, 1), casus=c1)
    b.schaal_op(date(2015, 4, 1), melding=m3)  # straight from the briefing
    b.schaal_op(date(2015, 5, 1), casus=c5)  # radicalisation
    b.schaal_op(date(2014, 12, 1), casus=c3)  # 2014
    b.schaal_op(date(2015, 9, 1), melding=m8)  # radicalisation melding
    return b


@pytest.fixture
def rapport(wereld):
    return bereken(JAAR)


def test_meldingen_received_in_the_period(rapport):
    m = rapport["meldingen"]
    # m1-m7, m10 and m11 (weighed only in 2016); m8 is radicalisation, m9 arrived at 23:30 on
    # 31-12-2014 Dutch time.
    assert m["totaal"] == 9
    assert {k: v for k, v in m["per_bron"].items() if v} == {
        "politie": 4, "dji": 1, "gemeente": 1, "zsm": 1, "reclassering": 1, "veilig_thuis": 1,
    }
    assert set(m["per_bron"]) == {"politie", "dji", "gemeente", "om", "reclassering", "zorg", "veilig_thuis", "zsm", "overig"}
    assert {k: v for k, v in m["per_gemeente"].items() if v} == {"Gouda": 4, "Leiden": 4, "Buiten regio": 1}
    assert m["per_gemeente"]["Geen GBA"] == 0
    assert {k: v for k, v in m["per_thema"].items() if v} == {"overlast": 7, "nazorg": 1, "huiselijk-geweld": 1}
    assert "radicalisering" not in m["per_thema"]
    assert m["per_soort"] == {"casus": 8, "informatievraag": 0, "advies": 1, "contactverzoek": 0}
    # Gouda is Midden Holland, Leiden Holland Rijnland; Buiten regio has no sub-region.
    assert m["per_subregio"] == {"Midden Holland": 4, "Holland Rijnland": 4}


def test_briefing_decisions_count_each_weighed_melding_once(rapport):
    b = rapport["briefing"]
    # m1 focus, m2 bilateraal (after 'uitgesteld'), m3/m5/m6 geen vervolg, m4 nazorg, m7 bilateraal, m9 vrijwillig.
    assert b["totaal"] == 8
    assert b["besluiten"] == {"focus": 1, "nazorg": 1, "bilateraal": 2, "vrijwillig_traject": 1, "opschalen": 0, "geen_vervolg": 3}
    assert b["subredenen"] == {"belegd": 1, "uitgesteld": 0, "informeren": 1, "past_niet": 1}
    assert b["actie_percentage"] == 62.5  # 5 of 8
    assert b["besluiten_pct"]["bilateraal"] == 25.0 and b["besluiten_pct"]["geen_vervolg"] == 37.5
    assert isinstance(b["actie_percentage"], float)


def test_persons_unique_repeat_gender_and_age(rapport):
    p = rapport["personen"]
    assert p["peildatum"] == "2015-12-31"
    # Weighed: p1 ×3 (m1, m2, m3), p2 ×2 (m4, m7), p3 ×2 (m5, m9), p4 ×1 (m6).
    assert p["uniek"] == 4
    assert p["herhaald"] == {"2": 2, "3": 1, "4": 0, "5": 0, "6": 0, "7+": 0}
    # m7 is about a family; the rest by their person.
    assert {k: v for k, v in p["geslacht"].items() if k in ("man", "vrouw", "gezin", "onbekend")} == {
        "man": 5, "vrouw": 1, "gezin": 1, "onbekend": 1,
    }
    assert p["leeftijd"] == {"<18": 3, "18-23": 2, "23+": 2, "onbekend": 1}


def test_cases_started_and_in_treatment(rapport):
    c = rapport["casussen"]
    assert c["gestart_per_overlegtype"]["focus"] == 1  # c1
    assert c["gestart_per_overlegtype"]["nazorg"] == 2  # c2, and c6 at 23:00 on 31-12
    assert c["in_behandeling_per_overlegtype"]["focus"] == 2  # c1, and c3 closed in January
    assert c["in_behandeling_per_overlegtype"]["nazorg"] == 2
    assert "radicalisering" not in c["in_behandeling_per_overlegtype"]
    per_gemeente = {g: {t: n for t, n in rij.items() if n} for g, rij in c["per_gemeente_per_overlegtype"].items()}
    assert {g: rij for g, rij in per_gemeente.items() if rij} == {
        "Gouda": {"focus": 1, "nazorg": 1}, "Leiden": {"focus": 1}, "Buiten regio": {"nazorg": 1},
    }


def test_closing_outcomes_within_six_months_and_duration(rapport):
    a = rapport["afsluiting"]
    assert a["totaal"] == 2  # c1 and c3
    assert a["uitkomsten"] == {"samenwerking": 2, "voortgang": 1, "beheersbaar": 0, "casushouder_verder": 1, "doorbraak": 0}
    assert a["binnen_6_maanden_pct"] == 50.0  # c1 in 180 days; c3 took 7 months
    assert a["gemiddelde_duur_dagen"] == 204.0  # (180 + 228) / 2
    assert a["uitkomsten_pct"]["samenwerking"] == 100.0 and a["uitkomsten_pct"]["voortgang"] == 50.0
    assert a["uitkomsten_pct"]["doorbraak"] == 0.0
    assert {k: v for k, v in a["per_overlegtype"].items() if v} == {"focus": 2}


def test_escalations(rapport):
    assert rapport["opschalingen"]["totaal"] == 2
    assert rapport["opschalingen"]["vanuit_briefing"] == 1
    assert rapport["opschalingen"]["per_niveau"] == {"procesregisseur": 2}


@pytest.mark.parametrize("gesloten, binnen", [(date(2015, 8, 2), True), (date(2015, 8, 3), False), (date(2015, 7, 31), True)])
def test_six_months_is_calendar_months(users, gesloten, binnen):
    Bouwer(users["ic"]).casus("focus", "gouda", moment(date(2015, 2, 2)), gesloten=gesloten)
    assert bereken(JAAR)["afsluiting"]["binnen_6_maanden_pct"] == (100.0 if binnen else 0.0)


def test_empty_period_gives_zeros_and_no_percentages(ref):
    r = bereken(Periode.jaar(2030))
    assert r["meldingen"]["totaal"] == 0
    assert r["briefing"]["actie_percentage"] is None
    assert r["afsluiting"]["gemiddelde_duur_dagen"] is None


def test_period_must_not_end_before_it_starts():
    with pytest.raises(ValueError, match="voor de begindatum"):
        Periode(date(2015, 2, 1), date(2015, 1, 31))


def test_percentages_round_half_up():
    assert pct(1, 8) == 12.5
    assert pct(1, 3) == 33.3
    assert pct(2, 3) == 66.7
    assert pct(1, 16) == 6.3  # 6.25 rounds up, as by hand
    assert pct(0, 0) is None


def test_factsheet_suppresses_small_counts_and_shows_share(wereld):
    f = factsheet(JAAR, Gemeente.objects.get(code="gouda"))
    assert f["gemeente"] == "Gouda"
    assert f["meldingen"]["totaal"] == "<5"  # 4 meldingen
    assert f["meldingen"]["aandeel_regio_pct"] is None  # 4 of 9 would give the 4 away
    assert f["meldingen"]["regio"] == 9
    assert f["casussen"]["in_behandeling_per_overlegtype"]["focus"] == {"aantal": "<5", "regio": 2, "aandeel_regio_pct": None}
    assert f["casussen"]["in_behandeling_per_overlegtype"]["top_x"]["aantal"] == 0
    assert "personen" not in f


def test_factsheet_threshold_is_configurable(wereld, settings):
    settings.RAPPORTAGE_DREMPEL = 2
    f = factsheet(JAAR, Gemeente.objects.get(code="gouda"))
    assert f["meldingen"]["totaal"] == 4
    assert f["meldingen"]["aandeel_regio_pct"] == 44.4  # 4 of 9
    assert f["casussen"]["in_behandeling_per_overlegtype"]["focus"] == {"aantal": "x", "regio": 2, "aandeel_regio_pct": None}
    assert f["casussen"]["in_behandeling_per_overlegtype"]["nazorg"] == {"aantal": "x", "regio": 2, "aandeel_regio_pct": None}
    # A caller cannot go below the configured threshold (hole 13: it switched suppression off).
    assert factsheet(JAAR, Gemeente.objects.get(code="gouda"), drempel=1)["casussen"]["in_behandeling_per_overlegtype"][
        "nazorg"
    ] == {"aantal": "x", "regio": 2, "aandeel_regio_pct": None}


def test_municipality_report_counts_only_that_municipality(wereld):
    r = bereken(JAAR, Gemeente.objects.get(code="leiden"))
    assert r["meldingen"]["totaal"] == 4  # m2, m5, m10, m11
    assert r["briefing"]["totaal"] == 3  # m2, m5, m9
    assert r["afsluiting"]["totaal"] == 1  # c3


def test_weighed_melding_without_person_counts_as_unknown_or_family(users):
    b = Bouwer(users["ic"])
    gebied = b.melding(None, "politie", "leiden", moment(date(2015, 3, 1)), onderwerp="gebied")
    gezin = b.melding(None, "politie", "leiden", moment(date(2015, 3, 1)), onderwerp="gezin")
    for m in (gebied, gezin):
        b.weeg(m, moment(date(2015, 3, 2)), "bilateraal")
    p = bereken(JAAR)["personen"]
    assert (p["uniek"], p["geslacht"]["onbekend"], p["geslacht"]["gezin"], p["leeftijd"]["onbekend"]) == (0, 1, 1, 2)
