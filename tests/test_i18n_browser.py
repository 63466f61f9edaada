"""Real Chromium: default texts that reach the phone in the shared live document are read in
the phone's language (and the join page starts in it)."""
import pytest

from tests.browser import LAPTOP, PHONE, browser, build_workshop  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(240)]


def test_a_french_phone_reads_the_default_column_prompt_in_french(server, browser):  # noqa: F811
    """The policy window's prompts reach the phone in the shared live document (stored in
    English here); the page maps the default to the reader's language (app/static/js/defaults.js)."""
    console = browser.new_context(**LAPTOP).new_page()
    code = build_workshop(console, server.url, "policy_window")
    phone = browser.new_context(**PHONE, locale="fr-FR").new_page()
    phone.goto(f"{server.url}/j/{code}")  # Accept-Language: fr-FR, so the join page is French
    assert phone.evaluate("document.documentElement.lang") == "fr"
    phone.get_by_label("Votre nom").fill("Amélie")
    phone.get_by_label("Votre organisation").fill("North School")
    phone.get_by_label("Votre secteur").select_option("Education")
    phone.locator("form button[type=submit]").last.click()
    prompt = phone.locator('[data-region="column-prompt"]').first
    prompt.wait_for(timeout=30000)
    phone.wait_for_function("() => { const el = document.querySelector('[data-region=\"column-prompt\"]');"
                            " return el && el.textContent.trim().length > 0; }", timeout=30000)
    text = prompt.inner_text()
    assert "political" not in text and "Policy direction" not in text
    assert "politique" in text.lower(), text
