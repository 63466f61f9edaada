"""Real Chromium, English and French: the facilitator runs the partnership agreement from a
laptop console (names a representative, opens a clause, amends it, closes it); a participant
answers on a phone (four large picture cards and a send button, the reason asked for when needed,
a clear notice after an amendment); the room screen shows the open clause large with its tally. axe-core finds no
violation on any of the three pages. Screenshots go to $SCREENSHOT_DIR."""
from pathlib import Path

import pytest

from app.exercises.registry import default_config
from app.extensions import db
from app.models import Step
from app.workshops.codes import new_join_code
from tests.browser import LAPTOP, PHONE, browser, screenshot  # noqa: F401  (fixture)
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import LiveClient, facilitator_cookie

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(240)]

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
SCREEN = {"viewport": {"width": 1920, "height": 1080}}
SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}}
CLAUSES = ("## Purpose\nEvery child arrives at school healthy and ready to learn.\n\n"
           "## Data sharing\nWe share only the data the shared work needs.")

WORDS = {
    "en": {"open": "Open Clause 1 · Purpose", "object": "Cannot support", "needs": "this answer needs a reason",
           "reason": "Your reason", "mine": "Your answer: Cannot support", "amend": "Amend Clause 1 · Purpose",
           "text": "Clause text", "save": "Save the amendment", "amended": "Amended text, version 2",
           "again": "answer again", "support": "Fully support", "participant": "Participant",
           "name": "Name as representative", "close": "Close Clause 1 · Purpose", "outcome": "Outcome",
           "closed": "Closed: Agreed with noted reservations", "no_position": "no position recorded",
           "waiting": "No clause is open right now", "send": "Send my answer"},
    "fr": {"open": "Ouvrir Clause 1 · Purpose", "object": "Je ne peux pas soutenir",
           "needs": "cette réponse demande une raison", "reason": "Votre raison",
           "mine": "Votre réponse\u00a0: Je ne peux pas soutenir", "amend": "Amender Clause 1 · Purpose",
           "text": "Texte de la clause", "save": "Enregistrer l'amendement", "amended": "Texte amendé, version 2",
           "again": "répondez à nouveau", "support": "Je soutiens pleinement", "participant": "Participant",
           "name": "Désigner comme représentant", "close": "Clore Clause 1 · Purpose", "outcome": "Issue",
           "closed": "Close\u00a0: Adoptée, réserves consignées", "no_position": "aucune position enregistrée",
           "waiting": "Aucune clause n'est ouverte", "send": "Envoyer ma réponse"},
}


def seed(server, lang):
    app = server.seed_app()
    with app.app_context():
        facilitator = create_facilitator()
        config = {**default_config(app.extensions["exercises"]["agreement"]), "clauses": CLAUSES,
                  "organisations": "North School\nCity Clinic\nHomes Trust"}
        workshop = create_workshop(create_partnership(facilitator), steps=(("agreement", config),), language=lang)
        workshop.join_code = new_join_code()
        joined = [create_participant(workshop, name=n, organisation=o, sector=s) for n, o, s in (
            ("Ana Quill", "North School", "Education"), ("Ben Marrow", "City Clinic", "Health"),
            ("Cy Thistle", "Homes Trust", "Housing"))]
        for person, _ in joined:
            person.language = lang
        db.session.commit()
        ids = {"workshop": workshop.id, "step": workshop.steps[0].id, "tokens": [t for _, t in joined],
               "actors": [f"p:{p.id}" for p, _ in joined]}
        db.session.remove()
    return app, ids


def stored_state(app, step_id) -> dict:
    with app.app_context():
        state = db.session.get(Step, step_id).state
        db.session.remove()
    return state


def cookies(url, header):
    return [{"name": k, "value": v, "url": url} for k, v in (p.split("=", 1) for p in header.split("; ") if "=" in p)]


