"""Issue 18: every bundled exercise's default texts (title, prompts, focus, issue, role and group
names...) read in each reader's language. A French participant in a workshop an English
facilitator built reads them in French on the page, in the room's shared document (read through
the boot data's ``defaults`` map, as app/static/js/defaults.js does), in the plan and in the
exports; the facilitator's own words stay as written."""
from __future__ import annotations

import io
import json
import re

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from app.exercises.defaults import defaults_by_language
from app.exports import export_plan
from app.extensions import db
from app.plan import curate
from app.plan.items import plan_items
from app.workshops import agenda
from tests.factories import create_facilitator, create_participant, create_partnership, create_workshop
from tests.plan_helpers import end_and_harvest

EXERCISES = ("ideas", "alignment_mapper", "policy_window", "reframing", "role_board")


def boot_of(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="boot">(.*?)</script>', page, re.S).group(1))


def swap(value, mapping):
    """app/static/js/defaults.js's swap: every string that is a stored default, in the reader's words."""
    if isinstance(value, str):
        return mapping.get(value, value)
    if isinstance(value, list):
        return [swap(v, mapping) for v in value]
    if isinstance(value, dict):
        return {k: swap(v, mapping) for k, v in value.items()}
    return value


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)


def english_only_texts(app, key) -> set:
    """The exercise's English default texts (each line of a multi-line one) that French words otherwise."""
    with app.test_request_context(), force_locale("en"):
        by_language = defaults_by_language(app.extensions["exercises"][key])
    english, french = by_language["en"], by_language["fr"]
    named = set(getattr(app.extensions["exercises"][key], "named_config_fields", ("sectors",)))
    found = set()
    for name, text in english.items():
        if isinstance(text, str) and text != french.get(name) and name not in named:
            french_lines = set(str(french.get(name) or "").splitlines())
            lines = {line for line in text.splitlines() if line.strip() and line not in french_lines}
            # A "name | what it is for" line (role board): the state holds the parts apart.
            found |= lines | {part.strip() for line in lines if "|" in line for part in line.split("|")}
    return found


@pytest.fixture
def english_built(app):
    """Every exercise added by an English facilitator to a partnership with nothing filled in (so
    the exercises' own defaults are used), each step with a little activity."""
    workshop = create_workshop(create_partnership(create_facilitator(), purpose="", sectors=[], organisations=[]),
                               steps=(), language="en")
    with app.test_request_context("/?lang=en"):
        app.preprocess_request()
        for key in EXERCISES:
            agenda.add_step(workshop, key)
        db.session.commit()
    workshop.current_step_id = workshop.room_step_id = workshop.steps[0].id
    db.session.commit()
    return workshop


def _page(client, workshop, step, language="fr"):
    from app.live.identity import participant_cookie

    workshop.current_step_id = workshop.room_step_id = step.id
    db.session.commit()
    participant, token = create_participant(workshop, name="Amélie")
    participant.language = language
    db.session.commit()
    client.set_cookie(participant_cookie(workshop.id), token)
    return client.get(f"/w/{workshop.id}/me").get_data(as_text=True)


def _step(workshop, key):
    return next(step for step in workshop.steps if step.exercise_key == key)


@pytest.mark.parametrize("key", EXERCISES)
def test_precondition_english_defaults_were_stored(app, english_built, key):
    stored = _step(english_built, key)
    texts = english_only_texts(app, key)
    assert texts, key  # each exercise has default texts French words otherwise
    blob = json.dumps({"title": stored.title, **stored.config}, ensure_ascii=False)
    assert all(text in blob for text in texts), key


@pytest.mark.parametrize("key", EXERCISES)
def test_the_participant_page_reads_every_default_in_french(app, client, english_built, key):
    page = _page(client, english_built, _step(english_built, key))
    html_part = page.split('id="boot"')[0].replace("&#39;", "'").replace("&amp;", "&").replace("&#34;", '"')
    left = sorted(text for text in english_only_texts(app, key) if text in html_part)
    assert not left, left


@pytest.mark.parametrize("key", EXERCISES)
def test_the_room_document_reads_every_default_in_french(app, client, english_built, key):
    step = _step(english_built, key)
    boot = boot_of(_page(client, english_built, step))
    shown = swap(boot["doc"]["steps"][str(step.id)], boot["defaults"])
    text = "\n".join(strings({"title": shown.get("title"), "view": shown.get("view")}))
    left = sorted(t for t in english_only_texts(app, key) if t in text)
    assert not left, left


def test_plan_and_exports_read_the_default_texts_in_french(app, english_built):
    """What the exercises give the plan from default texts (a framing's prompt, a role's name)."""
    import secrets

    from app.live import engine
    from tests.plan_helpers import FACILITATOR

    reframing = _step(english_built, "reframing")
    reframing.status = "open"
    english_built.status = "live"
    db.session.commit()
    ack = engine.submit_action(english_built.id, FACILITATOR, {
        "op": secrets.token_hex(8), "step": reframing.id, "type": "add_reframe",
        "data": {"sector": "Education", "text": "Fewer late arrivals", "prompt": "1"}})
    assert ack["ok"], ack
    end_and_harvest(english_built)
    for item in plan_items(english_built.partnership_id, ("proposed",)):
        curate.set_status(item, "promoted", None)
    db.session.commit()
    with app.test_request_context(), force_locale("fr"):
        workbook = load_workbook(io.BytesIO(export_plan(english_built.partnership, "xlsx")[0]))
        markdown = export_plan(english_built.partnership, "md")[0].decode("utf-8").replace("\\", "")
    cells = "\n".join(str(v) for sheet in workbook for row in sheet.iter_rows(values_only=True) for v in row if v)
    for key in EXERCISES:
        left = sorted(t for t in english_only_texts(app, key) if t in cells)
        assert not left, (key, "xlsx", left)
        left = sorted(t for t in english_only_texts(app, key) if t in markdown)
        assert not left, (key, "markdown", left)


def test_a_french_participant_picks_the_sector_names_the_step_knows(app, client, english_built):
    """Target sectors are names people and items are matched by: a French reader's picker sends
    the stored "Education" (a French spelling would be refused as "not one this step reframes for")."""
    page = _page(client, english_built, _step(english_built, "reframing"))
    options = set(re.findall(r'<option value="([^"]*)"', page.split('id="boot"')[0]))
    assert {"Education", "Health"} <= options and "Éducation" not in options
