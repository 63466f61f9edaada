"""Answers by picture (issue 23): a shared "picture choice" exercises reuse.

Each answer is a card: a picture beside its words, around a radio button. The pictures are SVG
symbols in ``app/static/img/pictures.svg``, drawn in the text colour; they need no emoji font
(headless browsers and many projector laptops have none) and nothing from outside the app. The
words are what a screen reader says and what the answer means, the picture only helps someone
who reads little. Templates draw a choice with ``live/answers.html``'s ``picture_choice`` macro;
pages drawn by an exercise's JS use ``app/static/js/pictures.js``, which makes the same cards.
The value sent is the answer's own value (a point of a scale, a key), so a reducer validates it
exactly as it validates that value typed or picked any other way.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SelectChoice

from app.exercises.contract import DomainError

#: The sprite's path under the app's static folder (its symbols: faces, feelings, "none",
#: the agreement's consent answers).
SPRITE = "img/pictures.svg"

#: One picture (a symbol of the sprite) per point of a five-point scale, lowest first.
FACES = {point: f"face-{point}" for point in range(1, 6)}

def face_points(scale) -> list[tuple[int, str, str]]:
    """``(point, words, picture)`` for a five-point scale given as ``(point, words)`` pairs."""
    return [(point, str(words), FACES[point]) for point, words in scale]


#: Feelings a contribution may carry (an idea someone is excited or worried about): key,
#: picture, words. The key is what the state stores; "" is no feeling.
FEELINGS = (
    ("happy", "feeling-happy", _l("Happy about it")),
    ("excited", "feeling-excited", _l("Excited")),
    ("unsure", "feeling-unsure", _l("Not sure")),
    ("worried", "feeling-worried", _l("Worried")),
)
FEELING_KEYS = tuple(key for key, _picture, _words in FEELINGS)


def check_feeling(value) -> str:
    """The feeling a reducer stores: a key of :data:`FEELINGS` or "" (none); anything else is
    refused with a message on the ``feeling`` field. Pure."""
    if value in (None, ""):
        return ""
    if value not in FEELING_KEYS:
        raise DomainError(_l("Pick one of the faces, or none."), field="feeling")
    return value


def feeling_points() -> list[tuple[str, str, str]]:
    """``(key, words, picture)`` of every feeling, in the current language, for the macro."""
    return [(key, str(words), picture) for key, picture, words in FEELINGS]


class FeelingField(RadioField):
    """An optional feeling, drawn as pictures by ``action_form`` (``live/answers.html``). The
    choice is checked by the exercise's reducer (:func:`check_feeling`), so every sender meets it."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("choices", [SelectChoice("", ""),
                                      *(SelectChoice(key, words) for key, _picture, words in FEELINGS)])
        kwargs.setdefault("default", "")
        super().__init__(label, validators, validate_choice=False, **kwargs)

    @property
    def points(self) -> list[tuple[str, str, str]]:
        return feeling_points()
