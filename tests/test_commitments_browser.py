"""Real Chromium: a participant records and edits commitments on a phone (390×844, English) and
another in French on a small phone (360×740); the facilitator confirms from the laptop console
(1280×800) with the totals, gaps and flags in view; the room screen (1920×1080) shows who brings
what. Every page is axe-clean. Screenshots go to $SCREENSHOT_DIR for people to look at."""
import re

import pytest

from app.exercises.registry import default_config
from app.extensions import db
from app.live.identity import participant_cookie
from app.models import Step
from app.workshops.codes import new_join_code
from tests.browser import LAPTOP, PHONE, browser, log_in, move_phase, screenshot  # noqa: F401
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient
from tests.test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(480)]  # generous: a loaded 2-core machine

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}
SCREEN = {"viewport": {"width": 1920, "height": 1080}}


@pytest.fixture
def seed(server):
    app = server.seed_app()
    with app.app_context():
        facilitator = create_facilitator()
        config = {**default_config(app.extensions["exercises"]["commitments"]),
                  "needs": "staff time | 40\nfunds | 10000", "overload_hours": 30}
        workshop = create_workshop(create_partnership(facilitator), steps=(("commitments", config),))
        workshop.join_code = new_join_code()
        db.session.commit()
        tokens = [create_participant(workshop, name=n, organisation=o, sector=s)[1] for n, o, s in (
            ("Ben", "City Clinic", "Health"), ("Cy", "Homes Trust", "Housing"))]
        dee, dee_token = create_participant(workshop, name="Dée", organisation="Centre social Est", sector="Housing")
        dee.language = "fr"
        db.session.commit()
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "code": workshop.join_code, "tokens": tokens,
               "dee": dee_token}
        db.session.remove()
    yield app, ids


def stored_state(app, step_id) -> dict:
    with app.app_context():
        state = db.session.get(Step, step_id).state
        db.session.remove()
    return state


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def small_targets(page) -> list[str]:
    found = page.evaluate("""() => {
      const all = Array.from(document.querySelectorAll(
        '.step-commitments :is(button, select, input, textarea, summary)'))
        .filter((el) => el.offsetParent !== null && el.type !== 'hidden');
      return [all.length, all.filter((el) => {
        const r = el.getBoundingClientRect();
        return el.type === 'checkbox' ? r.height < 24 : r.height < 44;
      }).map((el) => `${el.tagName} ${el.getAttribute('aria-label') || el.textContent.trim() || el.name}`)];
    }""")
    assert found[0] > 3, "no controls found in the step"
    return found[1]


def join(browser, url, code):  # noqa: F811
    """join_phone's steps, in a context that lets axe be injected (bypass_csp)."""
    page = browser.new_context(**PHONE, bypass_csp=True).new_page()  # closed with the browser
    page.goto(f"{url}/j/{code}")
    page.get_by_label("Your name").fill("Ana")
    page.get_by_label("Your organisation").fill("North School")
    page.get_by_label("Your sector").select_option("Education")
    page.get_by_role("button", name=re.compile("Join")).click()
    page.wait_for_selector("text=All changes saved")
    return page


def assert_axe_clean(page, name):
    violations = axe_violations(page)
    assert not violations, (name, violations)


