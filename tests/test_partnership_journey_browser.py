"""Real Chromium: two workshops of one partnership, as its facilitator lives them.

Workshop 1 (a kick-off) runs with a Chromium phone and a socket phone; the facilitator adds two
actions to the plan and ends it. From the partnership home they plan the check-ins, open the
first one, find the open actions carried over on its first step, run it with two phones (one
organisation new in the room), mark an action done and end it. The home then lists both
workshops as held and what is still open, and the comparison between the two shows the action
done, the room's new note and who was in the room."""
import re
from datetime import timedelta

import pytest

from app.extensions import db
from app.models import PlanSnapshot, Workshop
from app.models.base import utcnow
from tests.browser import LAPTOP, PHONE, browser, build_workshop, join_phone, screenshot  # noqa: F401  (fixture)
from tests.factories import create_participant
from tests.live_server import LiveClient

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(300)]

SOON = (utcnow().date() + timedelta(days=10)).isoformat()
FIRST_CHECKIN = utcnow().date() + timedelta(days=7)


def socket_phone(server, workshop_id: int, name: str, organisation: str, sector: str) -> LiveClient:
    """A participant of ``workshop_id`` (made in the server's database) connected by socket."""
    app = server.seed_app()
    with app.app_context():
        _, token = create_participant(db.session.get(Workshop, workshop_id), name=name, organisation=organisation,
                                      sector=sector)
        db.session.remove()
    return LiveClient(server.url, workshop_id, token=token)


def first_step(client: LiveClient) -> int:
    return min(int(key) for key in client.doc["steps"])


def end_workshop(console) -> None:
    console.once("dialog", lambda dialog: dialog.accept())
    console.get_by_role("button", name="End the workshop").click()
    console.wait_for_selector("text=Status: Ended")


def add_action(page, url: str, title: str, owner: str = "", due: str = "") -> None:
    page.goto(url)
    adding = page.locator("details", has=page.get_by_text("Add to “Actions”"))
    adding.locator("summary").click()
    adding.get_by_label("Action").fill(title)
    adding.get_by_label("Owner").fill(owner)
    if due:
        adding.get_by_label("Due date").fill(due)
    adding.get_by_role("button", name="Add").click()
    page.wait_for_selector(f"text={title}")


def snapshot_ids(server) -> list[int]:
    app = server.seed_app()
    with app.app_context():
        ids = [s.id for s in db.session.query(PlanSnapshot).order_by(PlanSnapshot.id)]
        db.session.remove()
    return ids


def shoot_everywhere(browser, state, url: str, name: str, check) -> None:  # noqa: F811
    """Screenshots of ``url`` at phone and laptop size, in English and French, each page checked
    by ``check(page, lang)`` (its words are there) and for sideways scrolling."""
    for size_name, size in (("phone", PHONE), ("laptop", LAPTOP)):
        context = browser.new_context(**size, storage_state=state)
        page = context.new_page()
        for lang in ("en", "fr"):
            page.goto(f"{url}{'&' if '?' in url else '?'}lang={lang}")
            check(page, lang)
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (name, size_name, lang)
            screenshot(page, f"{name}-{size_name}-{lang}")
        context.close()


