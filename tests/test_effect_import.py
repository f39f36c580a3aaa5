"""The effect measurement's imports (`schakel import-mutaties`, `schakel import-detenties`): CSV and
XLSX, all-or-nothing with the line of every bad row, idempotent, rows about unknown persons counted
and never stored, and retention and erasure taking the rows with the person."""
import csv
import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import Workbook

from schakel.avg.models import Geanonimiseerd, Verwijderingsregistratie
from schakel.avg.retentie import verwerk
from schakel.avg.services import wis_persoon
from schakel.effectmeting.importeren.schrijven import SYSTEEM_GEBRUIKER
from schakel.effectmeting.models import Bronbestand, Detentie, Mutatie
from schakel.meldingen.models import Melding
from schakel.personen.models import Persoon
from schakel.privacy.models import Mutatielog

from .factories import GebruikerFactory, MeldingFactory, PersoonFactory

MUTATIE_KOP = ["mutatie_id", "datum", "persoon_id", "bsn", "rol", "delict", "huiselijk_geweld"]
DETENTIE_KOP = ["detentie_id", "persoon_id", "bsn", "begin", "einde"]

# Valid BSNs (eleven-test: 9·d1 + 8·d2 + … + 2·d8 − d9 divisible by 11):
BSN_B = "123456782"  # 9+16+21+24+25+24+21+16−2 = 154 = 14·11
BSN_C = "111222333"  # 9+8+7+12+10+8+9+6−3 = 66 = 6·11
BSN_ONBEKEND = "100000009"  # 9−9 = 0
BSN_NUL = "012345672"  # 0+8+14+18+20+20+18+14−2 = 110 = 10·11; Excel shows it as 12345672


@pytest.fixture
def personen(ref):
    """A: from the historical import, no BSN. B: registered in Schakel, BSN only. C: imported, with BSN."""
    return {
        "a": PersoonFactory(extern_id="P-1", bsn=None),
        "b": PersoonFactory(bsn=BSN_B),
        "c": PersoonFactory(extern_id="P-3", bsn=BSN_C),
    }


def m(**waarden) -> dict:
    rij = dict.fromkeys(MUTATIE_KOP, "")
    rij.update(mutatie_id="BVH-1", datum="2015-03-02", persoon_id="P-1", rol="verdachte")
    rij.update(waarden)
    return rij


def d(**waarden) -> dict:
    rij = dict.fromkeys(DETENTIE_KOP, "")
    rij.update(detentie_id="DJI-1", persoon_id="P-1", begin="2015-01-01")
    rij.update(waarden)
    return rij


# Five registrations: three of known persons (by persoon_id, by BSN, by both), two of unknown ones.
GOED = [
    m(mutatie_id="BVH-1", datum="2015-03-02", persoon_id="P-1", rol="verdachte", delict="Diefstal", huiselijk_geweld="ja"),
    m(mutatie_id="BVH-2", datum="2015-04-10", persoon_id="", bsn=BSN_B, rol="slachtoffer"),
    m(mutatie_id="BVH-3", datum="2016-01-31", persoon_id="P-3", bsn=BSN_C, rol="Verdachte", huiselijk_geweld="NEE"),
    m(mutatie_id="BVH-4", datum="2016-02-01", persoon_id="P-999", rol="getuige"),
    m(mutatie_id="BVH-5", datum="2016-02-02", persoon_id="", bsn=BSN_ONBEKEND, rol="verdachte"),
]


def schrijf_csv(pad, rijen, kop) -> str:
    with open(pad, "w", newline="", encoding="utf-8") as uit:
        schrijver = csv.DictWriter(uit, fieldnames=kop, extrasaction="ignore")
        schrijver.writeheader()
        schrijver.writerows(rijen)
    return str(pad)


def schrijf_xlsx(pad, rijen, kop) -> str:
    """Typed cells as Excel holds them: dates as dates, numbers (a BSN too) as numbers."""
    werkmap = Workbook()
    blad = werkmap.active
    blad.append(kop)
    for r in rijen:
        cellen = []
        for kolom in kop:
            waarde = r[kolom]
            if waarde and kolom in ("datum", "begin", "einde"):
                waarde = datetime.datetime.fromisoformat(waarde)
            elif waarde and kolom == "bsn":
                waarde = int(waarde)
            cellen.append(waarde or None)
        blad.append(cellen)
    werkmap.save(pad)
    return str(pad)


def importeer(commando, pad) -> str:
    out = StringIO()
    call_command(commando, pad, stdout=out, stderr=StringIO())
    return out.getvalue()


