"""The historical import (`schakel import-history`): CSV and XLSX, all-or-nothing, idempotent."""
import csv
from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from openpyxl import Workbook

from schakel.briefing.models import Briefing, Weging
from schakel.casussen.models import Afsluiting, Casus, CasusStatus
from schakel.gebruikers.models import Gebruiker
from schakel.historie.importeren import OMSCHRIJVING, SYSTEEM_GEBRUIKER
from schakel.historie.models import Importbestand
from schakel.meldingen.models import Melding, MeldingPersoon, MeldingStatus
from schakel.opschaling.models import Opschaling
from schakel.personen.models import Persoon
from schakel.privacy.models import Mutatielog

from .factories import PersoonFactory

KOP = [
    "melding_id", "ontvangen_op", "bron", "soort", "gemeente", "thema", "persoon_id", "bsn", "voornaam", "achternaam",
    "geslacht", "geboortedatum", "weging_datum", "besluit", "subreden", "overlegtype", "casus_start", "casus_einde",
    "uitkomsten", "opgeschaald",
]


def rij(**waarden) -> dict:
    basis = {k: "" for k in KOP}
    basis.update(melding_id="M-1", ontvangen_op="2015-03-02", bron="politie", gemeente="Leiden", persoon_id="P-1")
    basis.update(waarden)
    return basis


# Six meldingen of four persons: a closed focus case shared by two rows, an open nazorg case, a
# family, an escalation straight from the briefing and one without any weighing.
GOED = [
    rij(melding_id="GCOS-1", ontvangen_op="2015-01-05", bron="politie", gemeente="gouda", persoon_id="P-1",
        bsn="100000009", voornaam="Jan", achternaam="Çelik", geslacht="man", geboortedatum="1980-02-03",
        weging_datum="2015-01-12", besluit="focus", overlegtype="focus", casus_start="2015-01-20",
        casus_einde="2015-07-01", uitkomsten="doorbraak|voortgang", opgeschaald="ja"),
    rij(melding_id="GCOS-2", ontvangen_op="2015-02-05", bron="om", gemeente="Gouda", persoon_id="P-1",
        weging_datum="2015-02-09", besluit="focus", overlegtype="FOCUS", casus_start="2015-01-20", opgeschaald="JA"),
    rij(melding_id="GCOS-3", ontvangen_op="2015-03-10", bron="veilig_thuis", gemeente="buiten regio",
        thema="huiselijk-geweld", persoon_id="P-2", achternaam="de Vries", geslacht="gezin",
        weging_datum="2015-03-16", besluit="geen_vervolg", subreden="belegd"),
    rij(melding_id="GCOS-4", ontvangen_op="2015-04-01", bron="dji", gemeente="Geen GBA",
        thema="Nazorg ex-gedetineerden", persoon_id="P-3", bsn="100000010", geslacht="vrouw",
        weging_datum="2015-04-06", besluit="nazorg", overlegtype="nazorg", casus_start="2015-04-15"),
    rij(melding_id="GCOS-5", ontvangen_op="2016-06-30", bron="zsm", soort="informatievraag", gemeente="Leiden",
        persoon_id="P-4", opgeschaald="ja"),
    rij(melding_id="GCOS-6", ontvangen_op="2016-07-01", bron="gemeente", gemeente="LEIDEN", persoon_id="P-2",
        weging_datum="2016-07-04", besluit="opschalen", opgeschaald="ja"),
]

TABELLEN = [Melding, MeldingStatus, MeldingPersoon, Persoon, Briefing, Weging, Casus, CasusStatus, Afsluiting, Opschaling,
            Importbestand, Mutatielog, Gebruiker]


def tellingen() -> dict:
    return {m.__name__: m.objects.count() for m in TABELLEN}


