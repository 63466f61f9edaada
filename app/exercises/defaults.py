"""Default texts in each reader's language.

A step's title and the texts of its configuration (prompts, focus, role lists) start as the
exercise's defaults, written in the language of whoever added the step. A reader in another
language should read them in theirs unless the facilitator wrote their own. A stored text that
equals the default in any of our languages *is* the default (this also covers every step stored
before this module existed), so it is shown as that default in the reader's language, at view time;
anything else is the facilitator's own words and is shown as written.
"""
from __future__ import annotations

from flask import current_app, g
from flask_babel import force_locale, gettext

from app.exercises.registry import default_config

#: A partnership with nothing filled in: what ``partnership_defaults`` adds then is the
#: exercise's own default text (the ideas prompt), never a partnership's words.
NO_PARTNERSHIP = {"name": "", "purpose": "", "sectors": [], "organisations": []}

TRANSLATABLE = (str, list)
#: Texts of a built-in agenda template's step (its own, and its config's) that read in each
#: reader's language when the facilitator left them as the template wrote them.
TEMPLATE_TEXT_KEYS = ("title", "notes", "prompt")


def defaults_by_language(exercise) -> dict:
    """``{language: {"title": ..., **config defaults}}`` for every language we speak (worked out
    once per request or app context: a plan page asks for every item's step)."""
    cache = g.setdefault("_defaults_by_language", {})
    if exercise.key not in cache:
        cache[exercise.key] = _defaults_by_language(exercise)
    return cache[exercise.key]


def _defaults_by_language(exercise) -> dict:
    from app.i18n import LANGUAGES

    found = {}
    for language in LANGUAGES:
        with force_locale(language):
            found[language] = {"title": str(exercise.title), **default_config(exercise),
                               **exercise.partnership_defaults(dict(NO_PARTNERSHIP))}
    return found


def localize(exercise, values: dict, language: str, plain: bool = False) -> dict:
    """``values`` (a config, or ``{"title": ...}``, with ``notes`` too) with every default text in
    ``language``: the exercise's defaults, and the texts of the built-in agenda templates.
    ``plain``: a community session's reader, who reads the plain variant of every prompt still
    at its default (:mod:`app.exercises.plain`)."""
    defaults = defaults_by_language(exercise)
    wanted = defaults.get(language) or {}
    templates = template_texts(language)
    result = dict(values)
    named = set(getattr(exercise, "named_config_fields", ()) or ())
    for name, value in values.items():
        if not isinstance(value, TRANSLATABLE) or name in named:
            continue
        if name in wanted and any(d.get(name) == value for d in defaults.values()):
            result[name] = wanted[name]
        elif name in TEMPLATE_TEXT_KEYS and isinstance(value, str) and value in templates:
            result[name] = templates[value]
    if plain:
        from app.exercises.plain import plain_config

        return plain_config(exercise, values, result, defaults, language)
    return result


def template_texts(language: str) -> dict:
    """``{a built-in template's step text in any of our languages: the same text in language}``
    (step titles, notes, prompts). Worked out once per application and language."""
    from app.agenda_templates.builtin import BUILTIN_TEMPLATES
    from app.i18n import LANGUAGES

    cache = current_app.extensions.setdefault("template_texts", {})
    if language not in cache:
        sources = sorted({mapping[key] for template in BUILTIN_TEMPLATES.values() for step in template["steps"]
                          for mapping in (step, step.get("config") or {}) for key in TEMPLATE_TEXT_KEYS
                          if isinstance(mapping.get(key), str) and mapping[key]})
        versions = {source: {} for source in sources}
        for other in LANGUAGES:
            with force_locale(other):
                for source in sources:
                    versions[source][other] = gettext(source)
        cache[language] = {text: by_language.get(language, source) for source, by_language in versions.items()
                           for text in by_language.values()}
    return cache[language]


def text_map(steps, exercises, language: str, audience: str = "facilitator") -> dict:
    """``{stored default text: the same default in language}`` over ``steps``, for browser code
    that reads the room's shared document (app/static/js/defaults.js); in plain words for the
    phones and screen of a community step (:func:`app.exercises.plain.reads_plain`)."""
    from app.exercises.plain import reads_plain

    found = {}
    for step in steps:
        exercise = exercises.get(step.exercise_key)
        if exercise is None:
            continue
        stored = {"title": step.title, **(step.config or {})}
        for name, shown in localize(exercise, stored, language, plain=reads_plain(step, audience)).items():
            _pair(found, stored[name], shown)
    return found


