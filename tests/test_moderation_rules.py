"""The moderation queue's rules, without an app: which fields are a person's words, and that
every exercise marks the participant actions that carry them as moderated."""
import pytest
from wtforms import Form, IntegerField, SelectField, StringField, TextAreaField

from app.exercises.contract import ActionSpec, anyone
from app.live.moderation import text_fields, text_of
from tests.test_contract import EXERCISES


class NoteForm(Form):
    text = TextAreaField()
    title = StringField()
    note_id = StringField()
    score = IntegerField()
    column = SelectField(choices=["a", "b"])


def test_text_fields_are_the_words_not_the_references_choices_or_numbers():
    assert text_fields(NoteForm) == ("text", "title")


def test_text_of_keeps_only_words_that_say_something():
    data = {"text": "Bus pass for carers", "title": "   ", "note_id": "n1", "score": 3}
    assert text_of(data, text_fields(NoteForm)) == {"text": "Bus pass for carers"}


def test_an_action_is_not_moderated_unless_it_says_so():
    assert ActionSpec(form=NoteForm).moderated is False
    assert anyone(NoteForm).moderated is False
    assert anyone(NoteForm, moderated=True).moderated is True


def _participant_actions():
    for key, exercise in sorted(EXERCISES.items()):
        for action_type, spec in sorted(exercise.actions.items()):
            if "participant" in spec.roles:
                yield pytest.param(spec, id=f"{key}.{action_type}")


@pytest.mark.parametrize("spec", list(_participant_actions()))
def test_every_participant_action_carrying_text_is_moderated(spec):
    """A participant's own words never reach the room unapproved in a moderated workshop: an
    action whose form has a text field must declare itself moderated, and one without must not
    (holding a vote would only slow the room down)."""
    assert spec.moderated == bool(text_fields(spec.form)), text_fields(spec.form)
