import pytest
from django.urls import reverse

from schakel.briefing.models import BesluitOptie
from schakel.gebruikers.models import GebruikerRol, Rolvoorstel


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
    from schakel.meldingen.models import Melding

    assert "Betrokkene is overleden" in str(WegingForm(melding=Melding())["subreden"])
    # Nothing is deleted; the stable code cannot be edited afterwards.
    optie = BesluitOptie.objects.get(code="geen_vervolg_overleden")
    assert client.post(reverse("beheer:briefing_besluitoptie_delete", args=[optie.pk]), {"post": "yes"}).status_code == 403
    html = client.get(reverse("beheer:briefing_besluitoptie_change", args=[optie.pk])).content.decode()
    assert 'name="code"' not in html


@pytest.mark.django_db
def test_roles_are_assigned_with_four_eyes(client_for, users):
    zonder = users["zonder_rol"]
    response = client_for(users["beheerder"]).post(reverse("rollen:voorstellen"), {"gebruiker": zonder.pk, "rol": "partner"})
    assert response.status_code == 302
    assert not GebruikerRol.objects.filter(gebruiker=zonder, rol="partner").exists()
    voorstel = Rolvoorstel.objects.get(gebruiker=zonder)
    response = client_for(users["fg"]).post(reverse("rollen:beoordelen", args=[voorstel.pk]), {"besluit": "bevestigen"})
    assert response.status_code == 302
    assert GebruikerRol.objects.filter(gebruiker=zonder, rol="partner").exists()


def test_beheer_registers_no_model_with_client_data():
    from schakel.beheer.admin import beheer_site

    geregistreerd = {m._meta.label for m in beheer_site._registry}
    assert geregistreerd == {
        "briefing.BesluitOptie", "overleggen.Overlegtype", "meldingen.Thema", "gemeenten.Gemeente",
        "partners.Organisatie", "gebruikers.Gebruiker", "privacy.InformatieCategorie", "monitoring.Monitoringtermijn",
        "opschaling.Escalatieniveau", "casussen.AfsluitUitkomst", "privacy.Convenant", "privacy.ConvenantBijlage",
        "avg.Bewaartermijn", "gebruikers.ApiToken", "effectmeting.Kosteninvoer",
        # The state of the link with the middenvelder: times, counts, kind of failure; no person.
        "bekendheid.Koppeling",
    }
