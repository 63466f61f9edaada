"""Real Chromium: a participant proposes an indicator on a phone, rates each indicator on one
card at a time, and the facilitator adopts from the console while the room screen shows
importance × feasibility as a chart with the numbers as text. English and French, phone and
laptop, axe-core clean. Screenshots go to $SCREENSHOT_DIR for people to look at."""
import re

import pytest

from app.extensions import db
from app.models import Step
from app.workshops.codes import new_join_code
from tests.browser import LAPTOP, PHONE, browser, log_in, move_phase, screenshot  # noqa: F401
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient
from tests.test_accessibility import AXE, axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(240)]

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}
SCREEN = {"viewport": {"width": 1920, "height": 1080}}


@pytest.fixture
def seed(server):
    app = server.seed_app()
    with app.app_context():
        facilitator = create_facilitator()
        partnership = create_partnership(facilitator)
        workshop = create_workshop(partnership, steps=(("indicators", None),))
        workshop.join_code = new_join_code()
        french = create_workshop(partnership, title="Point d'étape", language="fr", steps=(("indicators", {
            "outcome": "Chaque enfant prêt pour l'école", "per_person": 5, "private_proposals": False,
            "seed": "Enfants prêts à cinq ans | 62 | 75 | %\nAnnuaire commun des services | aucun | en place |"}),))
        french.join_code = new_join_code()
        db.session.commit()
        tokens = [create_participant(workshop, name=n, organisation=o, sector=s)[1] for n, o, s in (
            ("Ben", "City Clinic", "Health"), ("Cy", "Homes Trust", "Housing"))]
        fr_token = create_participant(french, name="Amélie", organisation="Mairie", sector="Education")[1]
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "code": workshop.join_code, "tokens": tokens,
               "fr": {"workshop": french.id, "step": french.steps[0].id, "code": french.join_code,
                      "token": fr_token}}
        db.session.remove()
    yield app, ids


def stored(app, step_id) -> dict:
    with app.app_context():
        step = db.session.get(Step, step_id)
        state = {**step.state, "step_phase": step.phase}
        db.session.remove()
    return state


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def small_targets(page) -> list[str]:
    return page.evaluate("""() => Array.from(document.querySelectorAll(
        '.step-indicators button, .step-indicators select, .step-indicators textarea, .step-indicators summary, ' +
        '.step-indicators input:not([type=hidden]):not([type=checkbox])'))
      .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().height < 43.5)
      .map((el) => `${el.tagName} ${(el.getAttribute('aria-label') || el.textContent || el.name).trim()}`)""")


def join(browser, url, code, size=PHONE, lang="en", name="Ana", organisation="North School"):  # noqa: F811
    """A phone joins (its context lets axe-core's script in: bypass_csp)."""
    page = browser.new_context(**size, bypass_csp=True).new_page()
    page.goto(f"{url}/j/{code}?lang={lang}")
    words = {"en": ("Your name", "Your organisation", "Your sector", "Join"),
             "fr": ("Votre nom", "Votre organisation", "Votre secteur", "Rejoindre")}[lang]
    page.get_by_label(words[0]).fill(name)
    page.get_by_label(words[1]).fill(organisation)
    page.get_by_label(words[2]).select_option(index=1)
    page.get_by_role("button", name=re.compile(words[3])).click()
    page.wait_for_selector("[data-save-state][data-state=saved]")
    return page


def axe_clean(page, name):
    if not AXE.exists():
        pytest.skip(reason=f"axe-core is not installed at {AXE}")
    found = axe_violations(page)
    assert not found, f"{name}\n{describe(found)}"


