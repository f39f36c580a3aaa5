import logging

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils import timezone

from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding, MeldingStatus
from schakel.partners.models import Organisatie
from schakel.personen.models import Persoon
from schakel.privacy.models import Mutatielog, Toegangslog

from .scenario import BSN_P1, bouw_scenario

GELDIG_BSN = "123456782"


def formulier(**overrides):
    data = {
        "ontvangen_op": "2026-11-20T10:30",
        "kanaal": "mail",
        "soort": "casus",
        "urgentie": "normaal",
        "melder_organisatie": Organisatie.objects.get(code="reclassering").pk,
        "melder_naam": "Petra de Boer",
        "melder_contact": "06-12345678",
        "onderwerp": "persoon",
        "gebied": "",
        "gemeente": Gemeente.objects.get(code="leiden").pk,
        "thema": 1,
        "omschrijving": "Betrokkene veroorzaakt overlast en heeft schulden.",
        "persoon-bsn": GELDIG_BSN,
        "persoon-voornamen": "Ahmed",
        "persoon-tussenvoegsel": "",
        "persoon-achternaam": "El Amrani",
        "persoon-geboortedatum": "1988-03-14",
        "persoon-geslacht": "man",
        "persoon-gemeente": Gemeente.objects.get(code="leiden").pk,
    }
    from schakel.meldingen.models import Thema

    data["thema"] = Thema.objects.get(code="overlast").pk
    data.update(overrides)
    return data


def niets_opgeslagen():
    return Melding.objects.count() == 0 and Persoon.objects.count() == 0 and Mutatielog.objects.count() == 0


@pytest.mark.django_db
def test_register_melding_for_new_person(client_for, users):
    client = client_for(users["ic"])
    response = client.post(reverse("meldingen:nieuw"), formulier())
    melding = Melding.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("meldingen:detail", args=[melding.pk])
    persoon = melding.personen.get()
    assert (persoon.bsn, persoon.achternaam, persoon.zoeknaam) == (GELDIG_BSN, "El Amrani", "el amrani")
    assert melding.status == Melding.Status.GEREGISTREERD
    assert list(MeldingStatus.objects.values_list("van", "naar")) == [("", "geregistreerd")]
    assert Mutatielog.objects.filter(objecttype="melding", object_id=melding.pk, actie="aangemaakt").exists()
    assert Mutatielog.objects.filter(objecttype="persoon", object_id=persoon.pk).exists()


@pytest.mark.django_db
def test_partner_reports_only_for_own_organisation(client_for, users):
    client = client_for(users["politie"])
    response = client.post(reverse("meldingen:nieuw"), formulier())  # form says Reclassering: refused
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert niets_opgeslagen()
    response = client.post(reverse("meldingen:nieuw"), formulier(melder_organisatie=users["politie"].organisatie_id))
    assert response.status_code == 302
    assert Melding.objects.get().melder_organisatie == users["politie"].organisatie