def test_two_workshops_of_one_partnership(server, browser):  # noqa: F811
    laptop = browser.new_context(**LAPTOP)
    # A wait, not a speed limit: the suite shares a 2-core machine with its benchmarks.
    laptop.set_default_timeout(60_000)
    console = laptop.new_page()
    code = build_workshop(console, server.url, "ideas", partnership="Ready to Learn",
                          organisations="North School\nCity Clinic\nHomes Trust", title="Kick-off")
    kickoff_id = int(re.search(r"/w/(\d+)/console", console.url).group(1))
    partnership_id = None

    # -- workshop 1: a Chromium phone and a socket phone contribute --------------------------
    ana = join_phone(browser, server.url, code, "Ana", "North School", "Education")
    ben = socket_phone(server, kickoff_id, "Ben", "City Clinic", "Health")
    ana.get_by_label("Your idea").fill("Breakfast club before lessons")
    ana.get_by_role("button", name="Post my idea").click()
    assert ben.act(first_step(ben), "add_note", {"text": "Walking bus from the estate"})["ok"]
    console.wait_for_selector(".note-text:has-text(\"Walking bus from the estate\")")
    console.wait_for_selector(".note-text:has-text(\"Breakfast club before lessons\")")

    plan = laptop.new_page()
    plan.goto(f"{server.url}/workshops/{kickoff_id}")
    plan.get_by_role("link", name="Ready to Learn").first.click()
    partnership_id = int(re.search(r"/partnerships/(\d+)", plan.url).group(1))
    plan_url = f"{server.url}/partnerships/{partnership_id}/plan"
    add_action(plan, plan_url, "Draft the data-sharing agreement", "Homes Trust", SOON)
    add_action(plan, plan_url, "Book the family hub room")
    end_workshop(console)
    ben.close()
    ana.context.close()

    # -- plan the check-ins from the home ------------------------------------------------------
    home = plan
    home.goto(f"{server.url}/partnerships/{partnership_id}")
    home.get_by_role("link", name="Plan the check-ins").click()
    home.get_by_label("Every").fill("4")
    home.get_by_label("Weeks or months").select_option("weeks")
    home.get_by_label("First check-in").fill(FIRST_CHECKIN.isoformat())
    home.get_by_label("How many check-ins").fill("3")
    home.get_by_label("Starts at").fill("10:30")
    home.get_by_label("Length in minutes").fill("75")
    form_url = home.url
    home.get_by_role("button", name="Plan the check-ins").click()
    home.wait_for_selector("text=Planned 3 check-ins.")
    assert home.get_by_role("heading", name="Planned (3)").count() == 1
    planned = home.locator(".card", has_text=re.compile(r"· planned for \w+, .* at 10:30\sAM, 75 min"))
    assert planned.count() == 3

    # -- the first check-in starts from what is still open -------------------------------------
    home.get_by_role("link", name=re.compile(r"^Partnership check-in, ")).first.click()
    home.wait_for_selector("text=Carried over from “Kick-off”: 2 items")
    assert home.get_by_text(re.compile(r"Planned for .* at 10:30")).count() == 1
    checkin_url = home.url
    checkin_id = int(re.search(r"/workshops/(\d+)", checkin_url).group(1))
    home.get_by_role("link", name="Open the console").click()
    home.get_by_role("button", name="Start the workshop").click()
    home.wait_for_selector("text=Status: Live")
    checkin_console = home
    checkin_code = checkin_console.locator(".ws-title .code").inner_text().strip()
    checkin_console.wait_for_selector(".note-text:has-text(\"Draft the data-sharing agreement\")")

    cleo = join_phone(browser, server.url, checkin_code, "Cleo", "Homes Trust", "Housing")
    cleo.wait_for_selector("text=Action: Book the family hub room (nobody owns it yet)")
    screenshot(cleo, "journey-checkin-phone")
    dev = socket_phone(server, checkin_id, "Dev", "North School", "Education")
    dev.wait(lambda c: any("Draft the data-sharing agreement" in n["text"] for n in c.notes(first_step(c)).values()))
    # The check-in has two ideas steps; the room is on the first, the one that is shown.
    cleo.get_by_label("Your idea").locator("visible=true").fill("The council has funded a second family hub")
    cleo.get_by_role("button", name="Post my idea").locator("visible=true").click()
    checkin_console.wait_for_selector(".note-text:has-text(\"The council has funded a second family hub\")")

    # The hub room got booked: the facilitator marks that action done in the plan.
    editing = laptop.new_page()
    editing.goto(plan_url)
    editing.locator("li, article, div.plan-item", has_text="Book the family hub room").get_by_role(
        "link", name="Edit").first.click()
    editing.get_by_label("Status").select_option("done")
    editing.get_by_role("button", name="Save").click()
    editing.wait_for_url(re.compile(r"/plan"))
    end_workshop(checkin_console)
    dev.close()

    # -- the home after two workshops -----------------------------------------------------------
    editing.goto(f"{server.url}/partnerships/{partnership_id}")
    assert editing.get_by_role("heading", name="Held (2)").count() == 1
    assert editing.get_by_role("heading", name="Planned (2)").count() == 1
    still_open = editing.locator("section.open-work")
    assert still_open.get_by_text("Draft the data-sharing agreement").count() == 1
    assert still_open.get_by_text("Book the family hub room").count() == 0

    # -- what changed between the two --------------------------------------------------------
    first, second = snapshot_ids(server)
    compare_url = f"{server.url}/partnerships/{partnership_id}/plan/compare?from={first}&to={second}"
    editing.goto(compare_url)
    done = editing.locator("ul.change-done")
    assert done.get_by_text("Book the family hub room").count() == 1
    assert editing.locator("ul.change-added").get_by_text("The council has funded a second family hub").count() == 1
    assert editing.locator("ul.change-joined").get_by_text("Homes Trust").count() == 1
    assert editing.locator("ul.change-absent").get_by_text("City Clinic").count() == 1

    # -- the same pages at phone and laptop size, in English and French ------------------------
    state = laptop.storage_state()
    words = {"en": "Plan the check-ins", "fr": "Prévoir les points d'étape"}
    shoot_everywhere(browser, state, f"{server.url}/partnerships/{partnership_id}", "journey-home",
                     lambda page, lang: page.get_by_role("link", name=words[lang]).wait_for())
    shoot_everywhere(browser, state, form_url, "journey-plan-checkins",
                     lambda page, lang: page.get_by_role("heading", name=words[lang]).wait_for())
    carried = {"en": "Carried over from “Kick-off”: 2 items", "fr": "Repris de « Kick-off » : 2 éléments"}
    shoot_everywhere(browser, state, checkin_url, "journey-checkin",
                     lambda page, lang: page.get_by_text(carried[lang]).wait_for())
    room = {"en": "Who was in the room", "fr": "Qui était dans la salle"}
    shoot_everywhere(browser, state, compare_url, "journey-compare",
                     lambda page, lang: page.get_by_role("heading", name=room[lang]).wait_for())