def _pair(found: dict, stored, shown) -> None:
    if isinstance(stored, str) and isinstance(shown, str) and stored != shown:
        found[stored] = shown
        # A text of one item per line (reframing's prompts): the room's document holds the lines.
        before, after = stored.splitlines(), shown.splitlines()
        if len(before) > 1 and len(before) == len(after):
            for line, shown_line in zip(before, after, strict=True):
                if line.strip() and line != shown_line:
                    found[line] = shown_line
                    _pair_parts(found, line, shown_line)
    elif isinstance(stored, list) and isinstance(shown, list) and len(stored) == len(shown):
        for before, after in zip(stored, shown, strict=True):
            _pair(found, before, after)


def _pair_parts(found: dict, line: str, shown: str) -> None:
    """The parts of a ``name | what it is for`` line (role board's roles): the state keeps them apart."""
    before, after = [p.strip() for p in line.split("|")], [p.strip() for p in shown.split("|")]
    if len(before) > 1 and len(before) == len(after):
        for part, shown_part in zip(before, after, strict=True):
            if part and part != shown_part:
                found[part] = shown_part


def default_texts(exercise, language: str) -> dict:
    """``{a default text of ``exercise`` in any of our languages, or one line of it: the same in
    language}`` (not the named fields): what the exercise copied out of its config into its
    state (a prompt a reframe was written with, a role's name) reads in the reader's language in
    the plan and the exports too."""
    cache = g.setdefault("_default_texts", {})
    if (exercise.key, language) not in cache:
        found: dict = {}
        named = set(getattr(exercise, "named_config_fields", ()) or ())
        by_language = defaults_by_language(exercise)
        wanted = by_language.get(language) or {}
        for values in by_language.values():
            for name, value in values.items():
                if name not in named and name in wanted:
                    _pair(found, value, wanted[name])
        cache[(exercise.key, language)] = found
    return cache[(exercise.key, language)]


def shown_default(exercise, value):
    """``value`` in the current language when it is one of ``exercise``'s default texts (or a
    line of one); anything else (people's words) as it is. Lists item by item."""
    from app.i18n import current_language

    if exercise is None:
        return value
    if isinstance(value, list):
        return [shown_default(exercise, item) for item in value]
    if isinstance(value, str) and value:
        return default_texts(exercise, current_language()).get(value, value)
    return value


def shown_title(exercise_key: str, title: str) -> str:
    """A stored step title in the current language when it is a default or a built-in template's
    title (the plan's provenance lines and the exports name steps with it); else as written."""
    from app.i18n import current_language

    exercise = current_app.extensions["exercises"].get(exercise_key or "")
    if exercise is None or not title:
        return title or ""
    return localize(exercise, {"title": title}, current_language())["title"]


class LocalizedStep:
    """A step as a template reads it: its title and config with defaults in ``language``;
    every other attribute is the step's own."""

    def __init__(self, step, exercise, language: str, plain: bool = False):
        self._step = step
        self._exercise, self._language = exercise, language
        #: True for a community session's reader (issue 23): prompts in plain words, larger answers.
        self.plain = plain
        values = localize(exercise, {**(step.config or {}), "title": step.title, "notes": step.notes or ""}, language,
                          plain=plain)
        self.title = values.pop("title")
        self.notes = values.pop("notes")
        self.config = values

    def prompt(self, key: str, standard):
        """A fixed prompt of the exercise's template: ``standard``, or for a community session's
        reader its plain variant (``Exercise.plain_prompts[key]``)."""
        if not self.plain:
            return standard
        from app.exercises.plain import fixed_prompt

        return fixed_prompt(self._exercise, key, standard, self._language)

    def shown(self, value):
        """A text the step's state copied from a default (a default role's name) in this reader's
        language; anything else (people's words) as written."""
        if isinstance(value, str) and value:
            return default_texts(self._exercise, self._language).get(value, value)
        return value

    def __getattr__(self, name):
        return getattr(self._step, name)
