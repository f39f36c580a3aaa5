"""The review queue of the daily feeds (informatiecoördinator only) and the detention notices routed
to municipalities with their own aftercare (their municipal contacts)."""
import csv

import pytest
from django.urls import reverse

from schakel.gemeenten.models import Gemeente
from schakel.koppelingen.feed import verwerk
from schakel.koppelingen.models import Koppelvoorstel, KoppelvoorstelStatus
from schakel.meldingen.models import MeldingPersoon
from schakel.personen.models import Persoon
from schakel.privacy.models import Toegangslog

from .factories import GebruikerFactory
from .queries import tel

KOP = ["bron_id", "bsn", "voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "gemeente", "inrichting", "begin",
       "verwachte_einddatum"]


def dji_bestand(pad, rijen, prefix="DJI"):
    with open(pad, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=KOP)
        w.writeheader()
        for i, (voornamen, achternaam, geboren, gemeente) in enumerate(rijen, start=1):
            w.writerow({"bron_id": f"{prefix}-{i}", "voornamen": voornamen, "achternaam": achternaam, "geboortedatum": geboren,
                        "gemeente": gemeente, "inrichting": "PI Den Haag", "begin": "2026-02-01"})
    return pad


@pytest.fixture
def voorstellen(users, tmp_path):
    leiden = Gemeente.objects.get(code="leiden")
    for i in range(3):
        Persoon.objects.create(voornamen="Pieter", achternaam=f"Jansen{'s' * i}", geboortedatum=f"198{i}-04-20", gemeente=leiden)
    # Swapped names, a typo, and one for Katwijk (own aftercare).
    verwerk("dji", dji_bestand(tmp_path / "dji.csv", [
        ("Jansen", "Pieter", "1980-04-20", "Leiden"), ("Pieter", "Jansenx", "1981-04-20", "Leiden"),
        ("Pieter", "Jansrnss", "1982-04-20", "Katwijk"), ("Anna", "Nieuw", "1990-01-20", "Katwijk"),
    ]))
    return list(Koppelvoorstel.objects.order_by("pk"))


def test_lijst_en_vergelijking_alleen_voor_de_informatiecoordinator(client_for, users, voorstellen):
    assert len(voorstellen) == 3
    for rol in ("pr", "politie", "reclassering", "contact", "fg", "ketenmanager"):
        client = client_for(users[rol])
        assert client.get(reverse("koppelingen:voorstellen")).status_code == 403, rol
        assert client.get(reverse("koppelingen:voorstel", args=[voorstellen[0].pk])).status_code == 403, rol
        assert client.post(reverse("koppelingen:voorstel", args=[voorstellen[0].pk]), {"besluit": "koppelen"}).status_code == 403
    client = client_for(users["ic"])
    pagina = client.get(reverse("koppelingen:voorstellen"))
    assert pagina.status_code == 200
    inhoud = pagina.content.decode()
    assert voorstellen[0].nummer in inhoud and "Jansen" not in inhoud  # no names in the list
    pagina = client.get(reverse("koppelingen:voorstel", args=[voorstellen[0].pk]))
    assert pagina.status_code == 200 and "Pieter" in pagina.content.decode()
    assert Toegangslog.objects.filter(
        gebruiker=users["ic"], objecttype="koppelvoorstel", object_id=voorstellen[0].pk, persoon_id=voorstellen[0].kandidaat_id,
        actie=Toegangslog.Actie.BEKEKEN,
    ).exists()
    assert Toegangslog.objects.filter(gebruiker=users["ic"], objecttype="koppelvoorstel", actie=Toegangslog.Actie.LIJST).count() == 3


