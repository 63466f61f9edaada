"""Real Chromium: a youth session in French on a 360 px phone. A young person joins with a
nickname and the "Jeune" card, answers the room's pulse one question at a time with targets of
48 px or more, and axe-core finds nothing on the join page or the participant page."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Participant
from tests.browser import PHONE, launched, require_chromium
from tests.factories import create_facilitator, create_partnership, create_workshop
from tests.live_server import running
from tests.test_accessibility import axe_violations, describe

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(300)]

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}, "locale": "fr-FR"}

# Visible buttons and text fields of the step: their rendered size, for the 48 px check.
SIZES = """() => Array.from(document.querySelectorAll(
    'section[data-step]:not([hidden]) button, section[data-step]:not([hidden]) textarea'))
  .filter((el) => el.offsetParent !== null)
  .map((el) => [el.textContent.trim().slice(0, 30) || el.name, el.getBoundingClientRect().height,
                el.getBoundingClientRect().width])"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    yield from running(tmp_path_factory.mktemp("youth"))


@pytest.fixture(scope="module")
def chromium(server):
    yield from launched()


def test_a_young_person_takes_part_on_a_small_phone_in_french(server, chromium):
    app = server.seed_app()
    with app.app_context():
        partnership = create_partnership(create_facilitator())
        workshop = create_workshop(partnership, title="Forum jeunesse", steps=(("trust_pulse", None),),
                                   language="fr", participation="community")
        code, workshop_id = workshop.join_code, workshop.id
        db.session.remove()
    page = chromium.new_context(**SMALL_PHONE, bypass_csp=True).new_page()  # bypass: axe is injected
    page.goto(f"{server.url}/j/{code}")
    page.wait_for_selector("text=Votre prénom ou un surnom")
    found = axe_violations(page)
    assert not found, describe(found)
    page.get_by_label("Votre prénom ou un surnom").fill("Zozo")
    card = page.locator("label.role-card", has_text="Jeune")
    assert card.bounding_box()["height"] >= 48
    card.click()
    assert page.locator("[data-works-here]").is_hidden()  # the sector list is for professionals only
    page.get_by_role("button", name="Rejoindre l'atelier").click()
    page.wait_for_selector("body.community section[data-step]:not([hidden]) [data-one-question-nav]")
    page.wait_for_selector("[data-save-state][data-state=saved]")
    with app.app_context():
        person = db.session.query(Participant).filter_by(workshop_id=workshop_id).one()
        assert (person.name, person.sector, person.organisation) == ("Zozo", "Young person", "")
        db.session.remove()
    assert float(page.evaluate("getComputedStyle(document.body).fontSize")[:-2]) >= 18
    forms = page.locator("section[data-step]:not([hidden]) form[data-question]")
    total = forms.count()
    assert total > 1
    for n in range(total):
        visible = [i for i in range(total) if forms.nth(i).is_visible()]
        assert visible == [n], f"question {n + 1}: {visible} on screen"
        assert page.locator("[data-count]").inner_text() == f"Question {n + 1} sur {total}"
        small = [size for size in page.evaluate(SIZES) if size[1] < 48 or size[2] < 48]
        assert not small, small
        forms.nth(n).locator("label.tp-point").first.click()
        forms.nth(n).get_by_role("button").click()
        forms.nth(n).locator("[data-mine]:not(:empty)").wait_for()
        if n < total - 1:
            page.get_by_role("button", name="Question suivante").click()
    assert page.get_by_role("button", name="Question suivante").is_disabled()
    found = axe_violations(page)
    assert not found, describe(found)