def schrijf_csv(pad, rijen, kop=KOP) -> str:
    with open(pad, "w", newline="", encoding="utf-8") as uit:
        schrijver = csv.DictWriter(uit, fieldnames=kop, extrasaction="ignore")
        schrijver.writeheader()
        schrijver.writerows(rijen)
    return str(pad)


def schrijf_xlsx(pad, rijen) -> str:
    """Typed cells as Excel holds them: dates as dates, numbers as numbers."""
    werkmap = Workbook()
    blad = werkmap.active
    blad.append(KOP)
    for r in rijen:
        cellen = []
        for kolom in KOP:
            waarde = r[kolom]
            if waarde and (kolom.endswith("_op") or kolom.endswith("datum") or kolom.startswith("casus_")):
                waarde = datetime.fromisoformat(waarde)
            elif waarde and kolom == "bsn":
                waarde = int(waarde)
            cellen.append(waarde or None)
        blad.append(cellen)
    werkmap.save(pad)
    return str(pad)


def importeer(pad) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import-history", pad, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def importeer_fout(pad) -> tuple[str, str]:
    err = StringIO()
    with pytest.raises(CommandError) as fout:
        call_command("import-history", pad, stdout=StringIO(), stderr=err)
    return str(fout.value), err.getvalue()


def lokale_datum(moment) -> date:
    return timezone.localtime(moment).date()


@pytest.fixture(params=["csv", "xlsx"])
def goed_bestand(request, tmp_path):
    if request.param == "csv":
        return schrijf_csv(tmp_path / "gcos.csv", GOED)
    return schrijf_xlsx(tmp_path / "gcos.xlsx", GOED)