def importeer_fout(commando, pad) -> tuple[CommandError, str]:
    err = StringIO()
    with pytest.raises(CommandError) as fout:
        call_command(commando, pad, stdout=StringIO(), stderr=err)
    return fout.value, err.getvalue()


@pytest.fixture(params=["csv", "xlsx"])
def goed_bestand(request, tmp_path):
    schrijf = schrijf_csv if request.param == "csv" else schrijf_xlsx
    return schrijf(tmp_path / f"bvh.{request.param}", GOED, MUTATIE_KOP)


def test_registraties_van_bekende_personen_worden_opgeslagen_onbekende_alleen_geteld(personen, goed_bestand):
    aantal_personen = Persoon.objects.count()
    uit = importeer("import-mutaties", goed_bestand)
    # 5 rows: BVH-1..3 are about A, B and C; BVH-4 (persoon_id P-999) and BVH-5 (an unknown BSN) about nobody Schakel knows.
    assert "5 registraties gelezen; 3 toegevoegd, 0 al aanwezig, 2 over personen die Schakel niet kent (niet opgeslagen)." in uit

    opgeslagen = {
        x.mutatie_id: (x.persoon_id, x.datum, x.rol, x.delict, x.huiselijk_geweld) for x in Mutatie.objects.all()
    }
    p = personen
    assert opgeslagen == {
        "BVH-1": (p["a"].pk, datetime.date(2015, 3, 2), "verdachte", "Diefstal", True),
        "BVH-2": (p["b"].pk, datetime.date(2015, 4, 10), "slachtoffer", "", False),
        "BVH-3": (p["c"].pk, datetime.date(2016, 1, 31), "verdachte", "", False),
    }
    # Nothing of the unknown persons is kept: no registration and no person made up for them.
    assert Persoon.objects.count() == aantal_personen
    bron = Bronbestand.objects.get()
    assert (bron.soort, bron.regels, bron.toegevoegd, bron.al_aanwezig, bron.onbekende_personen) == ("mutaties", 5, 3, 0, 2)
    assert bron.bestandsnaam in ("bvh.csv", "bvh.xlsx") and bron.door.username == SYSTEEM_GEBRUIKER
    assert set(Mutatie.objects.values_list("bronbestand", flat=True)) == {bron.pk}
    assert Mutatielog.objects.filter(objecttype="bronbestand", object_id=bron.pk, actie="aangemaakt").count() == 1


def test_tweede_import_voegt_niets_toe_en_een_aanvulling_alleen_het_nieuwe(personen, tmp_path):
    pad = schrijf_csv(tmp_path / "bvh.csv", GOED, MUTATIE_KOP)
    importeer("import-mutaties", pad)
    uit = importeer("import-mutaties", pad)
    # The 3 stored rows are skipped; the 2 of unknown persons are counted again, not stored.
    assert "0 toegevoegd, 3 al aanwezig, 2 over personen" in uit
    assert Mutatie.objects.count() == 3 and Bronbestand.objects.count() == 1

    aanvulling = schrijf_csv(tmp_path / "bvh2.csv", [*GOED[:2], m(mutatie_id="BVH-6", persoon_id="P-3", datum="2016-05-01")],
                             MUTATIE_KOP)
    uit = importeer("import-mutaties", aanvulling)
    assert "3 registraties gelezen; 1 toegevoegd, 2 al aanwezig, 0 over personen" in uit
    assert Mutatie.objects.count() == 4
    nieuw = Bronbestand.objects.order_by("-pk").first()
    assert (nieuw.regels, nieuw.toegevoegd, nieuw.al_aanwezig) == (3, 1, 2)
    assert Mutatie.objects.get(mutatie_id="BVH-6").bronbestand == nieuw


