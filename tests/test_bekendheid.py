"""The house side of the federated bekendheidscheck against a real middenvelder on loopback:
publication after a case opens and closes, the full sync, the question in the ZSM answer and on
registration by house staff (and not for partners), and everything when the middenvelder is down."""
import sqlite3

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from schakel.bekendheid import services as bekendheid
from schakel.bekendheid import tasks
from schakel.bekendheid.models import Koppeling
from schakel.bekendheid.pseudoniem import normaliseer_bsn, pseudoniem
from schakel.casussen.models import AfsluitUitkomst, Afsluiting
from schakel.casussen.services import sluit_casus_af
from schakel.privacy.models import Toegangslog

from .middenvelder_hulp import middenvelder_proces, registreer_huis, roep, vrije_poort
from .scenario import BSN_P1, bouw_scenario
from .test_meldingen import GELDIG_BSN, formulier

NETWERK_SLEUTEL = "test-netwerksleutel-van-minstens-32-tekens"
ELDERS = {"huis": "Veiligheidshuis Elders", "contactpunt": "procesteam Elders, 030-1234567"}


@pytest.fixture(scope="module")
def mv(tmp_path_factory):
    db = tmp_path_factory.mktemp("middenvelder") / "m.sqlite3"
    hier = registreer_huis(db, "Zorg- en Veiligheidshuis Hier", "procesteam Hier, 071-7654321")
    elders = registreer_huis(db, ELDERS["huis"], ELDERS["contactpunt"])
    with middenvelder_proces(db) as url:
        yield {"url": url, "hier": hier, "elders": elders, "db": db}


@pytest.fixture
def aan(mv, settings):
    """This house is connected; the other house starts each test with nothing published."""
    settings.SCHAKEL_MIDDENVELDER_URL = mv["url"]
    settings.SCHAKEL_MIDDENVELDER_SLEUTEL = mv["hier"]
    settings.SCHAKEL_NETWERK_SLEUTEL = NETWERK_SLEUTEL
    for sleutel in (mv["hier"], mv["elders"]):
        assert roep(mv["url"], "PUT", "/v1/pseudoniemen", {"pseudoniemen": []}, sleutel)[0] == 200
    return mv


@pytest.fixture
def uit(settings):
    """A middenvelder that does not answer: nothing listens on the port."""
    settings.SCHAKEL_MIDDENVELDER_URL = f"http://127.0.0.1:{vrije_poort()}"
    settings.SCHAKEL_MIDDENVELDER_SLEUTEL = "sleutel"
    settings.SCHAKEL_NETWERK_SLEUTEL = NETWERK_SLEUTEL


def bekend_bij(mv, bsn, *, als="elders"):
    status, antwoord = roep(mv["url"], "POST", "/v1/vraag", {"pseudoniem": pseudoniem(bsn)}, mv[als])
    assert status == 200
    return [h["huis"] for h in antwoord["bekend_bij"]]


def elders_publiceert(mv, *bsns):
    assert roep(mv["url"], "PUT", "/v1/pseudoniemen", {"pseudoniemen": [pseudoniem(b) for b in bsns]}, mv["elders"])[0] == 200


def sluit(casus, users):
    sluit_casus_af(casus=casus, afsluiting=Afsluiting(datum=timezone.localdate(), reden="overig"),
                   uitkomsten=AfsluitUitkomst.objects.all()[:1], door=users["pr"])


def test_pseudonym_is_keyed_and_ignores_how_the_bsn_was_written(settings):
    settings.SCHAKEL_NETWERK_SLEUTEL = NETWERK_SLEUTEL
    assert pseudoniem("1112.22.333") == pseudoniem(" 111222333 ") != pseudoniem("123456782")
    assert normaliseer_bsn("12345678") == "012345678"
    a = pseudoniem(BSN_P1)
    settings.SCHAKEL_NETWERK_SLEUTEL = "een-andere-netwerksleutel-van-32-tekens"
    assert pseudoniem(BSN_P1) != a and len(a) == 64 and BSN_P1 not in a


