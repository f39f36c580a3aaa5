import pytest
from django.urls import reverse

from schakel.personen.models import Persoon
from schakel.uitvragen.models import InformatieUitvraag

from .scenario import bouw_scenario


@pytest.mark.django_db
def test_contact_sees_only_own_municipality_and_minimal_person_data(client_for, users):
    s = bouw_scenario(users)
    html = client_for(users["contact"]).get(reverse("uitvragen:detail", args=[s.uitvraag.pk])).content.decode()
    assert "K.J. Jansen" in html and "01-05-1990" in html
    assert "Karel Jan" not in html and s.persoon.bsn not in html and s.melding.omschrijving not in html
    assert reverse("meldingen:detail", args=[s.melding.pk]) not in html
    assert s.uitvraag.nummer in client_for(users["contact"]).get(reverse("uitvragen:lijst")).content.decode()
    assert s.uitvraag.nummer not in client_for(users["contact_gouda"]).get(reverse("uitvragen:lijst")).content.decode()


@pytest.mark.django_db
def test_contact_answers_once(client_for, users):
    s = bouw_scenario(users)
    client = client_for(users["contact"])
    url = reverse("uitvragen:detail", args=[s.uitvraag.pk])
    assert client.post(url, {"antwoord": "Uitkering sinds 2023."}).status_code == 302
    s.uitvraag.refresh_from_db()
    assert (s.uitvraag.status, s.uitvraag.antwoord, s.uitvraag.beantwoord_door) == ("beantwoord", "Uitkering sinds 2023.", users["contact"])
    response = client.post(url, {"antwoord": "Overschreven?"})
    assert response.status_code == 400 and "al beantwoord" in response.content.decode()
    s.uitvraag.refresh_from_db()
    assert s.uitvraag.antwoord == "Uitkering sinds 2023."


@pytest.mark.django_db
@pytest.mark.parametrize("antwoord,boodschap", [("", "Vul het antwoord in."), ("<img src=x onerror=alert(1)>", "HTML-code"),
                                                ("x" * 10_001, "niet meer dan 10000 tekens")])
def test_answer_bad_input(client_for, users, antwoord, boodschap):
    s = bouw_scenario(users)
    response = client_for(users["contact"]).post(reverse("uitvragen:detail", args=[s.uitvraag.pk]), {"antwoord": antwoord})
    assert response.status_code == 400 and boodschap in response.content.decode()
    s.uitvraag.refresh_from_db()
    assert s.uitvraag.status == "open" and s.uitvraag.antwoord == ""


@pytest.mark.django_db
def test_other_municipality_and_staff_cannot_answer(client_for, users):
    s = bouw_scenario(users)
    url = reverse("uitvragen:detail", args=[s.uitvraag.pk])
    assert client_for(users["contact_gouda"]).post(url, {"antwoord": "Gouda weet het"}).status_code == 403
    assert client_for(users["ic"]).post(url, {"antwoord": "Zelf ingevuld"}).status_code == 403
    s.uitvraag.refresh_from_db()
    assert s.uitvraag.status == "open"


@pytest.mark.django_db
def test_request_only_about_persons_of_the_melding(client_for, users):
    s = bouw_scenario(users)
    vreemde = Persoon.objects.create(achternaam="Vreemde")
    client = client_for(users["ic"])
    url = reverse("uitvragen:nieuw", args=[s.melding.pk])
    response = client.post(url, {"gemeente": s.melding.gemeente_id, "persoon": vreemde.pk, "vraag": "Wie is dit?"})
    assert response.status_code == 400 and "Selecteer een geldige keuze" in response.content.decode()
    assert InformatieUitvraag.objects.count() == 1
    response = client.post(url, {"gemeente": s.melding.gemeente_id, "persoon": s.persoon.pk, "vraag": "Nog een vraag"})
    assert response.status_code == 302 and InformatieUitvraag.objects.count() == 2