def test_een_foute_regel_importeert_niets_en_elke_fout_noemt_zijn_regel(personen, tmp_path):
    morgen = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    rijen = [
        m(mutatie_id="BVH-1"),                                   # line 2: fine
        m(mutatie_id="BVH-2", datum="02-03-2015"),               # line 3
        m(mutatie_id="BVH-3", rol="dader"),                      # line 4
        m(mutatie_id="BVH-4", persoon_id="", bsn=""),            # line 5
        m(mutatie_id="BVH-5", bsn="123456789"),                  # line 6: fails the eleven-test
        m(mutatie_id="BVH-6", huiselijk_geweld="misschien"),     # line 7
        m(mutatie_id="BVH-7", datum=morgen),                     # line 8
        m(mutatie_id="BVH-1", persoon_id="P-3"),                 # line 9: number of line 2 again
        m(mutatie_id="", rol=""),                                # line 10: two faults
        m(mutatie_id="BVH-8", delict="<script>x</script>"),      # line 11
    ]
    fout, err = importeer_fout("import-mutaties", schrijf_csv(tmp_path / "fout.csv", rijen, MUTATIE_KOP))
    assert fout.returncode == 1
    assert str(fout) == "Niets geïmporteerd: 9 regels met fouten."
    assert err.splitlines() == [
        "Regel 3: datum '02-03-2015' is geen geldige datum; gebruik JJJJ-MM-DD",
        "Regel 4: onbekende rol 'dader'; kies uit verdachte, slachtoffer, getuige, betrokkene, overig",
        "Regel 5: persoon_id en bsn zijn allebei leeg; één van beide is verplicht",
        "Regel 6: bsn is geen geldig BSN (9 cijfers en de elfproef)",
        "Regel 7: huiselijk_geweld 'misschien' moet ja of nee zijn (leeg is nee)",
        f"Regel 8: datum {morgen} ligt in de toekomst",
        "Regel 9: mutatie_id 'BVH-1' komt al voor op regel 2",
        "Regel 10: mutatie_id is leeg (verplicht)",
        "Regel 10: rol is leeg (verplicht)",
        "Regel 11: delict bevat HTML-code",
    ]
    assert not Mutatie.objects.exists() and not Bronbestand.objects.exists()


def test_persoon_id_en_bsn_die_elkaar_tegenspreken(personen, tmp_path):
    rijen = [
        m(mutatie_id="BVH-1", persoon_id="P-1", bsn=BSN_B),           # A by number, B by BSN
        m(mutatie_id="BVH-2", persoon_id="P-3", bsn=BSN_ONBEKEND),    # C has another BSN
        m(mutatie_id="BVH-3", persoon_id="P-77", bsn=BSN_C),          # C's BSN belongs to persoon_id P-3
        m(mutatie_id="BVH-4", persoon_id="P-3", bsn=BSN_ONBEKEND),    # the pair of line 3 again
        m(mutatie_id="BVH-5", persoon_id="P-8", bsn=BSN_NUL),         # in the file: P-8 with two BSNs
        m(mutatie_id="BVH-6", persoon_id="P-8", bsn=BSN_ONBEKEND),
    ]
    fout, err = importeer_fout("import-mutaties", schrijf_csv(tmp_path / "tegen.csv", rijen, MUTATIE_KOP))
    assert err.splitlines() == [
        "Regel 2: persoon_id 'P-1' en het BSN horen in Schakel bij twee verschillende personen",
        "Regel 3: persoon_id 'P-3' hoort in Schakel bij een persoon met een ander BSN "
        "(geldt ook voor 1 andere regel met deze persoon)",
        "Regel 4: het BSN hoort in Schakel bij persoon_id 'P-3', niet bij 'P-77'",
        "Regel 7: persoon_id 'P-8' heeft hier een ander BSN dan op regel 6",
    ]
    # Line 5 carries the fault reported at line 3: 4 lines reported, 5 rows wrong, nothing stored.
    assert str(fout) == "Niets geïmporteerd: 4 regels met fouten."
    assert not Mutatie.objects.exists()
    # No BSN is ever echoed in the messages.
    assert not any(b in err for b in (BSN_B, BSN_C, BSN_ONBEKEND, BSN_NUL))


def test_bsn_zonder_voorloopnul_en_een_regel_met_alleen_bsn_van_een_persoon_uit_het_bestand(personen, tmp_path):
    nul = PersoonFactory(bsn=BSN_NUL)
    rijen = [
        m(mutatie_id="BVH-1", persoon_id="", bsn=BSN_NUL.lstrip("0")),  # Excel dropped the leading zero
        m(mutatie_id="BVH-2", persoon_id="P-1", bsn=""),
        # P-1 (A, without BSN in Schakel) is named with BSN_ONBEKEND here, so a row with only that BSN is A too.
        m(mutatie_id="BVH-3", persoon_id="P-1", bsn=BSN_ONBEKEND),
        m(mutatie_id="BVH-4", persoon_id="", bsn=BSN_ONBEKEND),
    ]
    uit = importeer("import-mutaties", schrijf_xlsx(tmp_path / "bsn.xlsx", rijen, MUTATIE_KOP))
    assert "4 toegevoegd, 0 al aanwezig, 0 over personen" in uit
    assert dict(Mutatie.objects.values_list("mutatie_id", "persoon_id")) == {
        "BVH-1": nul.pk, "BVH-2": personen["a"].pk, "BVH-3": personen["a"].pk, "BVH-4": personen["a"].pk,
    }