def test_goed_bestand_wordt_echte_meldingen_personen_wegingen_en_casussen(ref, goed_bestand):
    uit, _ = importeer(goed_bestand)
    assert "6 meldingen toegevoegd, 0 al aanwezig" in uit
    assert "4 personen, 5 wegingen, 2 casussen, 1 afsluitingen, 0 plannen van aanpak en 3 opschalingen" in uit

    meldingen = {m.extern_id: m for m in Melding.objects.select_related("gemeente", "thema")}
    assert sorted(meldingen) == [f"GCOS-{i}" for i in range(1, 7)]
    assert {m.status for m in meldingen.values()} == {Melding.Status.HISTORISCH}
    assert {m.kanaal for m in meldingen.values()} == {Melding.Kanaal.OVERIG}
    assert {m.omschrijving for m in meldingen.values()} == {OMSCHRIJVING}
    assert {k: m.bron for k, m in meldingen.items()} == {
        "GCOS-1": "politie", "GCOS-2": "om", "GCOS-3": "veilig_thuis", "GCOS-4": "dji", "GCOS-5": "zsm", "GCOS-6": "gemeente",
    }
    assert {k: m.gemeente.code for k, m in meldingen.items()} == {
        "GCOS-1": "gouda", "GCOS-2": "gouda", "GCOS-3": "buiten-regio", "GCOS-4": "geen-gba", "GCOS-5": "leiden", "GCOS-6": "leiden",
    }
    assert {k: m.thema.code for k, m in meldingen.items()} == {
        "GCOS-1": "overig", "GCOS-2": "overig", "GCOS-3": "huiselijk-geweld", "GCOS-4": "nazorg", "GCOS-5": "overig",
        "GCOS-6": "overig",
    }
    assert meldingen["GCOS-5"].soort == Melding.Soort.INFORMATIEVRAAG and meldingen["GCOS-1"].soort == Melding.Soort.CASUS
    assert meldingen["GCOS-3"].onderwerp == Melding.Onderwerp.GEZIN and meldingen["GCOS-1"].onderwerp == Melding.Onderwerp.PERSOON
    # Local midnight: the date the report counts is the date in the file.
    assert lokale_datum(meldingen["GCOS-5"].ontvangen_op) == date(2016, 6, 30)
    assert lokale_datum(meldingen["GCOS-1"].ontvangen_op) == date(2015, 1, 5)
    assert MeldingStatus.objects.filter(van="", naar=Melding.Status.HISTORISCH, toelichting="Historische import").count() == 6

    # Persons: the same persoon_id is the same person; the first row's details win.
    assert Persoon.objects.count() == 4
    jan = Persoon.objects.get(extern_id="P-1")
    assert (jan.bsn, jan.voornamen, jan.achternaam, jan.zoeknaam, jan.geslacht) == ("100000009", "Jan", "Çelik", "celik", "man")
    assert jan.geboortedatum == date(1980, 2, 3) and jan.gemeente.code == "gouda"
    assert Persoon.objects.get(extern_id="P-2").geslacht == Persoon.Geslacht.ONBEKEND
    assert Persoon.objects.get(extern_id="P-4").bsn is None
    assert MeldingPersoon.objects.count() == 6
    assert set(MeldingPersoon.objects.filter(persoon=jan).values_list("melding__extern_id", flat=True)) == {"GCOS-1", "GCOS-2"}

    # Weighings, one briefing per date.
    wegingen = {w.melding.extern_id: w for w in Weging.objects.select_related("melding", "besluit", "subreden", "briefing")}
    assert {k: (w.besluit.code, w.subreden.code if w.subreden else None) for k, w in wegingen.items()} == {
        "GCOS-1": ("focus", None), "GCOS-2": ("focus", None), "GCOS-3": ("geen_vervolg", "belegd"),
        "GCOS-4": ("nazorg", None), "GCOS-6": ("opschalen", None),
    }
    assert lokale_datum(wegingen["GCOS-3"].gewogen_op) == wegingen["GCOS-3"].briefing.datum == date(2015, 3, 16)
    assert Briefing.objects.count() == 5

    # Two rows of P-1 with focus from 2015-01-20 are one case.
    focus = Casus.objects.get(overlegtype__code="focus")
    assert set(focus.meldingen.values_list("extern_id", flat=True)) == {"GCOS-1", "GCOS-2"}
    assert list(focus.personen.all()) == [jan]
    assert focus.status == Casus.Status.AFGESLOTEN and focus.gemeente.code == "gouda"
    assert lokale_datum(focus.geopend_op) == date(2015, 1, 20)
    assert wegingen["GCOS-1"].casus == wegingen["GCOS-2"].casus == focus
    assert focus.afsluiting.datum == date(2015, 7, 1) and focus.afsluiting.reden == Afsluiting.Reden.OVERIG
    assert set(focus.afsluiting.uitkomsten.values_list("code", flat=True)) == {"doorbraak", "voortgang"}
    assert list(focus.statushistorie.order_by("pk").values_list("van", "naar")) == [
        ("", "aangemeld"), ("aangemeld", "in_behandeling"), ("in_behandeling", "afgesloten"),
    ]
    nazorg = Casus.objects.get(overlegtype__code="nazorg")
    assert nazorg.status == Casus.Status.IN_BEHANDELING and not Afsluiting.objects.filter(casus=nazorg).exists()
    assert nazorg.gemeente.code == "geen-gba" and nazorg.thema.code == "nazorg"
    assert nazorg.statushistorie.count() == 2
    assert Casus.objects.count() == 2 and Afsluiting.objects.count() == 1 and CasusStatus.objects.count() == 5

    # Escalations: one for the focus case although both rows say so, two straight from meldingen.
    assert Opschaling.objects.count() == 3
    casus_opschaling = Opschaling.objects.get(casus=focus)
    assert casus_opschaling.opgeschaald_op == date(2015, 1, 20) and casus_opschaling.niveau.code == "procesregisseur"
    assert Opschaling.objects.get(melding__extern_id="GCOS-6").opgeschaald_op == date(2016, 7, 4)
    assert Opschaling.objects.get(melding__extern_id="GCOS-5").opgeschaald_op == date(2016, 6, 30)

    systeem = Gebruiker.objects.get(username=SYSTEEM_GEBRUIKER)
    assert not systeem.is_active and not systeem.has_usable_password()
    assert {m.geregistreerd_door_id for m in meldingen.values()} == {systeem.pk}
    bestand = Importbestand.objects.get()
    assert (bestand.regels, bestand.toegevoegd, bestand.al_aanwezig, bestand.door) == (6, 6, 0, systeem)
    assert "/" not in bestand.bestandsnaam and len(bestand.sha256) == 64
    assert list(Mutatielog.objects.values_list("objecttype", "object_id")) == [("importbestand", bestand.pk)]
    # Every foreign key written without the ORM points at a real row.
    connection.check_constraints()


