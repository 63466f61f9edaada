"""Real Chromium: the phase bar is the core's — the same markup for every exercise with phases,
on the console (buttons) and the phone (a list) — and moving a phase on the console moves
every phone."""
import re

import pytest

from app.extensions import db
from app.models import Step
from app.workshops.codes import JOIN_CODE_LENGTH, random_code
from tests.browser import LAPTOP, browser, join_phone, log_in, move_phase  # noqa: F401  (fixture)
from tests.factories import create_facilitator, create_partnership, create_workshop
from tests.live_server import LiveClient, facilitator_cookie

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(180)]

#: The bar's structure with the labels taken out: what must be the same for every exercise.
SHAPE = """(bar) => {
  const walk = (el) => [el.tagName, [...el.attributes].map((a) => a.name)
    .filter((n) => !['data-phase', 'data-phase-move', 'aria-pressed', 'aria-current', 'class'].includes(n)).sort(),
    [...el.children].map(walk)];
  return JSON.stringify([walk(bar), bar.querySelectorAll('[data-phase]').length > 1]);
}"""


@pytest.fixture
def room(server):
    app = server.seed_app()
    with app.app_context():
        workshop = create_workshop(create_partnership(create_facilitator()),
                                   steps=(("policy_window", None), ("reframing", None)))
        workshop.join_code = random_code(JOIN_CODE_LENGTH)  # the factory's hex code may hold 0 or 1
        db.session.commit()
        ids = {"workshop": workshop.id, "steps": [s.id for s in workshop.steps], "code": workshop.join_code}
    yield app, ids


def bar_of(page, step_id):
    return page.locator(f"section[data-step='{step_id}'] [data-phase-bar]")


def test_one_phase_bar_for_every_exercise_and_phones_follow_it(server, room, browser):  # noqa: F811
    app, ids = room
    window, reframing = ids["steps"]
    console = browser.new_context(**LAPTOP).new_page()
    log_in(console, server.url)
    console.goto(f"{server.url}/w/{ids['workshop']}/console")
    phone = join_phone(browser, server.url, ids["code"])

    # The same markup on two exercises, on the console and on the phone.
    shapes = {}
    for page, role in ((console, "console"), (phone, "phone")):
        for step_id in (window, reframing):
            bar = bar_of(page, step_id)
            assert bar.count() == 1, (role, step_id)
            shapes[(role, step_id)] = bar.evaluate(SHAPE)
        assert shapes[(role, window)] == shapes[(role, reframing)], role
    assert bar_of(console, window).locator("button").count() == 4
    assert bar_of(phone, window).locator("button").count() == 0  # phones read it, never move it
    # No exercise draws a phase bar of its own any more.
    assert console.locator("[data-region=phases], .am-phases, .pw-phases").count() == 0
    assert phone.locator("[data-region=phases], .am-phases, .pw-phases").count() == 0

    # The first phase is current everywhere; moving it on the console moves the phone.
    phone.wait_for_selector(f"section[data-step='{window}'] [data-phase-bar] li[aria-current=step]"
                            ":has-text('Map the climate')")
    move_phase(console, "Weigh what matters")
    current = bar_of(phone, window).locator("li[aria-current=step]")
    current.filter(has_text="Weigh what matters").wait_for()
    assert current.count() == 1
    phone.locator(f"section[data-step='{window}'] [data-phase-now]",
                  has_text=re.compile("The room is in the “Weigh what matters” phase")).wait_for(state="attached")
    with app.app_context():
        assert db.session.get(Step, window).phase == "weigh"
        db.session.remove()

    # The bar follows a move made elsewhere (another console) too.
    cookie = facilitator_cookie(server.url, "facilitator@example.org", "correct horse battery")
    other = LiveClient(server.url, ids["workshop"], "facilitator", cookie=cookie)
    assert other.control("step_phase", {"step_id": window, "phase": "read"})["ok"]
    bar_of(phone, window).locator("li[aria-current=step]", has_text="Read the window").wait_for()
    bar_of(console, window).locator("button[aria-pressed=true]", has_text="Read the window").wait_for()
    other.close()


def test_the_room_screen_shows_the_phase_bar_big_enough_to_read_from_the_back(server, room, browser):  # noqa: F811
    app, ids = room
    window, _ = ids["steps"]
    page = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    log_in(page, server.url)
    cookie = facilitator_cookie(server.url, "facilitator@example.org", "correct horse battery")
    fac = LiveClient(server.url, ids["workshop"], "facilitator", cookie=cookie)
    assert fac.control("goto", {"step_id": window})["ok"] and fac.control("bring_here", {})["ok"]
    page.goto(f"{server.url}/w/{ids['workshop']}/screen")
    current = bar_of(page, window).locator("li[aria-current=step] > span")
    current.wait_for()
    # The screen's own text scales with the projector; a phase bar in rem (14 px) did not.
    size = float(current.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)"))
    body = float(page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.page-screen')).fontSize)"))
    assert size >= 0.75 * body and size >= 20, (size, body)
    fac.close()
