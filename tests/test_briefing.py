import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from schakel.briefing.models import BesluitOptie, Briefing, Weging
from schakel.briefing.services import agendeer, maak_briefing
from schakel.casussen.models import Casus, CasusBetrokkenheid
from schakel.meldingen.models import Melding, Terugkoppeling
from schakel.meldingen.workflow import MELDING_WORKFLOW
from schakel.privacy.models import Mutatielog

from .scenario import bouw_scenario, nieuwe_melding, weeg_focus


@pytest.mark.parametrize(
    "a,b,c,d,verwacht",
    [
        (True, True, True, False, True),
        (True, True, False, False, False),
        (True, False, True, False, False),
        (False, True, True, False, False),
        (False, False, False, True, True),
        (True, True, False, True, True),
        (False, False, False, False, False),
    ],
)
def test_landelijk_kader_is_a_and_b_and_c_or_d(a, b, c, d, verwacht):
    assert Weging.kader(a, b, c, d) is verwacht


def test_melding_transition_table():
    assert MELDING_WORKFLOW.allowed("geregistreerd", "geagendeerd")
    assert MELDING_WORKFLOW.allowed("geagendeerd", "gewogen")
    assert not MELDING_WORKFLOW.allowed("geregistreerd", "gewogen")
    assert not MELDING_WORKFLOW.allowed("gewogen", "gewogen")
    with pytest.raises(ValidationError, match="niet toegestaan"):
        MELDING_WORKFLOW.check("geregistreerd", "gewogen")


@pytest.fixture
def briefing(users):
    return maak_briefing(briefing=Briefing(datum=timezone.localdate()), weegploeg=[], door=users["pr"])


def weegdata(**overrides):
    data = {"besluit": BesluitOptie.objects.get(code="bilateraal").pk, "met_client": "nvt", "toelichting": ""}
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_weighing_through_the_screen_opens_a_case_and_logs_changes(client_for, users, briefing):
    melding = nieuwe_melding(users["ic"])
    agendeer(briefing=briefing, meldingen=[melding], door=users["pr"])
    client = client_for(users["pr"])
    response = client.post(
        reverse("briefing:wegen", args=[briefing.pk, melding.pk]),
        weegdata(besluit=BesluitOptie.objects.get(code="focus").pk,
                 criterium_a="on", motivatie_a="a", criterium_b="on", motivatie_b="b", criterium_c="on", motivatie_c="c"),
    )
    assert response.status_code == 302
    weging = Weging.objects.get()
    assert weging.voldoet_aan_kader and weging.casus.overlegtype.code == "focus"
    melding.refresh_from_db()
    assert melding.status == "gewogen" and melding.casus == weging.casus
    assert CasusBetrokkenheid.objects.filter(casus=weging.casus, organisatie=melding.melder_organisatie, rol="inbrenger").exists()
    wijzigingen = [m.wijzigingen for m in Mutatielog.objects.filter(objecttype="melding", object_id=melding.pk, actie="gewijzigd")]
    assert {"status": ["geagendeerd", "gewogen"]} in wijzigingen
    assert {"casus": [None, weging.casus.pk]} in wijzigingen
    # Weighing twice is refused by the transition table and changes nothing.
    response = client.post(reverse("briefing:wegen", args=[briefing.pk, melding.pk]), weegdata())
    assert response.status_code == 400 and "niet toegestaan" in response.content.decode()
    assert Weging.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides,boodschap",
    [
        ({"besluit": ""}, "Kies het besluit van de weegploeg."),
        ({"besluit": "geen_vervolg"}, "ook de reden"),
        ({"besluit": "bilateraal", "subreden": "uitgesteld"}, "hoort niet bij het gekozen besluit"),
        ({"criterium_a": "on"}, "Motiveer waarom criterium A"),
        ({"motivatie_b": "<script>x</script>"}, "HTML-code of scripts"),
        ({"overlegtype": "top_x"}, "Dit besluit agendeert niet"),
    ],
)
def test_weighing_bad_input(client_for, users, briefing, overrides, boodschap):
    melding = nieuwe_melding(users["ic"])
    agendeer(briefing=briefing, meldingen=[melding], door=users["pr"])
    codes = {o.code: o.pk for o in BesluitOptie.objects.all()}
    data = weegdata(**{k: codes.get(v, v) if k in ("besluit", "subreden") else v for k, v in overrides.items()})
    if "overlegtype" in data:
        from schakel.overleggen.models import Overlegtype

        data["overlegtype"] = Overlegtype.objects.get(code=data["overlegtype"]).pk
    response = client_for(users["pr"]).post(reverse("briefing:wegen", args=[briefing.pk, melding.pk]), data)
    assert response.status_code == 400
    assert boodschap in response.content.decode()
    assert not Weging.objects.exists()
    melding.refresh_from_db()
    assert melding.status == "geagendeerd"


@pytest.mark.django_db
def test_geen_vervolg_with_sub_reason_opens_no_case(client_for, users, briefing):
    melding = nieuwe_melding(users["ic"])
    agendeer(briefing=briefing, meldingen=[melding], door=users["pr"])
    response = client_for(users["pr"]).post(
        reverse("briefing:wegen", args=[briefing.pk, melding.pk]),
        weegdata(besluit=BesluitOptie.objects.get(code="geen_vervolg").pk,
                 subreden=BesluitOptie.objects.get(code="belegd").pk),
    )
    assert response.status_code == 302
    weging = Weging.objects.get()
    assert weging.subreden.code == "belegd" and weging.casus is None
    assert not Casus.objects.exists()


