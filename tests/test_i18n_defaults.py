"""Default titles and prompts render in each reader's language unless the facilitator wrote
their own: an English-built workshop read by a French participant."""
import json
import re

import pytest
from flask_babel import force_locale

from app.extensions import db
from app.workshops import agenda
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop


def boot_of(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="boot">(.*?)</script>', page, re.S).group(1))


@pytest.fixture
def english_built(app):
    # No purpose: the policy window and reframing keep their own default focus and issue.
    workshop = create_workshop(create_partnership(create_facilitator(), purpose=""), steps=(), language="en")
    with app.test_request_context("/?lang=en"):
        app.preprocess_request()
        for key in ("ideas", "policy_window", "reframing"):
            agenda.add_step(workshop, key)
        db.session.commit()
    workshop.current_step_id = workshop.room_step_id = workshop.steps[0].id
    db.session.commit()
    return workshop


def page_of(app, client, workshop, language):
    from app.live.identity import participant_cookie

    participant, token = create_participant(workshop, name="Amélie")
    participant.language = language
    db.session.commit()
    client.set_cookie(participant_cookie(workshop.id), token)
    return client.get(f"/w/{workshop.id}/me").get_data(as_text=True)


def test_precondition_the_steps_were_stored_in_english(english_built):
    ideas = english_built.steps[0]
    assert ideas.title == "Ideas & dot voting"
    assert ideas.config["prompt"] == "What could this partnership do in its first year?"


def test_a_french_participant_reads_french_titles_and_prompts(app, client, english_built):
    page = page_of(app, client, english_built, "fr")
    with app.test_request_context(), force_locale("fr"):
        exercises = app.extensions["exercises"]
        french_title = str(exercises["ideas"].title)
        french_prompt = exercises["ideas"].partnership_defaults({})["prompt"]
        french_focus = exercises["policy_window"].config_form().focus.data
    assert french_title != "Ideas & dot voting" and french_title in page
    assert "Ideas &amp; dot voting" not in page
    assert french_prompt in page.replace("&#39;", "'")
    assert french_prompt != "What could this partnership do in its first year?"
    assert french_focus in page.replace("&#39;", "'")
    # The shared live document keeps the stored text; the page maps it to the reader's language.
    defaults = boot_of(page)["defaults"]
    assert defaults["What could this partnership do in its first year?"] == french_prompt
    assert defaults["Ideas & dot voting"] == french_title
    html = page.split('id="boot"')[0]
    assert "What could this partnership do in its first year?" not in html


def test_the_facilitators_own_words_stay_as_written(app, client, english_built):
    step = english_built.steps[0]
    step.title = "Our first ideas"
    step.config = {**step.config, "prompt": "Where do we start?"}
    db.session.commit()
    page = page_of(app, client, english_built, "fr")
    assert "Our first ideas" in page and "Where do we start?" in page
    assert "Where do we start?" not in boot_of(page)["defaults"]


def test_an_english_participant_still_reads_english(app, client, english_built):
    page = page_of(app, client, english_built, "en")
    assert "Ideas &amp; dot voting" in page
    assert "What could this partnership do in its first year?" in page