def test_tweede_import_van_hetzelfde_bestand_voegt_niets_toe(ref, goed_bestand):
    importeer(goed_bestand)
    voor = tellingen()
    uit, _ = importeer(goed_bestand)
    assert "0 meldingen toegevoegd, 6 al aanwezig" in uit
    assert "al geïmporteerd op" in uit
    assert tellingen() == voor


def test_ander_bestand_met_dezelfde_meldingen_wordt_regel_voor_regel_overgeslagen(ref, tmp_path):
    importeer(schrijf_csv(tmp_path / "a.csv", GOED))
    voor = tellingen()
    # Other bytes (order changed), so the checks run in full and skip by melding_id.
    uit, _ = importeer(schrijf_csv(tmp_path / "b.csv", list(reversed(GOED))))
    assert "0 meldingen toegevoegd, 6 al aanwezig." == uit.strip()
    assert tellingen() == voor


def test_volgend_bestand_hergebruikt_personen_en_casussen(ref, tmp_path):
    importeer(schrijf_csv(tmp_path / "2015.csv", GOED))
    # A person registered in Schakel itself, without persoon_id: found by BSN and left as it is.
    eigen = PersoonFactory(bsn="100000022", achternaam="Bakker", voornamen="Els")
    volgend = [
        *GOED[:2],
        rij(melding_id="GCOS-7", ontvangen_op="2015-03-01", persoon_id="P-1", bsn="100000009", voornaam="Johannes",
            weging_datum="2015-03-02", besluit="focus", overlegtype="focus", casus_start="2015-01-20",
            casus_einde="2015-07-01", uitkomsten="voortgang"),
        rij(melding_id="GCOS-8", ontvangen_op="2015-03-01", persoon_id="X-9", bsn="100000022", achternaam="Anders",
            weging_datum="2015-01-12", besluit="bilateraal"),
    ]
    voor = tellingen()
    uit, _ = importeer(schrijf_csv(tmp_path / "2016.csv", volgend))
    assert "2 meldingen toegevoegd, 2 al aanwezig; 0 personen, 2 wegingen, 0 casussen, 0 afsluitingen, 0 plannen van aanpak en 0 opschalingen" in uit
    na = tellingen()
    assert na["Persoon"] == voor["Persoon"] and na["Casus"] == voor["Casus"]
    # The import's own briefing of 2015-01-12 is used again; 2015-03-02 is a new one.
    assert na["Briefing"] == voor["Briefing"] + 1
    assert Weging.objects.get(melding__extern_id="GCOS-8").briefing == Weging.objects.get(melding__extern_id="GCOS-1").briefing
    assert na["Melding"] == voor["Melding"] + 2 and na["Importbestand"] == 2 and na["Mutatielog"] == voor["Mutatielog"] + 1

    jan = Persoon.objects.get(extern_id="P-1")
    assert jan.voornamen == "Jan"
    assert Melding.objects.get(extern_id="GCOS-7").personen.get() == jan
    assert Melding.objects.get(extern_id="GCOS-7").casus == Casus.objects.get(overlegtype__code="focus")
    eigen.refresh_from_db()
    assert (eigen.extern_id, eigen.achternaam) == (None, "Bakker")
    assert Melding.objects.get(extern_id="GCOS-8").personen.get() == eigen
    assert Importbestand.objects.order_by("pk").last().al_aanwezig == 2


