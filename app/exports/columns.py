"""The words of the spreadsheet columns: every key of a plan item's ``data`` and of a contribution
row, named in the reader's language, and the values that are keys worded too.

The core names the keys it knows here (:data:`CORE`); each exercise names its own in
``Exercise.columns`` (a name, or a :class:`~app.exercises.contract.Column` with words for its
values), and its names win for its own sheets and items. Only the XLSX and CSV read these: the
JSON export keeps the keys and the raw values.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

from app.exercises import participation
from app.exercises.contract import Column

#: Keys the core writes or reads (a contribution's author, a plan action's owner and due date...).
CORE = {
    "workshop": _l("workshop"),
    "step": _l("step"),
    "exercise": lazy_pgettext("column", "exercise"),
    "table": lazy_pgettext("column", "table"),  # the breakout table a row was written at
    "author": _l("author"),
    "organisation": _l("organisation"),
    "sector": _l("sector"),
    "author_sector": _l("author's sector"),
    "text": _l("text"),
    "title": _l("title"),
    "note": _l("note"),
    "owner": _l("owner"),
    "due": _l("due"),
    "status": _l("status"),
    "role": lazy_pgettext("column", "role"),
    "lead": lazy_pgettext("column", "lead"),
    "supporting": lazy_pgettext("column", "supporting"),
    "responsibilities": _l("responsibilities"),
    "description": _l("description"),
    "indicator": _l("indicator"),
    "data_source": _l("data source"),
    "collected_by": _l("collected by"),
    "frequency": _l("frequency"),
    "cadence": _l("cadence"),
    "dates": _l("dates"),
}


def _column(exercise, key):
    own = (getattr(exercise, "columns", None) or {}) if exercise is not None else {}
    return own.get(key)


def name(exercise, key) -> str:
    """The header of column ``key`` in the current language: the exercise's name for it, the
    core's, or (for a key nobody named) the key with spaces for underscores."""
    column = _column(exercise, key)
    if column is not None:
        return str(column.name if isinstance(column, Column) else column)
    if key in CORE:
        return str(CORE[key])
    return str(key).replace("_", " ")


def names(exercise, keys) -> dict:
    """``{key: header}`` for ``keys``."""
    return {key: name(exercise, key) for key in keys}


def named(exercise, key) -> bool:
    """Whether ``key`` has a header in some language (the exercise's or the core's)."""
    return _column(exercise, key) is not None or key in CORE


def value(exercise, key, raw):
    """A cell of column ``key`` as a reader reads it: the exercise's words for a value that is one
    of its keys, yes/no for true/false; anything else as it is."""
    column = _column(exercise, key)
    if isinstance(column, Column) and isinstance(raw, str) and raw in column.values:
        return str(column.values[raw])
    if isinstance(raw, bool):
        return _("yes") if raw else _("no")
    if isinstance(raw, list):
        return [value(exercise, key, item) for item in raw]
    if isinstance(raw, str) and _names_sectors(exercise, key):
        return participation.sector_label(raw)  # a community role or "Lived experience", translated
    return raw


def _names_sectors(exercise, key) -> bool:
    """Does column ``key`` hold the sectors of the people who wrote a row (their roles too)?"""
    authorship = getattr(exercise, "authorship", None)
    return authorship is not None and (key == authorship.sector or key in authorship.sector_lists)


def shown_row(exercise, row: dict) -> dict:
    """A contribution row with every value as a reader reads it (the keys stay): the default
    texts the exercise copied from its config (a prompt, a role's name) in the reader's language."""
    from app.exercises.defaults import shown_default

    return {key: value(exercise, key, shown_default(exercise, raw)) for key, raw in row.items()}