def test_propose_rate_adopt_on_phone_console_and_screen(server, seed, browser):  # noqa: F811
    app, ids = seed
    step = ids["step"]
    laptop = browser.new_context(**LAPTOP, bypass_csp=True)
    console = laptop.new_page()
    log_in(console, server.url)
    console.goto(f"{server.url}/w/{ids['workshop']}/console")
    console.wait_for_selector("text=All changes saved")
    phone = join(browser, server.url, ids["code"])
    ben, cy = (LiveClient(server.url, ids["workshop"], token=t) for t in ids["tokens"])

    # 1. Propose: a measure with a refused baseline first, then a good one.
    phone.wait_for_selector("[data-panel=propose]:not([hidden])")
    phone.get_by_label("Indicator", exact=True).fill("Children ready for school at five")
    phone.get_by_label("Kind of indicator").select_option("quantitative")
    phone.get_by_label("Baseline: where we are now").fill("about sixty")
    phone.get_by_label("Target: where we want to be").fill("75")
    phone.get_by_role("button", name="Propose this indicator").click()
    phone.wait_for_selector("[data-error-for=baseline]:has-text('A measure needs a number here')")
    assert phone.get_by_label("Indicator", exact=True).input_value() == "Children ready for school at five"
    phone.get_by_label("Baseline: where we are now").fill("62,5")
    phone.get_by_label("Unit (optional)").fill("%")
    phone.get_by_label("Results must be broken down by group").check()
    phone.get_by_label("Which groups, and why (optional)").fill("By neighbourhood, so the estate is seen")
    phone.get_by_role("button", name="Propose this indicator").click()
    card = phone.locator("[data-region=mine] .note", has_text="Children ready for school at five")
    card.wait_for()
    assert "62.5 % now → 75 %" in card.inner_text()
    assert ben.act(step, "propose", {"name": "Families know where to get help", "kind": "milestone",
                                     "baseline": "No shared directory", "target": "A directory in every clinic"})["ok"]
    phone.wait_for_selector("[data-region=room] .note-text:has-text('Families know where to get help')")
    console.wait_for_selector("[data-region=list] .note-text:has-text('Families know where to get help')")
    # Edit one's own proposal: the copy of the form comes filled.
    card.get_by_role("button", name="Edit: Children ready for school at five").click()
    edit = card.locator("form.ind-edit")
    assert edit.get_by_label("Baseline: where we are now").input_value() == "62.5"
    edit.get_by_label("Where the data comes from").fill("School entry checks")
    edit.get_by_role("button", name="Save changes").click()
    phone.wait_for_selector("[data-region=mine] .note:has-text('Data: School entry checks')")
    no_sideways_scroll(phone)
    assert small_targets(phone) == []
    axe_clean(phone, "phone-propose")
    screenshot(phone, "ind-phone-1-propose")

    # 2. Rate: one card at a time; the screen shows counts only, the console sees averages.
    move_phase(console, "Rate")
    phone.wait_for_selector("[data-panel=rate]:not([hidden])")
    phone.wait_for_selector(".ind-rate-card .ind-name:has-text('Children ready for school at five')")
    phone.get_by_role("button", name="Importance 5 of 5").click()
    phone.wait_for_selector("button[aria-label='Importance 5 of 5'][aria-pressed=true]")
    phone.get_by_role("button", name="Feasibility 4 of 5").click()
    phone.wait_for_selector("text=You have rated 1 of 2 indicators.")
    phone.get_by_role("button", name="Next →").click()
    phone.wait_for_selector(".ind-rate-card .ind-name:has-text('Families know where to get help')")
    phone.get_by_role("button", name="Importance 3 of 5").click()
    phone.get_by_role("button", name="Feasibility 2 of 5").click()
    phone.wait_for_selector("text=You have rated 2 of 2 indicators.")
    for client, scores in ((ben, (3, 4)), (cy, (4, 1))):
        assert client.act(step, "rate", {"indicator_id": "k1", "importance": str(scores[0]),
                                         "feasibility": str(scores[1])})["ok"]
    console.wait_for_selector("[data-region=summary]:has-text('3 people rated')")
    first = console.locator("[data-region=list] .note", has_text="Children ready for school at five")
    first.locator(".ind-score:has-text('Importance'):has-text('4 of 5 (spread 3–5)')").wait_for()
    first.locator(".ind-score:has-text('Feasibility'):has-text('3 of 5 (spread 1–4)')").wait_for()
    assert console.locator(".ind-chart .ind-dot").count() == 2
    no_sideways_scroll(phone)
    assert small_targets(phone) == []
    axe_clean(phone, "phone-rate")
    screenshot(phone, "ind-phone-2-rate")
    screen_context = browser.new_context(**SCREEN, bypass_csp=True)
    screen = screen_context.new_page()
    log_in(screen, server.url)
    screen.goto(f"{server.url}/w/{ids['workshop']}/screen")
    screen.wait_for_selector(".ind-list-screen .note:has-text('Children ready') "
                             ".ind-raters:has-text('3 ratings so far')")
    assert screen.locator(".ind-dot").count() == 0  # no averages before the room adopts
    screenshot(screen, "ind-screen-2-rate")

    # 3. Adopt: the facilitator adopts and sets the owner; the room sees the averages.
    move_phase(console, "Adopt")
    first.get_by_role("button", name="Adopt: Children ready for school at five").click()
    first.locator(".ind-badge:has-text('Adopted')").wait_for()
    first.get_by_role("button", name="Edit: Children ready for school at five").click()
    first.locator("form.ind-edit").get_by_label("Organisation that tracks it (optional)").fill("North School")
    first.locator("form.ind-edit").get_by_role("button", name="Save changes").click()
    console.wait_for_selector("[data-region=list] .note:has-text('Tracked by North School')")
    screen.wait_for_selector(".ind-chart-big .ind-dot.is-adopted")
    screen.wait_for_selector(".ind-list-screen .note.is-adopted:has-text('Importance'):has-text('4 of 5')")
    phone.wait_for_selector("[data-panel=adopt] .note-text:has-text('✓ Adopted: Children ready')")
    axe_clean(console, "console-adopt")
    axe_clean(screen, "screen-adopt")
    screenshot(console, "ind-console-3-adopt")
    screenshot(screen, "ind-screen-3-adopt")
    screenshot(phone, "ind-phone-3-adopt")

    state = stored(app, step)
    assert state["step_phase"] == "adopt"
    adopted = state["indicators"]["k1"]
    assert (adopted["baseline"], adopted["target"], adopted["owner"]) == (62.5, 75, "North School")
    assert adopted["adopted"] is True
    assert adopted["breakdown"] is True and adopted["source"] == "School entry checks"
    for client in (ben, cy):
        client.close()


