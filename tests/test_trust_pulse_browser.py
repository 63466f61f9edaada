"""Real Chromium: three phones (two in English at 390 px, one in French at 360 px) answer the trust
pulse and change an answer; the console and the room screen show only how many answered until
the facilitator closes the pulse, then the anonymous totals as bars with their numbers (and a
clear word when fewer than three answered). Pages are axe-clean. Screenshots go to $SCREENSHOT_DIR."""
import pytest

from app.exercises.registry import default_config
from app.extensions import db
from app.models import Step
from app.workshops.codes import JOIN_CODE_LENGTH, random_code
from tests.browser import LAPTOP, PHONE, browser, log_in, move_phase, screenshot  # noqa: F401
from tests.factories import create_facilitator, create_partnership, create_workshop
from tests.test_accessibility import AXE, axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(600)]

TRUST = "We trust each other as much as our shared work needs."


@pytest.fixture
def room(server):
    app = server.seed_app()
    with app.app_context():
        partnership = create_partnership(create_facilitator())
        config = {**default_config(app.extensions["exercises"]["trust_pulse"]),
                  "extra_questions": "Do we share the credit fairly?"}
        workshop = create_workshop(partnership, steps=(("trust_pulse", config),))
        workshop.join_code = random_code(JOIN_CODE_LENGTH)
        db.session.commit()
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "code": workshop.join_code}
    yield app, ids


def state_in_db(app, step_id) -> dict:
    with app.app_context():
        state = db.session.get(Step, step_id).state
        db.session.remove()
    return state


def clean(page, name) -> None:
    if AXE.exists():
        found = axe_violations(page)
        assert not found, f"{name}\n{describe(found)}"