def test_een_foute_regel_importeert_niets_en_noemt_de_regel(ref, tmp_path):
    rijen = [*GOED[:3], rij(melding_id="GCOS-9", gemeente="Atlantis"), *GOED[3:]]
    voor = tellingen()
    melding, fouten = importeer_fout(schrijf_csv(tmp_path / "fout.csv", rijen))
    assert melding == "Niets geïmporteerd: 1 regel met fouten."
    assert fouten.strip().splitlines() == [
        "Regel 5: onbekende gemeente 'Atlantis'; gebruik een gemeente uit de referentiedata, 'buiten regio' of 'geen GBA'"
    ]
    assert tellingen() == voor
    assert Melding.objects.count() == 0 and not Gebruiker.objects.filter(username=SYSTEEM_GEBRUIKER).exists()


@pytest.mark.parametrize(
    ("waarden", "reden"),
    [
        ({"ontvangen_op": "05-03-2015"}, "ontvangen_op '05-03-2015' is geen geldige datum; gebruik JJJJ-MM-DD"),
        ({"ontvangen_op": "2015-02-30"}, "ontvangen_op '2015-02-30' is geen geldige datum"),
        ({"ontvangen_op": ""}, "ontvangen_op is leeg (verplicht)"),
        ({"bron": "politi"}, "onbekende bron 'politi'"),
        ({"gemeente": "Amsterdam"}, "onbekende gemeente 'Amsterdam'"),
        ({"thema": "fietsendiefstal"}, "onbekend thema 'fietsendiefstal'"),
        ({"soort": "klacht"}, "onbekende soort 'klacht'"),
        ({"persoon_id": ""}, "persoon_id is leeg (verplicht)"),
        ({"bsn": "123456789"}, "bsn is geen geldig BSN (9 cijfers en de elfproef)"),
        ({"bsn": "12345"}, "bsn is geen geldig BSN"),
        ({"geslacht": "x"}, "onbekend geslacht 'x'"),
        ({"geboortedatum": "2999-01-01"}, "geboortedatum 2999-01-01 ligt in de toekomst"),
        ({"achternaam": "<script>alert(1)</script>"}, "achternaam bevat HTML-code"),
        ({"weging_datum": "2015-03-09", "besluit": "bilateraal", "subreden": "belegd"},
         "subreden 'belegd' hoort bij besluit 'geen_vervolg', niet bij 'bilateraal'"),
        ({"weging_datum": "2015-03-09", "besluit": "geen_vervolg", "subreden": "vergeten"}, "onbekende subreden 'vergeten'"),
        ({"weging_datum": "2015-03-09", "besluit": "misschien"}, "onbekend besluit 'misschien'"),
        ({"weging_datum": "2015-03-09"}, "weging_datum is ingevuld maar besluit ontbreekt"),
        ({"besluit": "focus"}, "besluit of subreden is ingevuld zonder weging_datum"),
        ({"overlegtype": "kaartclub", "casus_start": "2015-03-10"}, "onbekend overlegtype 'kaartclub'"),
        ({"overlegtype": "focus"}, "overlegtype is ingevuld maar casus_start ontbreekt"),
        ({"casus_start": "2015-03-10"}, "casus_start is ingevuld zonder overlegtype"),
        ({"overlegtype": "focus", "casus_start": "2015-03-10", "casus_einde": "2015-03-01"},
         "casus_einde 2015-03-01 ligt voor casus_start 2015-03-10"),
        ({"overlegtype": "focus", "casus_start": "2015-03-10", "uitkomsten": "doorbraak"},
         "uitkomsten zijn ingevuld maar casus_einde ontbreekt"),
        ({"overlegtype": "focus", "casus_start": "2015-03-10", "casus_einde": "2015-06-01", "uitkomsten": "doorbraak|geluk"},
         "onbekende uitkomst 'geluk'"),
        ({"opgeschaald": "misschien"}, "opgeschaald 'misschien' moet ja of nee zijn"),
    ],
)
def test_elke_soort_fout_heeft_een_eigen_reden(ref, tmp_path, waarden, reden):
    pad = schrijf_csv(tmp_path / "fout.csv", [GOED[0], rij(melding_id="GCOS-9", **waarden)])
    melding, fouten = importeer_fout(pad)
    assert melding == "Niets geïmporteerd: 1 regel met fouten."
    assert f"Regel 3: {reden}" in fouten
    assert "Regel 2" not in fouten
    assert Melding.objects.count() == 0


