"""Real Chromium: the facilitator runs the Policy window canvas from a laptop console through its
four phases; a participant works one P at a time on a phone; the room screen shows the columns,
the gauges and the timeline. Screenshots go to $SCREENSHOT_DIR for people to look at."""
import re
from datetime import date

import pytest

from app.extensions import db
from app.models import Participant, Step
from app.workshops.codes import new_join_code
from tests.browser import LAPTOP, PHONE, browser, join_phone, log_in, move_phase, screenshot  # noqa: F401
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(180)]


def soon(months: int) -> str:
    today = date.today()
    index = today.year * 12 + today.month - 1 + months
    return date(index // 12, index % 12 + 1, 15).isoformat()


@pytest.fixture
def seed(server):
    app = server.seed_app()
    with app.app_context():
        facilitator = create_facilitator()
        workshop = create_workshop(create_partnership(facilitator), steps=(("policy_window", None),))
        # The factory's hex code may hold 0/1, which /j/ codes never use: give it a real one.
        workshop.join_code = new_join_code()
        db.session.commit()
        # Two people already in the room (python clients), from two other sectors.
        tokens = [create_participant(workshop, name=n, organisation=o, sector=s)[1] for n, o, s in (
            ("Ben", "City Clinic", "Health"), ("Cy", "Homes Trust", "Housing"))]
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "code": workshop.join_code, "tokens": tokens}
        db.session.remove()
    yield app, ids


def stored_state(app, step_id) -> dict:
    """The step's state, with the phase the core keeps on the step beside it."""
    with app.app_context():
        step = db.session.get(Step, step_id)
        state = {**step.state, "step_phase": step.phase}
        db.session.remove()
    return state


def actor_id(app, name) -> str:
    with app.app_context():
        participant = db.session.query(Participant).filter_by(name=name).one()
        db.session.remove()
    return f"p:{participant.id}"


def phase(console, label):
    move_phase(console, label)  # the core's phase bar


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def small_targets(page) -> list[str]:
    """Visible buttons, fields and toggles in the step that are less than 44 px tall."""
    found = page.evaluate("""() => {
      const step = '.step-policy_window';
      const all = Array.from(document.querySelectorAll(
        ['button', 'select', 'input', 'textarea', 'summary'].map((tag) => `${step} ${tag}`).join(', ')))
        .filter((el) => el.offsetParent !== null && el.type !== 'hidden');
      return [all.length, all.filter((el) => el.getBoundingClientRect().height < 44)
        .map((el) => `${el.tagName} ${el.getAttribute('aria-label') || el.textContent.trim() || el.name}`)];
    }""")
    assert found[0] > 3, "no controls found in the step"
    return found[1]