BAD_INPUT = [
    ("ongeldig BSN", {"persoon-bsn": "123456789"}, "elfproef"),
    ("BSN met letters", {"persoon-bsn": "12345678a"}, "elfproef"),
    ("geboortedatum in de toekomst", {"persoon-geboortedatum": "2099-01-01"}, "Deze datum ligt in de toekomst."),
    ("ontvangen in de toekomst", {"ontvangen_op": "2099-01-01T10:00"}, "Dit tijdstip ligt in de toekomst."),
    ("omschrijving ontbreekt", {"omschrijving": ""}, "Dit veld is verplicht."),
    ("melder ontbreekt", {"melder_naam": ""}, "Dit veld is verplicht."),
    ("gemeente ontbreekt", {"gemeente": ""}, "Dit veld is verplicht."),
    ("achternaam ontbreekt bij persoon", {"persoon-achternaam": ""}, "Vul de achternaam in."),
    ("1 MB tekst", {"omschrijving": "x" * 1_000_000}, "De omschrijving is te lang: maximaal 10.000 tekens."),
    ("script", {"omschrijving": "Hallo <script>alert(1)</script>"}, "HTML-code of scripts zijn niet toegestaan"),
    ("HTML in naam", {"persoon-achternaam": "<b>Jansen</b>"}, "HTML-code of scripts zijn niet toegestaan"),
    ("gebied zonder omschrijving", {"onderwerp": "gebied", "persoon-bsn": "", "persoon-achternaam": "",
                                     "persoon-voornamen": "", "persoon-geboortedatum": ""}, "Vul het gebied in"),
    ("onbekende gemeente-id", {"gemeente": "999999"}, "Selecteer een geldige keuze"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("naam,overrides,boodschap", BAD_INPUT, ids=[b[0] for b in BAD_INPUT])
def test_bad_input_is_refused_clearly_and_stores_nothing(client_for, users, naam, overrides, boodschap):
    client = client_for(users["ic"])
    data = formulier(**overrides)
    response = client.post(reverse("meldingen:nieuw"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert boodschap in html
    assert "De melding is niet opgeslagen." in html
    assert niets_opgeslagen()
    # What the user typed is still in the form (escaped where it was markup).
    assert 'value="Petra de Boer"' in html or overrides.get("melder_naam") == ""
    if "omschrijving" in overrides and 0 < len(overrides["omschrijving"]) < 100:
        assert "Hallo &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html


@pytest.mark.django_db
def test_bsn_never_lands_in_application_logs(client_for, users, caplog):
    caplog.set_level(logging.DEBUG)
    client_for(users["ic"]).post(reverse("meldingen:nieuw"), formulier(**{"persoon-bsn": "123456789"}))
    client_for(users["ic"]).post(reverse("meldingen:nieuw"), formulier())
    assert Melding.objects.count() == 1
    assert GELDIG_BSN not in caplog.text and "123456789" not in caplog.text and "El Amrani" not in caplog.text


@pytest.mark.django_db
def test_duplicate_safeguard_gives_staff_the_hit_count_case_and_contact(client_for, users):
    """House staff keep the richer answer (the partner's is in test_melder_inzage.py)."""
    s = bouw_scenario(users)  # P1 is in an active focus case
    client = client_for(users["ic"])
    data = formulier(**{"persoon-bsn": BSN_P1, "persoon-achternaam": "Jansen", "persoon-geboortedatum": "1990-05-01"})
    response = client.post(reverse("meldingen:nieuw"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Deze persoon is mogelijk al bekend" in html
    assert "actieve casus in het Veiligheidshuis" in html
    assert f"procesregisseur {escape(str(users['pr']))}" in html and s.casus.nummer in html
    assert "1 eerdere melding" in html
    assert s.melding.omschrijving not in html
    # No "new person" escape for a known BSN.
    assert 'value="nieuw"' not in html
    assert Melding.objects.count() == 1
    assert Toegangslog.objects.filter(gebruiker=users["ic"], actie="dubbelingstreffer", persoon_id=s.persoon.pk).exists()

    response = client.post(reverse("meldingen:nieuw"), {**data, "persoonkeuze": f"bestaand-{s.persoon.pk}"})
    assert response.status_code == 302
    nieuwe = Melding.objects.exclude(pk=s.melding.pk).get()
    assert list(nieuwe.personen.all()) == [s.persoon]
    assert Persoon.objects.count() == 1


@pytest.mark.django_db
def test_same_surname_and_birth_date_is_offered_and_can_be_declined(client_for, users):
    bouw_scenario(users)
    client = client_for(users["ic"])
    data = formulier(**{"persoon-bsn": "", "persoon-achternaam": "JANSEN", "persoon-geboortedatum": "1990-05-01"})
    response = client.post(reverse("meldingen:nieuw"), data)
    assert "zelfde achternaam en geboortedatum" in response.content.decode()
    assert 'value="nieuw"' in response.content.decode()
    assert client.post(reverse("meldingen:nieuw"), {**data, "persoonkeuze": "nieuw"}).status_code == 302
    assert Persoon.objects.filter(zoeknaam="jansen").count() == 2


@pytest.mark.django_db
def test_forged_person_choice_links_nobody(client_for, users):
    s = bouw_scenario(users)
    anders = Persoon.objects.create(achternaam="Vreemde", geboortedatum="1970-01-01")
    client = client_for(users["ic"])
    data = formulier(**{"persoon-bsn": BSN_P1, "persoonkeuze": f"bestaand-{anders.pk}"})
    response = client.post(reverse("meldingen:nieuw"), data)
    assert response.status_code == 400
    assert "Kies een van de getoonde personen" in response.content.decode()
    assert Melding.objects.count() == 1 and not anders.meldingen.exists()
    assert s.persoon.meldingen.count() == 1


@pytest.mark.django_db
def test_list_filters_and_row_views_are_logged(client_for, users):
    s = bouw_scenario(users)
    client = client_for(users["reclassering"])
    response = client.get(reverse("meldingen:lijst"), {"gemeente": s.melding.gemeente_id, "status": "gewogen"})
    assert s.melding.nummer in response.content.decode()
    assert Toegangslog.objects.filter(gebruiker=users["reclassering"], actie="lijst", object_id=s.melding.pk,
                                      persoon_id=s.persoon.pk).count() == 1
    response = client.get(reverse("meldingen:lijst"), {"status": "geregistreerd"})
    assert s.melding.nummer not in response.content.decode()
    response = client.get(reverse("meldingen:lijst"), {"van": "2099-01-01"})
    assert s.melding.nummer not in response.content.decode()


@pytest.mark.django_db
def test_uninvolved_partner_sees_nothing_anywhere(client_for, users):
    s = bouw_scenario(users)
    client = client_for(users["politie"])
    assert s.melding.nummer not in client.get(reverse("meldingen:lijst")).content.decode()
    for q in (BSN_P1, "Jansen", s.melding.nummer):
        html = client.post(reverse("personen:zoeken"), {"q": q}).content.decode()
        assert "Geen resultaten die u mag inzien." in html, q
        assert reverse("meldingen:detail", args=[s.melding.pk]) not in html
    assert client.get(reverse("meldingen:detail", args=[s.melding.pk])).status_code == 403
    assert not Toegangslog.objects.filter(gebruiker=users["politie"], persoon_id=s.persoon.pk).exists()
    # The involved partner finds all three.
    client = client_for(users["reclassering"])
    for q in (BSN_P1, "jansen", s.melding.nummer):
        html = client.post(reverse("personen:zoeken"), {"q": q}).content.decode()
        assert reverse("meldingen:detail", args=[s.melding.pk]) in html, q


@pytest.mark.django_db
def test_search_is_post_only_for_terms(client_for, users):
    client = client_for(users["ic"])
    response = client.get(reverse("personen:zoeken"), {"q": BSN_P1})
    assert "Resultaten" not in response.content.decode()
    response = client.post(reverse("personen:zoeken"), {"q": "a"})
    assert response.status_code == 400 and "Geef minstens 2 tekens op." in response.content.decode()


@pytest.mark.django_db
def test_edit_is_logged_old_to_new_and_bad_edit_changes_nothing(client_for, users):
    s = bouw_scenario(users)
    client = client_for(users["ic"])
    url = reverse("meldingen:wijzigen", args=[s.melding.pk])
    data = formulier(urgentie="spoed", ontvangen_op=timezone.localtime(s.melding.ontvangen_op).strftime("%Y-%m-%dT%H:%M"))
    data = {k: v for k, v in data.items() if not k.startswith("persoon-")}
    response = client.post(url, {**data, "omschrijving": "<script>x</script>"})
    assert response.status_code == 400 and "HTML-code" in response.content.decode()
    s.melding.refresh_from_db()
    assert s.melding.urgentie == "normaal"
    assert client.post(url, data).status_code == 302
    s.melding.refresh_from_db()
    assert s.melding.urgentie == "spoed"
    log = Mutatielog.objects.filter(objecttype="melding", object_id=s.melding.pk, actie="gewijzigd").order_by("-id").first()
    assert log.wijzigingen["urgentie"] == ["normaal", "spoed"] and log.gebruiker == users["ic"]
    html = client.get(reverse("meldingen:detail", args=[s.melding.pk])).content.decode()
    assert "Urgentie gewijzigd van Normaal in Spoed" in html


@pytest.mark.django_db
def test_forged_id_of_someone_elses_melding_is_refused_in_dutch_and_stores_nothing(client_for, users):
    from schakel.meldingen.models import Terugkoppeling
    from schakel.uitvragen.models import InformatieUitvraag

    s = bouw_scenario(users)
    client = client_for(users["politie"])
    pogingen = [
        (reverse("meldingen:detail", args=[s.melding.pk]), None),
        (reverse("meldingen:terugkoppeling", args=[s.melding.pk]), {"datum": "2026-01-01", "kanaal": "mail", "tekst": "x"}),
        (reverse("meldingen:wijzigen", args=[s.melding.pk]), {"omschrijving": "overschreven"}),
        (reverse("meldingen:persoon_toevoegen", args=[s.melding.pk]), {"persoon-achternaam": "Nep"}),
        (reverse("uitvragen:nieuw", args=[s.melding.pk]), {"gemeente": s.melding.gemeente_id, "vraag": "?"}),
        (reverse("uitvragen:detail", args=[s.uitvraag.pk]), {"antwoord": "nep"}),
    ]
    for url, data in pogingen:
        response = client.post(url, data) if data else client.get(url)
        assert response.status_code == 403, url
        assert "U heeft geen toegang tot deze gegevens." in response.content.decode(), url
    s.melding.refresh_from_db()
    assert s.melding.omschrijving != "overschreven"
    assert not Terugkoppeling.objects.exists() and InformatieUitvraag.objects.count() == 1
    assert list(s.melding.personen.all()) == [s.persoon]


@pytest.mark.django_db
def test_change_log_holds_no_copy_of_personal_data(client_for, users):
    client = client_for(users["ic"])
    client.post(reverse("meldingen:nieuw"), formulier())
    melding = Melding.objects.get()
    data = {k: v for k, v in formulier(omschrijving="Nieuwe, scherpere omschrijving.").items() if not k.startswith("persoon-")}
    assert client.post(reverse("meldingen:wijzigen", args=[melding.pk]), data).status_code == 302
    alles = str(list(Mutatielog.objects.values_list("wijzigingen", flat=True)))
    for gegeven in (GELDIG_BSN, "El Amrani", "Ahmed", "1988-03-14", "Petra de Boer", "06-12345678", "scherpere", "overlast"):
        assert gegeven not in alles, gegeven
    log = Mutatielog.objects.filter(objecttype="melding", actie="gewijzigd").get()
    assert log.wijzigingen == {"omschrijving": ["[persoonsgegeven]", "[persoonsgegeven]"]}
    assert "Omschrijving gewijzigd<" in client.get(reverse("meldingen:detail", args=[melding.pk])).content.decode()
