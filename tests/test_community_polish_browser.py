"""Real Chromium, community sessions: on a 360 px phone in French a commitment and a data-sharing
flow are asked one field a screen (the button comes with the last field; a refused send goes
back to the field it names), an idea and its face likewise; the console's list of people and
the exercises' cards read the community roles in French; the room screen honours ``?lang=fr``
and names the step once; the plan names the lived-experience group in French."""
from __future__ import annotations

import re

import pytest

from app.extensions import db
from tests.browser import LAPTOP, PHONE, launched, log_in, require_chromium, screenshot
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.live_server import running

pytestmark = [pytest.mark.browser, pytest.mark.live, pytest.mark.timeout(300)]

SMALL_PHONE = {**PHONE, "viewport": {"width": 360, "height": 740}, "locale": "fr-FR"}
STEP = "section[data-step]:not([hidden])"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    yield from running(tmp_path_factory.mktemp("community-polish"))


@pytest.fixture(scope="module")
def chromium(server):
    yield from launched()


def seed(server, exercise, people=(("Mo", "North School", "Parent or carer"),), **settings):
    """A live community workshop of one ``exercise`` step and ``people`` (name, organisation,
    sector), in French unless ``language`` says otherwise; returns ``(workshop id, {name: token})``."""
    settings.setdefault("language", "fr")
    app = server.seed_app()
    with app.app_context():
        from app.models import Facilitator

        facilitator = db.session.query(Facilitator).first() or create_facilitator()
        partnership = create_partnership(facilitator, organisations=["North School", "City Clinic"],
                                         sectors=["Education", "Health"])
        workshop = create_workshop(partnership, title="Forum", steps=((exercise, None),), participation="community",
                                   **settings)
        tokens = {name: create_participant(workshop, name=name, organisation=org, sector=sector)[1]
                  for name, org, sector in people}
        found = workshop.id, tokens
        db.session.remove()
    return found


def phone(server, chromium, workshop_id, token, device=SMALL_PHONE):
    context = chromium.new_context(**device)
    context.add_cookies([{"name": f"cg_p{workshop_id}", "value": token, "url": server.url}])
    page = context.new_page()
    page.goto(f"{server.url}/w/{workshop_id}/me")
    page.wait_for_selector("[data-save-state][data-state=saved]")
    return page


def on_screen(page) -> list[str]:
    """The ``data-question`` names of the step's questions now visible."""
    questions = page.locator(f"{STEP} [data-question]")
    return [questions.nth(i).get_attribute("data-question") for i in range(questions.count())
            if questions.nth(i).is_visible()]


def next_question(page):
    page.get_by_role("button", name="Question suivante").click()


def test_a_commitment_is_asked_one_field_a_screen(server, chromium):
    workshop_id, tokens = seed(server, "commitments")
    page = phone(server, chromium, workshop_id, tokens["Mo"])
    page.wait_for_selector(f"body.community {STEP} [data-one-question-nav]")
    send = page.locator(f"{STEP} form[data-action=commit] > button[type=submit]")
    assert send.inner_text() == "Inscrire cet engagement"
    total = page.locator(f"{STEP} [data-question]").count()
    assert total == 5  # what kind, what exactly, how much, until, essential
    for n in range(total):
        assert len(on_screen(page)) == 1, on_screen(page)
        assert page.locator("[data-count]").inner_text() == f"Question {n + 1} sur {total}"
        assert send.is_visible() == (n == total - 1), n  # the button comes with the last field
        if n < total - 1:
            next_question(page)
    screenshot(page, "community-commitment-last-field-360-fr")
    send.click()  # nothing written: the server names the field, the phone goes back to it
    page.locator(f"{STEP} [data-question=description] [data-error-for=description]:not(:empty)").wait_for()
    assert on_screen(page) == ["description"]
    page.locator(f"{STEP} [data-question=description] textarea").fill("Une salle le mercredi")
    for _ in range(total - 2):
        next_question(page)
    send.click()
    page.locator(f"{STEP} [data-region=mine] li", has_text="Une salle le mercredi").wait_for()
    assert on_screen(page) == ["kind"]  # sent: back to the first field, ready for another
    screenshot(page, "community-commitment-sent-360-fr")


def test_a_data_sharing_flow_opens_its_fold_on_its_first_field(server, chromium):
    workshop_id, tokens = seed(server, "data_sharing")
    page = phone(server, chromium, workshop_id, tokens["Mo"])
    page.wait_for_selector(f"body.community {STEP} [data-one-question-nav]")
    assert on_screen(page) == ["name"]
    next_question(page)
    assert on_screen(page) == ["holder"]
    send = page.locator(f"{STEP} form[data-action=add_dataset] > button[type=submit]")
    assert send.is_visible() and send.inner_text() == "Ajouter le jeu de données"
    next_question(page)
    assert on_screen(page) == ["dataset_id"]  # "Add a flow" was folded: it opens with its first field
    assert page.locator(f"{STEP} details:has(.ds-flow-form)").get_attribute("open") is not None
    assert not send.is_visible() and send.count() == 1
    screenshot(page, "community-data-sharing-flow-360-fr")