def test_four_phases_on_phone_console_and_screen(server, seed, browser):  # noqa: F811
    app, ids = seed
    step = ids["step"]
    election = soon(5)
    laptop = browser.new_context(**LAPTOP)
    console = laptop.new_page()
    log_in(console, server.url)
    console.goto(f"{server.url}/w/{ids['workshop']}/console")
    console.wait_for_selector("text=All changes saved")

    phone = join_phone(browser, server.url, ids["code"])
    ben, cy = (LiveClient(server.url, ids["workshop"], token=t) for t in ids["tokens"])

    # 1. Map, one P at a time: the tab picks the P and the form follows it.
    phone.wait_for_selector(".pw-tab[aria-pressed=true]:has-text('Politics')")
    assert "Policy direction" in phone.locator("[data-region=column-prompt]").inner_text()
    phone.get_by_label("What is going on").fill("Council election in the spring")
    phone.get_by_label("Does it open or close the window?").select_option("opens")
    phone.get_by_label("Can we influence it?").select_option("partly")
    phone.get_by_label("Date, if it has one (optional)").fill(election)
    phone.get_by_role("button", name="Add this note").click()
    phone.wait_for_selector("[data-region=mine] .note-text:has-text('Council election in the spring')")
    console.wait_for_selector(".pw-col[aria-label=Politics] .note-text:has-text('Council election in the spring')")
    phone.get_by_role("button", name=re.compile(r"^People \(")).click()
    assert phone.get_by_label("Which P", exact=True).input_value() == "people"
    assert "leaders" in phone.locator("[data-region=column-prompt]").inner_text()
    phone.get_by_label("What is going on").fill("Head of public health is a champion")
    phone.get_by_role("button", name="Add this note").click()
    phone.wait_for_selector("[data-region=mine] .note-text:has-text('Head of public health')")
    assert ben.act(step, "add_note", {"column": "power", "text": "Budget cuts dominate the local news",
                                      "effect": "closes", "influence": "yes"})["ok"]
    console.wait_for_selector(".pw-col[aria-label=Power] .note-text:has-text('Budget cuts dominate')")
    console.wait_for_selector("[data-region=timeline] .pw-moment-text:has-text('Council election')")
    no_sideways_scroll(phone)
    assert small_targets(phone) == []
    screenshot(phone, "pw-phone-1-map")
    screenshot(console, "pw-console-1-map")

    # 2. Weigh: the phone places a dot on Ben's note; the console's tally follows.
    phase(console, "Weigh what matters")
    phone.wait_for_selector("[data-phase-bar] li[aria-current=step]:has-text('Weigh')")
    phone.get_by_role("button", name=re.compile(r"^Power \(")).click()
    phone.get_by_role("button", name="Place a dot on Budget cuts dominate the local news").click()
    phone.wait_for_selector("[data-region=votes-left]:has-text('4 votes left of 5')")
    console.wait_for_selector(".pw-col[aria-label=Power] .note:has-text('Budget cuts') .note-meta:has-text('1 vote')")
    no_sideways_scroll(phone)
    screenshot(phone, "pw-phone-2-weigh")

    # 3. Read: the phone rates each P and the whole window; private until the room acts.
    phase(console, "Read the window")
    phone.wait_for_selector("[data-panel=read]:not([hidden])")
    for target, level in (("Politics", "Open"), ("People", "Opening"), ("Power", "Closed"),
                          ("The whole window", "Opening")):
        row = phone.get_by_role("group", name=f"How open is it: {target}")
        row.get_by_role("button", name=level, exact=True).click()
        row.locator("button[aria-pressed=true]", has_text=level).wait_for()
    assert ben.act(step, "rate", {"target": "overall", "level": "closed"})["ok"]
    assert cy.act(step, "rate", {"target": "overall", "level": "open"})["ok"]
    console.wait_for_selector("[data-region=summary]:has-text('3 people rated')")
    phone.wait_for_selector("text=3 people have rated. The results show once the room decides how to act.")
    no_sideways_scroll(phone)
    assert small_targets(phone) == []
    screenshot(phone, "pw-phone-3-read-hidden")
    screenshot(console, "pw-console-3-read")

    # 4. Act: the ratings reach the room; the facilitator turns the election into a dated
    # moment; the phone sees it.
    phase(console, "Decide when and how to act")
    phone.wait_for_selector(".pw-gauge-overall .pw-spread:has-text('1 closed · 1 opening · 1 open')")
    phone.wait_for_selector(".pw-gauge-overall .pw-split")
    screenshot(phone, "pw-phone-4-ratings-revealed")
    election_card = console.locator(".pw-col .note", has_text="Council election")
    election_card.get_by_role("button", name=re.compile("^Act on this")).click()
    console.get_by_label("Treat it as").select_option("moment")
    console.get_by_label("What we will do").fill("Brief every candidate before the election")
    console.get_by_role("button", name="Add this action").click()
    console.wait_for_selector("[data-region=actions] .note-text:has-text('Brief every candidate')")
    phone.wait_for_selector("[data-panel=act] [data-region=actions] .note-text:has-text('Brief every candidate')")
    phone.wait_for_selector("[data-panel=act] .pw-moment-text:has-text('Council election')")
    # While acting, what the room decided comes before the rating buttons on the phone.
    act_top = phone.locator("[data-panel=act]").bounding_box()["y"]
    assert act_top < phone.locator("[data-panel=read]").bounding_box()["y"]
    no_sideways_scroll(phone)
    screenshot(phone, "pw-phone-4-act")
    screenshot(console, "pw-console-4-act")

    # The room screen: three columns marked opens/closes, a gauge per P and overall, when to act.
    screen = laptop.new_page()
    screen.goto(f"{server.url}/w/{ids['workshop']}/screen")
    for column in ("Politics", "People", "Power"):
        screen.wait_for_selector(f".pw-col[aria-label={column}] h3:has-text('{column}')")
    screen.wait_for_selector(".pw-col[aria-label=Power] .note:has-text('Budget cuts') .note-meta:has-text('Closes')")
    assert screen.locator(".pw-gauge").count() == 4
    screen.wait_for_selector(".pw-when .pw-moment-text:has-text('Council election')")
    screen.wait_for_selector(".pw-chosen .note-text:has-text('Brief every candidate')")
    screenshot(screen, "pw-screen")

    # What the pages showed is what is stored.
    state = stored_state(app, step)
    assert state["step_phase"] == "act" and "phase" not in state
    assert {n["text"] for n in state["notes"].values()} >= {"Council election in the spring",
                                                              "Head of public health is a champion"}
    ana_note = next(n for n in state["notes"].values() if n["text"] == "Council election in the spring")
    ana = actor_id(app, "Ana")  # the state keeps her actor id; her name stays in the roster
    assert (ana_note["column"], ana_note["date"], ana_note["author"]["id"]) == ("politics", election, ana)
    assert "Ana" not in {str(v) for v in ana_note["author"].values()}
    ana_ratings = state["ratings"][ana]["levels"]
    assert ana_ratings == {"politics": "open", "people": "opening", "power": "closed", "overall": "opening"}
    (action,) = state["actions"].values()
    assert (action["kind"], action["date"], action["note_id"]) == ("moment", election, ana_note["id"])
    for client in (ben, cy):
        client.close()
