"""The main menu on top of every page: per role exactly the screens that role works in, each of
which opens for that role."""
import re

import pytest
from django.urls import reverse

VERWACHT = {
    "ic": ["Meldingen", "Nieuwe melding", "Zoeken", "Casussen", "Briefings", "Terugkoppeling open", "Overleggen",
           "Monitoring", "Opschalingen", "Rapportage", "Effectmeting", "Uitvragen", "Eigen nazorg", "Koppelvoorstellen"],
    "pr": ["Meldingen", "Nieuwe melding", "Zoeken", "Casussen", "Briefings", "Terugkoppeling open", "Overleggen",
           "Monitoring", "Opschalingen", "Rapportage", "Effectmeting", "Uitvragen", "Eigen nazorg"],
    "politie": ["Meldingen", "Nieuwe melding", "Zoeken", "Casussen", "Mijn acties"],
    "contact": ["Uitvragen", "Eigen nazorg"],
    "zsm": ["ZSM-vraag"],
    "ketenmanager": ["Opschalingen", "Rapportage", "Effectmeting"],
    "fg": ["Rolvoorstellen", "Account- en rolwijzigingen", "Toegangslog", "AVG-rechten"],
    "beheerder": ["Rolvoorstellen", "Beheer"],
    "zonder_rol": [],
}


def menu(html: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav aria-label="Hoofdmenu">(.*?)</nav>', html, re.S)
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav.group(1)) if nav else []


@pytest.mark.django_db
@pytest.mark.parametrize("naam", sorted(VERWACHT))
def test_each_role_sees_its_own_screens_in_the_menu_and_each_opens(client_for, users, naam):
    client = client_for(users[naam])
    items = menu(client.get(reverse("start")).content.decode())
    assert [label for _, label in items] == VERWACHT[naam]
    for href, label in items:
        assert client.get(href).status_code == 200, label


@pytest.mark.django_db
def test_two_roles_see_both_menus_in_menu_order(client_for, users):
    from schakel.gebruikers.models import GebruikerRol
    from schakel.gebruikers.rollen import Rol

    GebruikerRol.objects.create(gebruiker=users["fg"], rol=Rol.KETENMANAGER)
    items = menu(client_for(users["fg"]).get(reverse("start")).content.decode())
    assert [label for _, label in items] == ["Opschalingen", "Rapportage", "Effectmeting", "Rolvoorstellen",
                                             "Account- en rolwijzigingen", "Toegangslog", "AVG-rechten"]
