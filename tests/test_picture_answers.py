"""Issue 23: answers by picture. The sprite (app/static/img/pictures.svg) draws every picture the
core's sets and the agreement name, in the text colour and without text (so no emoji font is
needed); the one picture_choice macro draws a scale and an optional choice; the agreement's
consent answered by picture sends the same values, which its reducer takes or refuses exactly as
before."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from flask import render_template_string

from app.exercises import Action, DomainError
from app.exercises.answers import FACES, FEELINGS, SPRITE, feeling_points
from app.exercises.validation import validate
from plugins.agreement import exercise
from plugins.agreement import forms as agreement_forms
from tests.test_agreement_reducer import ANA, BEN, answer, opened, refused

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"
AGREEMENT_JS = (ROOT / "plugins" / "agreement" / "static" / "agreement.js").read_text()


def symbols() -> dict:
    tree = ET.parse(ROOT / "app" / "static" / SPRITE)  # noqa: S314 (the app's own file)
    return {s.get("id"): s for s in tree.iter(f"{SVG}symbol")}


def consent_pictures() -> list[str]:
    """The pictures agreement.js draws: ``consent-<answer>`` for each answer of its list."""
    listed = re.search(r"const ANSWERS = \[([^\]]*)\];", AGREEMENT_JS).group(1)
    assert "picture: `consent-${answer}`" in AGREEMENT_JS
    return [f"consent-{key}" for key in re.findall(r"'(\w+)'", listed)]


def test_the_agreement_pictures_name_the_reducers_answers():
    assert consent_pictures() == [f"consent-{key}" for key in agreement_forms.ANSWERS]


def test_the_sprite_draws_every_picture_named_in_the_text_colour_without_text():
    named = {*FACES.values(), *(picture for _key, picture, _words in FEELINGS), "none", *consent_pictures()}
    drawn = symbols()
    assert named <= set(drawn), named - set(drawn)
    for name, symbol in drawn.items():
        assert symbol.get("viewBox") == "0 0 48 48", name
        shapes = [el for el in symbol.iter() if el is not symbol]
        assert shapes, f"{name} draws nothing"
        # No glyph: nothing that needs a font. Colours follow the text (contrast of the page).
        assert not [el for el in shapes if el.tag in (f"{SVG}text", f"{SVG}image", f"{SVG}use")], name
        paints = {el.get(attr) for el in shapes for attr in ("fill", "stroke")} - {None}
        assert paints <= {"none", "currentColor"}, (name, paints)


def test_the_app_serves_the_sprite(client):
    response = client.get(f"/static/{SPRITE}")
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"


CHOICE = ('{% from "live/answers.html" import picture_choice %}'
          '{{ picture_choice("feeling", "f1", "How do you feel?", points, none_label="No face") }}')


def test_a_choice_with_a_none_answer_starts_on_it(app):
    with app.test_request_context():
        page = render_template_string(CHOICE, points=feeling_points())
    assert '<fieldset class="answer-scale answer-choice">' in page
    labels = re.findall(r'<label class="answer-point" for="([^"]+)">(.*?)</label>', page, re.S)
    assert [target for target, _inside in labels] == ["f1-none", "f1-happy", "f1-excited", "f1-unsure", "f1-worried"]
    none = labels[0][1]
    assert '<input type="radio" id="f1-none" name="feeling" value="" checked data-answer-default>' in none
    assert 'pictures.svg#none"' in none and '<span class="answer-words">No face</span>' in none
    assert page.count(" checked") == 1
    for (_target, inside), (key, _picture, words) in zip(labels[1:], FEELINGS, strict=True):
        assert f'pictures.svg#feeling-{key}"' in inside and f'<span class="answer-words">{words}</span>' in inside
    # No emoji left: the pictures are the sprite's.
    assert not re.search("[\U0001F300-\U0001FAFF\u2600-\u27BF]", page)


# -- the agreement answered by picture -------------------------------------------------------------

@pytest.mark.parametrize("kind", agreement_forms.ANSWERS)
def test_each_consent_picture_sends_an_answer_the_agreement_records(kind):
    reason = "The budget year is not settled" if kind in ("reservations", "object") else ""
    state = answer(opened(), ANA, kind=kind, reason=reason)
    (given,) = state["clauses"]["c1"]["answers"]["1"].values()
    assert (given["answer"], given["reason"]) == (kind, reason)


@pytest.mark.parametrize("bad", ["consent-support", "Fully support", "SUPPORT", "✅", "stand_aside", "block"])
def test_the_agreement_refuses_what_no_picture_sends(bad):
    # The form would refuse these as a choice; the reducer refuses them too, for every sender.
    state = opened()
    with pytest.raises(DomainError) as caught:
        exercise.apply(state, Action("answer", {"clause_id": "c1", "version": 1, "answer": bad, "reason": "why"}),
                       BEN)
    assert caught.value.field == "answer"


@pytest.mark.parametrize("bad", ["consent-object", "", "4"])
def test_the_answer_form_refuses_a_picture_name_or_nothing(bad):
    data = {"clause_id": "c1", "version": 1, "answer": bad, "reason": ""}
    _clean, errors = validate(agreement_forms.AnswerForm, data)
    assert errors and "answer" in errors


def test_a_picked_answer_that_needs_a_reason_still_needs_one():
    refused(opened(), "answer", ANA, "Say why", field="reason", clause_id="c1", version=1, answer="object",
            reason="  ")
