"""The room screen fits the projector (issue 17): a full room (12 goals, 40 ideas, ...) shows
every step at 1920x1080 and 1280x720, in English and French, with nothing to scroll, nothing
cut off and the join pill covering nothing; too many items turn into pages the facilitator
steers; the countdown is big and says when time is up; the spotlight is seen; after the end
the screen thanks the room and, when asked, shows the plan's QR."""
from __future__ import annotations

import pytest

from tests.browser import launched, require_chromium, screenshot
from tests.live_server import LiveClient, facilitator_cookie, running
from tests.room_seed import EMAIL, EXERCISES, PASSWORD, seed_room

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(900)]
SCREENS = {"1080p": {"width": 1920, "height": 1080}, "720p": {"width": 1280, "height": 720}}

# Does the frame hold everything: no page scroll, the step's content not clipped, the join
# pill below the step rather than over it.
FITS = """() => {
  const section = document.querySelector('section.step:not([hidden])');
  const bar = document.querySelector('.screen-bar').getBoundingClientRect();
  const box = section.getBoundingClientRect();
  return {
    page: document.scrollingElement.scrollHeight, inner: innerHeight,
    clipped: section.scrollHeight - section.clientHeight,
    wide: document.scrollingElement.scrollWidth - innerWidth,
    below: bar.top - box.bottom,
    shown: section.querySelectorAll('li:not(.is-off-page), tbody tr:not(.is-off-page)').length,
  };
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    # The module moves the room through every step at every size, one control after another,
    # faster than the 5 controls a second a facilitator may send: on a quick run the engine's throttle
    # answered "Too many changes at once". The control throttle has its own tests (test_sync_limits.py).
    yield from running(tmp_path_factory.mktemp("room"), SCREEN_ROTATE_SECONDS="0", CONTROL_RATE="1000",
                       CONTROL_BURST="1000")


@pytest.fixture(scope="module")
def world(server):
    ids = seed_room(server.db_url)
    # The precondition of every test here: the room really is full.
    for lang in ("en", "fr"):
        assert ids[lang]["done"]["notes"] == 40 and ids[lang]["done"]["goals"] == 12, ids[lang]["done"]
        assert ids[lang]["done"]["pw_notes"] == 24 and ids[lang]["done"]["reframes"] >= 8, ids[lang]["done"]
    ids["cookie"] = facilitator_cookie(server.url, EMAIL, PASSWORD)
    return ids


@pytest.fixture(scope="module")
def chromium(server):
    yield from launched()


def cookies(url: str, header: str) -> list[dict]:
    return [{"name": k, "value": v, "url": url} for k, v in (p.split("=", 1) for p in header.split("; ") if "=" in p)]


@pytest.fixture(scope="module")
def facilitator(server, world):
    clients = {}

    def get(lang):
        if lang not in clients:
            clients[lang] = LiveClient(server.url, world[lang]["workshop"], role="facilitator", cookie=world["cookie"])
        return clients[lang]

    yield get
    for client in clients.values():
        client.close()


def bring_room(client, step_id: int) -> None:
    for command, data in (("goto", {"step_id": step_id}), ("bring_here", None)):
        ack = client.control(command, data)
        assert ack["ok"], (command, ack)
    client.wait(lambda c: c.doc["workshop"]["room_step"] == step_id)


def open_screen(chromium, server, world, lang, size):
    context = chromium.new_context(viewport=SCREENS[size])
    context.add_cookies(cookies(server.url, world["cookie"]))
    page = context.new_page()
    page.goto(f"{server.url}/w/{world[lang]['workshop']}/screen")
    return page


def wait_fitted(page, step_id):
    page.wait_for_selector(f'section[data-step="{step_id}"]:not([hidden]) [data-step-body] li, '
                           f'section[data-step="{step_id}"]:not([hidden]) [data-step-body] tr', timeout=20000)
    # The fit runs after the exercise drew; wait until a measurement is stable.
    page.wait_for_function("""() => { const s = document.querySelector('section.step:not([hidden])');
      return s && s.scrollHeight <= s.clientHeight + 1; }""", timeout=20000)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("size", list(SCREENS))
def test_every_step_fits_the_projector_without_scrolling(chromium, server, world, facilitator, lang, size):
    client = facilitator(lang)
    page = open_screen(chromium, server, world, lang, size)
    try:
        for key in EXERCISES:
            step_id = world[lang]["steps"][key]
            bring_room(client, step_id)
            wait_fitted(page, step_id)
            m = page.evaluate(FITS)
            screenshot(page, f"room-screen-{size}-{lang}-{key}")
            assert m["page"] <= m["inner"], (key, m)
            assert m["clipped"] <= 1, (key, m)
            assert m["wide"] <= 0, (key, m)
            assert m["below"] >= 0, (key, m)  # the join pill sits under the step, never over it
            assert m["shown"] > 0, (key, m)
    finally:
        page.context.close()


def visible_notes(page) -> list[str]:
    return page.evaluate("""() => Array.from(document.querySelectorAll(
      'section.step:not([hidden]) li.note:not(.is-off-page) .note-text')).map((el) => el.textContent)""")


def wait_page(page, n: int) -> None:
    page.wait_for_function(f"() => document.querySelector('[data-screen-page]').textContent.startsWith('Page {n} ')")


def test_too_many_items_turn_into_pages_the_facilitator_turns(chromium, server, world, facilitator):
    client = facilitator("en")
    step_id = world["en"]["steps"]["ideas"]
    bring_room(client, step_id)
    page = open_screen(chromium, server, world, "en", "720p")
    try:
        wait_fitted(page, step_id)
        note = page.locator("[data-screen-page]")
        note.wait_for(state="visible")
        first = visible_notes(page)
        pages = int(note.inner_text().split()[-1])
        assert note.inner_text() == f"Page 1 of {pages}" and pages >= 2 and 0 < len(first) < 40
        assert client.control("screen", {"command": "next"})["ok"]
        wait_page(page, 2)
        second = visible_notes(page)
        assert second and not set(first) & set(second)
        assert page.evaluate(FITS)["clipped"] <= 1
        screenshot(page, "room-screen-720p-en-ideas-page-2")
        # Every note is on some page: turn through them all.
        seen = set(first) | set(second)
        for n in range(3, pages + 1):
            assert client.control("screen", {"command": "next"})["ok"]
            wait_page(page, n)
            seen |= set(visible_notes(page))
        assert len(seen) == 40
        assert client.control("screen", {"command": "previous"})["ok"]
        wait_page(page, pages - 1)
    finally:
        page.context.close()


def test_big_countdown_says_times_up_in_words_and_shape(chromium, server, world, facilitator):
    client = facilitator("fr")
    step_id = world["fr"]["steps"]["policy_window"]
    bring_room(client, step_id)
    page = open_screen(chromium, server, world, "fr", "1080p")
    try:
        wait_fitted(page, step_id)
        assert client.control("timer", {"step_id": step_id, "command": "start", "seconds": 120})["ok"]
        timer = page.locator(f'[data-timer-step="{step_id}"]')
        timer.wait_for(state="visible")
        size = page.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)", timer.element_handle())
        assert size >= 0.08 * 1080  # was 22.4 px
        assert client.control("timer", {"step_id": step_id, "command": "start", "seconds": 1})["ok"]
        page.wait_for_selector(f'[data-timer-step="{step_id}"].is-up', timeout=20000)
        assert timer.inner_text() == "Temps écoulé"  # in words, not only red
        style = page.evaluate("""(el) => { const s = getComputedStyle(el, '::before');
          return {before: s.content, border: getComputedStyle(el).borderTopStyle}; }""", timer.element_handle())
        assert "⏰" in style["before"] and style["border"] == "double"  # shape as well as colour
        assert page.evaluate(FITS)["clipped"] <= 1
        screenshot(page, "room-screen-1080p-fr-times-up")
        assert client.control("timer", {"step_id": step_id, "command": "clear"})["ok"]
    finally:
        page.context.close()


def test_the_spotlight_shows_big_even_for_an_item_without_its_own_card(chromium, server, world, facilitator):
    client = facilitator("en")
    step_id = world["en"]["steps"]["alignment_mapper"]
    bring_room(client, step_id)
    page = open_screen(chromium, server, world, "en", "1080p")
    try:
        wait_fitted(page, step_id)
        # A goal folded into a theme has no row of its own on the screen: the banner still shows it.
        assert client.control("spotlight", {"step_id": step_id, "item": "g999", "text": "A goal inside a theme"})["ok"]
        banner = page.locator("[data-spotlight]")
        banner.wait_for(state="visible")
        assert "A goal inside a theme" in banner.inner_text()
        size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('[data-spotlight-text]'))"
                             ".fontSize)")
        assert size >= 40
        # A row that is on the screen is marked too, and brought onto the page shown.
        assert client.control("spotlight", {"step_id": step_id, "item": "g1", "text": "Every child"})["ok"]
        page.wait_for_selector('section.step:not([hidden]) [data-item="g1"].is-spotlit:not(.is-off-page)')
        assert page.evaluate(FITS)["clipped"] <= 1
        screenshot(page, "room-screen-1080p-en-spotlight")
        assert client.control("spotlight", {})["ok"]
        banner.wait_for(state="hidden")
    finally:
        page.context.close()
