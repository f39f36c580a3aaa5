"""The history on a melding's page reads as sentences, and names a case only to whom may see it."""
import re

import pytest
from django.urls import reverse

from schakel.briefing.models import Briefing
from schakel.briefing.services import agendeer, maak_briefing
from schakel.gemeenten.models import Gemeente
from schakel.meldingen.models import Melding
from schakel.meldingen.services import wijzig_melding
from schakel.personen.models import Persoon
from schakel.privacy.services import log_mutatie, waarden

from .queries import tel
from .scenario import bouw_scenario, nieuwe_melding, weeg_focus


def historie(client, melding) -> str:
    html = client.get(reverse("meldingen:detail", args=[melding.pk])).content.decode()
    deel = html[html.index("<h2>Historie"):]
    deel = deel[:deel.index("</table>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", deel))


@pytest.mark.django_db
def test_history_tells_in_words_what_happened(client_for, users):
    s = bouw_scenario(users)
    oud = waarden(s.melding)
    s.melding.urgentie = Melding.Urgentie.HOOG
    s.melding.gemeente = Gemeente.objects.exclude(pk=s.melding.gemeente_id).first()
    wijzig_melding(melding=s.melding, oud=oud, door=users["ic"])

    tekst = historie(client_for(users["pr"]), s.melding)
    assert "Melding geregistreerd" in tekst
    assert f"Geagendeerd voor briefing {s.briefing.datum:%d-%m-%Y}" in tekst
    assert "Gewogen in de briefing: besluit Agenderen focus/Top-X" in tekst
    assert f"Gekoppeld aan casus {s.casus.nummer}" in tekst
    assert f"Urgentie gewijzigd van {Melding.Urgentie.NORMAAL.label} in {Melding.Urgentie.HOOG.label}" in tekst
    assert f"Gemeente gewijzigd van Leiden in {s.melding.gemeente}" in tekst
    # No field names, codes or ids of the change log.
    assert "Gewijzigd:" not in tekst and "casus — →" not in tekst and "geregistreerd → geagendeerd" not in tekst
    assert "→" not in tekst and "[persoonsgegeven]" not in tekst
    # Oldest first: the registration before the weighing before the change.
    assert tekst.index("Melding geregistreerd") < tekst.index("Gewogen") < tekst.index("Urgentie gewijzigd")


@pytest.mark.django_db
def test_history_does_not_name_a_case_the_viewer_may_not_see(client_for, users):
    """The reporting partner sees the case its melding is in now, not the case it was in before."""
    s = bouw_scenario(users)
    ander = Persoon.objects.create(voornamen="Els", achternaam="Ander", geboortedatum="1980-01-01",
                                   gemeente=Gemeente.objects.get(code="leiden"))
    andere_melding = nieuwe_melding(users["ic"], melder="politie", persoon=ander)
    briefing = maak_briefing(briefing=Briefing(datum=s.briefing.datum), weegploeg=[], door=users["pr"])
    agendeer(briefing=briefing, meldingen=[andere_melding], door=users["pr"])
    andere_casus = weeg_focus(briefing, andere_melding, users["pr"]).casus
    # The melding was in the other case before it was placed in this one.
    log_mutatie(users["pr"], s.melding, {"casus": andere_casus.pk})

    melder = client_for(users["reclassering"])
    assert melder.get(reverse("casussen:detail", args=[andere_casus.pk])).status_code == 403
    tekst = historie(melder, s.melding)
    assert andere_casus.nummer not in tekst
    assert f"Overgezet van een casus die u niet kunt inzien naar casus {s.casus.nummer}" in tekst

    tekst = historie(client_for(users["pr"]), s.melding)
    assert f"Overgezet van casus {andere_casus.nummer} naar casus {s.casus.nummer}" in tekst


@pytest.mark.django_db
def test_history_costs_the_same_whatever_its_length(client_for, users):
    s = bouw_scenario(users)
    client = client_for(users["pr"])
    url = reverse("meldingen:detail", args=[s.melding.pk])

    def wijzig():
        oud = waarden(s.melding)
        s.melding.urgentie = Melding.Urgentie.HOOG if s.melding.urgentie == Melding.Urgentie.NORMAAL else Melding.Urgentie.NORMAAL
        s.melding.gemeente = Gemeente.objects.exclude(pk=s.melding.gemeente_id).first()
        wijzig_melding(melding=s.melding, oud=oud, door=users["ic"])

    wijzig()
    tel(client, url)
    een_wijziging = tel(client, url)
    for _ in range(4):
        wijzig()
    assert tel(client, url) == een_wijziging  # the municipality names: one query, however many changes
    assert "Gemeente gewijzigd van" in historie(client, s.melding)
