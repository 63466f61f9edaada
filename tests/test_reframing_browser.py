"""Real Chromium: the facilitator runs Reframing prompts from the console on a laptop; phones from
three sectors (insiders and an outsider of the target sectors) list priorities, write reframes
and rate them; the room screen shows the spotlit and chosen framing with insider and overall
ratings. Screenshots go to $SCREENSHOT_DIR for people to look at."""
import re

import pytest

from app.exercises.registry import default_config
from app.extensions import db
from app.models import Step
from app.workshops.codes import JOIN_CODE_LENGTH, random_code
from tests.browser import LAPTOP, PHONE, browser, join_phone, log_in, move_phase, screenshot  # noqa: F401
from tests.factories import create_facilitator, create_partnership, create_workshop

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(180)]

ISSUE = "Families in our area struggling to keep a stable home"
CY_REFRAME = "Pupils who keep their home keep their place in class, and attendance rises"
BEN_REFRAME = "Secure, warm housing cuts repeat visits to the GP in winter"
# Ana (an Education insider) rates Cy's framing 5, Ben (an outsider) 2: what every page should show.
RATED = "Education insiders 5/5 (1 rating) · Everyone 3.5/5 (2 ratings)"


@pytest.fixture
def room(server):
    app = server.seed_app()
    with app.app_context():
        partnership = create_partnership(create_facilitator())
        config = {**default_config(app.extensions["exercises"]["reframing"]), "issue": ISSUE,
                  "sectors": "Education\nHealth"}
        workshop = create_workshop(partnership, steps=(("reframing", config),))
        workshop.join_code = random_code(JOIN_CODE_LENGTH)  # the factory's hex code may hold 0 or 1
        db.session.commit()
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "code": workshop.join_code}
    yield app, ids


def state_in_db(app, step_id) -> dict:
    with app.app_context():
        state = db.session.get(Step, step_id).state
        db.session.remove()
    return state


def phase(console, label):
    move_phase(console, label)  # the core's phase bar


def panel(page, key):
    return page.locator(f"details[data-phase={key}]")