def test_gewiste_persoon_telt_als_onbekend(personen, tmp_path):
    Geanonimiseerd.objects.create(objecttype="persoon", object_id=personen["a"].pk, aanleiding="bewaartermijn")
    # A melding with the same id as A is no person: only objecttype "persoon" counts.
    Geanonimiseerd.objects.create(objecttype="melding", object_id=personen["c"].pk, aanleiding="bewaartermijn")
    rijen = [m(mutatie_id="BVH-1", persoon_id="P-1"), m(mutatie_id="BVH-2", persoon_id="P-3")]
    uit = importeer("import-mutaties", schrijf_csv(tmp_path / "gewist.csv", rijen, MUTATIE_KOP))
    assert "1 toegevoegd, 0 al aanwezig, 1 over personen" in uit
    assert list(Mutatie.objects.values_list("persoon_id", flat=True)) == [personen["c"].pk]


def test_kopregel_zonder_persoonkolom_of_met_onbekende_kolom(ref, tmp_path):
    pad = tmp_path / "kop.csv"
    pad.write_text("mutatie_id,datum,rol\nBVH-1,2015-01-01,verdachte\n", encoding="utf-8")
    fout, _ = importeer_fout("import-mutaties", str(pad))
    assert "er is geen kolom persoon_id en geen kolom bsn" in str(fout) and fout.returncode == 1
    pad.write_text("mutatie_id,datum,persoon_id,rol,pleegdatum\nBVH-1,2015-01-01,P-1,verdachte,x\n", encoding="utf-8")
    fout, _ = importeer_fout("import-mutaties", str(pad))
    assert "onbekende kolommen: 'pleegdatum'" in str(fout)
    pad.write_text("", encoding="utf-8")
    fout, _ = importeer_fout("import-mutaties", str(pad))
    assert str(fout) == "kop.csv is leeg: er is geen kopregel en geen enkele registratie."
    assert not Bronbestand.objects.exists()


# --- Detention periods -------------------------------------------------------------------------


def test_detenties_einde_voor_begin_is_een_fout_en_leeg_einde_is_nog_vast(personen, tmp_path):
    rijen = [
        d(detentie_id="DJI-1", persoon_id="P-1", begin="2015-01-01", einde="2015-03-01"),
        d(detentie_id="DJI-2", persoon_id="P-3", begin="2015-06-01", einde="2015-05-31"),  # line 3: a day too early
        d(detentie_id="DJI-3", persoon_id="P-3", begin=""),                               # line 4
    ]
    fout, err = importeer_fout("import-detenties", schrijf_csv(tmp_path / "dji.csv", rijen, DETENTIE_KOP))
    assert err.splitlines() == ["Regel 3: einde 2015-05-31 ligt voor begin 2015-06-01", "Regel 4: begin is leeg (verplicht)"]
    assert not Detentie.objects.exists() and fout.returncode == 1

    rijen[1:] = [d(detentie_id="DJI-2", persoon_id="", bsn=BSN_B, begin="2016-02-01"),
                 d(detentie_id="DJI-3", persoon_id="P-404", begin="2016-02-01")]
    uit = importeer("import-detenties", schrijf_xlsx(tmp_path / "dji.xlsx", rijen, DETENTIE_KOP))
    assert ("3 detentieperioden gelezen; 2 toegevoegd, 0 al aanwezig, 1 over personen die Schakel niet kent "
            "(niet opgeslagen), 0 open perioden afgesloten.") in uit
    assert {x.detentie_id: (x.persoon_id, x.begin, x.einde) for x in Detentie.objects.all()} == {
        "DJI-1": (personen["a"].pk, datetime.date(2015, 1, 1), datetime.date(2015, 3, 1)),
        "DJI-2": (personen["b"].pk, datetime.date(2016, 2, 1), None),
    }