@pytest.mark.django_db
def test_top_x_instead_of_focus(client_for, users, briefing):
    from schakel.overleggen.models import Overlegtype

    melding = nieuwe_melding(users["ic"])
    agendeer(briefing=briefing, meldingen=[melding], door=users["pr"])
    client_for(users["pr"]).post(
        reverse("briefing:wegen", args=[briefing.pk, melding.pk]),
        weegdata(besluit=BesluitOptie.objects.get(code="focus").pk, criterium_d="on", motivatie_d="wijk",
                 overlegtype=Overlegtype.objects.get(code="top_x").pk),
    )
    assert Weging.objects.get().casus.overlegtype.code == "top_x"


@pytest.mark.django_db
def test_second_melding_about_person_in_active_case_joins_that_case(users):
    s = bouw_scenario(users)
    tweede = nieuwe_melding(users["ic"], melder="politie", persoon=s.persoon)
    briefing = maak_briefing(briefing=Briefing(datum=timezone.localdate()), weegploeg=[], door=users["pr"])
    agendeer(briefing=briefing, meldingen=[tweede], door=users["pr"])
    weging = weeg_focus(briefing, tweede, users["pr"])
    assert weging.casus == s.casus and Casus.objects.count() == 1
    # Politie brought the second melding in, so it is now involved and sees the case.
    assert Casus.objects.for_user(users["politie"]).filter(pk=s.casus.pk).exists()


@pytest.mark.django_db
def test_other_persons_of_a_joining_melding_join_the_case_too(users):
    from schakel.meldingen.services import koppel_persoon
    from schakel.personen.models import Persoon

    s = bouw_scenario(users)
    tweede = nieuwe_melding(users["ic"], melder="politie", persoon=s.persoon)
    partner = Persoon.objects.create(voornamen="Els", achternaam="Jansen", geboortedatum="1991-02-03")
    koppel_persoon(melding=tweede, persoon=partner, door=users["ic"])
    briefing = maak_briefing(briefing=Briefing(datum=timezone.localdate()), weegploeg=[], door=users["pr"])
    agendeer(briefing=briefing, meldingen=[tweede], door=users["pr"])
    assert weeg_focus(briefing, tweede, users["pr"]).casus == s.casus
    assert set(s.casus.personen.values_list("pk", flat=True)) == {s.persoon.pk, partner.pk}


@pytest.mark.django_db
def test_agenda_refuses_a_melding_that_is_already_on_an_agenda(client_for, users, briefing):
    melding = nieuwe_melding(users["ic"])
    agendeer(briefing=briefing, meldingen=[melding], door=users["pr"])
    with pytest.raises(ValidationError, match="staat al op een agenda"):
        agendeer(briefing=briefing, meldingen=[Melding.objects.get(pk=melding.pk)], door=users["pr"])
    response = client_for(users["pr"]).post(reverse("briefing:agenderen", args=[briefing.pk]), {"meldingen": [melding.pk]})
    assert response.status_code == 400 and "kan niet (meer) worden geagendeerd" in response.content.decode()


@pytest.mark.django_db
def test_compact_agenda_shows_municipal_answer_but_not_the_description(client_for, users):
    s = bouw_scenario(users)
    from schakel.uitvragen.services import beantwoord

    beantwoord(uitvraag=s.uitvraag, antwoord="Bekend bij schuldhulp sinds 2024.", door=users["contact"])
    html = client_for(users["pr"]).get(reverse("briefing:detail", args=[s.briefing.pk])).content.decode()
    assert "Bekend bij schuldhulp sinds 2024." in html
    assert "K.J. Jansen" in html
    assert s.melding.omschrijving not in html and "Karel Jan" not in html


@pytest.mark.django_db
def test_feedback_worklist(client_for, users):
    s = bouw_scenario(users)
    client = client_for(users["ic"])
    assert s.melding.nummer in client.get(reverse("meldingen:terugkoppeling_open")).content.decode()
    response = client.post(reverse("meldingen:terugkoppeling", args=[s.melding.pk]),
                           {"datum": timezone.localdate().isoformat(), "kanaal": "telefoon", "tekst": "Besluit: focusoverleg."})
    assert response.status_code == 302
    assert Terugkoppeling.objects.get().door == users["ic"]
    assert s.melding.nummer not in client.get(reverse("meldingen:terugkoppeling_open")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data,boodschap",
    [({"datum": "2099-01-01", "kanaal": "mail", "tekst": "x"}, "Deze datum ligt in de toekomst."),
     ({"datum": "2026-01-01", "kanaal": "mail", "tekst": ""}, "Dit veld is verplicht."),
     ({"datum": "2026-01-01", "kanaal": "duif", "tekst": "x"}, "Selecteer een geldige keuze")],
)
def test_feedback_bad_input(client_for, users, data, boodschap):
    s = bouw_scenario(users)
    response = client_for(users["ic"]).post(reverse("meldingen:terugkoppeling", args=[s.melding.pk]), data)
    assert response.status_code == 400 and boodschap in response.content.decode()
    assert not Terugkoppeling.objects.exists()
