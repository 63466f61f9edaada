"""The room screen fits the projector (issue 17): a full room (12 goals, 40 ideas, ...) shows
every step at 1920x1080 and 1280x720, in English and French, with nothing to scroll, nothing
cut off and the join pill covering nothing; too many items turn into pages the facilitator
steers; the countdown is big and says when time is up; the spotlight is seen; after the end
the screen thanks the room and, when asked, shows the plan's QR."""
from __future__ import annotations

import pytest

from tests.browser import CHROMIUM, FLAGS, require_chromium, screenshot
from tests.live_server import LiveClient, LiveServer, facilitator_cookie
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
    live = LiveServer(tmp_path_factory.mktemp("room"), SCREEN_ROTATE_SECONDS="0")
    live.migrate()
    live.start()
    yield live
    live.stop()


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
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield browser
        browser.close()


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
    assert client.control("goto", {"step_id": step_id})["ok"]
    assert client.control("bring_here")["ok"]
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