def fits(page, width) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    small = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.step-trust_pulse button, .step-trust_pulse summary, .step-trust_pulse .tp-point, .step-trust_pulse textarea'))
        .filter((b) => b.offsetParent !== null)
        .map((b) => [b.textContent.trim().slice(0, 30), Math.round(b.getBoundingClientRect().height)])
        .filter(([, h]) => h < 44)""")
    assert small == []


def answer(page, question, words, comment=None, save="Save my answer"):
    form = page.locator(f"form[data-question={question}]")
    form.locator("label.tp-point", has_text=words).click()
    if comment is not None:
        form.locator("textarea").fill(comment)
    form.get_by_role("button", name=save).click()
    return form


def phone(browser, url, code, name, organisation, sector, french=False):  # noqa: F811
    """A phone joins (axe is injected, so the context lets a test script in: bypass_csp)."""
    size = {**PHONE, "viewport": {"width": 360, "height": 740}} if french else PHONE
    page = browser.new_context(**size, locale="fr-FR" if french else "en-GB", bypass_csp=True).new_page()
    page.goto(f"{url}/j/{code}")
    page.get_by_label("Votre nom" if french else "Your name").fill(name)
    page.get_by_label("Votre organisation" if french else "Your organisation").fill(organisation)
    page.get_by_label("Votre secteur" if french else "Your sector").select_option(sector)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_selector("section.step-trust_pulse:not([hidden]) form[data-question]")
    return page


def test_trust_pulse_from_answers_to_anonymous_results(server, room, browser):  # noqa: F811
    app, ids = room
    step = ids["step"]
    console = browser.new_context(**LAPTOP, bypass_csp=True).new_page()
    log_in(console, server.url)
    console.goto(f"{server.url}/w/{ids['workshop']}/console")
    console.wait_for_selector("text=This pulse is always anonymous, for you too")
    big = browser.new_context(viewport={"width": 1920, "height": 1080}, bypass_csp=True)
    screen = big.new_page()
    log_in(screen, server.url)
    screen.goto(f"{server.url}/w/{ids['workshop']}/screen")
    screen.wait_for_selector(".tp-status-screen:has-text('0 people have answered')")
    ana = phone(browser, server.url, ids["code"], "Ana Alder", "North School", "Education")
    ben = phone(browser, server.url, ids["code"], "Ben Birch", "City Clinic", "Health")

    # Ana answers, sees her own answer, then changes her mind.
    assert ana.locator("form[data-question]").count() == 5
    assert ana.locator("form[data-question=trust] legend").inner_text().endswith(TRUST)
    form = answer(ana, "trust", "Partly", "We are only getting to know each other")
    form.locator("[data-mine]", has_text="Saved: 3 · Partly").wait_for()
    fits(ana, 390)
    clean(ana, "phone-en-answer")
    screenshot(ana, "trust_pulse-phone-en-390")
    form = answer(ana, "trust", "Mostly")
    form.locator("[data-mine]", has_text="Saved: 4 · Mostly").wait_for()
    assert form.locator("textarea").input_value() == "We are only getting to know each other"
    # Bad input from the page: an empty choice is refused with a readable error, nothing saved.
    empty = ben.locator("form[data-question=heard]")
    empty.get_by_role("button", name="Save my answer").click()
    empty.locator("[data-error-for=value]", has_text="Choose a point on the scale.").wait_for()
    answer(ben, "trust", "A little")
    ben.locator("form[data-question=trust] [data-mine]", has_text="Saved: 2 · A little").wait_for()
    sheets = state_in_db(app, step)["sheets"]
    assert sorted(a["answers"]["trust"]["value"] for a in sheets.values()) == [2, 4]

    # While answering, the console and screen only count.
    console.wait_for_selector(".tp-status:has-text('2 people have answered. The results appear when')")
    screen.wait_for_selector(".tp-status-screen:has-text('2 people have answered')")
    assert console.locator(".tp-result").count() == 0 and screen.locator(".tp-result").count() == 0

    # Closing the pulse with two answers: the room is told why nothing shows.
    move_phase(console, "Results")
    for page in (console, screen, ana):
        page.wait_for_selector(".tp-status:has-text('Fewer than three people answered')")
    assert screen.locator(".tp-result").count() == 0
    assert ana.locator("form[data-question=trust]").is_hidden()
    screenshot(screen, "trust_pulse-screen-too-few")
    move_phase(console, "Answer")

    # A French phone at 360 px answers too.
    cy = phone(browser, server.url, ids["code"], "Cy Cedar", "Homes Trust", "Health", french=True)
    cy.locator("form[data-question=trust] legend", has_text="Nous nous faisons confiance autant").wait_for()
    answer(cy, "trust", "Tout à fait", "On se parle enfin franchement", save="Enregistrer ma réponse")
    cy.locator("form[data-question=trust] [data-mine]", has_text="Enregistré\u00a0: 5 · Tout à fait").wait_for()
    fits(cy, 360)
    clean(cy, "phone-fr-answer")
    screenshot(cy, "trust_pulse-phone-fr-360")
    console.wait_for_selector(".tp-status:has-text('3 people have answered')")
    clean(console, "console-answering")

    # Results: the totals as bars with numbers, comments without names, everywhere.
    move_phase(console, "Results")
    mean = "Mean 3.67 out of 5, 3 answers"
    for page in (console, screen, ana):
        page.locator(".tp-result", has_text=TRUST).locator(".tp-mean", has_text=mean).wait_for()
    cy.locator(".tp-result .tp-mean", has_text="Moyenne 3,67 sur 5, 3 réponses").wait_for()
    # Shown once, the results stay: the console offers no way back to answering.
    assert console.locator(f"section[data-step='{step}'] [data-phase-move=answer]").is_disabled()
    trust = screen.locator(".tp-result", has_text=TRUST)
    assert trust.locator(".tp-row-count").all_inner_texts() == ["0", "1", "0", "1", "1"]
    width = trust.locator(".tp-fill-4").evaluate("el => el.getBoundingClientRect().width")
    track = trust.locator(".tp-track").nth(3).evaluate("el => el.getBoundingClientRect().width")
    assert abs(width / track - 1 / 3) < 0.02
    assert screen.locator(".tp-result", has_text="Do we share the credit fairly?").get_by_text(
        "Fewer than three answers to this question: not shown.").count() == 1
    comments = console.locator(".tp-result", has_text=TRUST).locator(".tp-comments li").all_inner_texts()
    assert sorted(comments) == ["On se parle enfin franchement", "We are only getting to know each other"]
    for page in (console, screen, ana, cy):
        text = page.locator("section.step-trust_pulse").inner_text()
        assert "Ana Alder" not in text and "Ben Birch" not in text and "Cy Cedar" not in text
    font = screen.locator(".tp-row-count").first.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert font >= 24, font
    assert screen.evaluate("document.documentElement.scrollWidth") <= 1920
    fits(ana, 390)
    fits(cy, 360)
    clean(ana, "phone-en-results")
    clean(cy, "phone-fr-results")
    clean(console, "console-results")
    clean(screen, "screen-results")
    screenshot(ana, "trust_pulse-phone-en-results")
    screenshot(cy, "trust_pulse-phone-fr-results")
    screenshot(console, "trust_pulse-console-1280")
    screenshot(screen, "trust_pulse-screen-1920")
