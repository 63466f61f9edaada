"""Default texts in each reader's language.

A step's title and the texts of its configuration (prompts, focus, role lists) start as the
exercise's defaults, written in the language of whoever added the step. A reader in another
language should read them in theirs unless the facilitator wrote their own. A stored text that
equals the default in any of our languages *is* the default (this also covers every step stored
before this module existed), so it is shown as that default in the reader's language, at view time;
anything else is the facilitator's own words and is shown as written.
"""
from __future__ import annotations

from flask_babel import force_locale

from app.exercises.registry import default_config

#: A partnership with nothing filled in: what ``partnership_defaults`` adds then is the
#: exercise's own default text (the ideas prompt), never a partnership's words.
NO_PARTNERSHIP = {"name": "", "purpose": "", "sectors": [], "organisations": []}

TRANSLATABLE = (str, list)


def defaults_by_language(exercise) -> dict:
    """``{language: {"title": ..., **config defaults}}`` for every language we speak."""
    from app.i18n import LANGUAGES

    found = {}
    for language in LANGUAGES:
        with force_locale(language):
            found[language] = {"title": str(exercise.title), **default_config(exercise),
                               **exercise.partnership_defaults(dict(NO_PARTNERSHIP))}
    return found


def localize(exercise, values: dict, language: str) -> dict:
    """``values`` (a config, or ``{"title": ...}``) with every default text in ``language``."""
    defaults = defaults_by_language(exercise)
    wanted = defaults.get(language) or {}
    result = dict(values)
    for name, value in values.items():
        if not isinstance(value, TRANSLATABLE) or name not in wanted:
            continue
        if any(d.get(name) == value for d in defaults.values()):
            result[name] = wanted[name]
    return result


def text_map(steps, exercises, language: str) -> dict:
    """``{stored default text: the same default in language}`` over ``steps``, for browser code
    that reads the room's shared document (app/static/js/defaults.js)."""
    found = {}
    for step in steps:
        exercise = exercises.get(step.exercise_key)
        if exercise is None:
            continue
        stored = {"title": step.title, **(step.config or {})}
        for name, shown in localize(exercise, stored, language).items():
            _pair(found, stored[name], shown)
    return found


def _pair(found: dict, stored, shown) -> None:
    if isinstance(stored, str) and isinstance(shown, str) and stored != shown:
        found[stored] = shown
    elif isinstance(stored, list) and isinstance(shown, list) and len(stored) == len(shown):
        for before, after in zip(stored, shown, strict=True):
            _pair(found, before, after)


class LocalizedStep:
    """A step as a template reads it: its title and config with defaults in ``language``;
    every other attribute is the step's own."""

    def __init__(self, step, exercise, language: str):
        self._step = step
        values = localize(exercise, {"title": step.title, **(step.config or {})}, language)
        self.title = values.pop("title")
        self.config = values

    def __getattr__(self, name):
        return getattr(self._step, name)