def test_french_check_in_with_carried_indicators_and_a_latest_value(server, seed, browser):  # noqa: F811
    app, ids = seed
    fr = ids["fr"]
    laptop = browser.new_context(**LAPTOP, bypass_csp=True)
    console = laptop.new_page()
    log_in(console, server.url)
    console.goto(f"{server.url}/w/{fr['workshop']}/console?lang=fr")
    console.wait_for_selector("[data-save-state][data-state=saved]")
    console.wait_for_selector("[data-region=list] .note:has-text('Enfants prêts à cinq ans'):has-text('Repris')")
    # A latest value for the carried measure: a word is refused, a number with a comma is not.
    card = console.locator("[data-region=list] .note", has_text="Enfants prêts à cinq ans")
    card.get_by_role("button", name="Enregistrer une valeur\u00a0: Enfants prêts à cinq ans").click()
    form = card.locator("form.ind-record")
    form.get_by_label("Dernière valeur (un nombre)").fill("beaucoup")
    form.get_by_label("Mesurée le").fill("2027-03-15")
    form.get_by_role("button", name="Enregistrer cette valeur").click()
    form.locator("[data-error-for=value]:has-text('Une mesure demande ici un nombre')").wait_for()
    form.get_by_label("Dernière valeur (un nombre)").fill("68,5")
    form.get_by_role("button", name="Enregistrer cette valeur").click()
    card.locator(".note-meta:has-text('Dernière valeur')").wait_for()
    assert "68,5" in card.locator(".note-meta").inner_text() and "2027" in card.locator(".note-meta").inner_text()
    move_phase(console, "Noter")

    phone = join(browser, server.url, fr["code"], size=SMALL_PHONE, lang="fr", name="Bruno", organisation="Centre")
    phone.wait_for_selector(".ind-rate-card .ind-name:has-text('Enfants prêts à cinq ans')")
    assert "62 % aujourd'hui → 75 %" in phone.locator(".ind-rate-card .note-meta").inner_text().replace("\u00a0", " ")
    assert "68,5" in phone.locator(".ind-rate-card .note-meta").inner_text()
    phone.get_by_role("button", name="Importance 4 sur 5").click()
    phone.wait_for_selector("button[aria-label='Importance 4 sur 5'][aria-pressed=true]")
    phone.wait_for_selector("text=Indicateur 1 sur 2")
    no_sideways_scroll(phone)
    assert small_targets(phone) == []
    axe_clean(phone, "phone-fr-rate")
    axe_clean(console, "console-fr")
    screenshot(phone, "ind-phone-fr-360-rate")
    screenshot(console, "ind-console-fr")
    state = stored(app, fr["step"])
    assert state["indicators"]["k1"]["values"] == {"2027-03-15": 68.5}
    assert list(state["ratings"]["k1"].values()) == [{"importance": 4, "feasibility": None}]
