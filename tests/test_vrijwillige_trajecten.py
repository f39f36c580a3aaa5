"""Voluntary programmes (Motie Van der Staaij): recorded and corrected from the case page by the
house's process staff, refused with a Dutch message when wrong, counted by the report and listed in
the person's art. 15 overview."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from schakel.avg.document import opstellen
from schakel.avg.inzage import verzamel
from schakel.personen.models import Persoon
from schakel.plannen.models import Hulpvraag, VrijwilligTraject
from schakel.privacy.models import Mutatielog, Toegangslog
from schakel.rapportage.indicatoren import Periode, bereken

from .queries import tel
from .scenario import bouw_scenario

pytestmark = pytest.mark.django_db


def traject_data(s, **anders):
    data = {"persoon": s.persoon.pk, "aanbieder": "Exodus", "soort": "traject",
            "gestart_op": timezone.localdate().isoformat(), "kosten": "12.845,35", "hulpvragen": ["huisvesting", "zorg"]}
    return data | anders


def leg_vast(client, s, **anders):
    return client.post(reverse("plannen:traject_vastleggen", args=[s.casus.pk]), traject_data(s, **anders))


def test_procesregisseur_records_a_programme_from_the_case_page(client_for, users):
    s = bouw_scenario(users)
    client = client_for(users["pr"])
    detail = client.get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()
    assert reverse("plannen:traject_vastleggen", args=[s.casus.pk]) in detail
    formulier = client.get(reverse("plannen:traject_vastleggen", args=[s.casus.pk])).content.decode()
    assert "Karel Jan Jansen" in formulier and s.persoon.bsn not in formulier

    response = leg_vast(client, s)

    assert response.status_code == 302
    traject = VrijwilligTraject.objects.get()
    assert (traject.persoon, traject.casus, traject.aanbieder, traject.soort) == (s.persoon, s.casus, "Exodus", "traject")
    assert traject.kosten == Decimal("12845.35")  # "12.845,35": dot groups thousands, comma is the decimal point
    assert sorted(traject.hulpvragen.values_list("leefgebied", flat=True)) == ["huisvesting", "zorg"]
    gelogd = Mutatielog.objects.filter(gebruiker=users["pr"], actie="aangemaakt")
    assert gelogd.filter(objecttype="vrijwilligtraject", object_id=traject.pk).exists()
    assert gelogd.filter(objecttype="hulpvraag").count() == 2
    detail = client.get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()
    assert "Exodus" in detail and "12.845,35" in detail and "Huisvesting, Zorg" in detail
    assert Toegangslog.objects.filter(objecttype="vrijwilligtraject", object_id=traject.pk, persoon_id=s.persoon.pk).exists()


def _ander_persoon():
    return Persoon.objects.create(voornamen="Els", achternaam="Buiten", geboortedatum="1985-01-01")


@pytest.mark.parametrize("anders, melding", [
    ({"persoon": "", "aanbieder": "", "soort": "", "gestart_op": "", "kosten": "", "hulpvragen": []},
     "Vul de aanbieder van het traject in."),
    ({"kosten": "-5"}, "De kosten kunnen niet negatief zijn."),
    ({"kosten": "twaalf"}, "Vul een bedrag in, zoals 12.845,35."),
    ({"hulpvragen": []}, "Kies minstens één hulpvraag."),
    ({"hulpvragen": ["gezin"]}, "Kies hulpvragen uit de lijst."),
    ({"persoon": "buiten"}, "Kies een persoon van deze casus."),
    ({"gestart_op": "morgen"}, "De startdatum kan niet in de toekomst liggen."),
    ({"gestart_op": "gisteren"}, "De startdatum ligt vóór de start van de casus"),
    ({"aanbieder": "<b>Exodus</b>"}, "HTML"),
])
def test_bad_input_is_refused_at_the_field_with_400_and_nothing_saved(client_for, users, anders, melding):
    s = bouw_scenario(users)
    vandaag = timezone.localdate()
    vervang = {"buiten": _ander_persoon().pk if anders.get("persoon") == "buiten" else None,
               "morgen": (vandaag + timedelta(days=1)).isoformat(), "gisteren": (vandaag - timedelta(days=1)).isoformat()}
    anders = {k: vervang.get(v, v) if isinstance(v, str) else v for k, v in anders.items()}

    response = leg_vast(client_for(users["pr"]), s, **anders)

    html = response.content.decode()
    assert response.status_code == 400
    assert melding in html
    assert 'id="foutsamenvatting"' in html and 'aria-invalid="true"' in html
    assert not VrijwilligTraject.objects.exists() and not Hulpvraag.objects.exists()


def test_only_house_staff_record_or_see_programmes(client_for, users):
    s = bouw_scenario(users)
    leg_vast(client_for(users["ic"]), s)  # the informatiecoördinator may, as with the plan
    traject = VrijwilligTraject.objects.get()
    # Reclassering is involved in the case and sees it, but not the house's programme administration.
    partner = client_for(users["reclassering"])
    assert partner.get(reverse("casussen:detail", args=[s.casus.pk])).status_code == 200
    assert "Exodus" not in partner.get(reverse("casussen:detail", args=[s.casus.pk])).content.decode()
    for naam in ("reclassering", "ketenmanager", "fg", "contact"):
        client = client_for(users[naam])
        assert leg_vast(client, s, aanbieder="Leger des Heils").status_code == 403, naam
        assert client.post(reverse("plannen:traject_wijzigen", args=[traject.pk]), traject_data(s, kosten="1")).status_code == 403
    assert VrijwilligTraject.objects.get().kosten == Decimal("12845.35")
    assert VrijwilligTraject.objects.count() == 1


def test_correcting_cost_and_help_questions_is_logged_old_and_new(client_for, users):
    s = bouw_scenario(users)
    client = client_for(users["pr"])
    leg_vast(client, s)
    traject = VrijwilligTraject.objects.get()
    url = reverse("plannen:traject_wijzigen", args=[traject.pk])
    assert 'value="12.845,35"' in client.get(url).content.decode()

    assert client.post(url, traject_data(s, kosten="-1", hulpvragen=["schulden"])).status_code == 400
    response = client.post(url, traject_data(s, kosten="9.500", hulpvragen=["huisvesting", "schulden"]))

    assert response.status_code == 302
    traject.refresh_from_db()
    assert traject.kosten == Decimal("9500")
    assert sorted(traject.hulpvragen.values_list("leefgebied", flat=True)) == ["huisvesting", "schulden"]
    wijziging = Mutatielog.objects.get(objecttype="vrijwilligtraject", actie="gewijzigd")
    assert wijziging.wijzigingen == {"kosten": ["12845.35", "9500.00"]}
    assert Mutatielog.objects.get(objecttype="hulpvraag", actie="verwijderd").wijzigingen["leefgebied"] == ["zorg", None]
    assert Mutatielog.objects.filter(objecttype="hulpvraag", actie="aangemaakt").count() == 3  # 2 at first, schulden now


def test_report_spreads_the_entered_costs_over_the_help_questions(client_for, users):
    s = bouw_scenario(users)
    client = client_for(users["pr"])
    for kosten, soort, hulp in [("1.000,00", "traject", ["huisvesting", "zorg"]), ("300", "traject", ["huisvesting"]),
                                ("90", "gesprek_pi", ["zorg"])]:
        assert leg_vast(client, s, kosten=kosten, soort=soort, hulpvragen=hulp).status_code == 302
    vandaag = timezone.localdate()

    sectie = bereken(Periode(vandaag, vandaag))["vrijwillige_trajecten"]

    traject, gesprek, totaal = sectie["per_soort"]["traject"], sectie["per_soort"]["gesprek_pi"], sectie["totaal"]
    # Traject: 1000 + 300 = 1300 over 3 help questions (huisvesting 2, zorg 1).
    assert (traject["trajecten"], traject["kosten"], traject["hulpvragen_totaal"]) == (2, 1300.0, 3)
    assert traject["kosten_per_hulpvraag"]["huisvesting"] == 866.67  # 1300 × 2/3
    assert traject["kosten_per_hulpvraag"]["zorg"] == 433.33  # 1300 × 1/3
    assert gesprek["kosten_per_hulpvraag"]["zorg"] == 90.0  # 90 × 1/1
    assert totaal["kosten_per_hulpvraag"]["zorg"] == 523.33  # 433.33 + 90
    assert (totaal["trajecten"], totaal["kosten"], totaal["hulpvragen_totaal"]) == (3, 1390.0, 4)


def test_the_avg_overview_and_letter_list_the_persons_programmes(client_for, users):
    s = bouw_scenario(users)
    persoon = Persoon.objects.get(pk=s.persoon.pk)
    # Without a programme the letter has no such section at all.
    assert "Vrijwillige trajecten" not in [sectie.titel for sectie in opstellen(persoon).secties]
    leg_vast(client_for(users["pr"]), s)
    traject = VrijwilligTraject.objects.get()

    data = verzamel(persoon)
    tekst = opstellen(persoon).platte_tekst()

    assert [(r["id"], r["aanbieder"], r["kosten"], r["casus_id"]) for r in data["vrijwillige_trajecten"]] == [
        (traject.pk, "Exodus", Decimal("12845.35"), s.casus.pk)]
    assert sorted(r["leefgebied"] for r in data["hulpvragen"]) == ["Huisvesting", "Zorg (psychisch, verslaving, somatisch)"]
    assert {m["objecttype"] for m in data["mutatielog"]} >= {"vrijwilligtraject", "hulpvraag"}
    assert "Vrijwillige trajecten" in [sectie.titel for sectie in opstellen(persoon).secties]
    assert "Traject bij Exodus" in tekst and "€ 12.845,35" in tekst and "huisvesting" in tekst


def test_case_page_queries_do_not_grow_with_the_programmes(client_for, users):
    s = bouw_scenario(users)
    client = client_for(users["pr"])
    leg_vast(client, s)
    url = reverse("casussen:detail", args=[s.casus.pk])
    een = tel(client, url)
    leg_vast(client, s, aanbieder="Leger des Heils", hulpvragen=["schulden", "identiteit", "inkomen_werk"])
    assert tel(client, url) == een