def test_an_idea_then_its_face_and_the_console_reads_roles_in_french(server, chromium):
    workshop_id, tokens = seed(server, "ideas", people=(("Zozo", "", "Young person"), ("Lu", "", "Parent or carer"),
                                                        ("Kim", "", "Young person")), anonymous=True)
    english = {**PHONE, "locale": "en-GB"}
    app = server.seed_app()
    with app.app_context():
        from app.models import Participant

        db.session.query(Participant).filter_by(name="Kim").one().language = "en"
        db.session.commit()
        db.session.remove()
    page = phone(server, chromium, workshop_id, tokens["Zozo"])
    page.wait_for_selector(f"body.community {STEP} [data-one-question-nav]")
    assert on_screen(page) == ["text"]
    page.locator(f"{STEP} [data-question=text] textarea").fill("Un terrain de foot éclairé")
    next_question(page)
    assert on_screen(page) == ["feeling"]
    page.get_by_role("button", name="Publier mon idée").click()
    page.locator(f"{STEP} [data-region=mine] li", has_text="Un terrain de foot éclairé").wait_for()
    screenshot(page, "community-ideas-360-fr")

    console = chromium.new_context(**LAPTOP).new_page()
    log_in(console, server.url)
    console.goto(f"{server.url}/w/{workshop_id}/console?lang=fr")
    people = console.locator("[data-people]")
    people.locator("li", has_text="Zozo").wait_for()
    assert "Jeune" in people.locator("li", has_text="Zozo").inner_text()
    assert "Parent ou aidant·e" in people.locator("li", has_text="Lu").inner_text()
    assert "Young person" not in people.inner_text()

    # An anonymous room of three community people: other phones see the note as the group's, in their words.
    kim = phone(server, chromium, workshop_id, tokens["Kim"], device=english)
    card = kim.locator(f"{STEP} [data-region=room] li", has_text="Un terrain de foot éclairé")
    card.wait_for()
    assert "Lived experience" in card.inner_text()
    screenshot(kim, "community-ideas-390-en")
    lu = phone(server, chromium, workshop_id, tokens["Lu"])
    assert "Vécu" in lu.locator(f"{STEP} [data-region=room] li", has_text="Un terrain de foot éclairé").inner_text()


def test_the_screen_honours_lang_and_names_the_step_once(server, chromium):
    workshop_id, _ = seed(server, "agreement", language="en")
    page = chromium.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    log_in(page, server.url)
    page.goto(f"{server.url}/w/{workshop_id}/screen?lang=fr")
    step = page.locator(STEP)
    step.locator(".ag-screen").wait_for()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert step.locator("h2").first.inner_text() == "Accord de partenariat"
    page.wait_for_function("document.querySelector('section[data-step]:not([hidden]) .ag-screen').children.length > 0")
    assert len(re.findall("Accord de partenariat", step.inner_text())) == 1
    screenshot(page, "screen-agreement-1920-fr")
    page.goto(f"{server.url}/w/{workshop_id}/screen")
    assert page.locator("html").get_attribute("lang") == "en"


def test_the_plan_page_names_the_group_in_french(server, chromium):
    app = server.seed_app()
    with app.app_context():
        from app.models import Facilitator
        from tests.plan_helpers import add_note, end_and_harvest

        facilitator = db.session.query(Facilitator).first() or create_facilitator()
        partnership = create_partnership(facilitator, name="Quartier")
        workshop = create_workshop(partnership, title="Forum", participation="community", anonymous=True)
        for n in range(3):
            add_note(workshop, create_participant(workshop, name=f"H{n}", sector="Health")[0], f"Idée santé {n}")
            add_note(workshop, create_participant(workshop, name=f"Y{n}", organisation="", sector="Young person")[0],
                     f"Idée des jeunes {n}")
        end_and_harvest(workshop)
        partnership_id = partnership.id
        db.session.remove()
    page = chromium.new_context(**LAPTOP).new_page()
    log_in(page, server.url)
    page.goto(f"{server.url}/partnerships/{partnership_id}/plan?lang=fr")
    item = page.locator("li, article", has_text="Idée des jeunes 0").last
    assert "secteurs Vécu" in item.inner_text()
    assert "Young person" not in page.content()
    screenshot(page, "plan-lived-experience-1280-fr")
