"""Reading a plan's items in the order the plan reads."""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from flask import current_app
from flask_babel import gettext as _

from app.exercises.contract import PLAN_SECTIONS, WORDING
from app.extensions import db
from app.models import PlanItem

SECTION_ORDER = {key: index for index, key in enumerate(PLAN_SECTIONS)}
log = logging.getLogger(__name__)
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def section_title(key: str) -> str:
    """The title of plan section ``key`` in the current language."""
    if key in PLAN_SECTIONS:
        return str(PLAN_SECTIONS[key])
    return key.replace("_", " ").capitalize()


def plan_items(partnership_id: int, statuses=None) -> list[PlanItem]:
    """The partnership's items (optionally only some statuses), by section, then position."""
    query = db.select(PlanItem).filter_by(partnership_id=partnership_id)
    if statuses:
        query = query.where(PlanItem.status.in_(tuple(statuses)))
    items = db.session.execute(query).scalars().all()
    return sorted(items, key=sort_key)


def sort_key(item) -> tuple:
    section = item.section if isinstance(item, PlanItem) else item["section"]
    position = item.position if isinstance(item, PlanItem) else item["position"]
    item_id = item.id if isinstance(item, PlanItem) else (item.get("id") or 0)
    return SECTION_ORDER.get(section, len(SECTION_ORDER)), position, item_id


def by_section(items) -> list[tuple[str, str, list]]:
    """``[(key, title, items)]`` for every plan section, in plan order (empty ones included)."""
    grouped: dict = {key: [] for key in PLAN_SECTIONS}
    for item in items:
        section = item.section if isinstance(item, PlanItem) else item["section"]
        grouped.setdefault(section, []).append(item)
    return [(key, section_title(key), grouped[key]) for key in grouped]


def next_position(partnership_id: int, section: str) -> int:
    highest = db.session.execute(
        db.select(db.func.max(PlanItem.position)).filter_by(partnership_id=partnership_id, section=section)
    ).scalar()
    return (highest or 0) + 1


def provenance_line(provenance: dict | None) -> str:
    """"from <workshop> · <step> · sectors …", or "" for facilitator-written items."""
    if not provenance or not provenance.get("workshop_title"):
        return ""
    from app.exercises.defaults import shown_title

    parts = [_("from %(workshop)s", workshop=provenance["workshop_title"])]
    if provenance.get("step_title"):
        parts.append(shown_title(provenance.get("exercise", ""), provenance["step_title"]))
    if provenance.get("tables"):  # rolled up from breakout tables (app/tables/rollup.py)
        parts.append(_("tables %(tables)s", tables=", ".join(provenance["tables"])))
    if provenance.get("sectors"):
        parts.append(_("sectors %(sectors)s", sectors=", ".join(provenance["sectors"])))
    return " · ".join(parts)


#: The plan's one vocabulary for an action is ``owner`` and ``due``. Items harvested before it
#: (the policy window said ``lead`` and ``date``) are read through :func:`action_data`.
LEGACY_ACTION_KEYS = {"owner": "lead", "due": "date"}


def action_data(data) -> dict:
    """An action item's ``data`` with ``owner`` and ``due``, whichever words it was stored with."""
    data = dict(data) if isinstance(data, dict) else {}
    for key, legacy in LEGACY_ACTION_KEYS.items():
        if not data.get(key) and data.get(legacy):
            data[key] = data.pop(legacy)
    return data


def _field(item, name, default=None):
    return getattr(item, name, default) if isinstance(item, PlanItem) else item.get(name, default)


def _wording_of(item):
    """``(exercise, wording)`` when the item's words come from its exercise, else ``(None, None)``."""
    data = _field(item, "data") or {}
    wording = data.get(WORDING) if isinstance(data, dict) else None
    if not isinstance(wording, dict) or _field(item, "origin", "exercise") != "exercise":
        return None, None
    exercise = current_app.extensions["exercises"].get((_field(item, "provenance") or {}).get("exercise"))
    return (exercise, wording) if exercise is not None else (None, None)


