"""Pure state transitions of the outcome indicators step: ``apply(state, action, actor)``.

State: ``indicators`` keyed by id (each with its author record, never a name), ``ratings``
keyed by indicator id then actor id (``{"importance", "feasibility"}``, either may be None),
and ``next_id``. The core gates participants by phase (propose, rate, adopt); a facilitator
may do anything at any time, so nothing here looks at the phase.
"""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from app.exercises import DomainError
from app.exercises.reducers import clean_text, dispatch, item, new_id, owned_item, writable
from plugins.indicators.forms import (
    DIMENSIONS,
    KINDS,
    NAME_MAX,
    SCALE,
    SHORT_MAX,
    TEXT_MAX,
    VALUE_MAX,
    seed_lines,
)

KIND_KEYS = tuple(key for key, _ in KINDS)
#: Latest values kept per indicator (one per measured day).
VALUES_MAX = 60
GONE = _l("That indicator no longer exists.")
NOT_YOURS = _l("You can only change the indicators you proposed.")
NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_number(text):
    """``"12"``, ``"12.5"``, ``"12,5"``, ``"1 200"`` → a number (int when whole); None otherwise."""
    compact = SPACES.sub("", str(text or ""))
    if not NUMBER.match(compact):
        return None
    value = float(compact.replace(",", "."))
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def _seeded(rows) -> dict:
    indicators = {}
    for order, (name, baseline, target, unit) in enumerate(rows, start=1):
        numbers = [parse_number(v) for v in (baseline, target)]
        quantitative = all(n is not None or not v for n, v in zip(numbers, (baseline, target), strict=True)) \
            and any(n is not None for n in numbers)
        indicator_id = f"k{order}"
        indicators[indicator_id] = {
            "id": indicator_id, "order": order, "name": name[:NAME_MAX],
            "kind": "quantitative" if quantitative else "milestone", "source": "", "owner": "",
            "baseline": numbers[0] if quantitative else baseline, "target": numbers[1] if quantitative else target,
            "unit": unit, "review": "", "breakdown": False, "breakdown_why": "",
            "author": {"id": "", "sector": ""}, "carried": True, "adopted": False, "values": {},
        }
    return indicators


def initial_state(config) -> dict:
    config = dict(config)
    indicators = _seeded(seed_lines(config.get("seed")))
    return {"config": config, "indicators": indicators, "ratings": {key: {} for key in indicators},
            "next_id": len(indicators) + 1}


def _optional(text, limit, field):
    cleaned = " ".join(str(text or "").split())
    if len(cleaned) > limit:
        raise DomainError(_l("Keep it under {n} characters."), field=field, n=limit)
    return cleaned


def _day(value) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value or "")


def _fields(data) -> dict:
    """An indicator's own fields from a propose or edit payload, checked."""
    kind = data.get("kind") or "quantitative"
    if kind not in KIND_KEYS:
        raise DomainError(_l("Pick a measure or a milestone."), field="kind")
    fields = {
        "name": clean_text(data.get("name"), NAME_MAX, field="name", empty=_l("Name the indicator first.")),
        "kind": kind,
        "source": _optional(data.get("source"), TEXT_MAX, "source"),
        "owner": _optional(data.get("owner"), SHORT_MAX, "owner"),
        "unit": _optional(data.get("unit"), SHORT_MAX, "unit"),
        "review": _day(data.get("review")),
        "breakdown": bool(data.get("breakdown")),
        "breakdown_why": _optional(data.get("breakdown_why"), TEXT_MAX, "breakdown_why"),
    }
    for field in ("baseline", "target"):
        text = _optional(data.get(field), SHORT_MAX, field)
        if kind == "quantitative" and text:
            number = parse_number(text)
            if number is None:
                raise DomainError(_l("A measure needs a number here, like 12 or 12.5 (the unit has its own field)."),
                                  field=field)
            fields[field] = number
        else:
            fields[field] = text if kind == "milestone" else None
    return fields


