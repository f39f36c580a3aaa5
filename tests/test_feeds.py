"""Daily feeds (issue 13): police mutations and DJI detention notices become meldingen, deduplicated by
the source's number, persons matched by BSN or name and birth date with a review queue for near
misses, detention notices for municipalities with their own aftercare routed there, all or nothing."""
import csv
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schakel.core.bestanden import RegelFouten
from schakel.gemeenten.models import Gemeente
from schakel.koppelingen.afleverfolder import verwerk_map
from schakel.koppelingen.feed import verwerk
from schakel.koppelingen.matchen import datum_tikfouten
from schakel.koppelingen.models import Detentiegegevens, Feedlevering, Feedrecord, Koppelvoorstel
from schakel.meldingen.models import Melding, MeldingPersoon
from schakel.personen.models import Persoon

from .feed_bouwer import KOLOMMEN, Bouwer

DJI_KOLOMMEN = ["bron_id", "bsn", "voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "gemeente", "inrichting",
                "begin", "verwachte_einddatum"]


def schrijf(pad, kolommen, rijen):
    with open(pad, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=kolommen)
        w.writeheader()
        w.writerows(rijen)
    return pad


def stand():
    return (Melding.objects.count(), Persoon.objects.count(), MeldingPersoon.objects.count(), Feedrecord.objects.count(),
            Koppelvoorstel.objects.count(), Feedlevering.objects.count())


@pytest.fixture(scope="module")
def bouwer():
    return Bouwer(10_000)


@pytest.mark.django_db(transaction=False)
def test_tienduizend_politiemutaties(ref, tmp_path, bouwer):
    leiden = Gemeente.objects.get(code="leiden")
    bouwer.maak_bekenden(leiden.pk)
    bekend = Persoon.objects.count()
    eerder = schrijf(tmp_path / "eerder.csv", KOLOMMEN, bouwer.eerdere_rijen)
    u = verwerk("politie", eerder)
    assert (u.nieuw, u.automatisch_gekoppeld, u.ter_beoordeling, u.nieuwe_personen) == (1000, 1000, 0, 0)

    pad = tmp_path / "politie.csv"
    bouwer.schrijf(pad)
    v = bouwer.verwachting
    with CaptureQueriesContext(connection) as queries:
        u = verwerk("politie", pad)
    assert (u.regels, u.nieuw, u.al_ontvangen, u.dubbel) == (v.regels, v.nieuw, v.al_ontvangen, v.dubbel) == (10_000, 8_500, 1_000, 500)
    assert (u.automatisch_gekoppeld, u.ter_beoordeling, u.nieuwe_personen) == (
        v.automatisch_gekoppeld, v.ter_beoordeling, v.nieuwe_personen) == (3_500, 1_200, 1_900)
    # Queries per file, not per row: the look-ups are chunked (SQLite: 900 values a statement).
    assert len(queries) < (200 if connection.vendor == "sqlite" else 60)

    assert Melding.objects.filter(kanaal=Melding.Kanaal.POLITIEMUTATIE).count() == 9_500
    assert Persoon.objects.count() == bekend + 1_900
    assert MeldingPersoon.objects.filter(persoon=None).count() == 1_200
    assert Koppelvoorstel.objects.open().count() == 1_200
    redenen = dict(Koppelvoorstel.objects.values_list("reden").annotate(n=__import__("django.db.models").db.models.Count("pk")))
    assert redenen == {"naam_lijkt": 1_000, "datum_tikfout": 200}
    # Every near miss is proposed with the person it was made from.
    voorstellen = {(p.kandidaat.voornamen, p.kandidaat.achternaam) for p in Koppelvoorstel.objects.select_related("kandidaat")}
    assert len(voorstellen) > 100
    # Police meldingen go to the briefing queue like any new melding.
    assert Melding.objects.niet_geagendeerd().count() == 9_500

    voor = stand()
    u = verwerk("politie", pad)
    assert (u.nieuw, u.al_ontvangen, u.dubbel) == (0, 8_500 + 1_000, 500)
    assert stand() == voor


