"""The briefing loop: the persons' history on the weighing screen, focus/Top-X outside the Landelijk
Kader, the check on Veilig Thuis/ZSM, the feedback right after the decision, and 'opschalen' that
records its escalation."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from schakel.briefing.models import BesluitOptie, Briefing, Weging
from schakel.briefing.services import agendeer, maak_briefing, weeg
from schakel.casussen.models import Casus
from schakel.meldingen.models import Melding, Terugkoppeling
from schakel.opschaling.models import Escalatieniveau, Opschaling
from schakel.privacy.models import Toegangslog
from schakel.rapportage.indicatoren import Periode, bereken

from .queries import tel
from .scenario import bouw_scenario, nieuwe_melding, weeg_focus

VOORGESCHIEDENIS = "Voorgeschiedenis bij weging"


def besluit(code):
    return BesluitOptie.objects.get(code=code).pk


def nieuwe_briefing(users):
    return maak_briefing(briefing=Briefing(datum=timezone.localdate()), weegploeg=[], door=users["pr"])


def op_agenda(users, briefing, *meldingen):
    agendeer(briefing=briefing, meldingen=list(meldingen), door=users["pr"])


def url(briefing, melding, naam="wegen"):
    return reverse(f"briefing:{naam}", args=[briefing.pk, melding.pk])


def periode_vandaag():
    vandaag = timezone.localdate()
    return Periode(vandaag, vandaag)


# --- 1. The persons' history ------------------------------------------------------------------------


@pytest.mark.django_db
def test_weighing_screen_shows_the_history_of_the_person_and_logs_it(client_for, users):
    s = bouw_scenario(users)  # s.melding: weighed to focus, an active case
    gesloten = nieuwe_melding(users["ic"], persoon=s.persoon)
    b_oud = nieuwe_briefing(users)
    op_agenda(users, b_oud, gesloten)
    weeg(weging=Weging(briefing=b_oud, melding=gesloten, besluit=BesluitOptie.objects.get(code="nazorg")), door=users["pr"])
    nazorgcasus = Weging.objects.get(melding=gesloten).casus
    Casus.objects.filter(pk=nazorgcasus.pk).update(status=Casus.Status.AFGESLOTEN)
    nu, ook_vandaag = nieuwe_melding(users["ic"], persoon=s.persoon), nieuwe_melding(users["ic"], persoon=s.persoon)
    vreemde = nieuwe_melding(users["ic"])  # about nobody of this melding
    briefing = nieuwe_briefing(users)
    op_agenda(users, briefing, nu, ook_vandaag, vreemde)

    html = client_for(users["pr"]).get(url(briefing, nu)).content.decode()
    sectie = html[html.index('id="voorgeschiedenis-kop"'):html.index("<h2>Besluit</h2>")]
    assert s.melding.nummer in sectie and "Agenderen focus/Top-X" in sectie
    assert gesloten.nummer in sectie and "Agenderen/monitoren nazorg" in sectie
    assert s.casus.nummer in sectie and nazorgcasus.nummer in sectie
    assert "Afgesloten" in sectie and "Actief" in sectie
    rij = sectie[sectie.index(ook_vandaag.nummer):]
    assert "Ook op deze agenda" in rij[: rij.index("</tr>")]
    assert vreemde.nummer not in sectie and f">{nu.nummer}<" not in sectie
    log = Toegangslog.objects.filter(doel__startswith=VOORGESCHIEDENIS, objecttype="persoon")
    assert list(log.values_list("object_id", "persoon_id", "gebruiker_id")) == [(s.persoon.pk, s.persoon.pk, users["pr"].pk)]


@pytest.mark.django_db
def test_history_costs_the_same_queries_whatever_its_length(client_for, users):
    s = bouw_scenario(users)
    briefing = nieuwe_briefing(users)
    kort = nieuwe_melding(users["ic"], persoon=s.persoon)
    op_agenda(users, briefing, kort)
    client = client_for(users["pr"])
    weinig = tel(client, url(briefing, kort))
    for _ in range(6):  # six more meldingen, each weighed into the case, one closed case more
        m = nieuwe_melding(users["ic"], persoon=s.persoon)
        b = nieuwe_briefing(users)
        op_agenda(users, b, m)
        weeg_focus(b, m, users["pr"])
    anders = nieuwe_melding(users["ic"], persoon=s.persoon)
    op_agenda(users, briefing, anders)
    lang = nieuwe_melding(users["ic"], persoon=s.persoon)
    op_agenda(users, briefing, lang)
    html = client.get(url(briefing, lang)).content.decode()
    assert html.count("Agenderen focus/Top-X") >= 7
    assert tel(client, url(briefing, lang)) == weinig


@pytest.mark.django_db
def test_partner_never_gets_the_weighing_history(client_for, users):
    """Politie brought the melding in and is involved in the case, yet the history of the person on
    the weighing screen is house staff's: every other role gets 403 and nothing is logged for them."""
    s = bouw_scenario(users)
    tweede = nieuwe_melding(users["ic"], melder="politie", persoon=s.persoon)
    briefing = nieuwe_briefing(users)
    op_agenda(users, briefing, tweede)
    assert Melding.objects.for_user(users["politie"]).filter(pk=tweede.pk).exists()
    for rol in ("politie", "reclassering", "ggz", "gast", "contact", "zsm", "ketenmanager", "fg", "beheerder", "zonder_rol"):
        client = client_for(users[rol])
        for naam in ("wegen", "uitslag"):
            response = client.get(url(briefing, tweede, naam))
            assert response.status_code == 403, (rol, naam)
            assert s.melding.nummer.encode() not in response.content and s.casus.nummer.encode() not in response.content
        assert client.get(url(s.briefing, s.melding, "uitslag")).status_code == 403
    assert not Toegangslog.objects.filter(doel__startswith=VOORGESCHIEDENIS).exists()


