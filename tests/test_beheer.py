import pytest
from django.urls import reverse

from schakel.briefing.models import BesluitOptie
from schakel.gebruikers.models import GebruikerRol


@pytest.mark.django_db
def test_functioneel_beheerder_configures_the_decision_list(client_for, users):
    client = client_for(users["beheerder"])
    geen_vervolg = BesluitOptie.objects.get(code="geen_vervolg")
    response = client.post(
        reverse("beheer:briefing_besluitoptie_add"),
        {"code": "geen_vervolg_overleden", "naam": "Betrokkene is overleden", "hoofdbesluit": geen_vervolg.pk,
         "huis_onderneemt_actie": "", "actief": "on", "volgorde": 9},
    )
    assert response.status_code == 302
    assert geen_vervolg.subredenen.filter(code="geen_vervolg_overleden").exists()
    # The new reason is offered at the next weighing.
    from schakel.briefing.forms import WegingForm

    assert "Betrokkene is overleden" in str(WegingForm()["subreden"])
    # Nothing is deleted; the stable code cannot be edited afterwards.
    optie = BesluitOptie.objects.get(code="geen_vervolg_overleden")
    assert client.post(reverse("beheer:briefing_besluitoptie_delete", args=[optie.pk]), {"post": "yes"}).status_code == 403
    html = client.get(reverse("beheer:briefing_besluitoptie_change", args=[optie.pk])).content.decode()
    assert 'name="code"' not in html


@pytest.mark.django_db
def test_roles_are_assigned_in_beheer(client_for, users):
    client = client_for(users["beheerder"])
    zonder = users["zonder_rol"]
    url = reverse("beheer:gebruikers_gebruiker_change", args=[zonder.pk])
    data = {
        "username": zonder.username, "first_name": "A", "last_name": "B", "email": "", "organisatie": zonder.organisatie_id,
        "is_active": "on", "rol_toekenningen-TOTAL_FORMS": 1, "rol_toekenningen-INITIAL_FORMS": 0,
        "rol_toekenningen-MIN_NUM_FORMS": 0, "rol_toekenningen-MAX_NUM_FORMS": 1000,
        "rol_toekenningen-0-rol": "partner", "rol_toekenningen-0-gebruiker": zonder.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert GebruikerRol.objects.filter(gebruiker=zonder, rol="partner").exists()


def test_beheer_registers_no_model_with_client_data():
    from schakel.beheer.admin import beheer_site

    geregistreerd = {m._meta.label for m in beheer_site._registry}
    assert geregistreerd == {
        "briefing.BesluitOptie", "overleggen.Overlegtype", "meldingen.Thema", "gemeenten.Gemeente",
        "partners.Organisatie", "gebruikers.Gebruiker", "privacy.InformatieCategorie", "monitoring.Monitoringtermijn",
        "opschaling.Escalatieniveau", "casussen.AfsluitUitkomst", "privacy.Convenant", "privacy.ConvenantBijlage",
        "avg.Bewaartermijn",
    }
