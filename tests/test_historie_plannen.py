"""Plans van aanpak in the historical import: the optional columns plan_vastgesteld and plantype
create the case's plan, all-or-nothing with the line of every bad row, and a second import adds nothing."""
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from schakel.casussen.models import Casus
from schakel.historie.importeren import SYSTEEM_GEBRUIKER
from schakel.plannen.models import PlanVanAanpak

from .test_historie import KOP, importeer, importeer_fout, schrijf_csv, tellingen

PLAN_KOP = [*KOP, "plan_vastgesteld", "plantype"]


def rij(**waarden) -> dict:
    basis = dict.fromkeys(PLAN_KOP, "")
    basis.update(melding_id="M-1", ontvangen_op="2015-03-02", bron="politie", gemeente="Leiden", persoon_id="P-1",
                 overlegtype="focus", casus_start="2015-03-10")
    basis.update(waarden)
    return basis


# Three cases: P-1's focus case with an integral plan stated on one of its two rows, P-2's nazorg case
# with a nazorg plan stated on both rows, and P-3's case without a plan.
GOED = [
    rij(melding_id="H-1", persoon_id="P-1", plan_vastgesteld="2015-03-24", plantype="integraal"),
    rij(melding_id="H-2", persoon_id="P-1", ontvangen_op="2015-04-01"),
    rij(melding_id="H-3", persoon_id="P-2", overlegtype="nazorg", casus_start="2015-05-01",
        plan_vastgesteld="2015-05-01", plantype="Nazorg"),
    rij(melding_id="H-4", persoon_id="P-2", overlegtype="nazorg", casus_start="2015-05-01",
        plan_vastgesteld="2015-05-01", plantype="nazorg", ontvangen_op="2015-04-20"),
    rij(melding_id="H-5", persoon_id="P-3"),
]


def plannen() -> dict:
    return {
        p.casus.personen.get().extern_id: (p.type, p.vastgesteld_op, p.casushouder.username, p.casus.overlegtype.code)
        for p in PlanVanAanpak.objects.select_related("casus__overlegtype", "casushouder")
    }


@pytest.mark.parametrize("formaat", ["csv", "xlsx"])
def test_plan_kolommen_maken_het_plan_van_de_casus(ref, tmp_path, formaat):
    pad = _xlsx(tmp_path, GOED) if formaat == "xlsx" else schrijf_csv(tmp_path / "plannen.csv", GOED, PLAN_KOP)

    uit, _ = importeer(pad)

    assert "5 meldingen toegevoegd" in uit and "3 casussen" in uit and "2 plannen van aanpak" in uit
    assert Casus.objects.count() == 3
    assert plannen() == {
        "P-1": ("integraal", date(2015, 3, 24), SYSTEEM_GEBRUIKER, "focus"),
        "P-2": ("nazorg", date(2015, 5, 1), SYSTEEM_GEBRUIKER, "nazorg"),
    }


def _xlsx(tmp_path, rijen):
    """schrijf_xlsx writes KOP's columns only; here the plan's date is a typed Excel date as well."""
    werkmap = Workbook()
    blad = werkmap.active
    blad.append(PLAN_KOP)
    for r in rijen:
        cellen = []
        for kolom in PLAN_KOP:
            waarde = r[kolom]
            if waarde and (kolom.endswith("_op") or kolom in ("casus_start", "plan_vastgesteld")):
                waarde = datetime.fromisoformat(waarde)
            cellen.append(waarde or None)
        blad.append(cellen)
    pad = tmp_path / "plannen.xlsx"
    werkmap.save(pad)
    return str(pad)


def test_tweede_import_voegt_niets_toe(ref, tmp_path):
    pad = schrijf_csv(tmp_path / "plannen.csv", GOED, PLAN_KOP)
    importeer(pad)
    voor = (tellingen(), plannen())
    # Same rows in another file (other bytes): every melding is already there, so nothing is written.
    ander = schrijf_csv(tmp_path / "opnieuw.csv", list(reversed(GOED)), PLAN_KOP)
    uit, _ = importeer(ander)
    assert "0 meldingen toegevoegd, 5 al aanwezig" in uit
    assert (tellingen(), plannen()) == voor


def test_later_bestand_geeft_een_eerder_geimporteerde_casus_zonder_plan_zijn_plan(ref, tmp_path):
    importeer(schrijf_csv(tmp_path / "2015.csv", [rij(melding_id="H-1")], PLAN_KOP))
    assert PlanVanAanpak.objects.count() == 0
    later = [rij(melding_id="H-9", ontvangen_op="2016-01-05", plan_vastgesteld="2016-01-10", plantype="zorg")]
    uit, _ = importeer(schrijf_csv(tmp_path / "2016.csv", later, PLAN_KOP))
    assert "0 casussen" in uit and "1 plannen van aanpak" in uit
    assert plannen() == {"P-1": ("zorg", date(2016, 1, 10), SYSTEEM_GEBRUIKER, "focus")}


