"""Weighing a melding with the keyboard only (Tab, Shift+Tab, Space, arrows, Enter and typing; no
clicks): log in, open the briefing, submit the weighing empty and with bad values, weigh, record the
feedback to the reporter on the result, and go on to the next melding."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from schakel.briefing.models import Weging
from schakel.briefing.services import agendeer
from schakel.meldingen.models import Terugkoppeling

from ..scenario import bouw_scenario, nieuwe_melding
from .conftest import WACHTWOORD, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KNOP = "main form.formulier button[type=submit]"  # each screen here has one form in main


def tab_naar(page, selector: str, *, terug: bool = False, max_stappen: int = 250) -> None:
    """Press Tab (or Shift+Tab) until the focused element matches `selector`."""
    for _ in range(max_stappen):
        page.keyboard.press("Shift+Tab" if terug else "Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} niet bereikt met {'Shift+Tab' if terug else 'Tab'}")


def enter(page) -> None:
    """Enter on the focused link or button, and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def kies(page, selector: str, tekst: str) -> None:
    """Choose an option of a focused <select> with the arrow keys."""
    tab_naar(page, selector)
    for _ in range(40):
        if page.evaluate("() => document.activeElement.selectedOptions[0]?.text") == tekst:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"'{tekst}' niet gevonden in {selector}")


def inloggen_met_toetsenbord(page, user) -> None:
    page.goto("/inloggen/")
    tab_naar(page, "#id_username")
    page.keyboard.type(user.username)
    tab_naar(page, "#id_password")
    page.keyboard.type(WACHTWOORD)
    enter(page)
    assert "/inloggen/tweede-stap/" in page.url
    tab_naar(page, "#id_code")
    page.keyboard.type(totp_code(user))
    enter(page)
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def test_weigh_feed_back_and_go_on_by_keyboard(browser, live_server, users, screenshot):
    from tests.conftest import bevestigd_apparaat

    s = bouw_scenario(users)  # the person already has a melding weighed into a focus case
    melding = nieuwe_melding(users["ic"], persoon=s.persoon, lopend_bij_veilig_thuis=True)
    volgende = nieuwe_melding(users["ic"])
    agendeer(briefing=s.briefing, meldingen=[melding, volgende], door=users["pr"])
    pr = users["pr"]
    bevestigd_apparaat(pr)
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    inloggen_met_toetsenbord(page, pr)

    # To the briefing and the melding to weigh, through the menu and the agenda.
    tab_naar(page, f'a[href="{reverse("briefing:lijst")}"]')
    enter(page)
    tab_naar(page, f'a[href="{reverse("briefing:detail", args=[s.briefing.pk])}"]')
    enter(page)
    expect(page.locator("table.compact tbody tr").filter(has_text=melding.nummer)).to_contain_text("Loopt bij Veilig Thuis")
    screenshot(page, "weging-agenda")
    wegen = reverse("briefing:wegen", args=[s.briefing.pk, melding.pk])
    tab_naar(page, f'a[href="{wegen}"]')
    enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Weging melding {melding.nummer}")
    expect(page.locator("#lopend-elders")).to_contain_text("Let op: loopt al bij Veilig Thuis")
    geschiedenis = page.locator("section[aria-labelledby=voorgeschiedenis-kop]")
    expect(geschiedenis).to_contain_text(s.melding.nummer)
    expect(geschiedenis).to_contain_text(s.casus.nummer)
    screenshot(page, "weging-toetsenbord")

    # Empty: nothing saved, every missing part named.
    tab_naar(page, KNOP)
    enter(page)
    fout = page.locator("main")
    expect(fout).to_contain_text("Kies het besluit van de weegploeg.")
    expect(fout).to_contain_text("Bevestig dat u hebt gecontroleerd dat de melding al bij Veilig Thuis loopt")
    screenshot(page, "weging-toetsenbord-leeg")

    # Bad values: HTML in a motivation, focus outside the kader without a reason, escalation fields
    # filled in with another decision.
    tab_naar(page, "#id_criterium_a")
    page.keyboard.press("Space")
    tab_naar(page, "#id_motivatie_a")
    page.keyboard.type("<b>schulden</b>")
    kies(page, "#id_besluit", "Agenderen focus/Top-X")
    tab_naar(page, "#id_opschaling-reden")
    page.keyboard.type("Geen reden")
    tab_naar(page, KNOP)
    enter(page)
    expect(fout).to_contain_text("HTML-code")
    expect(fout).to_contain_text("voldoet niet aan het Landelijk Kader")
    expect(fout).to_contain_text("Vul de opschaling alleen in bij het besluit")
    screenshot(page, "weging-toetsenbord-fout")
    assert not Weging.objects.filter(melding=melding).exists()

    # Right: A, B and C motivated, focus, the check confirmed (reached backwards from the button).
    for criterium, tekst in (("a", "Schulden en wonen."), ("b", "Zorg en straf samen."), ("c", "Kinderen in huis.")):
        if criterium != "a":
            tab_naar(page, f"#id_criterium_{criterium}")
            page.keyboard.press("Space")
        tab_naar(page, f"#id_motivatie_{criterium}")
        page.keyboard.press("Control+A")
        page.keyboard.type(tekst)
    tab_naar(page, "#id_opschaling-reden")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    tab_naar(page, KNOP)
    tab_naar(page, "#id_lopend_elders_gecontroleerd", terug=True)
    page.keyboard.press("Space")
    tab_naar(page, KNOP)
    enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Melding {melding.nummer} gewogen")
    weging = Weging.objects.get(melding=melding)
    assert weging.voldoet_aan_kader and weging.lopend_elders_gecontroleerd and weging.casus == s.casus
    screenshot(page, "weging-uitslag")

    # Feedback right here: the text starts with the decision; by telephone.
    expect(page.locator("#id_terugkoppeling-tekst")).to_have_value(
        f"De briefing van {s.briefing.datum:%d-%m-%Y} heeft uw melding gewogen. Besluit: Agenderen focus/Top-X. "
        f"Vervolg in: {s.casus.overlegtype}."
    )
    kies(page, "#id_terugkoppeling-kanaal", "Telefoon")
    tab_naar(page, KNOP)
    enter(page)
    expect(page.locator(".meldingen-berichten")).to_contain_text(f"De terugkoppeling aan de melder van {melding.nummer} is vastgelegd.")
    t = Terugkoppeling.objects.get(melding=melding)
    assert t.kanaal == "telefoon" and t.door == pr

    # On to the next melding on the agenda.
    tab_naar(page, "#volgende-melding")
    enter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Weging melding {volgende.nummer}")

    # The feedback worklist names the decision to pass on (the first melding's reporter is still owed it).
    tab_naar(page, f'a[href="{reverse("meldingen:terugkoppeling_open")}"]')
    enter(page)
    rij = page.locator("table.lijst tbody tr").filter(has_text=s.melding.nummer)
    expect(rij).to_contain_text("Agenderen focus/Top-X")
    expect(page.locator("table.lijst")).not_to_contain_text(melding.nummer)
    screenshot(page, "terugkoppeling-werklijst")
    page.wait_for_load_state("networkidle")
    context.close()