def test_koppelen_afwijzen_en_foute_invoer(client_for, users, voorstellen):
    client = client_for(users["ic"])
    url = reverse("koppelingen:voorstel", args=[voorstellen[0].pk])
    for data in ({}, {"besluit": "misschien"}):
        antwoord = client.post(url, data)
        assert antwoord.status_code == 400
        assert "Kies" in antwoord.content.decode()
    assert Koppelvoorstel.objects.open().count() == 3

    assert client.post(url, {"besluit": "koppelen"}).status_code == 302
    v = Koppelvoorstel.objects.get(pk=voorstellen[0].pk)
    assert v.status == Koppelvoorstel.Status.GEKOPPELD
    assert MeldingPersoon.objects.get(melding=v.melding).persoon_id == v.kandidaat_id
    # Decided once: a second decision is refused, nothing changes.
    antwoord = client.post(url, {"besluit": "afwijzen"})
    assert antwoord.status_code == 400 and "al besloten" in antwoord.content.decode()

    personen = Persoon.objects.count()
    assert client.post(reverse("koppelingen:voorstel", args=[voorstellen[1].pk]), {"besluit": "afwijzen"}).status_code == 302
    v = Koppelvoorstel.objects.get(pk=voorstellen[1].pk)
    assert v.status == Koppelvoorstel.Status.AFGEWEZEN
    nieuw = MeldingPersoon.objects.get(melding=v.melding).persoon
    assert (nieuw.voornamen, nieuw.achternaam, Persoon.objects.count()) == ("Pieter", "Jansenx", personen + 1)
    assert list(KoppelvoorstelStatus.objects.filter(voorstel__in=voorstellen[:2]).values_list("naar", "door__username").order_by("volgnummer")) == [
        ("open", "feeds.import"), ("open", "feeds.import"), ("gekoppeld", "ic"), ("afgewezen", "ic"),
    ]


def test_eigen_nazorg_voor_de_gemeente(client_for, users, voorstellen):
    katwijk = GebruikerFactory(username="contact.katwijk", rollen=["gemeente_contact"])
    katwijk.contactgemeenten.add(Gemeente.objects.get(code="katwijk"))
    inhoud = client_for(katwijk).get(reverse("koppelingen:doorgezet")).content.decode()
    assert "Nieuw" in inhoud and "Jansrnss" in inhoud and "PI Den Haag" in inhoud
    # Leiden's contact sees none of Katwijk's; a partner nothing at all.
    antwoord = client_for(users["contact"]).get(reverse("koppelingen:doorgezet"))
    assert antwoord.status_code == 200 and "Nieuw" not in antwoord.content.decode()
    assert client_for(users["reclassering"]).get(reverse("koppelingen:doorgezet")).status_code == 403


def test_vaste_aantallen_queries(client_for, users, voorstellen, tmp_path):
    client = client_for(users["ic"])
    klein = (tel(client, reverse("koppelingen:voorstellen")), tel(client, reverse("koppelingen:doorgezet")),
             tel(client, reverse("koppelingen:voorstel", args=[voorstellen[0].pk])))
    leiden = Gemeente.objects.get(code="leiden")
    Persoon.objects.bulk_create([Persoon(voornamen="Kees", achternaam=f"Bakker{i}", zoeknaam=f"bakker{i}",
                                         geboortedatum=f"1970-01-{i + 1:02d}", gemeente=leiden) for i in range(25)])
    verwerk("dji", dji_bestand(tmp_path / "meer.csv", [("Kees", f"Bakkxr{i}", f"1970-01-{i + 1:02d}", "Alphen aan den Rijn")
                                                       for i in range(25)], prefix="DJI-B"))
    groot = (tel(client, reverse("koppelingen:voorstellen")), tel(client, reverse("koppelingen:doorgezet")),
             tel(client, reverse("koppelingen:voorstel", args=[Koppelvoorstel.objects.last().pk])))
    assert Koppelvoorstel.objects.count() == 28
    assert klein == groot


def test_intussen_op_de_melding_gekoppeld(client_for, users, voorstellen):
    """The house settled the pending person on the melding's own screen: the proposal then records that
    and closes, and the decision adds no person."""
    from schakel.meldingen.services import koppel_opgegeven_persoon

    v = voorstellen[1]
    koppel_opgegeven_persoon(koppeling=v.koppeling, persoon=v.kandidaat, door=users["pr"])
    personen = Persoon.objects.count()
    antwoord = client_for(users["ic"]).post(reverse("koppelingen:voorstel", args=[v.pk]), {"besluit": "afwijzen"}, follow=True)
    assert "intussen op de melding zelf gekoppeld" in antwoord.content.decode()
    v.refresh_from_db()
    assert (v.status, Persoon.objects.count()) == (Koppelvoorstel.Status.GEKOPPELD, personen)
    assert v.statushistorie.last().toelichting == "Intussen op de melding zelf gekoppeld"
