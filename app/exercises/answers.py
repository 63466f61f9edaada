"""Answers by emoji (issue 23): a shared five-point face scale exercises reuse.

The faces are text (no pictures to load), each shown beside its words; the words are what a
screen reader says and what the answer means, the face only helps someone who reads little.
Templates draw the scale with ``live/answers.html``'s ``emoji_scale`` macro: a radio group in a
fieldset, usable with the keyboard like any radio group (arrows move, the form's button sends).
The value sent is the point (1 to 5), so a reducer validates it as it validates any scale point.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice

from app.exercises.contract import DomainError

#: One face per point of a five-point scale, from the lowest to the highest.
FACES = {1: "😞", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}


def face_points(scale) -> list[tuple[int, str, str]]:
    """``(point, words, face)`` for a five-point scale given as ``(point, words)`` pairs."""
    return [(point, str(words), FACES[point]) for point, words in scale]


#: Feelings a contribution may carry (an idea someone is excited or worried about): key, face,
#: words. The key is what the state stores; "" is no feeling.
FEELINGS = (
    ("happy", "😄", _l("Happy about it")),
    ("excited", "🤩", _l("Excited")),
    ("unsure", "🤔", _l("Not sure")),
    ("worried", "😟", _l("Worried")),
)
FEELING_KEYS = tuple(key for key, _face, _words in FEELINGS)


def check_feeling(value) -> str:
    """The feeling a reducer stores: a key of :data:`FEELINGS` or "" (none); anything else is
    refused with a message on the ``feeling`` field. Pure."""
    if value in (None, ""):
        return ""
    if value not in FEELING_KEYS:
        raise DomainError(_l("Pick one of the faces, or none."), field="feeling")
    return value


def feeling_points() -> list[tuple[str, str, str]]:
    """``(key, words, face)`` of every feeling, in the current language, for the macro."""
    return [(key, str(words), face) for key, face, words in FEELINGS]


class FeelingField(RadioField):
    """An optional feeling, drawn as faces by ``action_form`` (``live/answers.html``). The choice
    is checked by the exercise's reducer (:func:`check_feeling`), so every sender meets it."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("choices", [SelectChoice("", ""),
                                      *(SelectChoice(key, words) for key, _face, words in FEELINGS)])
        kwargs.setdefault("default", "")
        super().__init__(label, validators, validate_choice=False, **kwargs)

    @property
    def points(self) -> list[tuple[str, str, str]]:
        return feeling_points()
