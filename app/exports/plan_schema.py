"""The declared shape of a plan file (``format_version`` 1), as a JSON Schema (draft 2020-12).

The import checks the whole file against it before anything is saved, so a file that
imports is one every page and every export can show. Free-form ``data`` of exercise items
is allowed (each exercise writes its own), but the fields the core reads are typed: an
action's ``owner``/``due``, a check-in's ``cadence``/``dates``, an item's ``wording``, provenance,
snapshot items.
Dates are calendar days (``YYYY-MM-DD``) or empty.
"""
from __future__ import annotations

from app.exercises.contract import PLAN_SECTIONS
from app.models.plan import ITEM_ORIGINS, ITEM_STATUSES
from app.models.workshop import LANGUAGE_FILTER_MODES

#: Deeper than this and the file is refused before anything reads it (a plan file is ~6 deep).
MAX_DEPTH = 40

TEXT = {"type": "string"}
OPTIONAL_TEXT = {"type": ["string", "null"]}
ID = {"type": ["integer", "null"]}
DAY = {"type": "string", "pattern": r"^(\d{4}-\d{2}-\d{2})?$"}
WHEN = {"type": ["string", "null"], "maxLength": 40}
TEXTS = {"type": "array", "items": TEXT}

PROVENANCE = {
    "type": "object",
    "properties": {"workshop_id": ID, "workshop_title": TEXT, "step_id": ID, "step_title": TEXT,
                   "exercise": TEXT, "sectors": TEXTS, "ref": TEXT, "tables": TEXTS},
}

#: An exercise item's wording (``data["wording"]``): the kind of sentence and the fields its
#: exercise words it from, in the reader's language (see ``Exercise.plan_wording``).
WORDING = {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "minLength": 1}}}

#: What the core reads in the ``data`` of some sections (the rest is each exercise's own).
SECTION_DATA = {
    "actions": {"owner": TEXT, "due": DAY, "status": TEXT},
    "checkins": {"cadence": TEXT, "dates": {"type": "array", "items": DAY}},
    "roles": {"role": TEXT, "lead": TEXT, "supporting": {"type": ["string", "array"], "items": TEXT},
              "responsibilities": TEXT},
    "indicators": {"indicator": TEXT, "data_source": TEXT, "collected_by": TEXT, "frequency": TEXT},
}

ITEM = {
    "type": "object",
    "required": ["section", "title", "status", "origin"],
    "properties": {
        "id": ID,
        "section": {"enum": list(PLAN_SECTIONS)},
        "title": {"type": "string", "minLength": 1},
        "text": OPTIONAL_TEXT,
        "data": {"type": "object", "properties": {"wording": WORDING}},
        "position": {"type": ["integer", "null"]},
        "status": {"enum": list(ITEM_STATUSES)},
        "origin": {"enum": list(ITEM_ORIGINS)},
        "provenance": PROVENANCE,
        "edited": {"type": "boolean"},
    },
    "allOf": [
        {"if": {"properties": {"section": {"const": section}}},
         "then": {"properties": {"data": {"type": "object", "properties": fields}}}}
        for section, fields in SECTION_DATA.items()
    ],
}

STEP = {
    "type": "object",
    "required": ["exercise"],
    "properties": {
        "id": ID, "exercise": {"type": "string", "minLength": 1}, "position": {"type": ["integer", "null"]},
        "title": OPTIONAL_TEXT, "notes": OPTIONAL_TEXT, "config": {"type": "object"},
        "duration_minutes": {"type": ["integer", "null"], "minimum": 0, "maximum": 1440},
        "participation": {"enum": ["standard", "community", None]},
    },
}

WORKSHOP = {
    "type": "object",
    "required": ["title"],
    "properties": {
        "id": ID, "title": {"type": "string", "minLength": 1}, "status": OPTIONAL_TEXT,
        "join_code": OPTIONAL_TEXT, "anonymous": {"type": "boolean"}, "late_join": {"type": "boolean"},
        "moderated": {"type": "boolean"}, "language_filter": {"enum": list(LANGUAGE_FILTER_MODES)},
        "participation": {"enum": ["standard", "community"]}, "lived_experience": {"type": "boolean"},
        "joins_per_device": {"type": ["integer", "null"], "minimum": 1, "maximum": 50},
        "language": OPTIONAL_TEXT, "created_at": WHEN, "ended_at": WHEN, "planned_for": WHEN,
        "planned_minutes": {"type": ["integer", "null"], "minimum": 1, "maximum": 1440},
        "steps": {"type": "array", "items": STEP},
    },
}

REVISION = {
    "type": "object",
    "required": ["action"],
    "properties": {
        "id": ID, "by": OPTIONAL_TEXT, "action": {"type": "string", "minLength": 1}, "item_id": ID,
        "before": {"anyOf": [{"type": "null"}, ITEM]}, "after": {"anyOf": [{"type": "null"}, ITEM]}, "at": WHEN,
    },
}

SNAPSHOT = {
    "type": "object",
    "properties": {"id": ID, "workshop_id": ID, "workshop_title": OPTIONAL_TEXT, "created_at": WHEN,
                   "items": {"type": "array", "items": ITEM}},
}

#: A holding of an organisation's internal champion role (``ChampionHolding``).
CHAMPION = {
    "type": "object",
    "required": ["organisation", "name", "started_on"],
    "properties": {
        "organisation": {"type": "string", "pattern": r"\S"}, "name": {"type": "string", "pattern": r"\S"},
        "role": OPTIONAL_TEXT, "contact": OPTIONAL_TEXT, "handover_note": OPTIONAL_TEXT,
        "started_on": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "ended_on": {"anyOf": [{"type": "null"}, {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}]},
    },
}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Common Ground plan export, format 1",
    "type": "object",
    "required": ["kind", "format_version", "partnership"],
    "properties": {
        "kind": {"const": "common-ground/plan"},
        "format_version": {"type": "integer", "minimum": 1},
        "partnership": {
            "type": "object",
            "required": ["name"],
            "properties": {"name": {"type": "string", "pattern": r"\S"}, "purpose": OPTIONAL_TEXT,
                           "sectors": TEXTS, "organisations": TEXTS},
        },
        "workshops": {"type": "array", "items": WORKSHOP},
        "items": {"type": "array", "items": ITEM},
        "history": {"type": "array", "items": REVISION},
        "snapshots": {"type": "array", "items": SNAPSHOT},
        "champions": {"type": "array", "items": CHAMPION},
    },
}
