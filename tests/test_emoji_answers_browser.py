"""Issue 23, in Chromium: a phone answering the trust pulse with the core's face scale passes
axe-core, and the scale works from the keyboard (arrows choose a face, the button sends it)."""
from __future__ import annotations

import pytest

from app.extensions import db
from tests.browser import PHONE, launched, require_chromium
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import running
from tests.test_accessibility import assert_no_violations

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(300)]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    yield from running(tmp_path_factory.mktemp("emoji_answers"))


@pytest.fixture(scope="module")
def chromium(server):
    yield from launched()


def test_the_emoji_scale_passes_axe_and_answers_from_the_keyboard(chromium, server):
    app = server.seed_app()
    with app.app_context():
        workshop = create_workshop(create_partnership(create_facilitator()), title="Pulse",
                                   steps=(("trust_pulse", None),))
        step = workshop.steps[0]
        workshop.current_step_id = workshop.room_step_id = step.id
        db.session.commit()
        token = create_participant(workshop, name="Ana")[1]
        ws, sid = workshop.id, step.id
        db.session.remove()
    context = chromium.new_context(**PHONE, bypass_csp=True)  # bypass: axe is injected
    context.add_cookies([{"name": f"cg_p{ws}", "value": token, "url": server.url}])
    page = context.new_page()
    page.goto(f"{server.url}/w/{ws}/me")
    page.wait_for_selector("[data-save-state][data-state=saved]")
    page.wait_for_selector(f"section[data-step='{sid}']:not([hidden]) .answer-point")
    faces = page.locator("form[data-question=trust] .answer-picture")
    assert faces.count() == 5
    assert_no_violations(page, "emoji-scale-phone")

    form = page.locator("form[data-question=trust]")
    form.locator("input[type=radio][value='3']").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    assert form.locator("input[type=radio][value='4']").is_checked()
    form.locator("button[type=submit]").click()
    form.locator("[data-mine]").filter(has_text="Mostly").wait_for(timeout=15000)
    context.close()
