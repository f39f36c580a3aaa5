"""The pages a professional sees when the database is away or something else breaks: Dutch, readable,
accessible (axe runs on every document), with a way back and nothing technical."""
import pytest

from tests import test_databasestoring

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_outage_and_error_pages_in_the_browser(login, users, settings, screenshot):
    page = login(users["pr"])
    settings.ROOT_URLCONF = test_databasestoring.__name__
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    antwoord = page.goto("/test-storing/database/")
    assert antwoord.status == 503 and antwoord.headers["retry-after"] == "30"
    assert page.get_by_role("heading", level=1).inner_text() == "Schakel is even niet bereikbaar"
    screenshot(page, "storing-503")
    assert page.get_by_role("link", name="Opnieuw proberen").get_attribute("href") == "/test-storing/database/"
    page.get_by_role("link", name="Startpagina").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("button", name="Uitloggen").is_visible()  # back on the start page, still logged in
    antwoord = page.goto("/test-storing/anders/")
    assert antwoord.status == 500
    assert page.get_by_role("heading", level=1).inner_text() == "Er ging iets mis"
    assert "ValueError" not in page.content()
