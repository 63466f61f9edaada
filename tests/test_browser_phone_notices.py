"""Real Chromium: a phone is told, in words, what happened to it. A change the server refused
for good leaves the outbox (the later ones are sent) and the person sees what was not saved;
anonymous mode switched mid-step shows on the phone and the screen; a removed participant is
told so instead of "Offline" for ever."""
import json

import pytest

from tests.browser import LAPTOP, browser, build_workshop, join_phone  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(240)]


@pytest.fixture
def room(server, browser):  # noqa: F811
    console = browser.new_context(**LAPTOP).new_page()
    code = build_workshop(console, server.url, "ideas")
    phone = join_phone(browser, server.url, code, "Pat")
    return console, phone


def queue_before_reload(phone, *texts):
    """Put changes in the phone's outbox as if typed before a reload, then reload."""
    phone.evaluate("""(texts) => {
      const boot = JSON.parse(document.getElementById('boot').textContent);
      const key = `cg:outbox:w${boot.workshop}:${boot.as}:${boot.me.id}`;
      const step = boot.doc.workshop.room_step;
      const entries = texts.map((text, i) => ({ op: `queued-op-${i}-0000`, kind: 'act', step,
        type: 'add_note', data: { text }, queuedAt: Date.now() }));
      localStorage.setItem(key, JSON.stringify(entries));
    }""", list(texts))
    phone.reload()


def test_a_refused_change_is_dropped_told_and_the_next_one_is_sent(room):
    console, phone = room
    # A lone surrogate: JSON carries it, no database can store it; the server refuses it.
    queue_before_reload(phone, json.loads('"half \\ud83d a smile"'), "Walking bus from the estate")
    console.wait_for_selector('.note-text:has-text("Walking bus from the estate")', timeout=30000)
    phone.wait_for_selector("text=All changes saved", timeout=30000)
    notice = phone.locator("[data-notice]")
    notice.wait_for(state="visible")
    assert "Not saved" in notice.inner_text() and "a smile" in notice.inner_text()
    assert phone.evaluate("Object.keys(localStorage).filter(k => k.startsWith('cg:outbox')).map(k => "
                          "JSON.parse(localStorage.getItem(k)).length)") == [0]


def test_anonymous_mode_switched_mid_step_is_told_on_the_phone_and_the_screen(room):
    console, phone = room
    screen = console.context.new_page()
    screen.goto(console.url.replace("/console", "/screen"))
    screen.wait_for_load_state("networkidle")
    console.get_by_label("Anonymous contributions").check()
    for page in (phone, screen):
        page.wait_for_selector('[data-notice]:has-text("Anonymous mode is now on")', timeout=20000)
    console.get_by_label("Anonymous contributions").uncheck()
    for page in (phone, screen):
        page.wait_for_selector('[data-notice]:has-text("Anonymous mode is now off")', timeout=20000)


def test_a_removed_participant_is_told_not_offline(room):
    console, phone = room
    console.on("dialog", lambda dialog: dialog.accept())
    console.get_by_role("button", name="Remove Pat").click()
    phone.wait_for_selector("[data-save-state]:has-text('The facilitator has removed you')", timeout=20000)
    # ...and it stays said: the disconnect that follows does not turn it into "Offline"...
    phone.wait_for_function("() => !window.navigator.onLine || document.querySelector('[data-save-state]')"
                            ".dataset.state === 'refused'")
    assert "Offline" not in phone.locator("[data-save-state]").inner_text()
    # ...and a reload says it too.
    phone.reload()
    phone.wait_for_selector("text=You've been removed from this workshop")