def test_samenhang_tussen_regels(ref, tmp_path):
    rijen = [
        *GOED,
        rij(melding_id="GCOS-3", persoon_id="P-8"),
        rij(melding_id="GCOS-10", persoon_id="P-1", bsn="100000034"),
        rij(melding_id="GCOS-11", persoon_id="P-9", bsn="100000010"),
        rij(melding_id="GCOS-12", persoon_id="P-1", weging_datum="2015-01-12", besluit="focus", overlegtype="focus",
            casus_start="2015-01-20", casus_einde="2015-08-01"),
    ]
    melding, fouten = importeer_fout(schrijf_csv(tmp_path / "fout.csv", rijen))
    assert melding == "Niets geïmporteerd: 4 regels met fouten."
    assert fouten.strip().splitlines() == [
        "Regel 8: melding_id 'GCOS-3' komt al voor op regel 4",
        "Regel 9: persoon_id 'P-1' heeft hier een ander BSN dan op regel 2",
        "Regel 10: hetzelfde BSN als persoon_id 'P-3' op regel 5; één BSN hoort bij één persoon",
        "Regel 11: casus_einde verschilt van regel 2 voor dezelfde casus (zelfde persoon_id, overlegtype en casus_start)",
    ]
    assert Melding.objects.count() == 0


def test_bsn_van_een_andere_geimporteerde_persoon_is_een_fout(ref, tmp_path):
    importeer(schrijf_csv(tmp_path / "a.csv", GOED))
    voor = tellingen()
    rijen = [rij(melding_id="GCOS-20", persoon_id="P-77", bsn="100000009"), rij(melding_id="GCOS-21", persoon_id="P-3", bsn="100000046")]
    _, fouten = importeer_fout(schrijf_csv(tmp_path / "b.csv", rijen))
    assert fouten.strip().splitlines() == [
        "Regel 2: het BSN van persoon_id 'P-77' hoort in Schakel bij persoon_id 'P-1' uit een eerdere import",
        "Regel 3: persoon_id 'P-3' is al geïmporteerd met een ander BSN",
    ]
    assert tellingen() == voor


def test_een_eerder_geimporteerde_casus_wordt_niet_gewijzigd(ref, tmp_path):
    importeer(schrijf_csv(tmp_path / "a.csv", GOED))
    rijen = [rij(melding_id="GCOS-30", persoon_id="P-3", weging_datum="2015-05-01", besluit="nazorg", overlegtype="nazorg",
                 casus_start="2015-04-15", casus_einde="2015-09-01")]
    _, fouten = importeer_fout(schrijf_csv(tmp_path / "b.csv", rijen))
    assert "Regel 2: deze casus is eerder geïmporteerd zonder casus_einde" in fouten
    assert Casus.objects.get(overlegtype__code="nazorg").status == Casus.Status.IN_BEHANDELING