def fits_phone(page) -> None:
    """Nothing wider than the phone, and every visible button at least 44 px tall."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    small = page.evaluate("""() => Array.from(
        document.querySelectorAll('.step-reframing button, .step-reframing summary'))
        .filter((b) => b.offsetParent !== null)
        .map((b) => [b.textContent.trim().slice(0, 30), Math.round(b.getBoundingClientRect().height)])
        .filter(([, h]) => h < 44)""")
    assert small == []


def test_reframing_from_priorities_to_a_chosen_framing(server, room, browser):  # noqa: F811
    app, ids = room
    step = ids["step"]
    laptop = browser.new_context(**LAPTOP)
    console = laptop.new_page()
    log_in(console, server.url)
    console.goto(f"{server.url}/w/{ids['workshop']}/console")
    console.wait_for_selector(f"text={ISSUE}")
    ana = join_phone(browser, server.url, ids["code"], "Ana Alder", "North School", "Education")
    ben = join_phone(browser, server.url, ids["code"], "Ben Birch", "City Clinic", "Health")
    cy = join_phone(browser, server.url, ids["code"], "Cy Cedar", "Homes Trust", "Housing")

    # 1. Their priorities: the phone opens on phase one with the person's own sector picked.
    assert panel(ana, "priorities").get_attribute("open") is not None
    form = ana.locator("form[data-action=add_priority]")
    assert form.get_by_label("Sector").input_value() == "Education"
    form.get_by_label("What matters to them right now?").fill("Keeping attendance up after the pandemic")
    form.get_by_role("button", name="Add this priority").click()
    ana.wait_for_selector("[data-region=my-priorities] .note-text:has-text('Keeping attendance up')")
    form = cy.locator("form[data-action=add_priority]")
    form.get_by_label("Sector").select_option("Education")
    form.get_by_label("What matters to them right now?").fill("Fewer pupils moving school mid-year")
    form.get_by_role("button", name="Add this priority").click()
    # The console marks the insider's view (Ana works in Education) and not the outsider's.
    insider = console.locator("[data-region=board] .note", has_text="Keeping attendance up")
    insider.locator(".note-meta", has_text="Insider").wait_for()
    outsider = console.locator("[data-region=board] .note", has_text="Fewer pupils moving")
    outsider.wait_for()
    assert "Insider" not in outsider.inner_text()
    ben.wait_for_selector("[data-region=priorities] .note:has-text('Keeping attendance up'):has-text('Insider view')")
    fits_phone(ana)
    screenshot(ana, "reframing-phone-priorities")

    # 2. Reframe: the room moves on; the phones open the reframe panel with the prompts.
    phase(console, "Reframe")
    cy.wait_for_selector("details[data-phase=reframe][open]")
    assert cy.locator(".rf-prompts li").count() == 5
    form = cy.locator("form[data-action=add_reframe]")
    form.get_by_label("For which sector?").select_option("Education")
    form.get_by_label("Prompt that helped (optional)").select_option("1")
    form.get_by_label("Our issue, in their words").fill(CY_REFRAME)
    form.get_by_role("button", name="Add this reframe").click()
    cy.wait_for_selector(f"[data-region=my-reframes] .note-text:has-text('{CY_REFRAME}')")
    form = ben.locator("form[data-action=add_reframe]")
    assert form.get_by_label("For which sector?").input_value() == "Health"
    form.get_by_label("Our issue, in their words").fill(BEN_REFRAME)
    form.get_by_role("button", name="Add this reframe").click()
    console.wait_for_selector(f"[data-region=board] .note-text:has-text('{BEN_REFRAME}')")
    # Cy links the reframe to the Education priority it speaks to.
    mine = cy.locator("[data-region=my-reframes] .note", has_text=CY_REFRAME)
    mine.get_by_role("button", name="Keeping attendance up after the pandemic").click()
    mine.locator("button[aria-pressed=true]").wait_for()
    fits_phone(cy)
    screenshot(cy, "reframing-phone-reframe")
    reframes = {r["text"]: r for r in state_in_db(app, step)["reframes"].values()}
    cy_id = reframes[CY_REFRAME]["id"]
    assert reframes[CY_REFRAME]["links"] and reframes[CY_REFRAME]["prompt"].startswith("Which load")

    # 3. Would it land? Ana (an Education insider) and Ben (an outsider) rate Cy's framing.
    phase(console, "Would it land?")
    ana.wait_for_selector("details[data-phase=rate][open]")
    assert cy.locator("[data-region=rate]").get_by_text(CY_REFRAME).count() == 0  # not one's own
    for page, score in ((ana, 5), (ben, 2)):
        card = page.locator("[data-region=rate] .note", has_text=CY_REFRAME)
        card.get_by_role("button", name=f"{score} of 5").click()
        card.locator("button[aria-pressed=true]", has_text=str(score)).wait_for()
    ana.get_by_text("You work in this sector: your ratings count as an insider’s.").wait_for()
    ratings = state_in_db(app, step)["ratings"][cy_id]
    assert sorted((r["score"], r["insider"]) for r in ratings.values()) == [(2, False), (5, True)]
    # Kept back from the room until revealed; the console already sees both figures.
    assert "Everyone" not in ana.locator("[data-region=rate]").inner_text()
    console.locator("[data-region=board] .note", has_text=CY_REFRAME).get_by_text(
        RATED).wait_for()
    screenshot(ana, "reframing-phone-rate-hidden")

    # 4. Choose: the ratings reach the room; spotlight on the screen, reword with the room,
    # choose for Education.
    phase(console, "Choose")
    ben.locator("[data-region=rate] .note", has_text=CY_REFRAME).get_by_text(
        RATED).wait_for(state="attached")
    fits_phone(ben)
    screenshot(ben, "reframing-phone-rate")
    screen = laptop.new_page()
    screen.goto(f"{server.url}/w/{ids['workshop']}/screen")
    screen.wait_for_selector(f".rf-sector:has-text('{CY_REFRAME}')")
    card = console.locator("[data-region=board] .note", has_text=CY_REFRAME)
    card.get_by_role("button", name=f"Spotlight: {CY_REFRAME}").click()
    screen.wait_for_selector(f".rf-spotlight .rf-spot-text:has-text('{CY_REFRAME}')")
    card.get_by_role("button", name=f"Reword: {CY_REFRAME}").click()
    new_text = CY_REFRAME.replace("attendance rises", "attendance targets are met")
    console.get_by_label("New wording").fill(new_text)
    console.get_by_role("button", name="Save the new wording").click()
    card = console.locator("[data-region=board] .note", has_text=new_text)
    card.get_by_role("button", name=re.compile("^Choose for Education")).click()
    card.get_by_role("button", name=re.compile("^Unchoose")).wait_for()
    screen.wait_for_selector(f".rf-sector .note.is-chosen:has-text('{new_text}')")
    screen.locator(".rf-sector .note.is-chosen", has_text=new_text).get_by_text(
        RATED).wait_for()
    assert screen.locator(".rf-sector h4", has_text="What matters to them").count() == 2
    # On the screen's page of the priorities, which may not be the page shown now (screenfit.js).
    screen.wait_for_selector(".rf-priority-list li.is-insider:has-text('Keeping attendance up')", state="attached")
    cy.wait_for_selector("details[data-phase=choose][open]")
    cy.wait_for_selector(f"[data-region=chosen] .note.is-chosen:has-text('{new_text}')")
    # The author's own list follows the facilitator's rewording.
    cy.wait_for_selector(f"[data-region=my-reframes] .note-text:has-text('{new_text}')", state="attached")
    state = state_in_db(app, step)
    assert state["chosen"] == {"Education": cy_id}
    assert state["reframes"][cy_id]["original"] == CY_REFRAME
    fits_phone(cy)
    screenshot(cy, "reframing-phone-chosen")
    screenshot(console, "reframing-console")
    screenshot(screen, "reframing-screen")
    assert screen.evaluate("document.documentElement.scrollWidth") <= 1280
