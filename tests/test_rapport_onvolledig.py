"""The annual report says when a period it compares is not complete: the year is still running, or
Schakel holds data only from a day after the period began. On the page, in the PDF and in the
spreadsheet."""
import io
from datetime import date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from schakel.meldingen.models import Melding
from schakel.rapportage.indicatoren import Periode
from schakel.rapportage.jaarrapport import _jaren_terug, datum_tekst, maak_rapport, tot_vandaag
from schakel.rapportage.uitvoer import exporteer

from .scenario import nieuwe_melding


def melding_op(users, dag: date) -> Melding:
    m = nieuwe_melding(users["ic"])
    Melding.objects.filter(pk=m.pk).update(ontvangen_op=timezone.make_aware(datetime.combine(dag, time(10))))
    return m


def pdf_tekst(inhoud: bytes) -> str:
    return " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(inhoud)).pages).replace("\n", " ")


def xlsx_tekst(inhoud: bytes) -> str:
    boek = load_workbook(io.BytesIO(inhoud), read_only=True)
    return " ".join(str(v) for blad in boek.worksheets for rij in blad.iter_rows(values_only=True) for v in rij if v)


def test_a_running_year_is_counted_up_to_today():
    vandaag = date(2026, 11, 28)
    periode, waarschuwingen = tot_vandaag(Periode.jaar(2026), vandaag)
    assert periode == Periode(date(2026, 1, 1), vandaag)
    assert waarschuwingen == ["2026 loopt nog: de cijfers gaan tot en met 28-11-2026 (vandaag), niet tot en met 31-12-2026."]
    assert tot_vandaag(Periode.jaar(2025), vandaag) == (Periode.jaar(2025), [])
    assert "nog niet begonnen" in tot_vandaag(Periode.jaar(2027), vandaag)[1][0]


@pytest.mark.django_db
def test_the_current_year_is_compared_with_the_same_span_of_last_year(client_for, users):
    vandaag = timezone.localdate()
    jaar = vandaag.year
    melding_op(users, date(jaar - 1, 1, 1))
    melding_op(users, vandaag)

    r = maak_rapport(Periode.jaar(jaar))
    assert r.periode == Periode(date(jaar, 1, 1), vandaag)
    assert r.perioden == [Periode(date(jaar - 1, 1, 1), _jaren_terug(vandaag, 1)), r.periode]
    assert r.waarschuwingen[0].startswith(f"{jaar} loopt nog: de cijfers gaan tot en met {datum_tekst(vandaag)} (vandaag)")
    assert f"Ter vergelijking staat dezelfde periode erbij ({r.kolommen[0]}), niet het hele jaar." in r.waarschuwingen[0]
    assert not any("onvolledig" in w for w in r.waarschuwingen)  # last year's data begins on 1 January

    html = client_for(users["ketenmanager"]).get(
        reverse("rapportage:overzicht"), {"van": f"{jaar}-01-01", "tot": f"{jaar}-12-31"}).content.decode()
    assert f"{jaar} loopt nog" in html
    assert f"{jaar} loopt nog" in pdf_tekst(exporteer("pdf", Periode.jaar(jaar)))


@pytest.mark.django_db
def test_a_comparison_year_with_data_from_october_only_is_called_incomplete(client_for, users):
    jaar = timezone.localdate().year - 1
    melding_op(users, date(jaar - 1, 10, 6))  # the first data Schakel holds
    melding_op(users, date(jaar, 3, 3))

    r = maak_rapport(Periode.jaar(jaar))
    assert r.kolommen == [str(jaar - 1), str(jaar)]
    waarschuwing = (f"{jaar - 1} is onvolledig: Schakel heeft pas gegevens vanaf 6-10-{jaar - 1}, niet vanaf 1-1-{jaar - 1}. "
                    f"Vergelijk {jaar - 1} daarom niet één op één met {jaar}.")
    assert r.waarschuwingen == [waarschuwing]

    html = client_for(users["ketenmanager"]).get(
        reverse("rapportage:overzicht"), {"van": f"{jaar}-01-01", "tot": f"{jaar}-12-31"}).content.decode()
    assert waarschuwing in html.replace("&#x27;", "'")
    assert f"{jaar - 1} is onvolledig" in pdf_tekst(exporteer("pdf", Periode.jaar(jaar)))
    assert f"{jaar - 1} is onvolledig" in xlsx_tekst(exporteer("xlsx", Periode.jaar(jaar)))
    assert f"{jaar - 1} is onvolledig" in exporteer("html", Periode.jaar(jaar)).decode()

    # A period that begins after the first data, without an earlier period to compare: nothing to warn of.
    assert maak_rapport(Periode(date(jaar, 1, 1), date(jaar, 6, 30))).waarschuwingen == []