def test_een_foute_regel_slaat_niets_op(ref, tmp_path, bouwer):
    rijen = bouwer.rijen_van_bestand()[:2_000]
    rijen[99] = dict(rijen[99], geboortedatum="31-02-1980")
    rijen[1499] = dict(rijen[1499], bsn="123456789", gemeente="Atlantis")
    pad = schrijf(tmp_path / "fout.csv", KOLOMMEN, rijen)
    voor = stand()
    with pytest.raises(RegelFouten) as e:
        verwerk("politie", pad)
    assert e.value.fouten == [
        "Regel 101: geboortedatum '31-02-1980' is geen geldige datum; gebruik JJJJ-MM-DD",
        "Regel 1501: bsn is geen geldig BSN (9 cijfers en de elfproef)",
        "Regel 1501: onbekende gemeente 'Atlantis'; gebruik de naam of code van een gemeente in Schakel",
    ]
    assert str(e.value) == "Niets geïmporteerd: 2 regels met fouten."
    assert stand() == voor


def test_zelfde_nummer_met_andere_gegevens_is_een_fout(ref, tmp_path, bouwer):
    rijen = bouwer.rijen_van_bestand()[:3]
    rijen.append(dict(rijen[0], achternaam="Anders"))
    pad = schrijf(tmp_path / "dubbel.csv", KOLOMMEN, rijen)
    with pytest.raises(RegelFouten) as e:
        verwerk("politie", pad)
    assert e.value.fouten == [f"Regel 5: bron_id '{rijen[0]['bron_id']}' staat ook op regel 2, met andere gegevens"]


def dji(**w):
    rij = {"bron_id": "DJI-1", "bsn": "", "voornamen": "Kees", "tussenvoegsel": "", "achternaam": "Kok",
           "geboortedatum": "1980-05-20", "gemeente": "Leiden", "inrichting": "PI Alphen", "begin": "2026-01-10",
           "verwachte_einddatum": "2027-03-01"}
    rij.update(w)
    return rij


def test_detentiemelding_eigen_nazorg_gaat_naar_de_gemeente(ref, tmp_path):
    pad = schrijf(tmp_path / "dji.csv", DJI_KOLOMMEN, [
        dji(), dji(bron_id="DJI-2", achternaam="Smit", gemeente="Alphen aan den Rijn"),
        dji(bron_id="DJI-3", achternaam="Vos", gemeente="katwijk", verwachte_einddatum=""),
    ])
    u = verwerk("dji", pad)
    assert (u.nieuw, u.doorgezet, u.nieuwe_personen) == (3, 2, 3)
    S = Melding.Status
    assert dict(Melding.objects.values_list("gemeente__code", "status")) == {
        "leiden": S.GEREGISTREERD, "alphen-aan-den-rijn": S.DOORGEZET, "katwijk": S.DOORGEZET}
    # Not on the briefing's worklist.
    assert list(Melding.objects.niet_geagendeerd().values_list("gemeente__code", flat=True)) == ["leiden"]
    assert set(Melding.objects.values_list("kanaal", flat=True)) == {Melding.Kanaal.DETENTIEMELDING}
    d = Detentiegegevens.objects.get(melding__feedrecord__bron_id="DJI-1")
    assert (d.inrichting, d.begin.isoformat(), d.verwachte_einddatum.isoformat()) == ("PI Alphen", "2026-01-10", "2027-03-01")
    assert Detentiegegevens.objects.get(melding__feedrecord__bron_id="DJI-3").verwachte_einddatum is None


def test_detentie_einddatum_voor_begin(ref, tmp_path):
    pad = schrijf(tmp_path / "dji.csv", DJI_KOLOMMEN, [dji(verwachte_einddatum="2025-01-01"), dji(bron_id="DJI-2", inrichting="")])
    with pytest.raises(RegelFouten) as e:
        verwerk("dji", pad)
    assert e.value.fouten == [
        "Regel 2: verwachte_einddatum 2025-01-01 ligt voor begin 2026-01-10",
        "Regel 3: inrichting is leeg (verplicht)",
    ]