@pytest.mark.parametrize(
    ("kop", "fragment"),
    [
        ([k for k in KOP if k != "gemeente"], "verplichte kolommen ontbreken: gemeente"),
        ([k for k in KOP if k not in ("melding_id", "bron")], "verplichte kolommen ontbreken: melding_id, bron"),
        ([*KOP, "opmerking"], "onbekende kolommen: 'opmerking'"),
        (["voornamen" if k == "voornaam" else k for k in KOP] + ["voornaam"], "dubbele kolommen: voornaam"),
    ],
)
def test_kopregel_wordt_gecontroleerd(ref, tmp_path, kop, fragment):
    pad = schrijf_csv(tmp_path / "kop.csv", [GOED[4]], kop=kop)
    melding, _ = importeer_fout(pad)
    assert melding.startswith("De kopregel klopt niet:")
    assert fragment in melding
    assert Melding.objects.count() == 0


def test_voornamen_mag_voor_voornaam_en_bom_wordt_geaccepteerd(ref, tmp_path):
    pad = tmp_path / "excel.csv"
    kop = ["voornamen" if k == "voornaam" else k for k in KOP]
    tekst = StringIO()
    schrijver = csv.DictWriter(tekst, fieldnames=kop)
    schrijver.writeheader()
    schrijver.writerow({("voornamen" if k == "voornaam" else k): v for k, v in GOED[0].items()})
    pad.write_bytes("\ufeff".encode() + tekst.getvalue().encode())
    importeer(str(pad))
    assert Persoon.objects.get().voornamen == "Jan"


def test_lege_en_onleesbare_bestanden(ref, tmp_path):
    leeg = tmp_path / "leeg.csv"
    leeg.write_text("")
    assert "is leeg" in importeer_fout(str(leeg))[0]
    alleen_kop = tmp_path / "kop.csv"
    alleen_kop.write_text(",".join(KOP) + "\n")
    assert "alleen een kopregel" in importeer_fout(str(alleen_kop))[0]
    puntkomma = tmp_path / "nl.csv"
    puntkomma.write_text(";".join(KOP) + "\n")
    assert "puntkomma" in importeer_fout(str(puntkomma))[0]
    windows = tmp_path / "ansi.csv"
    windows.write_bytes((",".join(KOP) + "\nM1,2015-01-01,politie,,Gouda,,P1,,Jos\xe9\n").encode("cp1252"))
    assert "geen UTF-8" in importeer_fout(str(windows))[0]
    assert Melding.objects.count() == 0


def test_regelnummer_telt_fysieke_regels(ref, tmp_path):
    """Blank lines count: the number is the line an editor shows."""
    pad = tmp_path / "regels.csv"
    pad.write_text(
        ",".join(KOP) + "\n"
        + "GCOS-1,2015-01-05,politie,,Gouda,,P-1,,Jan,Jansen\n"
        + "\n"
        + "GCOS-2,2015-01-05,politi,,Gouda,,P-2\n",
        encoding="utf-8",
    )
    _, fouten = importeer_fout(str(pad))
    assert fouten.startswith("Regel 4: onbekende bron 'politi'")


@pytest.mark.parametrize("inhoud", [
    # Closed on a later line: the rest of row 2 and row 3 would fall into one column.
    'GCOS-1,2015-01-05,politie,,Gouda,,P-1,,"Jan,Jansen\nGCOS-2,2015-01-05,politie,,Gouda,,P-2,,Piet",X\n',
    # Never closed: the rest of the row would silently become the name.
    'GCOS-1,2015-01-05,politie,,Gouda,,P-1,,"Jan,Jansen,man,1980-01-01\n',
    # A quote in the middle of a value.
    'GCOS-1,2015-01-05,politie,,Gouda,,P-1,,"Jan"x,Jansen\n',
])
def test_een_aanhalingsteken_zonder_einde_is_een_fout(ref, tmp_path, inhoud):
    pad = tmp_path / "quote.csv"
    pad.write_text(",".join(KOP) + "\n" + inhoud, encoding="utf-8")
    melding, _ = importeer_fout(str(pad))
    assert melding.startswith("Regel 2:") and "aanhalingsteken" in melding
    assert Melding.objects.count() == 0