# --- 2. Focus/Top-X outside the Landelijk Kader --------------------------------------------------------


@pytest.mark.django_db
def test_focus_outside_the_kader_needs_a_motivation_and_is_reported(client_for, users):
    from schakel.overleggen.models import Overlegtype

    melding, binnen = nieuwe_melding(users["ic"]), nieuwe_melding(users["ic"])
    briefing = nieuwe_briefing(users)
    op_agenda(users, briefing, melding, binnen)
    client = client_for(users["pr"])
    top_x = Overlegtype.objects.get(code="top_x").pk
    data = {"besluit": besluit("focus"), "overlegtype": top_x, "met_client": "nvt", "criterium_a": "on", "motivatie_a": "a"}
    response = client.post(url(briefing, melding), data)
    assert response.status_code == 400
    assert "voldoet niet aan het Landelijk Kader" in response.content.decode()
    assert "Motiveer waarom u toch kiest voor Top-X-overleg" in response.content.decode()
    assert not Weging.objects.exists()
    response = client.post(url(briefing, melding), data | {"motivatie_buiten_kader": "Hoog recidiverisico in de wijk."})
    assert response.status_code == 302
    weging = Weging.objects.get()
    assert not weging.voldoet_aan_kader and weging.casus.overlegtype.code == "top_x"
    assert weging.motivatie_buiten_kader == "Hoog recidiverisico in de wijk."
    # Within the kader the motivation has no place.
    response = client.post(url(briefing, binnen), {"besluit": besluit("focus"), "met_client": "nvt", "criterium_d": "on",
                                                   "motivatie_d": "wijk", "motivatie_buiten_kader": "toch"})
    assert response.status_code == 400 and "hoort alleen bij focus of Top-X buiten" in response.content.decode()
    weeg_focus(briefing, binnen, users["pr"])
    rapport = bereken(periode_vandaag())["briefing"]
    assert rapport["besluiten"]["focus"] == 2
    assert rapport["focus_buiten_kader_met_motivatie"] == 1


@pytest.mark.django_db
def test_service_refuses_focus_outside_the_kader_without_motivation(users):
    melding = nieuwe_melding(users["ic"])
    briefing = nieuwe_briefing(users)
    op_agenda(users, briefing, melding)
    with pytest.raises(ValidationError, match="buiten het Landelijk Kader"):
        weeg(weging=Weging(briefing=briefing, melding=melding, besluit=BesluitOptie.objects.get(code="focus")), door=users["pr"])
    melding.refresh_from_db()
    assert melding.status == "geagendeerd" and not Weging.objects.exists()