def test_een_ander_plan_voor_een_eerder_geimporteerde_casus_wordt_geweigerd(ref, tmp_path):
    importeer(schrijf_csv(tmp_path / "2015.csv", GOED, PLAN_KOP))
    voor = (tellingen(), plannen())
    ander = [rij(melding_id="H-9", persoon_id="P-1", plan_vastgesteld="2015-03-24", plantype="justitieel")]
    fout, regels = importeer_fout(schrijf_csv(tmp_path / "2016.csv", ander, PLAN_KOP))
    assert "Niets geïmporteerd: 1 regel met fouten." in fout
    assert "Regel 2: deze casus heeft al een plan van aanpak (integraal, vastgesteld op 2015-03-24)" in regels
    assert (tellingen(), plannen()) == voor


@pytest.mark.parametrize("waarden,reden", [
    ({"plantype": "zorg"}, "plantype is ingevuld maar plan_vastgesteld ontbreekt"),
    ({"plan_vastgesteld": "2015-03-20"}, "plan_vastgesteld is ingevuld maar plantype ontbreekt"),
    ({"plan_vastgesteld": "2015-03-20", "plantype": "top600"},
     "onbekend plantype 'top600'; kies uit huisverbod, integraal, justitieel, nazorg, zorg"),
    ({"plan_vastgesteld": "2015-03-09", "plantype": "zorg"}, "plan_vastgesteld 2015-03-09 ligt voor casus_start 2015-03-10"),
    ({"plan_vastgesteld": "20-03-2015", "plantype": "zorg"}, "plan_vastgesteld '20-03-2015' is geen geldige datum"),
    ({"plan_vastgesteld": "2015-03-20", "plantype": "zorg", "overlegtype": "", "casus_start": ""},
     "een plan van aanpak hoort bij een casus: vul overlegtype en casus_start in"),
])
def test_foute_planregel_importeert_niets_en_noemt_de_regel(ref, tmp_path, waarden, reden):
    rijen = [rij(melding_id="H-1", persoon_id="P-9"), rij(melding_id="H-2", persoon_id="P-8", **waarden)]
    voor = tellingen()
    fout, regels = importeer_fout(schrijf_csv(tmp_path / "fout.csv", rijen, PLAN_KOP))
    assert "Niets geïmporteerd: 1 regel met fouten." in fout
    assert f"Regel 3: {reden}" in regels
    assert tellingen() == voor and PlanVanAanpak.objects.count() == 0


def test_regels_van_een_casus_met_verschillende_plannen_worden_geweigerd(ref, tmp_path):
    rijen = [
        rij(melding_id="H-1", plan_vastgesteld="2015-03-20", plantype="zorg"),
        rij(melding_id="H-2"),
        rij(melding_id="H-3", plan_vastgesteld="2015-03-21", plantype="zorg"),
        rij(melding_id="H-4", plan_vastgesteld="2015-03-20", plantype="justitieel"),
    ]
    fout, regels = importeer_fout(schrijf_csv(tmp_path / "fout.csv", rijen, PLAN_KOP))
    assert "Niets geïmporteerd: 2 regels met fouten." in fout
    assert "Regel 4: plan_vastgesteld of plantype verschilt van regel 2 voor dezelfde casus" in regels
    assert "Regel 5: plan_vastgesteld of plantype verschilt van regel 2 voor dezelfde casus" in regels
    assert PlanVanAanpak.objects.count() == 0 and Casus.objects.count() == 0


def test_plannen_gaan_in_bulk_niet_per_regel(ref, tmp_path):
    """Twice as many cases with a plan cost no extra statement: the plans are one bulk write."""
    def bestand(n, naam):
        rijen = [rij(melding_id=f"{naam}-{i}", persoon_id=f"{naam}-{i}", plan_vastgesteld="2015-03-20", plantype="zorg")
                 for i in range(n)]
        return schrijf_csv(tmp_path / f"{naam}.csv", rijen, PLAN_KOP)

    # The first import also creates the system account; measured from the second on.
    importeer(bestand(1, "W"))
    klein, groot = bestand(5, "A"), bestand(10, "B")
    with CaptureQueriesContext(connection) as eerste:
        importeer(klein)
    with CaptureQueriesContext(connection) as tweede:
        importeer(groot)
    assert PlanVanAanpak.objects.count() == 16
    assert len(tweede) == len(eerste)