@pytest.mark.django_db
def test_opening_a_case_publishes_and_closing_withdraws(aan, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        s = bouw_scenario(users)
    assert bekend_bij(aan, BSN_P1) == ["Zorg- en Veiligheidshuis Hier"]
    with django_capture_on_commit_callbacks(execute=True):
        sluit(s.casus, users)
    assert bekend_bij(aan, BSN_P1) == []
    k = Koppeling.huidig()
    assert k.laatste_succes and not k.achterstand and not k.laatste_fout


@pytest.mark.django_db
def test_nothing_is_sent_before_the_commit(aan, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bouw_scenario(users)
    assert bekend_bij(aan, BSN_P1) == [] and callbacks  # waits for the commit


@pytest.mark.django_db
def test_full_sync_command_publishes_exactly_the_active_set(aan, users):
    s = bouw_scenario(users)  # on_commit not run: the full sync must find it by itself
    call_command("bekendheid", "publiceer")
    assert bekend_bij(aan, BSN_P1) == ["Zorg- en Veiligheidshuis Hier"]
    assert Koppeling.huidig().gepubliceerd == 1
    s.casus.status = "afgesloten"
    s.casus.save(update_fields=["status"])
    call_command("bekendheid", "publiceer")
    assert bekend_bij(aan, BSN_P1) == [] and Koppeling.huidig().gepubliceerd == 0


@pytest.mark.django_db
def test_zsm_question_tells_which_other_house_knows_the_person_web_and_api(aan, users, client_for):
    s = bouw_scenario(users)
    elders_publiceert(aan, BSN_P1)
    client = client_for(users["zsm"])
    pagina = client.post(reverse("zsm:vraag"), {"bsn": BSN_P1})
    assert pagina.status_code == 200
    assert "Ook bekend bij Veiligheidshuis Elders, contactpunt procesteam Elders, 030-1234567" in pagina.content.decode()
    api = client.post("/api/zsm/vraag/", {"bsn": BSN_P1}, content_type="application/json")
    assert api.json()["elders"]["bekend_bij"] == [ELDERS] and api.json()["elders"]["bereikbaar"] is True
    logs = Toegangslog.objects.filter(gebruiker=users["zsm"], actie=Toegangslog.Actie.BEKENDHEIDSCHECK).order_by("id")
    assert [(r.persoon_id, r.doel) for r in logs] == [(s.persoon.pk, "Bekendheidscheck (ZSM-vraag, scherm): bekend bij 1 andere huizen"),
                                                     (s.persoon.pk, "Bekendheidscheck (ZSM-vraag, API): bekend bij 1 andere huizen")]
    assert not Toegangslog.objects.filter(doel__contains=BSN_P1).exists()
    # The middenvelder logged both questions of this house, with the pseudonym.
    vragen = sqlite3.connect(aan["db"]).execute(
        "SELECT h.naam, v.pseudoniem, v.antwoorden FROM vraaglog v JOIN huis h ON h.id = v.huis_id ORDER BY v.id DESC LIMIT 2").fetchall()
    assert vragen == [("Zorg- en Veiligheidshuis Hier", pseudoniem(BSN_P1), 1)] * 2


@pytest.mark.django_db
def test_zsm_question_about_a_person_unknown_here_still_asks_with_the_typed_bsn(aan, users, client_for):
    elders_publiceert(aan, GELDIG_BSN)
    pagina = client_for(users["zsm"]).post(reverse("zsm:vraag"), {"bsn": GELDIG_BSN})
    assert "Ook bekend bij Veiligheidshuis Elders" in pagina.content.decode()
    log = Toegangslog.objects.get(gebruiker=users["zsm"], actie=Toegangslog.Actie.BEKENDHEIDSCHECK)
    assert (log.objecttype, log.persoon_id) == ("bekendheidscheck", None)


@pytest.mark.django_db
def test_known_nowhere_else_shows_nothing(aan, users, client_for):
    bouw_scenario(users)
    tekst = client_for(users["zsm"]).post(reverse("zsm:vraag"), {"bsn": BSN_P1}).content.decode()
    assert "Ook bekend bij" not in tekst and "niet bereikbaar" not in tekst


@pytest.mark.django_db
def test_zsm_question_when_the_middenvelder_is_down_gives_a_notice_not_an_error(uit, users, client_for):
    bouw_scenario(users)
    client = client_for(users["zsm"])
    pagina = client.post(reverse("zsm:vraag"), {"bsn": BSN_P1})
    assert pagina.status_code == 200 and "Bekendheidscheck niet bereikbaar" in pagina.content.decode()
    assert "Bekend bij het Zorg- en Veiligheidshuis" in pagina.content.decode()  # the house's own answer stands
    api = client.post("/api/zsm/vraag/", {"bsn": BSN_P1}, content_type="application/json")
    assert api.status_code == 200 and api.json()["elders"] == {"bereikbaar": False, "bekend_bij": [], "melding": bekendheid.NIET_BEREIKBAAR}
    assert Toegangslog.objects.filter(actie=Toegangslog.Actie.BEKENDHEIDSCHECK, doel__endswith="niet bereikbaar").count() == 2


@pytest.mark.django_db
def test_case_work_goes_on_when_the_middenvelder_is_down_and_the_task_catches_up(mv, uit, users, settings,
                                                                                django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        s = bouw_scenario(users)
    k = Koppeling.huidig()
    assert s.casus.pk and k.achterstand and k.laatste_fout == "ConnectionError" and not k.laatste_succes
    with django_capture_on_commit_callbacks(execute=True):
        sluit(s.casus, users)  # within the rest time: not even tried, so closing never waits
    s.casus.refresh_from_db()
    assert s.casus.status == "afgesloten"
    with pytest.raises(Exception, match="niet bereikbaar"):
        call_command("bekendheid", "publiceer")
    # Back up: the minute task publishes the whole set and clears the backlog.
    settings.SCHAKEL_MIDDENVELDER_URL = mv["url"]
    settings.SCHAKEL_MIDDENVELDER_SLEUTEL = mv["hier"]
    assert tasks.bij_achterstand() == 0
    k = Koppeling.huidig()
    assert not k.achterstand and k.laatste_volledig and tasks.bij_achterstand() is None  # nothing to do within the hour


@pytest.mark.django_db
def test_house_staff_registering_a_melding_learn_the_other_house(aan, users, client_for):
    elders_publiceert(aan, GELDIG_BSN)
    response = client_for(users["ic"]).post(reverse("meldingen:nieuw"), formulier(), follow=True)
    tekst = response.content.decode()
    assert "is geregistreerd" in tekst
    assert "Ook bekend bij Veiligheidshuis Elders, contactpunt procesteam Elders, 030-1234567" in tekst
    log = Toegangslog.objects.get(actie=Toegangslog.Actie.BEKENDHEIDSCHECK)
    assert log.gebruiker == users["ic"] and log.persoon_id and log.doel.startswith("Bekendheidscheck (registratie melding)")


@pytest.mark.django_db
def test_house_staff_registering_when_down_get_the_notice(uit, users, client_for):
    tekst = client_for(users["ic"]).post(reverse("meldingen:nieuw"), formulier(), follow=True).content.decode()
    assert "is geregistreerd" in tekst and "Bekendheidscheck niet bereikbaar" in tekst


@pytest.mark.django_db
def test_a_partner_registering_a_melding_learns_nothing_about_other_houses(aan, users, client_for):
    elders_publiceert(aan, GELDIG_BSN)
    voor = sqlite3.connect(aan["db"]).execute("SELECT count(*) FROM vraaglog").fetchone()[0]
    politie = users["politie"]
    tekst = client_for(politie).post(
        reverse("meldingen:nieuw"), formulier(melder_organisatie=politie.organisatie_id), follow=True).content.decode()
    assert "is geregistreerd" in tekst
    assert "Elders" not in tekst and "Bekendheidscheck" not in tekst
    assert not Toegangslog.objects.filter(actie=Toegangslog.Actie.BEKENDHEIDSCHECK).exists()
    assert sqlite3.connect(aan["db"]).execute("SELECT count(*) FROM vraaglog").fetchone()[0] == voor


@pytest.mark.django_db
def test_without_a_middenvelder_nothing_is_asked_or_shown(users, client_for, settings):
    settings.SCHAKEL_MIDDENVELDER_URL = ""
    bouw_scenario(users)
    tekst = client_for(users["zsm"]).post(reverse("zsm:vraag"), {"bsn": BSN_P1}).content.decode()
    assert "Bekendheidscheck" not in tekst and "Ook bekend bij" not in tekst
    assert not Toegangslog.objects.filter(actie=Toegangslog.Actie.BEKENDHEIDSCHECK).exists()


@pytest.mark.django_db
def test_beheer_sees_the_state_of_the_link_and_cannot_change_it(uit, users, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        bouw_scenario(users)
    client = client_for(users["beheerder"])
    lijst = client.get(reverse("beheer:bekendheid_koppeling_changelist"))
    assert lijst.status_code == 200 and "ConnectionError" in lijst.content.decode()
    assert BSN_P1 not in lijst.content.decode() and pseudoniem(BSN_P1) not in lijst.content.decode()
    assert client.get(reverse("beheer:bekendheid_koppeling_add")).status_code == 403
    assert client_for(users["ic"]).get(reverse("beheer:bekendheid_koppeling_changelist")).status_code == 403


def test_a_middenvelder_without_keys_stops_schakel_at_start():
    import os
    import subprocess
    import sys

    from .middenvelder_hulp import SRC

    env = {**{k: v for k, v in os.environ.items() if not k.startswith("SCHAKEL_")}, "PYTHONPATH": SRC, "DEBUG": "1",
           "SCHAKEL_MIDDENVELDER_URL": "http://127.0.0.1:9", "SCHAKEL_MIDDENVELDER_SLEUTEL": "huissleutel",
           "SCHAKEL_NETWERK_SLEUTEL": "te-kort"}
    r = subprocess.run([sys.executable, "-c", "import schakel.settings"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode != 0 and "SCHAKEL_NETWERK_SLEUTEL (minstens 32 tekens" in r.stderr
    env["SCHAKEL_NETWERK_SLEUTEL"] = NETWERK_SLEUTEL
    r = subprocess.run([sys.executable, "-c", "import schakel.settings"], env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr


@pytest.mark.django_db
def test_zsm_question_by_name_and_birth_date_asks_with_the_bsn_found_here(aan, users, client_for):
    s = bouw_scenario(users)
    elders_publiceert(aan, BSN_P1)
    tekst = client_for(users["zsm"]).post(
        reverse("zsm:vraag"), {"achternaam": "Jansen", "geboortedatum": "1990-05-01"}).content.decode()
    assert "Ook bekend bij Veiligheidshuis Elders" in tekst and BSN_P1 not in tekst
    assert Toegangslog.objects.get(actie=Toegangslog.Actie.BEKENDHEIDSCHECK).persoon_id == s.persoon.pk


@pytest.mark.parametrize("status, body", [(500, b'{"fout": "x"}'), (200, b"geen json"), (200, b'{"bekend_bij": "Huis"}'),
                                          (200, b'{"bekend_bij": [{"huis": 1}]}'), (200, b"[]")])
@pytest.mark.django_db
def test_a_strange_answer_from_the_middenvelder_is_not_reachable_never_an_error(settings, users, status, body):
    import http.server
    import threading

    class Raar(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Raar)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.SCHAKEL_MIDDENVELDER_URL = f"http://127.0.0.1:{server.server_address[1]}"
        settings.SCHAKEL_MIDDENVELDER_SLEUTEL = "sleutel"
        settings.SCHAKEL_NETWERK_SLEUTEL = NETWERK_SLEUTEL
        antwoord = bekendheid.vraag(users["zsm"], bsn=BSN_P1, persoon_ids=[], aanleiding="test")
    finally:
        server.shutdown()
        server.server_close()
    assert antwoord.bereikbaar is False and antwoord.melding == bekendheid.NIET_BEREIKBAAR