# --- 3. Running at Veilig Thuis / ZSM ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("vlaggen,tekst", [
    ({"lopend_bij_veilig_thuis": True}, "Veilig Thuis"),
    ({"lopend_bij_zsm": True}, "ZSM"),
    ({"lopend_bij_veilig_thuis": True, "lopend_bij_zsm": True}, "Veilig Thuis en ZSM"),
])
def test_running_elsewhere_shows_and_needs_explicit_confirmation(client_for, users, vlaggen, tekst):
    melding, gewoon = nieuwe_melding(users["ic"], **vlaggen), nieuwe_melding(users["ic"])
    briefing = nieuwe_briefing(users)
    op_agenda(users, briefing, melding, gewoon)
    client = client_for(users["pr"])
    agenda = client.get(reverse("briefing:detail", args=[briefing.pk])).content.decode()
    assert agenda.count(f"Loopt bij {tekst}") == 1
    scherm = client.get(url(briefing, melding)).content.decode()
    assert f"Let op: loopt al bij {tekst}" in scherm and f"Ik heb gecontroleerd dat deze melding al loopt bij {tekst}" in scherm
    assert "Ik heb gecontroleerd" not in client.get(url(briefing, gewoon)).content.decode()
    data = {"besluit": besluit("bilateraal"), "met_client": "nvt"}
    response = client.post(url(briefing, melding), data)
    assert response.status_code == 400
    assert f"Bevestig dat u hebt gecontroleerd dat de melding al bij {tekst} loopt" in response.content.decode()
    assert not Weging.objects.exists()
    assert client.post(url(briefing, melding), data | {"lopend_elders_gecontroleerd": "on"}).status_code == 302
    assert Weging.objects.get().lopend_elders_gecontroleerd
    # A melding that runs nowhere else needs no confirmation.
    assert client.post(url(briefing, gewoon), data).status_code == 302


@pytest.mark.django_db
def test_service_refuses_an_unconfirmed_decision_on_a_melding_running_elsewhere(users):
    melding = nieuwe_melding(users["ic"], lopend_bij_zsm=True)
    briefing = nieuwe_briefing(users)
    op_agenda(users, briefing, melding)
    with pytest.raises(ValidationError, match="al bij ZSM loopt"):
        weeg(weging=Weging(briefing=briefing, melding=melding, besluit=BesluitOptie.objects.get(code="bilateraal")), door=users["pr"])
    assert not Weging.objects.exists()


# --- 4. Feedback right after the decision, and on to the next ------------------------------------------


@pytest.mark.django_db
def test_feedback_on_the_result_and_next_melding(client_for, users):
    eerste, tweede, derde = (nieuwe_melding(users["ic"]) for _ in range(3))
    briefing = nieuwe_briefing(users)
    op_agenda(users, briefing, eerste, tweede, derde)
    client = client_for(users["pr"])
    agenda = reverse("briefing:detail", args=[briefing.pk])
    assert f'href="{url(briefing, eerste)}">Wegen: eerste open melding ({eerste.nummer})' in client.get(agenda).content.decode()
    response = client.post(url(briefing, tweede), {"besluit": besluit("bilateraal"), "met_client": "nvt"})
    assert response.status_code == 302 and response.url == url(briefing, tweede, "uitslag")
    werklijst = client.get(reverse("meldingen:terugkoppeling_open")).content.decode()
    rij = werklijst[werklijst.index(f'href="{reverse("meldingen:detail", args=[tweede.pk])}"'):]
    assert "Bilateraal afhandelen" in rij[: rij.index("</tr>")]
    assert f'href="{url(briefing, tweede, "uitslag")}"' in rij[: rij.index("</tr>")]  # straight to the feedback

    html = client.get(url(briefing, tweede, "uitslag")).content.decode()
    assert "Bilateraal afhandelen" in html and "Besluit: Bilateraal afhandelen." in html  # the text starts filled in
    # The next one to weigh comes after this one on the agenda; the first is still open too.
    assert f'href="{url(briefing, derde)}" id="volgende-melding"' in html

    vandaag = timezone.localdate()
    morgen = vandaag + timezone.timedelta(days=1)
    for fout, boodschap in ((
        {"terugkoppeling-datum": vandaag.isoformat(), "terugkoppeling-kanaal": "telefoon", "terugkoppeling-tekst": ""},
        "Dit veld is verplicht"), (
        {"terugkoppeling-datum": morgen.isoformat(), "terugkoppeling-kanaal": "telefoon", "terugkoppeling-tekst": "x"},
        "toekomst"), (
        {"terugkoppeling-datum": "31-02-2026", "terugkoppeling-kanaal": "duif", "terugkoppeling-tekst": "<b>x</b>"},
        "HTML-code"),
    ):
        response = client.post(url(briefing, tweede, "uitslag"), fout)
        assert response.status_code == 400 and boodschap in response.content.decode(), fout
    assert not Terugkoppeling.objects.exists()
    response = client.post(url(briefing, tweede, "uitslag"), {
        "terugkoppeling-datum": vandaag.isoformat(), "terugkoppeling-kanaal": "telefoon",
        "terugkoppeling-tekst": "Besluit doorgegeven: bilateraal.",
    })
    assert response.status_code == 302
    t = Terugkoppeling.objects.get()
    assert t.melding == tweede and t.door == users["pr"]
    werklijst = client.get(reverse("meldingen:terugkoppeling_open")).content.decode()
    assert f'href="{reverse("meldingen:detail", args=[tweede.pk])}"' not in werklijst
    assert f'href="{reverse("meldingen:detail", args=[derde.pk])}"' not in werklijst  # not weighed yet

    # Weigh the third: the next is the first (wrapping round); after the last nothing is left.
    client.post(url(briefing, derde), {"besluit": besluit("bilateraal"), "met_client": "nvt"})
    assert f'href="{url(briefing, eerste)}" id="volgende-melding"' in client.get(url(briefing, derde, "uitslag")).content.decode()
    client.post(url(briefing, eerste), {"besluit": besluit("bilateraal"), "met_client": "nvt"})
    html = client.get(url(briefing, eerste, "uitslag")).content.decode()
    assert 'id="volgende-melding"' not in html and "Alle meldingen op deze agenda zijn gewogen" in html
    assert "eerste open melding" not in client.get(agenda).content.decode()