def test_open_periode_krijgt_het_einde_van_een_latere_export_andere_wijzigingen_worden_geweigerd(personen, tmp_path):
    eerst = [d(detentie_id="DJI-1", begin="2015-01-01", einde="2015-03-01"), d(detentie_id="DJI-2", begin="2016-02-01")]
    importeer("import-detenties", schrijf_csv(tmp_path / "a.csv", eerst, DETENTIE_KOP))
    assert "2 detentieperioden gelezen; 0 toegevoegd, 2 al aanwezig" in importeer(
        "import-detenties", schrijf_csv(tmp_path / "b.csv", eerst, DETENTIE_KOP))

    later = [eerst[0], d(detentie_id="DJI-2", begin="2016-02-01", einde="2016-08-15")]
    uit = importeer("import-detenties", schrijf_csv(tmp_path / "c.csv", later, DETENTIE_KOP))
    assert "0 toegevoegd, 1 al aanwezig, 0 over personen die Schakel niet kent (niet opgeslagen), 1 open periode afgesloten." in uit
    assert Detentie.objects.get(detentie_id="DJI-2").einde == datetime.date(2016, 8, 15)
    assert Bronbestand.objects.order_by("-pk").first().bijgewerkt == 1

    gewijzigd = [d(detentie_id="DJI-1", begin="2015-01-02", einde="2015-03-01"),
                 d(detentie_id="DJI-2", begin="2016-02-01", einde="2016-09-01")]
    _, err = importeer_fout("import-detenties", schrijf_csv(tmp_path / "d.csv", gewijzigd, DETENTIE_KOP))
    assert err.splitlines() == [
        "Regel 2: detentie_id 'DJI-1' is eerder geïmporteerd met begin 2015-01-01; een import wijzigt geen bestaande periode",
        "Regel 3: detentie_id 'DJI-2' is eerder geïmporteerd met einde 2016-08-15; een import wijzigt geen bestaande periode",
    ]
    assert Detentie.objects.get(detentie_id="DJI-2").einde == datetime.date(2016, 8, 15)


# --- Retention and erasure ---------------------------------------------------------------------


def _registraties_van(persoon, tmp_path, nummer):
    importeer("import-mutaties", schrijf_csv(tmp_path / f"m{nummer}.csv", [
        m(mutatie_id=f"BVH-{nummer}a", persoon_id=persoon.extern_id), m(mutatie_id=f"BVH-{nummer}b", persoon_id=persoon.extern_id),
    ], MUTATIE_KOP))
    importeer("import-detenties", schrijf_csv(tmp_path / f"d{nummer}.csv", [d(detentie_id=f"DJI-{nummer}", persoon_id=persoon.extern_id)],
                                              DETENTIE_KOP))


def test_bewaartermijn_verwijdert_registraties_en_detenties_met_de_persoon(personen, tmp_path):
    vandaag = datetime.date(2026, 6, 15)
    oud = timezone.make_aware(datetime.datetime(2020, 1, 6, 10))  # more than the 2 years for meldingen without a case
    verlopen, blijft = personen["a"], personen["c"]
    MeldingFactory(personen=[verlopen], status=Melding.Status.HISTORISCH, ontvangen_op=oud)
    MeldingFactory(personen=[blijft], status=Melding.Status.HISTORISCH, ontvangen_op=timezone.make_aware(datetime.datetime(2026, 5, 1)))
    _registraties_van(verlopen, tmp_path, 1)
    _registraties_van(blijft, tmp_path, 2)

    droog = verwerk(vandaag=vandaag, droog=True)
    assert ("mutatie", "politieregistratie (nummer, datum, rol, delict), verwijderd", 2) in droog.telling
    assert Mutatie.objects.count() == 4  # a dry run deletes nothing

    rapport = verwerk(vandaag=vandaag)
    assert rapport.personen == [verlopen.pk]
    assert ("mutatie", "politieregistratie (nummer, datum, rol, delict), verwijderd", 2) in rapport.telling
    assert ("detentie", "detentieperiode (nummer, begin en einde), verwijderd", 1) in rapport.telling
    assert set(Mutatie.objects.values_list("persoon_id", flat=True)) == {blijft.pk}
    assert set(Detentie.objects.values_list("persoon_id", flat=True)) == {blijft.pk}
    assert Verwijderingsregistratie.objects.get(objecttype="mutatie").aantal == 2
    assert Verwijderingsregistratie.objects.get(objecttype="detentie").aantal == 1
    # Importing the same files again brings nothing back: the person's data is gone.
    _registraties_van(Persoon.objects.get(pk=verlopen.pk), tmp_path, 1)
    assert not Mutatie.objects.filter(persoon_id=verlopen.pk).exists()
    assert not Detentie.objects.filter(persoon_id=verlopen.pk).exists()


def test_wissing_op_verzoek_verwijdert_registraties_en_detenties(personen, tmp_path):
    p = personen["a"]
    MeldingFactory(personen=[p], status=Melding.Status.HISTORISCH)
    _registraties_van(p, tmp_path, 1)
    _registraties_van(personen["c"], tmp_path, 2)
    registraties = wis_persoon(p, GebruikerFactory(), "Verzoek betrokkene")
    assert {(r.objecttype, r.aantal) for r in registraties} >= {("mutatie", 2), ("detentie", 1)}
    assert not Mutatie.objects.filter(persoon=p).exists() and not Detentie.objects.filter(persoon=p).exists()
    assert Mutatie.objects.filter(persoon=personen["c"]).count() == 2