def test_record_edit_confirm_on_phone_console_and_screen(server, seed, browser):  # noqa: F811
    app, ids = seed
    step = ids["step"]
    laptop = browser.new_context(**LAPTOP, bypass_csp=True)  # bypass_csp: axe is injected
    console = laptop.new_page()
    log_in(console, server.url)
    console.goto(f"{server.url}/w/{ids['workshop']}/console")
    console.wait_for_selector("text=All changes saved")
    ben, cy = (LiveClient(server.url, ids["workshop"], token=t) for t in ids["tokens"])
    opened = [laptop]
    try:
        phone = join(browser, server.url, ids["code"])
        opened.append(phone.context)
        form = phone.locator("form[data-action=commit]")
        phone.wait_for_selector("text=You commit for North School.")

        # A word in a numeric amount: a field error, and nothing typed is lost.
        form.get_by_label("What kind of help").select_option("staff_time")
        assert "hours a month" in form.locator(".field-stringfield .hint").inner_text()
        form.get_by_label("What exactly").fill("A youth worker two evenings a week")
        form.get_by_label("How much").fill("twelve")
        form.get_by_role("button", name="Record this commitment").click()
        phone.wait_for_selector("[data-error-for=amount]:has-text('number only')")
        assert form.get_by_label("What exactly").input_value() == "A youth worker two evenings a week"
        form.get_by_label("How much").fill("12,5")
        form.get_by_label("Until (optional)").fill("2027-06-30")
        form.get_by_role("button", name="Record this commitment").click()
        mine = phone.locator("[data-region=mine]")
        mine.locator(".note:has-text('A youth worker') .note-meta:has-text('12.5 hours a month')").wait_for()

        assert ben.act(step, "commit", {"kind": "funds", "description": "Seed money for the pilot",
                                        "amount": "12 000", "until": "", "essential": False})["ok"]
        assert cy.act(step, "commit", {"kind": "spaces", "description": "Community room on Tuesdays",
                                       "amount": "up to 30 people", "until": "", "essential": True})["ok"]

        phone.wait_for_selector("[data-region=room] .cm-kind-spaces:has-text('Community room')")

        # Edit on the phone: the editor keeps its text while the room changes under it.
        mine.get_by_role("button", name="Edit: A youth worker two evenings a week").click()
        editor = phone.locator(".cm-editor")
        editor.get_by_label("How much").fill("36")
        assert cy.act(step, "commit", {"kind": "data", "description": "Housing waiting-list counts", "amount": "",
                                       "until": "", "essential": False})["ok"]
        phone.wait_for_selector("[data-region=room] .cm-kind-data")
        assert editor.get_by_label("How much").input_value() == "36"
        editor.get_by_role("button", name="Save the changes").click()
        mine.locator(".note .note-meta:has-text('36 hours a month')").wait_for()
        no_sideways_scroll(phone)
        assert small_targets(phone) == []
        assert_axe_clean(phone, "phone-en")
        screenshot(phone, "commitments-phone-390-en")

        # The console: totals against needs, a flag, the organisations; confirm Ana's.
        totals = console.locator("[data-region=totals]")
        totals.locator("tr:has-text('Staff time') td:has-text('36 hours a month')").first.wait_for()
        totals.locator("tr:has-text('Staff time') td:has-text('4 hours a month')").wait_for()  # the gap
        totals.locator("tr:has-text('Funds') td:has-text('Covered')").wait_for()
        console.locator("[data-region=flags] .cm-flag-overload:has-text('North School')").wait_for()
        console.locator("[data-region=orgs] tr:has-text('City Clinic') td:has-text('12,000 €')").wait_for()
        console.get_by_role("button", name="Confirm: A youth worker two evenings a week").click()
        console.get_by_role("button", name="Take back the confirmation: A youth worker two evenings a week").wait_for()
        mine.locator(".note.cm-confirmed").wait_for()
        move_phase(console, "Review and confirm")
        phone.wait_for_selector("[data-region=form][hidden]", state="attached")
        assert mine.get_by_role("button", name=re.compile("^Edit")).count() == 0
        assert_axe_clean(console, "console")
        screenshot(console, "commitments-console-1280")

        # The room screen: who brings what, per kind, the numbers as text.
        projector = browser.new_context(**SCREEN, bypass_csp=True)
        opened.append(projector)
        projector.add_cookies(laptop.cookies())  # the screen is the facilitator's
        screen = projector.new_page()
        screen.goto(f"{server.url}/w/{ids['workshop']}/screen")
        kind = screen.locator(".cm-kind-staff_time")
        kind.locator(".cm-kind-total:has-text('36 of 40 hours a month')").wait_for()
        kind.locator(".cm-who:has-text('North School')").wait_for()
        screen.locator(".cm-kind-funds .cm-who:has-text('City Clinic'):has-text('12,000 €')").wait_for()
        screen.locator(".cm-kind-spaces .cm-who:has-text('Homes Trust'):has-text('Community room')").wait_for()
        assert screen.locator(".cm-kind-staff_time .cm-track .cm-part").count() == 2  # North School + the gap
        assert_axe_clean(screen, "screen")
        screenshot(screen, "commitments-screen-1920")

        state = stored_state(app, step)
        youth = next(c for c in state["commitments"].values() if c["description"].startswith("A youth worker"))
        assert (youth["amount"], youth["until"], youth["confirmed"], youth["organisation"]) == (
            36, "2027-06-30", True, "North School")
        assert "Ana" not in str(youth["author"])
    finally:
        ben.close()
        cy.close()
        for context in opened:
            context.close()


def test_a_french_phone_at_360(server, seed, browser):  # noqa: F811
    app, ids = seed
    context = browser.new_context(**SMALL_PHONE, bypass_csp=True)
    context.add_cookies([{"name": participant_cookie(ids["workshop"]), "value": ids["dee"], "url": server.url}])
    phone = context.new_page()
    phone.goto(f"{server.url}/w/{ids['workshop']}/me")
    phone.wait_for_selector("text=Vous vous engagez au nom de Centre social Est.")
    form = phone.locator("form[data-action=commit]")
    form.get_by_label("Type d'apport").select_option("funds")
    assert "Une somme en €" in form.locator(".field-stringfield .hint").inner_text()
    form.get_by_label("En quoi consiste-t-il").fill("Subvention de démarrage")
    form.get_by_label("Combien").fill("-50")
    form.get_by_role("button", name="Inscrire cet engagement").click()
    phone.wait_for_selector("[data-error-for=amount]:has-text('ne peut pas être négative')")
    form.get_by_label("Combien").fill("2 500,50")
    form.get_by_role("button", name="Inscrire cet engagement").click()
    phone.locator("[data-region=mine] .note-meta").filter(has_text=re.compile(r"2\s500,50\s€")).wait_for()
    phone.wait_for_selector("[data-region=room] .cm-kind-funds")
    assert "sur 10" in phone.locator("[data-region=room] .cm-kind-funds .cm-kind-total").inner_text()
    no_sideways_scroll(phone)
    assert small_targets(phone) == []
    assert_axe_clean(phone, "phone-fr")
    screenshot(phone, "commitments-phone-360-fr")
    (c,) = stored_state(app, ids["step"])["commitments"].values()
    assert (c["amount"], c["organisation"]) == (2500.5, "Centre social Est")
    context.close()
