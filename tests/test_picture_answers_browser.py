"""Issue 23, in Chromium: a community session on a 360×740 phone, in French and in English. The
trust pulse's faces and the agreement's consent pictures are drawn (each picture has a size and
its sprite symbol a shape: no empty box where a missing emoji font would leave one), they are
answered by a tap and from the keyboard, the stored values are the ones the reducers always
took, and axe-core finds nothing. The room screen's tally shows the same pictures. Screenshots at
360×740 and 390×844 go to $SCREENSHOT_DIR."""
from __future__ import annotations

import pytest

from app.exercises import Action, Actor
from app.exercises.registry import default_config
from app.extensions import db
from app.models import Step
from tests.browser import PHONE, launched, require_chromium, screenshot
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import facilitator_cookie, running
from tests.test_accessibility import axe_violations, cookies_for, describe

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(300)]

SMALL = {"width": 360, "height": 740}
LARGER = {"width": 390, "height": 844}
CLAUSES = "## Purpose\nEvery young person has a safe place to meet after school."
ACTIVE = "section[data-step]:not([hidden])"

# Every picture on screen: its box, and the shape its sprite symbol draws (0 when the sprite or the
# symbol is missing). Hidden ones (other questions) are left out.
DRAWN = """(root) => Array.from(document.querySelectorAll(root + ' svg.answer-picture'))
  .filter((svg) => svg.getClientRects().length)
  .map((svg) => { const box = svg.getBoundingClientRect(); const shape = svg.querySelector('use').getBBox();
                  return [box.width, box.height, shape.width, shape.height]; })"""
CHANGED = "([sel, before]) => document.querySelector(sel).innerText !== before"
# No emoji left as text in the step (a glyph a missing font would draw as a box).
GLYPHS = "(root) => (document.querySelector(root).innerText.match(/\\p{Extended_Pictographic}/gu) || [])"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    yield from running(tmp_path_factory.mktemp("picture_answers"))


@pytest.fixture(scope="module")
def chromium(server):
    yield from launched()


def seed(server, lang: str, key: str) -> dict:
    """A live community workshop in ``lang`` with one ``key`` step (an agreement with its clause
    open), and a young participant's token."""
    app = server.seed_app()
    with app.app_context():
        exercise = app.extensions["exercises"][key]
        config = {**default_config(exercise), "clauses": CLAUSES} if key == "agreement" else None
        facilitator = create_facilitator(email=f"{key}-{lang}@example.org")
        workshop = create_workshop(create_partnership(facilitator), title="Forum", steps=((key, config),),
                                   language=lang, participation="community")
        step = workshop.steps[0]
        if key == "agreement":
            step.state = exercise.apply(step.state, Action("open_clause", {"clause_id": "c1"}, at=1764660000),
                                        Actor(role="facilitator", id="f:1"))
        workshop.current_step_id = workshop.room_step_id = step.id
        person, token = create_participant(workshop, name="Zozo", organisation="", sector="Young person")
        person.language = lang
        db.session.commit()
        seeded = {"app": app, "workshop": workshop.id, "email": facilitator.email, "step": step.id, "token": token,
                  "actor": f"p:{person.id}"}
        db.session.remove()
    return seeded


def stored(seeded) -> dict:
    with seeded["app"].app_context():
        state = db.session.get(Step, seeded["step"]).state
        db.session.remove()
    return state


def phone(chromium, server, seeded, lang):
    context = chromium.new_context(**{**PHONE, "viewport": SMALL}, locale="fr-FR" if lang == "fr" else "en-GB",
                                   bypass_csp=True)  # bypass: axe is injected
    context.add_cookies([{"name": f"cg_p{seeded['workshop']}", "value": seeded["token"], "url": server.url}])
    page = context.new_page()
    page.goto(f"{server.url}/w/{seeded['workshop']}/me")
    page.wait_for_selector("[data-save-state][data-state=saved]")
    # Attached, not visible: one question a screen may show another question first (ideas).
    page.wait_for_selector(f"{ACTIVE}[data-participation=community] .answer-point", state="attached")
    return context, page


def assert_drawn(page, root: str, count: int, least: float) -> None:
    """``count`` pictures under ``root``, each at least ``least`` px and its symbol drawn."""
    page.wait_for_function(f"() => ({DRAWN})({root!r}).every((d) => d[2] > 0 && d[3] > 0)")
    drawn = page.evaluate(DRAWN, root)
    assert len(drawn) == count, drawn
    assert all(w >= least and h >= least and sw > 0 and sh > 0 for w, h, sw, sh in drawn), drawn
    assert page.evaluate(GLYPHS, root) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def assert_clean(page, name: str) -> None:
    found = axe_violations(page)
    assert not found, describe(found)
    screenshot(page, f"{name}-360")
    page.set_viewport_size(LARGER)
    assert page.evaluate("document.documentElement.scrollWidth") <= LARGER["width"]
    screenshot(page, f"{name}-390")
    page.set_viewport_size(SMALL)