@pytest.mark.django_db
def test_result_of_an_unweighed_melding_sends_back_to_the_weighing(client_for, users):
    melding = nieuwe_melding(users["ic"])
    briefing = nieuwe_briefing(users)
    op_agenda(users, briefing, melding)
    client = client_for(users["pr"])
    response = client.get(url(briefing, melding, "uitslag"))
    assert response.status_code == 302 and response.url == url(briefing, melding)
    response = client.post(url(briefing, melding, "uitslag"), {"terugkoppeling-tekst": "x"})
    assert response.status_code == 302 and not Terugkoppeling.objects.exists()


# --- 5. Opschalen records the escalation ---------------------------------------------------------------


@pytest.mark.django_db
def test_opschalen_records_the_escalation_and_the_report_agrees(client_for, users):
    melding, ander = nieuwe_melding(users["ic"]), nieuwe_melding(users["ic"])
    briefing = nieuwe_briefing(users)
    op_agenda(users, briefing, melding, ander)
    client = client_for(users["pr"])
    data = {"besluit": besluit("opschalen"), "met_client": "nvt"}
    response = client.post(url(briefing, melding), data)
    assert response.status_code == 400
    for boodschap in ("Kies naar welk niveau", "Geef de reden van de opschaling", "Geef aan welk besluit wordt gevraagd"):
        assert boodschap in response.content.decode()
    assert not Weging.objects.exists() and not Opschaling.objects.exists()
    niveau = Escalatieniveau.objects.get(code="regiekamer")
    opschaling = {"opschaling-niveau": niveau.pk, "opschaling-reden": "Partners komen er niet uit.",
                  "opschaling-gevraagd_besluit": "Doorzettingsmacht voor woonplek."}
    # Escalation fields with another decision are refused, nothing saved.
    response = client.post(url(briefing, ander), {"besluit": besluit("bilateraal"), "met_client": "nvt"} | opschaling)
    assert response.status_code == 400 and "Vul de opschaling alleen in bij het besluit" in response.content.decode()
    assert not Opschaling.objects.exists()
    assert client.post(url(briefing, melding), data | opschaling).status_code == 302
    o = Opschaling.objects.get()
    assert (o.melding, o.casus, o.niveau, o.door) == (melding, None, niveau, users["pr"])
    assert o.reden == "Partners komen er niet uit." and o.opgeschaald_op == timezone.localdate()
    rapport = bereken(periode_vandaag())
    assert rapport["briefing"]["besluiten"]["opschalen"] == 1
    assert rapport["opschalingen"]["vanuit_briefing"] == rapport["briefing"]["besluiten"]["opschalen"]


@pytest.mark.django_db
def test_service_refuses_opschalen_without_its_escalation(users):
    melding = nieuwe_melding(users["ic"])
    briefing = nieuwe_briefing(users)
    op_agenda(users, briefing, melding)
    with pytest.raises(ValidationError, match="hoort een opschaling"):
        weeg(weging=Weging(briefing=briefing, melding=melding, besluit=BesluitOptie.objects.get(code="opschalen")), door=users["pr"])
    melding.refresh_from_db()
    assert melding.status == "geagendeerd" and not Weging.objects.exists()
