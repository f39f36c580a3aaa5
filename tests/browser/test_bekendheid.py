"""The bekendheidscheck on screen: the ZSM desk and an informatiecoördinator registering a melding
see "Ook bekend bij …, contactpunt …" from a real middenvelder on loopback; a partner registering
the same person does not; with the middenvelder down the ZSM answer carries the Dutch notice."""
import pytest
from playwright.sync_api import expect

from schakel.bekendheid.pseudoniem import pseudoniem
from tests.middenvelder_hulp import middenvelder_proces, registreer_huis, roep, vrije_poort
from tests.scenario import BSN_P1, bouw_scenario

from .test_dubbeling import berichten, vul_melding_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NIEUW_BSN = "123456782"
ELDERS = "Ook bekend bij Veiligheidshuis Elders, contactpunt procesteam Elders, 030-1234567"


@pytest.fixture
def middenvelder(tmp_path, settings):
    db = tmp_path / "m.sqlite3"
    hier = registreer_huis(db, "Zorg- en Veiligheidshuis Hier", "procesteam Hier, 071-7654321")
    elders = registreer_huis(db, "Veiligheidshuis Elders", "procesteam Elders, 030-1234567")
    settings.SCHAKEL_NETWERK_SLEUTEL = "browser-netwerksleutel-van-minstens-32-tekens"
    with middenvelder_proces(db) as url:
        settings.SCHAKEL_MIDDENVELDER_URL, settings.SCHAKEL_MIDDENVELDER_SLEUTEL = url, hier
        lijst = [pseudoniem(BSN_P1), pseudoniem(NIEUW_BSN)]
        assert roep(url, "PUT", "/v1/pseudoniemen", {"pseudoniemen": lijst}, elders)[0] == 200
        yield url


def test_zsm_desk_and_house_staff_see_the_other_house_partner_does_not(middenvelder, login, screenshot, users):
    bouw_scenario(users)
    zsm = login(users["zsm"])
    zsm.goto("/zsm/vraag/")
    zsm.get_by_role("button", name="Vraag stellen").click()
    expect(zsm.locator("main")).to_contain_text("De vraag is niet gesteld.")
    zsm.get_by_label("BSN").fill("123456789")
    zsm.get_by_role("button", name="Vraag stellen").click()
    expect(zsm.locator("main")).to_contain_text("elfproef")
    assert "Ook bekend bij" not in zsm.locator("main").inner_text()
    zsm.get_by_label("BSN").fill(BSN_P1)
    zsm.get_by_role("button", name="Vraag stellen").click()
    antwoord = zsm.get_by_role("region", name="Antwoord")
    expect(antwoord.get_by_role("region", name="Bekend bij andere Zorg- en Veiligheidshuizen")).to_contain_text(ELDERS)
    screenshot(zsm, "bekendheid-1-zsm")

    ic = login(users["ic"])
    vul_melding_in(ic, bsn=NIEUW_BSN, voornamen="Nora", achternaam="Nieuwenhuis", geboren="1991-04-05",
                   melder="Reclassering Nederland")
    expect(berichten(ic)).to_contain_text("is geregistreerd")
    expect(berichten(ic)).to_contain_text(ELDERS)
    screenshot(ic, "bekendheid-2-registratie-huis")

    politie = login(users["politie"])
    vul_melding_in(politie, bsn=NIEUW_BSN, voornamen="Nora", achternaam="Nieuwenhuis", geboren="1991-04-05")
    expect(berichten(politie)).to_contain_text("is geregistreerd")
    assert "Elders" not in politie.locator("body").inner_text()
    screenshot(politie, "bekendheid-3-registratie-partner")


def test_zsm_answer_with_the_middenvelder_down(settings, login, screenshot, users):
    settings.SCHAKEL_MIDDENVELDER_URL = f"http://127.0.0.1:{vrije_poort()}"
    settings.SCHAKEL_MIDDENVELDER_SLEUTEL = "sleutel"
    settings.SCHAKEL_NETWERK_SLEUTEL = "browser-netwerksleutel-van-minstens-32-tekens"
    bouw_scenario(users)
    zsm = login(users["zsm"])
    zsm.goto("/zsm/vraag/")
    zsm.get_by_label("BSN").fill(BSN_P1)
    zsm.get_by_role("button", name="Vraag stellen").click()
    antwoord = zsm.get_by_role("region", name="Antwoord")
    expect(antwoord).to_contain_text("Bekendheidscheck niet bereikbaar")
    expect(antwoord).to_contain_text("Actieve casus")
    screenshot(zsm, "bekendheid-4-zsm-niet-bereikbaar")