def pulse_value(seeded) -> int | None:
    sheets = stored(seeded)["sheets"].values()
    values = [sheet["answers"].get("trust", {}).get("value") for sheet in sheets]
    return values[0] if values else None


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_faces_are_drawn_and_answered_by_tap_and_keyboard(server, chromium, lang):
    seeded = seed(server, lang, "trust_pulse")
    context, page = phone(chromium, server, seeded, lang)
    try:
        form = page.locator(f"{ACTIVE} form[data-question=trust]")
        assert_drawn(page, f"{ACTIVE} form[data-question=trust]", 5, 48)
        mine = f"{ACTIVE} form[data-question=trust] [data-mine]"
        # A tap on the fourth face's card picks 4; the form's button sends it.
        before = page.locator(mine).inner_text()
        form.locator("label.answer-point").nth(3).tap()
        assert form.locator("input[type=radio][value='4']").is_checked()
        form.locator("button[type=submit]").tap()
        page.wait_for_function(CHANGED, arg=[mine, before])
        assert pulse_value(seeded) == 4
        # The keyboard: an arrow moves to 3, Enter on the button sends it.
        before = page.locator(mine).inner_text()
        form.locator("input[type=radio][value='4']").focus()
        page.keyboard.press("ArrowLeft")
        assert form.locator("input[type=radio][value='3']").is_checked()
        form.locator("button[type=submit]").focus()
        page.keyboard.press("Enter")
        page.wait_for_function(CHANGED, arg=[mine, before])
        assert pulse_value(seeded) == 3
        assert_clean(page, f"pictures-pulse-{lang}")
    finally:
        context.close()


def agreement_answer(seeded) -> str | None:
    given = stored(seeded)["clauses"]["c1"]["answers"]["1"].get(seeded["actor"])
    return given and given["answer"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_consent_pictures_are_drawn_and_answered_by_tap_and_keyboard(server, chromium, lang):
    seeded = seed(server, lang, "agreement")
    context, page = phone(chromium, server, seeded, lang)
    try:
        answers = f"{ACTIVE} .ag-answers"
        assert_drawn(page, answers, 4, 48)
        send = page.locator(f"{ACTIVE} button.ag-send")
        mine = page.locator(f"{ACTIVE} .ag-mine")
        # A tap on "Fully support"'s card, then on the button.
        page.locator(f"{answers} label.ag-answer-support").tap()
        assert page.locator(f"{answers} input[value=support]").is_checked()
        send.tap()
        mine.wait_for()
        assert agreement_answer(seeded) == "support"
        # The keyboard: two arrows down reach "Need more discussion", Tab past the reason, Enter.
        page.locator(f"{answers} input[value=support]").focus()
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        assert page.locator(f"{answers} input[value=discuss]").is_checked()
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.name") == "reason"
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.wait_for_function("(sel) => document.querySelector(sel).checked",
                               arg=f"{answers} input[value=discuss]")
        page.locator(f"{ACTIVE} .ag-mine", has_text=page.locator(f"{answers} label.ag-answer-discuss .answer-words")
                     .inner_text()).wait_for()
        assert agreement_answer(seeded) == "discuss"
        assert_clean(page, f"pictures-agreement-{lang}")
    finally:
        context.close()

    # The room screen's tally: a picture beside each answer.
    header = facilitator_cookie(server.url, seeded["email"], "correct horse battery")
    room = chromium.new_context(viewport={"width": 1280, "height": 720}, bypass_csp=True)
    room.add_cookies(cookies_for(server.url, header))
    screen = room.new_page()
    try:
        screen.goto(f"{server.url}/w/{seeded['workshop']}/screen")
        screen.locator(".ag-tally-large li").first.wait_for()
        assert_drawn(screen, f"{ACTIVE} .ag-tally-large", 4, 24)
        found = axe_violations(screen)
        assert not found, describe(found)
        screenshot(screen, f"pictures-agreement-screen-{lang}")
    finally:
        room.close()


def test_an_idea_carries_the_feeling_picked_by_picture(server, chromium):
    seeded = seed(server, "fr", "ideas")
    context, page = phone(chromium, server, seeded, "fr")
    try:
        form = page.locator(f"{ACTIVE} form[data-action=add_note]")
        page.wait_for_selector(f"{ACTIVE} [data-one-question-nav]")
        form.locator("textarea[name=text]").fill("Un skatepark")
        # A community step asks one question a screen (one_question.js): the feeling comes next.
        page.get_by_role("button", name="Question suivante").tap()
        assert_drawn(page, f"{ACTIVE} form[data-action=add_note]", 5, 48)  # "none" and four feelings
        assert form.locator("input[name=feeling][value='']").is_checked()
        form.locator("label.answer-point", has=page.locator("input[value=excited]")).tap()
        form.locator("button[type=submit]").tap()
        # The note keeps the feeling, drawn with its words in "My ideas"; the form goes back to none.
        mine = page.locator(f"{ACTIVE} [data-region=mine] .note", has_text="Un skatepark")
        mine.locator(".note-meta", has_text="Enthousiaste").wait_for()
        assert_drawn(page, f"{ACTIVE} [data-region=mine]", 1, 16)
        assert form.locator("input[name=feeling][value='']").is_checked()
        (note,) = stored(seeded)["notes"].values()
        assert note["feeling"] == "excited"
        found = axe_violations(page)
        assert not found, describe(found)
        screenshot(page, "pictures-ideas-fr-360")
    finally:
        context.close()
