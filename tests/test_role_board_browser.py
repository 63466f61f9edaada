"""Real Chromium: the facilitator assigns a role by dragging an organisation chip onto a role card
on a laptop; a participant on a phone taps a role and picks an organisation (no drag); the
facilitator confirms it; the room screen shows the board and its flags."""

import pytest

from app.exercises.registry import default_config
from app.extensions import db
from app.models import Step
from tests.browser import LAPTOP, PHONE, browser, join_phone, log_in, screenshot  # noqa: F401  (fixture)
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(180)]

ORGANISATIONS = "North School | Education\nCity Clinic | Health\nHomes Trust | Housing\nParents Forum | Community"


@pytest.fixture
def seed(server):
    """A live workshop whose one step is the Role assignment board, and a Health participant."""
    app = server.seed_app()
    with app.app_context():
        partnership = create_partnership(create_facilitator())
        config = {**default_config(app.extensions["exercises"]["role_board"]), "organisations": ORGANISATIONS}
        workshop = create_workshop(partnership, title="Who does what", steps=(("role_board", config),))
        _, ben = create_participant(workshop, name="Ben", organisation="City Clinic", sector="Health")
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "code": workshop.join_code, "ben": ben}
        db.session.remove()
        yield app, ids
        db.session.remove()


def board(app, step_id) -> dict:
    """The step's state as stored in the database, with organisation names for roles."""
    with app.app_context():
        db.session.remove()
        state = db.session.get(Step, step_id).state
        db.session.remove()
    return state


def lead_of(state, role_name) -> str:
    role = next(r for r in state["roles"].values() if r["name"] == role_name)
    return state["organisations"][role["lead"]]["name"] if role["lead"] else ""


def open_console(page, url, workshop_id):
    log_in(page, url)
    page.goto(f"{url}/w/{workshop_id}/console")
    page.wait_for_selector(".rb-tray .rb-org")


def join(browser, url, code):  # noqa: F811
    page = join_phone(browser, url, code)
    page.wait_for_selector(".rb-board .rb-card")
    return page


def card(page, name):
    return page.locator(".rb-board .rb-card", has=page.get_by_role("heading", name=name, exact=True))


def fits_the_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def small_targets(page) -> list[str]:
    """Visible buttons, selects and inputs of the exercise shorter than 44 px."""
    return page.evaluate("""() => [...document.querySelectorAll(
        '.step-role_board button, .step-role_board select, .step-role_board input, .step-role_board textarea')]
      .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().height < 44)
      .map((el) => el.getAttribute('aria-label') || el.textContent.trim() || el.name)""")


def test_drag_on_a_laptop_and_tap_on_a_phone(server, seed, browser):  # noqa: F811
    app, ids = seed
    laptop = browser.new_context(**LAPTOP)
    console = laptop.new_page()
    open_console(console, server.url, ids["workshop"])
    phone = join(browser, server.url, ids["code"])
    ben = LiveClient(server.url, ids["workshop"], token=ids["ben"])  # a second sector in the room
    assert ben.act(ids["step"], "volunteer", {"target_id": "r1", "reason": "We run the clinic network"})["ok"]
    console.wait_for_selector(".rb-noms li:has-text('We run the clinic network')")
    screen = laptop.new_page()
    screen.goto(f"{server.url}/w/{ids['workshop']}/screen")
    screen.wait_for_selector(".rb-flag:has-text('No organisation has taken on Data and measurement lead yet.')")
    screenshot(console, "role_board-console-start")
    screenshot(phone, "role_board-phone-start")

    # 1. Laptop: drag the Homes Trust chip onto the data role; the phone and the screen see it.
    # Like a person: scroll to the role first; the organisations stay in view (a sticky tray).
    card(console, "Data and measurement lead").scroll_into_view_if_needed()
    chip = console.locator(".rb-tray .rb-org", has_text="Homes Trust")
    assert chip.is_visible() and chip.bounding_box()["y"] >= 0
    chip.drag_to(card(console, "Data and measurement lead"))
    card(console, "Data and measurement lead").locator(".rb-holder", has_text="Lead: Homes Trust").wait_for()
    card(phone, "Data and measurement lead").locator(".rb-holders", has_text="Lead: Homes Trust").wait_for()
    screen.wait_for_selector(".rb-card:has(h4:text-is('Data and measurement lead')) :text('Lead: Homes Trust')")
    assert screen.locator(".rb-flag", has_text="Data and measurement lead yet").count() == 0
    assert lead_of(board(app, ids["step"]), "Data and measurement lead") == "Homes Trust"
    # A second drag onto the same role adds a supporting organisation, not a second lead.
    console.locator(".rb-tray .rb-org", has_text="Parents Forum").drag_to(card(console, "Data and measurement lead"))
    card(phone, "Data and measurement lead").locator(".rb-holders", has_text="Supporting: Parents Forum").wait_for()
    screenshot(console, "role_board-console-after-drag")

    # 2. Phone: tap "Nominate…" on a role, pick an organisation from the list, say why, send.
    assert fits_the_width(phone)
    comms = card(phone, "Communications lead")
    comms.get_by_role("button", name="Nominate an organisation for Communications lead").tap()
    form = phone.locator("form.rb-nominate")
    chosen = form.get_by_label("Role or group").evaluate("(s) => s.options[s.selectedIndex].text")
    assert chosen == "Communications lead"  # the tapped role is already picked
    form.get_by_label("Organisation").select_option(label="City Clinic (Health)")
    form.get_by_label("Why them?").fill("Their newsletter reaches every family")
    form.get_by_role("button", name="Send nomination").tap()
    phone.locator("[data-region=mine] .note-text", has_text="City Clinic → Communications lead").wait_for()
    nomination = card(console, "Communications lead").locator(".rb-noms li", has_text="Their newsletter reaches")
    nomination.wait_for()
    screenshot(phone, "role_board-phone-nominated")
    # The facilitator confirms it; the phone sees City Clinic as the lead, and so does the database.
    nomination.get_by_role("button", name="Confirm City Clinic for Communications lead").click()
    card(phone, "Communications lead").locator(".rb-holders", has_text="Lead: City Clinic").wait_for()
    assert lead_of(board(app, ids["step"]), "Communications lead") == "City Clinic"

    # 3. Phone: one tap volunteers the participant's own organisation for a role.
    card(phone, "Project manager").get_by_role("button", name="Volunteer North School for Project manager").tap()
    card(console, "Project manager").locator(".rb-noms li", has_text="North School").wait_for()
    assert fits_the_width(phone)
    assert small_targets(phone) == []
    screenshot(phone, "role_board-phone")

    # 4. The room screen shows the board, who leads what, and what is still flagged.
    screen.wait_for_selector(".rb-card:has(h4:text-is('Communications lead')) :text('Lead: City Clinic')")
    screen.wait_for_selector(".rb-flag:has-text('No organisation has taken on Fundraiser yet.')")
    assert screen.locator(".rb-flag", has_text="Communications lead yet").count() == 0
    screenshot(screen, "role_board-screen")
    assert small_targets(console) == []
    screenshot(console, "role_board-console")
    ben.close()