def propose(state, data, actor):
    fields = _fields(data)
    if not actor.is_facilitator:
        mine = sum(1 for i in state["indicators"].values() if i["author"]["id"] == actor.id)
        if mine >= state["config"]["per_person"]:
            raise DomainError(_l("You have proposed all {n} of your indicators: edit or withdraw one first."),
                              n=state["config"]["per_person"])
    indicator_id = new_id(state, "k")
    writable(state, "indicators")[indicator_id] = {
        "id": indicator_id, "order": int(indicator_id[1:]), **fields, "author": actor.as_author(),
        "carried": False, "adopted": False, "values": {},
    }
    writable(state, "ratings")[indicator_id] = {}


def edit(state, data, actor):
    found = owned_item(state, "indicators", data["indicator_id"], actor, not_yours=NOT_YOURS, gone=GONE)
    writable(state, "indicators", found["id"]).update(_fields(data))


def withdraw(state, data, actor):
    found = owned_item(state, "indicators", data["indicator_id"], actor, not_yours=NOT_YOURS, gone=GONE)
    del writable(state, "indicators")[found["id"]]
    writable(state, "ratings").pop(found["id"], None)


def rate(state, data, actor):
    found = item(state, "indicators", data["indicator_id"], GONE)
    scores = {d: data.get(d) for d in DIMENSIONS if data.get(d) is not None}
    if not scores:
        raise DomainError(_l("Give a score for importance or feasibility."))
    for dimension, score in scores.items():
        if not isinstance(score, int) or not 1 <= score <= SCALE:
            raise DomainError(_l("Give a score from 1 to 5."), field=dimension)
    mine = state["ratings"].get(found["id"], {}).get(actor.id, {})
    rated = writable(state, "ratings", found["id"])
    rated[actor.id] = {**{d: None for d in DIMENSIONS}, **mine, **scores}


def clear_rating(state, data, actor):
    found = item(state, "indicators", data["indicator_id"], GONE)
    if actor.id not in state["ratings"].get(found["id"], {}):
        raise DomainError(_l("You have not rated this indicator."))
    del writable(state, "ratings", found["id"])[actor.id]


def _adopted(value):
    def handler(state, data, actor):
        found = item(state, "indicators", data["indicator_id"], GONE)
        if found["adopted"] == value:
            raise DomainError(_l("That indicator is adopted already.") if value
                              else _l("That indicator is not adopted."))
        writable(state, "indicators", found["id"])["adopted"] = value
    return handler


def record_value(state, data, actor):
    found = item(state, "indicators", data["indicator_id"], GONE)
    text = clean_text(data.get("value"), VALUE_MAX, field="value", empty=_l("Give the latest value."))
    day = _day(data.get("date"))
    if not day:
        raise DomainError(_l("Give the day it was measured."), field="date")
    value = text
    if found["kind"] == "quantitative":
        value = parse_number(text)
        if value is None:
            raise DomainError(_l("A measure needs a number here, like 12 or 12.5 (the unit has its own field)."),
                              field="value")
    values = found.get("values") or {}
    if day not in values and len(values) >= VALUES_MAX:
        raise DomainError(_l("This indicator has {n} values already: remove an old one first."), n=VALUES_MAX)
    writable(state, "indicators", found["id"], "values")[day] = value


def remove_value(state, data, actor):
    found = item(state, "indicators", data["indicator_id"], GONE)
    day = _day(data.get("date"))
    if day not in (found.get("values") or {}):
        raise DomainError(_l("No value was recorded on that day."), field="date")
    del writable(state, "indicators", found["id"], "values")[day]


HANDLERS = {
    "propose": propose, "edit": edit, "withdraw": withdraw, "rate": rate, "clear_rating": clear_rating,
    "adopt": _adopted(True), "unadopt": _adopted(False), "record_value": record_value,
    "remove_value": remove_value,
}


def apply(state, action, actor):
    return dispatch(HANDLERS, state, action, actor)
