"""Browser tests: Playwright's sync API driving the system Chromium against pytest-django's live server.

Playwright's own browser download does not work on every machine (and never in CI), so we launch the
Chromium of the operating system. Without it the tests are skipped locally and fail under CI=true.
"""
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the main thread; Django's async-safety check would then
# refuse the ORM calls the fixtures and assertions make from that same thread.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("SCHAKEL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WACHTWOORD = "Schakel-test-2026"
SCREENSHOT_DIR = Path(os.environ.get("SCHAKEL_SCREENSHOT_DIR", "/tmp/schakel-screens"))


def _geen_browser(reden: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"Browsertests onder CI=true: {reden}", pytrace=False)
    pytest.skip(f"Browsertests overgeslagen: {reden}")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.is_file() or not os.access(CHROMIUM, os.X_OK):
        _geen_browser(f"{CHROMIUM} ontbreekt; installeer Chromium (Debian: apt-get install chromium).")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a test dependency
        _geen_browser("het Python-pakket playwright is niet geïnstalleerd (pip install -e '.[test]').")

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def totp_code(user) -> str:
    from tests.conftest import bevestigd_apparaat, huidige_code

    device = bevestigd_apparaat(user)
    # Logging in twice within one 30-second step would reuse a code, which django-otp rightly
    # refuses; a test logs in many times in a minute, so forget the last used step first.
    type(device).objects.filter(pk=device.pk).update(last_t=-1)
    return huidige_code(device)


@pytest.fixture(autouse=True)
def axe_controle(request, browser):
    """Every context a browser test opens gets axe-core (WCAG 2.1 A/AA) on every document it loads; the
    test fails at teardown on any violation or on a document that was not checked (see axe.py)."""
    from .axe import AxeVerslag

    verslag = AxeVerslag()
    contexts = []
    origineel = browser.new_context

    def new_context(*args, **kwargs):
        context = origineel(*args, **kwargs)
        verslag.installeer(context)
        contexts.append(context)
        return context

    browser.new_context = new_context
    try:
        yield verslag
    finally:
        browser.new_context = origineel
    for context in contexts:
        try:
            verslag.wacht_op_context(context)
        finally:
            context.close()
    regels = verslag.rapport()
    if regels:
        pytest.fail(f"axe-core (WCAG 2.1 A/AA): {len(regels)} bevinding(en)\n" + "\n".join(regels), pytrace=False)


@pytest.fixture
def login(browser, live_server):
    """login(user) -> a Page in a fresh browser context (own cookies), logged in through /inloggen/."""
    contexts = []

    def _login(user, password=WACHTWOORD):
        context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        from tests.conftest import bevestigd_apparaat

        bevestigd_apparaat(user)  # the user's authenticator app exists before he logs in
        page.goto("/inloggen/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.get_by_role("button", name="Inloggen", exact=True).click()
        page.wait_for_load_state()
        # Second factor: the code of the user's authenticator, as the app would show it now.
        assert "/inloggen/tweede-stap/" in page.url, f"Inloggen als {user.username}: geen tweede stap ({page.url})"
        page.fill("#id_code", totp_code(user))
        page.get_by_role("button", name="Bevestigen").click()
        page.wait_for_load_state()
        assert "/inloggen/" not in page.url, f"Inloggen als {user.username} mislukt"
        assert page.get_by_role("button", name="Uitloggen").is_visible()
        return page

    yield _login
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    """screenshot(page, name): full-page PNG under /tmp/schakel-screens/ (outside the repository)."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)

    def _shot(page, naam: str) -> Path:
        pad = SCREENSHOT_DIR / f"{naam}.png"
        page.screenshot(path=str(pad), full_page=True)
        return pad

    return _shot


def weeg_abc_focus(page, motivaties: dict) -> None:
    """On the weging page: criteria A, B and C with their motivation, decision 'Agenderen focus/Top-X'."""
    for criterium, motivatie in motivaties.items():
        page.check(f"#id_criterium_{criterium}")
        page.fill(f"#id_motivatie_{criterium}", motivatie)
    page.select_option("#id_besluit", label="Agenderen focus/Top-X")
    page.get_by_role("button", name="Besluit vastleggen").click()
