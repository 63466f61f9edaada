"""Issue 23: a community session's phones read every prompt that is still the exercise's default
in plain words (the page, and the room's document through the boot data's ``defaults`` map); a
standard session, the facilitator's console and a prompt the facilitator wrote keep the
standard words."""
from __future__ import annotations

import html
import json
import re

import pytest

from app.exercises import Audience, plain
from app.exercises.registry import default_config
from app.extensions import db
from app.live.identity import participant_cookie
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop, login


def boot_of(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="boot">(.*?)</script>', page, re.S).group(1))


@pytest.fixture
def community(monkeypatch):
    """Every step runs as a community session (the mode's own storage is the workshop settings')."""
    monkeypatch.setattr(plain, "participation_of", lambda step: plain.COMMUNITY)


def _room(key, **config):
    owner = create_facilitator()
    if config:
        config = {**default_config(app_exercises()[key]), **config}
    workshop = create_workshop(create_partnership(owner), steps=((key, config or None),))
    step = workshop.steps[0]
    workshop.current_step_id = workshop.room_step_id = step.id
    db.session.commit()
    return workshop, step


def app_exercises():
    from flask import current_app

    return current_app.extensions["exercises"]


def _phone(client, workshop, language="en"):
    participant, token = create_participant(workshop)
    participant.language = language
    db.session.commit()
    client.set_cookie(participant_cookie(workshop.id), token)
    return html.unescape(client.get(f"/w/{workshop.id}/me").get_data(as_text=True))


def test_the_audience_carries_the_participation_mode():
    assert Audience(role="participant").participation == "standard"
    assert Audience(role="participant", participation="community").participation == "community"


def test_a_standard_session_reads_the_standard_prompt(app, client):
    workshop, _step = _room("ideas")
    page = _phone(client, workshop)
    assert "What could this partnership do in its first year?" in page
    assert "What should we do together this year?" not in page
    assert 'data-participation="community"' not in page


def test_a_community_session_reads_the_plain_prompt_on_the_page_and_in_the_room_document(app, client, community):
    workshop, step = _room("ideas")
    page = _phone(client, workshop)
    assert '<p class="prompt">What should we do together this year?</p>' in page
    assert 'data-participation="community"' in page
    # The room's shared document keeps the stored words; the phone's map reads them plainly.
    boot = boot_of(page)
    plain_words = "What should we do together this year?"
    assert boot["defaults"]["What could this partnership do in its first year?"] == plain_words


def test_a_community_session_in_french_reads_the_french_plain_prompt(app, client, community):
    workshop, _step = _room("ideas")
    page = _phone(client, workshop, language="fr")
    assert "Que devrions-nous faire ensemble cette année ?" in page


def test_the_facilitators_own_prompt_is_kept_in_a_community_session(app, client, community):
    workshop, _step = _room("ideas", prompt="Which games should the youth club run?")
    page = _phone(client, workshop)
    assert "Which games should the youth club run?" in page
    assert "What should we do together this year?" not in page


def test_the_console_keeps_the_standard_words(app, client, community):
    workshop, _step = _room("ideas")
    login(client)
    page = html.unescape(client.get(f"/w/{workshop.id}/console").get_data(as_text=True))
    assert "What should we do together this year?" not in page
    assert "What should we do together this year?" not in json.dumps(boot_of(page)["defaults"])


def test_fixed_prompts_and_questions_read_plainly(app, client, community):
    workshop, _step = _room("trust_pulse")
    page = _phone(client, workshop)
    assert "We trust each other." in page
    assert "We trust each other as much as our shared work needs." not in page
    assert "Nobody sees your answers, not even the leader." in page


def test_a_prompt_of_one_item_per_line_maps_line_by_line(app, client, community):
    workshop, _step = _room("reframing")
    mapping = boot_of(_phone(client, workshop))["defaults"]
    assert mapping["Which load that they already carry could this take off their shoulders?"] == \
        "What job could this make easier for them?"