def _words(exercise, wording) -> dict:
    try:
        from app.exercises.defaults import shown_default

        # The wording's fields that are default texts (a default role's name) in the reader's words.
        wording = {key: shown_default(exercise, value) if isinstance(value, (str, list)) else
                   {k: shown_default(exercise, v) for k, v in value.items()} if isinstance(value, dict) else value
                   for key, value in wording.items() if key != "kind"} | {"kind": wording.get("kind")}
        words = exercise.plan_wording(wording) or {}
        return words if isinstance(words, dict) else {}
    except Exception:  # a wording the exercise no longer reads: the stored words are still true
        log.exception("plan_wording of exercise %r failed", exercise.key)
        return {}


def _data_words(item) -> dict:
    """The exercise's words for its own keys in an item's data (see ``Exercise.plan_data_words``)."""
    if _field(item, "origin", "exercise") != "exercise":
        return {}
    exercise = current_app.extensions["exercises"].get((_field(item, "provenance") or {}).get("exercise"))
    if exercise is None:
        return {}
    try:
        words = exercise.plan_data_words(reader_data(_field(item, "data")))
        return dict(words) if isinstance(words, Mapping) else {}
    except Exception:  # data the exercise no longer reads: shown as stored
        log.exception("plan_data_words of exercise %r failed", exercise.key)
        return {}


def worded(item) -> dict:
    """``{"title", "text"}`` of a plan item (a row or its dict) in the current language.

    An exercise's item that carries a ``wording`` is worded by its exercise now, for this reader;
    a facilitator's words (items they wrote or edited), items stored before wordings existed and
    anything the exercise can't word are shown exactly as stored.
    """
    stored = {"title": _field(item, "title") or "", "text": _field(item, "text") or ""}
    if _field(item, "edited"):
        return stored
    exercise, wording = _wording_of(item)
    if exercise is None:
        return {key: _default_words(item, value) for key, value in stored.items()}
    words = _words(exercise, wording)
    return {key: str(words[key]) if words.get(key) is not None else _default_words(item, value)
            for key, value in stored.items()}


def _exercise(item):
    """The exercise an item was harvested from, or None (a facilitator's item, an unknown exercise)."""
    if _field(item, "origin", "exercise") != "exercise":
        return None
    return current_app.extensions["exercises"].get((_field(item, "provenance") or {}).get("exercise"))


def _default_words(item, value):
    """A stored value that is one of its exercise's default texts (a default role's name, the
    prompt a reframe was written with), in the reader's language (app.exercises.defaults)."""
    from app.exercises.defaults import shown_default

    return shown_default(_exercise(item), value)


def reader_data(data) -> dict:
    """An item's ``data`` without what only the code reads (its wording)."""
    return {key: value for key, value in (data or {}).items() if key != WORDING}


def shown_data(item) -> dict:
    """An item's ``data`` as a reader reads it, key by key: the exercise's words for its own keys
    (``fields`` of its wording), an action's status by its name, yes/no for true/false, numbers
    and calendar days as the current language writes them. Nested records (ratings, gauges) are
    left out: they are in the JSON export, not for a table cell."""
    from app.exercises.contract import format_day, format_number
    from app.plan.forms import ACTION_STATUSES

    fields = _data_words(item)
    shown = {}
    for key, value in reader_data(_field(item, "data")).items():
        if key in fields:
            if fields[key] is not None:  # None: a key for code only, the words say it already
                shown[key] = str(fields[key])
        elif isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict) for v in value)):
            continue
        elif key == "status" and isinstance(value, str):
            shown[key] = str(ACTION_STATUSES.get(value, value))
        else:
            shown[key] = _reader_value(_default_words(item, value), format_day, format_number)
    return shown


def _reader_value(value, format_day, format_number):
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int, float)):
        return format_number(value)
    if isinstance(value, list):
        return ", ".join(str(_reader_value(v, format_day, format_number)) for v in value)
    if isinstance(value, str) and DAY.match(value):
        return format_day(value)
    return "" if value is None else value
