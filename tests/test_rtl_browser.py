"""Real Chromium: an Arabic name and an Arabic note. Names and texts are isolated (<bdi>,
dir=auto) so "فاطمة الزهراء · 0 dots" keeps its order, the note reads right to left and is
right-aligned, and note text hyphenates."""
import pytest

from tests.browser import LAPTOP, browser, build_workshop, join_phone, screenshot  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(240)]

NAME = "فاطمة الزهراء"
NOTE = "فطور مشترك قبل الدروس"


def test_an_arabic_name_and_note_keep_their_order_and_direction(server, browser):  # noqa: F811
    console = browser.new_context(**LAPTOP).new_page()
    code = build_workshop(console, server.url, "ideas")
    phone = join_phone(browser, server.url, code, NAME)
    phone.get_by_label("Your idea").fill(NOTE)
    phone.get_by_role("button", name="Post my idea").click()
    note = console.locator(".note", has=console.locator(".note-text", has_text=NOTE)).first
    note.wait_for(timeout=30000)
    screenshot(console, "console-arabic-note")

    meta = note.locator(".note-meta")
    # The name is its own isolated run, before the dots count, not mixed into it.
    assert meta.locator("bdi").first.inner_text() == NAME
    assert meta.inner_text().startswith(NAME + " · ")
    text = note.locator(".note-text")
    assert text.get_attribute("dir") == "auto"
    assert text.evaluate("el => el.matches(':dir(rtl)')") is True
    assert text.evaluate("el => getComputedStyle(el).direction") == "rtl"
    assert text.evaluate("el => getComputedStyle(el).textAlign") in ("start", "right")
    # Right-aligned: the text's own run ends at the paragraph's right edge.
    gap = text.evaluate("el => { const r = document.createRange(); r.selectNodeContents(el); "
                        "return el.getBoundingClientRect().right - r.getBoundingClientRect().right; }")
    assert gap < 20
    assert text.evaluate("el => getComputedStyle(el).hyphens") == "auto"
    assert console.evaluate("document.documentElement.lang") == "en"

    person = console.locator("[data-people] li", has_text=NAME).first
    person.wait_for(timeout=30000)
    assert person.locator("bdi.person-name").inner_text() == NAME

