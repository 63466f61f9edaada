"""Issue 23: the core's picture choice (app/exercises/answers.py, live/answers.html) and the trust
pulse answered with it: the faces are a labelled radio group, and the reducer takes the points
the faces send and refuses anything else. (The sprite and the agreement: test_picture_answers.py.)"""
from __future__ import annotations

import re

import pytest
from flask import render_template_string

from app.exercises import Action, Actor, DomainError
from app.exercises.answers import FACES, face_points
from plugins.trust_pulse import forms as pulse_forms
from plugins.trust_pulse import reducer as pulse

MACRO = ('{% from "live/answers.html" import picture_choice %}'
         '{{ picture_choice("value", "q1", "How do you feel?", points, describedby="q1-err", number="1/4") }}')


def test_the_emoji_scale_is_a_labelled_radio_group(app):
    with app.test_request_context():
        page = render_template_string(MACRO, points=face_points(pulse_forms.SCALE))
    assert re.search(r'<fieldset class="answer-scale" aria-describedby="q1-err">\s*<legend>'
                     r'<span class="answer-number">1/4</span> How do you feel\?</legend>', page)
    labels = re.findall(r'<label class="answer-point" for="([^"]+)">(.*?)</label>', page, re.S)
    assert len(labels) == 5
    for (target, inside), (point, words) in zip(labels, pulse_forms.SCALE, strict=True):
        # Each radio sits inside the label that names it: its words, with the face (a picture
        # of the app's sprite, not an emoji) hidden from screen readers.
        assert target == f"q1-{point}"
        assert f'<input type="radio" id="q1-{point}" name="value" value="{point}">' in inside
        assert ('<svg class="answer-picture" aria-hidden="true" focusable="false" viewBox="0 0 48 48">'
                f'<use href="/static/img/pictures.svg#{FACES[point]}"></use></svg>') in inside
        assert f'<span class="answer-words">{words}</span>' in inside


def test_the_emoji_scale_reads_in_french(app):
    from flask_babel import force_locale

    with app.test_request_context(), force_locale("fr"):
        page = render_template_string(MACRO, points=face_points(pulse_forms.SCALE))
    assert "Pas du tout" in page and "Not at all" not in page


PARTNER = Actor(role="participant", id="p:1", sector="Health")


def _answer(value):
    state = pulse.initial_state({"extra_questions": "", "comment_max": 280})
    return pulse.apply(state, Action("answer", {"question_id": "trust", "value": value, "comment": ""}), PARTNER)


@pytest.mark.parametrize("point", sorted(FACES))
def test_the_pulse_takes_every_face_of_the_scale(point):
    state = _answer(point)
    answers = [sheet["answers"]["trust"]["value"] for sheet in state["sheets"].values()]
    assert answers == [point]


@pytest.mark.parametrize("bad", [0, 6, -1, "😄", "5", True, None, 2.5])
def test_the_pulse_refuses_anything_but_a_face_of_the_scale(bad):
    with pytest.raises(DomainError) as refused:
        _answer(bad)
    assert refused.value.field == "value"


def test_the_answer_form_refuses_an_emoji_sent_as_the_value(app):
    from werkzeug.datastructures import MultiDict

    with app.test_request_context():
        form = pulse_forms.AnswerForm(MultiDict({"question_id": "trust", "value": "😄"}))
        assert not form.validate() and form.errors["value"]


# -- ideas: a note can carry how its writer feels about it ----------------------------------------

def _ideas_state():
    from plugins.ideas import reducer as ideas

    config = {"prompt": "?", "categories": "", "dots": 3, "allow_stacking": True, "notes_per_participant": 5,
              "max_length": 280, "starting_notes": ""}
    return ideas, ideas.initial_state(config)


@pytest.mark.parametrize("feeling", ["happy", "excited", "unsure", "worried", ""])
def test_an_idea_keeps_the_face_its_writer_chose(feeling):
    ideas, state = _ideas_state()
    state = ideas.apply(state, Action("add_note", {"text": "A skate park", "category": "", "feeling": feeling}),
                        PARTNER)
    (note,) = state["notes"].values()
    assert note["feeling"] == feeling


@pytest.mark.parametrize("bad", ["😄", "angry", "HAPPY", 3, ["happy"]])
def test_an_idea_refuses_a_face_that_is_not_offered(bad):
    ideas, state = _ideas_state()
    with pytest.raises(DomainError) as refused:
        ideas.apply(state, Action("add_note", {"text": "A skate park", "category": "", "feeling": bad}), PARTNER)
    assert refused.value.field == "feeling"


def test_the_feeling_reaches_the_room_the_owner_and_the_spreadsheet_but_not_while_hidden():
    from app.exercises import Audience
    from plugins.ideas import views

    ideas, state = _ideas_state()
    state = ideas.apply(state, Action("add_note", {"text": "A skate park", "feeling": "excited"}), PARTNER)
    room = views.view(state, Audience(role="participant", participation="community"))
    assert [n["feeling"] for n in room["notes"].values()] == ["excited"]
    assert views.view(state, Audience(role="participant", hidden=True))["notes"] == {}
    mine = views.personal(state, Audience(role="participant", participant_id=PARTNER.id))
    assert [n["feeling"] for n in mine["notes"].values()] == ["excited"]
    assert [row["feeling"] for row in views.contributions(state)] == ["excited"]


def test_an_edit_keeps_the_feeling():
    ideas, state = _ideas_state()
    state = ideas.apply(state, Action("add_note", {"text": "A skate park", "feeling": "worried"}), PARTNER)
    (note_id,) = state["notes"]
    state = ideas.apply(state, Action("edit_note", {"note_id": note_id, "text": "A bigger skate park"}), PARTNER)
    assert state["notes"][note_id]["feeling"] == "worried"


def test_the_feeling_faces_render_in_the_idea_form_of_a_community_session(app):
    from app.exercises.defaults import LocalizedStep
    from app.exercises.registry import default_config
    from app.models import Step

    exercise = app.extensions["exercises"]["ideas"]
    config = default_config(exercise)
    step = Step(id=7, title="Ideas", exercise_key="ideas", config=config, state=exercise.initial_state(config),
                status="open")
    forms = {name: spec.form() for name, spec in exercise.actions.items()}
    with app.test_request_context():
        pages = {plain: render_template_string(
            '{% include "x/ideas/participant.html" %}',
            s={"step": LocalizedStep(step, exercise, "en", plain=plain), "exercise": exercise, "forms": forms})
            for plain in (False, True)}
    assert 'name="feeling"' not in pages[False]
    assert '<input type="radio" id="s7-add_note-feeling-none" name="feeling" value="" checked data-answer-default>' \
        in pages[True]
    assert '<span class="answer-words">Excited</span>' in pages[True]
    assert 'pictures.svg#feeling-excited"' in pages[True] and 'pictures.svg#none"' in pages[True]
    assert '<legend>How do you feel about it? (optional)</legend>' in pages[True]