def axe_violations(page) -> list:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
      .map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | '))""")


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def small_targets(page) -> list:
    return page.evaluate("""() => Array.from(document.querySelectorAll(
        '.step-agreement button, .step-agreement textarea, .step-agreement select, .step-agreement summary'))
      .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().height < 44)
      .map((el) => el.textContent.trim() || el.name)""")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_console_phone_and_screen_through_an_amendment(server, browser, lang):  # noqa: F811
    if not AXE.exists():
        pytest.skip(reason=f"axe-core is not installed at {AXE}")
    w = WORDS[lang]
    app, ids = seed(server, lang)
    step = ids["step"]
    header = facilitator_cookie(server.url, "facilitator@example.org", "correct horse battery")
    locale = "fr-FR" if lang == "fr" else "en-GB"

    laptop = browser.new_context(**LAPTOP, locale=locale, bypass_csp=True)
    laptop.add_cookies(cookies(server.url, header))
    console = laptop.new_page()
    console.goto(f"{server.url}/w/{ids['workshop']}/console")
    section = console.locator(f'section[data-step="{step}"]')
    section.locator(".ag-clause").first.wait_for()

    phone_context = browser.new_context(**PHONE, locale=locale, bypass_csp=True)
    phone_context.add_cookies([{"name": f"cg_p{ids['workshop']}", "value": ids["tokens"][0], "url": server.url}])
    phone = phone_context.new_page()
    phone.goto(f"{server.url}/w/{ids['workshop']}/me")
    phone.get_by_text(w["waiting"]).wait_for()
    assert phone.evaluate("document.documentElement.lang") == lang

    screen_context = browser.new_context(**SCREEN, locale=locale, bypass_csp=True)
    screen_context.add_cookies(cookies(server.url, header))
    screen = screen_context.new_page()
    screen.goto(f"{server.url}/w/{ids['workshop']}/screen")
    ben = LiveClient(server.url, ids["workshop"], token=ids["tokens"][1])
    try:
        # 1. The console names Ana as North School's representative, then opens clause 1.
        section.get_by_label(w["participant"], exact=True).select_option(ids["actors"][0])
        assert section.locator("input[list]").input_value() == "North School"  # from the roster
        section.get_by_role("button", name=w["name"]).click()
        section.locator(".ag-reps .ag-rep").first.wait_for()
        section.get_by_role("button", name=w["open"]).click()
        section.locator(".ag-status-open").wait_for()

        # 2. The phone: the clause and four large picture cards; "Cannot support" asks for a reason.
        phone.get_by_text("Every child arrives at school healthy").wait_for()
        cards = phone.locator(".ag-choice")
        assert cards.count() == 4 and phone.locator(".ag-choice svg.answer-picture").count() == 4
        phone.get_by_role("radio", name=w["object"]).check()
        phone.get_by_role("button", name=w["send"]).click()
        phone.get_by_text(w["needs"]).wait_for()
        assert phone.evaluate("document.activeElement.name") == "reason"
        phone.get_by_label(w["reason"]).fill("<b>The budget year</b> is not settled")
        phone.get_by_role("button", name=w["send"]).click()
        phone.get_by_text(w["mine"]).wait_for()
        assert phone.get_by_role("radio", name=w["object"]).is_checked()
        assert not small_targets(phone), small_targets(phone)
        no_sideways_scroll(phone)
        screenshot(phone, f"agreement-phone-390-{lang}")
        assert not axe_violations(phone), axe_violations(phone)
        clause = stored_state(app, step)["clauses"]["c1"]
        assert clause["answers"]["1"][ids["actors"][0]]["reason"] == "<b>The budget year</b> is not settled"

        # The console's tally and North School's position follow; markup stays text.
        section.locator(".ag-orgs .ag-answer-object").first.wait_for()
        assert ben.act(step, "answer", {"clause_id": "c1", "version": 1, "answer": "support", "reason": ""})["ok"]
        section.get_by_text(w["no_position"]).first.wait_for()  # Homes Trust: nobody named
        assert section.locator("b").count() == 0

        # 3. The screen shows the open clause large, with its tally, within 1920×1080.
        screen.locator(".ag-screen-heading").wait_for()
        screen.get_by_text("Every child arrives at school healthy").wait_for()
        assert screen.locator(".ag-tally-large li").count() == 4
        screenshot(screen, f"agreement-screen-1920-{lang}")
        assert not axe_violations(screen), axe_violations(screen)

        # 4. The console amends: a new version; the phone says so and asks to answer again.
        section.get_by_role("button", name=w["amend"]).click()
        field = section.locator(".ag-amend").get_by_label(w["text"], exact=True)
        field.fill("Every child arrives at school healthy and ready to learn, reviewed each year.")
        section.get_by_role("button", name=w["save"]).click()
        phone.get_by_text(w["amended"]).wait_for()
        phone.get_by_text(w["again"]).wait_for()
        assert not phone.get_by_role("radio", name=w["object"]).is_checked()
        refused = ben.act(step, "answer", {"clause_id": "c1", "version": 1, "answer": "support", "reason": ""})
        assert refused["ok"] is False and refused["code"] == "rule"
        phone.get_by_role("radio", name=w["support"]).check()
        phone.get_by_role("button", name=w["send"]).click()
        phone.get_by_text(w["mine"].replace(w["object"], w["support"])).wait_for()
        state = stored_state(app, step)["clauses"]["c1"]
        assert state["version"] == 2 and set(state["answers"]["1"]) == set(ids["actors"][:2])
        assert state["answers"]["2"][ids["actors"][0]]["answer"] == "support"
        section.locator(".ag-versions").wait_for()
        screenshot(console, f"agreement-console-1280-{lang}")
        assert not axe_violations(console), axe_violations(console)

        # 5. Close with an outcome; the phone waits for the next clause.
        section.get_by_label(w["outcome"], exact=True).select_option("agreed_reservations")
        section.get_by_role("button", name=w["close"]).click()
        section.locator(".ag-badge", has_text=w["closed"]).wait_for()
        phone.get_by_text(w["waiting"]).wait_for()

        # A small phone in the room's language: no sideways scroll, large targets.
        small = browser.new_context(**SMALL_PHONE, locale=locale)
        small.add_cookies([{"name": f"cg_p{ids['workshop']}", "value": ids["tokens"][2], "url": server.url}])
        little = small.new_page()
        section.get_by_role("button", name=w["open"].replace("Clause 1 · Purpose", "Clause 2 · Data sharing")).click()
        little.goto(f"{server.url}/w/{ids['workshop']}/me")
        little.locator(".ag-choice").first.wait_for()
        no_sideways_scroll(little)
        assert not small_targets(little), small_targets(little)
        screenshot(little, f"agreement-phone-360-{lang}")
        small.close()
    finally:
        ben.close()
        for context in (laptop, phone_context, screen_context):
            context.close()