def test_datum_tikfouten():
    from datetime import date

    varianten = datum_tikfouten(date(1980, 5, 3))
    assert date(1980, 3, 5) in varianten  # day and month swapped
    assert date(1980, 5, 13) in varianten and date(1981, 5, 3) in varianten
    assert date(1980, 5, 3) not in varianten and date(1980, 5, 4) not in {date(1980, 5, 4)} - varianten


def test_commando_en_afleverfolder(ref, tmp_path):
    map_ = tmp_path / "drop"
    (map_ / "dji").mkdir(parents=True)
    (map_ / "politie").mkdir()
    schrijf(map_ / "dji" / "a.csv", DJI_KOLOMMEN, [dji()])
    schrijf(map_ / "dji" / "b.csv.part", DJI_KOLOMMEN, [dji(bron_id="DJI-9")])  # still being copied
    schrijf(map_ / "politie" / "fout.csv", KOLOMMEN, [{"bron_id": "X", "datum": "gisteren", "achternaam": "Kok",
                                                       "geboortedatum": "1980-01-01", "gemeente": "Leiden"}])
    uit, fout = StringIO(), StringIO()
    with pytest.raises(CommandError, match="Niet elk bestand is ingelezen"):
        call_command("feeds", "--map", str(map_), stdout=uit, stderr=fout)
    assert "1 nieuwe meldingen" in uit.getvalue()
    assert (map_ / "dji" / "verwerkt" / "a.csv").exists()
    assert (map_ / "dji" / "b.csv.part").exists()
    assert (map_ / "politie" / "fout" / "fout.csv").exists()
    assert (map_ / "politie" / "fout" / "fout.csv.fouten.txt").read_text(encoding="utf-8").splitlines() == [
        "Niets geïmporteerd: 1 regel met fouten.",
        "Regel 2: datum 'gisteren' is geen geldige datum; gebruik JJJJ-MM-DD",
    ]
    # Rerun: nothing new until the copy is renamed; then only that file.
    assert [r.bestand for r in verwerk_map(map_)] == []
    (map_ / "dji" / "b.csv.part").rename(map_ / "dji" / "b.csv")
    assert [(r.bestand, r.gelukt) for r in verwerk_map(map_)] == [("b.csv", True)]
    assert Melding.objects.count() == 2

    uit = StringIO()
    call_command("feed", "dji", str(map_ / "dji" / "verwerkt" / "a.csv"), stdout=uit)
    assert "0 nieuwe meldingen, 1 al ontvangen" in uit.getvalue()
    with pytest.raises(CommandError, match="1 regel met fouten"):
        call_command("feed", "politie", str(map_ / "politie" / "fout" / "fout.csv"), stdout=StringIO(), stderr=StringIO())


def test_avg_overzicht_en_wissen(ref, tmp_path):
    from schakel.avg.inzage import verzamel
    from schakel.avg.models import GEWIST
    from schakel.avg.services import wis_persoon

    from .factories import GebruikerFactory

    pad = schrijf(tmp_path / "dji.csv", DJI_KOLOMMEN, [dji(gemeente="Katwijk", inrichting="PI Zwaag")])
    verwerk("dji", pad)
    persoon = Persoon.objects.get(achternaam="Kok")
    overzicht = verzamel(persoon)
    assert [r["bron_id"] for r in overzicht["feedrecords"]] == ["DJI-1"]
    assert [(r["inrichting"], r["begin"]) for r in overzicht["detentiegegevens"]] == [("PI Zwaag", "2026-01-10")]
    # A routed detention notice is done for the house: erasure may go ahead.
    wis_persoon(persoon, GebruikerFactory(), "Verzoek betrokkene")
    d = Detentiegegevens.objects.get()
    assert (d.inrichting, d.begin.isoformat()) == (GEWIST, "2026-01-10")
    assert MeldingPersoon.objects.get().opgave is None
    assert Melding.objects.get().omschrijving == GEWIST
    # A later delivery of the same record brings nothing back.
    assert verwerk("dji", pad).al_ontvangen == 1
    assert Melding.objects.count() == 1
