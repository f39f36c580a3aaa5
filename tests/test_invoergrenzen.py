"""Hole 14: input no field can accept gives a clear Dutch 400 and stores nothing, never a 500. At
the root: a huge page number is read as the last possible page (core.pagination), and a NUL byte, a
number beyond the database's integer range or a date outside 1900-2999 is refused at the door for
every page, form and API route (core.middleware.OngeldigeInvoerMiddleware)."""
import json

import pytest
from django.urls import reverse

from schakel.casussen.models import Afsluiting
from schakel.core.pagination import MAX_PAGE, page_of
from schakel.core.validators import ongeldige_invoer
from schakel.meldingen.models import Melding

from .scenario import bouw_scenario

DERTIG = "9" * 30


@pytest.mark.parametrize("waarde, fout", [
    ("a\x00b", "NUL-teken"),
    (DERTIG, "te groot"),
    ("-" + DERTIG, "te groot"),
    (str(2**63), "te groot"),
    (10**30, "te groot"),
    ("0001-01-01", "tussen 1900 en 2999"),
    ("9999-12-31", "tussen 1900 en 2999"),
    ("9999-12-31T23:59", "tussen 1900 en 2999"),
    ("31-12-9999", "tussen 1900 en 2999"),
    ("1899-12-31", "tussen 1900 en 2999"),
])
def test_ongeldige_invoer(waarde, fout):
    assert fout in ongeldige_invoer(waarde)


@pytest.mark.parametrize("waarde", ["", "Jan Jansen", "2025-01-01", "31-12-2025", "2999-12-31T10:00", "111222333",
                                    str(2**63 - 1), "0031612345678", 12, True, None, "1900-01-01 was een maandag"])
def test_gewone_invoer_mag(waarde):
    assert ongeldige_invoer(waarde) is None


def test_een_enorm_paginanummer_is_de_laatste_mogelijke_pagina():
    class Rijen(list):
        def __getitem__(self, s):
            assert s.start <= (MAX_PAGE - 1) * 50
            return []

    assert page_of(Rijen(), "9" * 18).number == MAX_PAGE
    assert page_of(Rijen(), "9" * 5000).number == 1  # int() refuses it: the first page
    assert page_of(Rijen(), "-3").number == 1


@pytest.mark.django_db
@pytest.mark.parametrize("params, boodschap", [
    ({"pagina": "9" * 18}, None),
    ({"pagina": DERTIG}, "Een getal is te groot"),
    ({"van": "9999-12-31"}, "Kies een datum tussen 1900 en 2999."),
    ({"tot": "0001-01-01"}, "Kies een datum tussen 1900 en 2999."),
    ({"gemeente": "leiden\x00"}, "NUL-teken"),
])
def test_lijsten_met_grenswaarden(client_for, users, params, boodschap):
    bouw_scenario(users)
    response = client_for(users["ic"]).get(reverse("meldingen:lijst"), params)
    if boodschap is None:
        assert response.status_code == 200
    else:
        assert response.status_code == 400
        assert boodschap in response.content.decode()


@pytest.mark.django_db
def test_toegangslog_zoeken_met_een_onmogelijke_datum(client_for, users):
    client = client_for(users["fg"])
    for van in ("0001-01-01", "9999-12-31"):
        response = client.post(reverse("privacy:toegangslog"), {"van": van})
        assert response.status_code == 400 and "tussen 1900 en 2999" in response.content.decode()


@pytest.mark.django_db
def test_multiselect_met_een_id_van_dertig_cijfers_slaat_niets_op(client_for, users):
    s = bouw_scenario(users)
    response = client_for(users["pr"]).post(
        reverse("casussen:afsluiten", args=[s.casus.pk]), {"datum": "2025-06-01", "uitkomsten": [DERTIG], "toelichting": "x"}
    )
    assert response.status_code == 400 and "Een getal is te groot" in response.content.decode()
    assert not Afsluiting.objects.exists()


@pytest.mark.django_db
def test_detailpagina_met_een_id_buiten_bereik(client_for, users):
    response = client_for(users["ic"]).get(f"/meldingen/{DERTIG}/")
    assert response.status_code == 400


@pytest.mark.django_db
def test_nul_teken_in_een_formulier_slaat_niets_op(client_for, users):
    bouw_scenario(users)
    voor = Melding.objects.count()
    response = client_for(users["ic"]).post(reverse("meldingen:nieuw"), {"omschrijving": "Overlast\x00", "gemeente": "leiden"})
    assert response.status_code == 400 and "NUL-teken" in response.content.decode()
    assert Melding.objects.count() == voor


@pytest.mark.django_db
def test_api_krijgt_een_json_fout(client_for, users):
    client = client_for(users["zsm"])
    response = client.post("/api/zsm/vraag/", json.dumps({"achternaam": "Jan\u0000sen", "geboortedatum": "1990-01-01"}),
                           content_type="application/json")
    assert response.status_code == 400 and "NUL-teken" in response.json()["detail"]
    response = client.post("/api/zsm/vraag/", json.dumps({"achternaam": "Jansen", "geboortedatum": "0001-01-01"}),
                           content_type="application/json")
    assert response.status_code == 400 and "1900" in response.json()["detail"]