def test_nul_teken_en_jaar_1_worden_geweigerd(ref, tmp_path):
    pad = schrijf_csv(tmp_path / "nul.csv", [
        rij(melding_id="GCOS-1", achternaam="Jan\x00sen"),
        rij(melding_id="GCOS-2", persoon_id="P-2", geboortedatum="0001-01-01"),
        rij(melding_id="GCOS-3", persoon_id="P-3", ontvangen_op="1899-12-31"),
    ])
    melding, fouten = importeer_fout(pad)
    assert melding == "Niets geïmporteerd: 3 regels met fouten."
    assert "Regel 2: de regel bevat een onzichtbaar NUL-teken" in fouten
    assert "Regel 3: geboortedatum 0001-01-01 ligt voor 1900" in fouten
    assert "Regel 4: ontvangen_op 1899-12-31 ligt voor 1900" in fouten
    assert Melding.objects.count() == Persoon.objects.count() == 0


def test_xlsx_fout_noemt_de_rij_van_het_werkblad_en_herstelt_de_voorloopnul(ref, tmp_path):
    pad = schrijf_xlsx(tmp_path / "fout.xlsx", [GOED[4], rij(melding_id="X-2", bron="onbekend")])
    _, fouten = importeer_fout(pad)
    assert fouten.strip() == "Regel 3: onbekende bron 'onbekend'; kies uit dji, gemeente, om, overig, politie, reclassering, veilig_thuis, zorg, zsm"
    # Excel stores 012345672 as the number 12345672.
    importeer(schrijf_xlsx(tmp_path / "goed.xlsx", [rij(melding_id="X-3", bsn="012345672")]))
    assert Persoon.objects.get().bsn == "012345672"


def test_te_veel_waarden_op_een_regel_is_een_fout(ref, tmp_path):
    pad = tmp_path / "scheef.csv"
    pad.write_text(",".join(KOP) + "\nGCOS-1,2015-01-05,politie,,Gouda,,P-1" + "," * 13 + ",over\n", encoding="utf-8")
    melding, fouten = importeer_fout(str(pad))
    assert melding == "Niets geïmporteerd: 1 regel met fouten."
    assert fouten.strip() == f"Regel 2: de regel heeft {len(KOP) + 1} waarden, de kopregel maar {len(KOP)} kolommen"


def test_voortgangsbalk_vanaf_duizend_regels(ref, tmp_path):
    klein = schrijf_csv(tmp_path / "klein.csv", [rij(melding_id=f"K-{i}", persoon_id=f"P-{i}") for i in range(999)])
    assert "Controleren" not in importeer(klein)[1]
    groot = schrijf_csv(tmp_path / "groot.csv", [rij(melding_id=f"G-{i}", persoon_id=f"Q-{i % 400}") for i in range(1000)])
    uit, err = importeer(groot)
    assert "Controleren" in err and "Schrijven" in err
    assert "1000 meldingen toegevoegd, 0 al aanwezig; 400 personen" in uit
    assert Melding.objects.count() == 1999 and Persoon.objects.count() == 1399


def test_geimporteerde_meldingen_vallen_onder_bewaartermijn_en_wissen(ref, tmp_path):
    """Imported history is finished work: retention reaches its meldingen without a case, and a
    person known only from history may be erased."""
    from schakel.avg.retentie import verwerk
    from schakel.avg.services import wis_bezwaren

    importeer(schrijf_csv(tmp_path / "gcos.csv", GOED))
    zonder_casus = set(Melding.objects.filter(extern_id__in=["GCOS-3", "GCOS-5", "GCOS-6"]).values_list("pk", flat=True))
    rapport = verwerk(vandaag=date(2026, 11, 23), droog=True)
    assert zonder_casus <= set(rapport.meldingen)
    assert wis_bezwaren(Persoon.objects.get(extern_id="P-4")) == []
