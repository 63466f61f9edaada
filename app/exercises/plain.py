"""Plain-language prompts for community sessions (issue 23).

An exercise declares ``plain_prompts`` beside its standard prompts (see
:attr:`app.exercises.contract.Exercise.plain_prompts`). In a community session the phones and
the room screen read the plain variant of every prompt that is still the exercise's default;
the facilitator's console keeps the standard words, which are the ones they edit.
"""
from __future__ import annotations

from flask import g
from flask_babel import force_locale

from app.exercises.participation import COMMUNITY, mode_for


def participation_of(step) -> str:
    """The participation mode a step runs in (:func:`app.exercises.participation.mode_for`)."""
    return mode_for(getattr(step, "workshop", None), step)


def reads_plain(step, audience: str) -> bool:
    """Whether ``audience`` ("participant", "screen", "facilitator") reads ``step`` in plain words."""
    return audience != "facilitator" and participation_of(step) == COMMUNITY


def plain_by_language(exercise) -> dict:
    """``{language: {key: plain words}}`` for every language we speak (once per request)."""
    from app.i18n import LANGUAGES

    cache = g.setdefault("_plain_by_language", {})
    if exercise.key not in cache:
        found = {}
        for language in LANGUAGES:
            with force_locale(language):
                found[language] = {key: str(words) for key, words in (exercise.plain_prompts or {}).items()}
        cache[exercise.key] = found
    return cache[exercise.key]


def plain_config(exercise, values: dict, shown: dict, defaults: dict, language: str) -> dict:
    """``shown`` (already localised) with each prompt field of ``values`` that still holds the
    exercise's default (``defaults``: by language) replaced by its plain variant in ``language``."""
    plain = plain_by_language(exercise).get(language) or {}
    result = dict(shown)
    for name, words in plain.items():
        value = values.get(name)
        if isinstance(value, str) and value and any(d.get(name) == value for d in defaults.values()):
            result[name] = words
    return result


def fixed_prompt(exercise, key: str, standard, language: str):
    """A fixed prompt of the exercise's templates: its plain variant in ``language`` when it
    declares one, else ``standard``."""
    return (plain_by_language(exercise).get(language) or {}).get(key, standard)
