"""JSON with everything about a plan, and importing it back on another server.

The file holds the partnership, every plan item (proposed, promoted and dropped) with its
provenance, the history of changes, the end-of-workshop snapshots, each workshop's agenda
(steps with exercise, title, config, notes and whether it runs in breakout tables; the
tables' names and the table plan, never who sat where) and who held each organisation's internal
champion role, with the handover notes (``champions``; files without it import with none).
Raw contributions are not in it — nor what each breakout table wrote: participants are not
carried across servers; export them per workshop instead.

An import is all or nothing: it runs in one transaction and any problem rolls everything back.
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime

from flask import current_app
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from app.exercises.validation import first_error, validate
from app.exports import clean, plan_schema
from app.extensions import db
from app.models import BreakoutTable, ChampionHolding, Partnership, PlanItem, PlanRevision, PlanSnapshot, Step, Workshop
from app.models.base import utcnow
from app.plan.items import action_data
from app.workshops.codes import new_join_code

FORMAT_VERSION = 1
KIND = "common-ground/plan"
MAX_BYTES = 5 * 1024 * 1024


class ImportFailed(ValueError):
    """The file can't be imported; ``str()`` says why, for a person. Nothing was saved."""


def render(doc: dict) -> bytes:
    """The plan document as JSON (no contributions, no export time: see the module docstring)."""
    return json.dumps(to_data(doc), ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def to_data(doc: dict) -> dict:
    return {
        "format_version": FORMAT_VERSION,
        "kind": KIND,
        "partnership": doc["partnership"],
        "workshops": [{**{k: v for k, v in w.items() if k not in ("steps", "participants")},
                       "steps": [{**{k: v for k, v in s.items()
                                     if k not in ("contributions", "exercise_title", "stored_title", "tables")},
                                  "title": s.get("stored_title", s["title"])}
                                 for s in w["steps"]]}
                      for w in doc["workshops"]],
        "items": doc["items"],
        "history": doc["history"],
        "snapshots": doc["snapshots"],
        "champions": doc["champions"],
    }


def import_plan(raw: bytes | str, owner) -> Partnership:
    """Recreate a partnership, its plan and its workshops' agendas for ``owner``; commits.

    Raises :class:`ImportFailed` (and saves nothing) for a file that is too big, not JSON,
    from a newer version, or not shaped like a plan export.
    """
    data = parse(raw)
    try:
        partnership = _create(data, owner)
        db.session.commit()
    except ImportFailed:
        db.session.rollback()
        raise
    except Exception as exc:
        db.session.rollback()
        raise ImportFailed(f"The file could not be imported: {exc}") from exc
    return partnership


def parse(raw: bytes | str) -> dict:
    """Check size, syntax, depth, version and the whole file against :data:`plan_schema.SCHEMA`;
    returns the data, cleaned of text no export can hold, or raises :class:`ImportFailed`."""
    if len(raw) > MAX_BYTES:
        raise ImportFailed(f"The file is too large ({len(raw) // 1024} KB); plan files can be at most "
                           f"{MAX_BYTES // (1024 * 1024)} MB.")
    _check(_depth(raw) <= plan_schema.MAX_DEPTH,
           f"The file nests lists or objects more than {plan_schema.MAX_DEPTH} levels deep, which no plan does.")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ImportFailed(f"This is not a valid JSON file ({exc}).") from exc
    _check(isinstance(data, dict) and data.get("kind") == KIND,
           "This JSON file is not a Common Ground plan export.")
    version = data.get("format_version")
    _check(isinstance(version, int) and not isinstance(version, bool) and version >= 1,
           "The file has no valid format_version.")
    if version > FORMAT_VERSION:
        raise ImportFailed(f"This file was made by a newer version of Common Ground (format {version}); this "
                           f"server reads format {FORMAT_VERSION} and older. Upgrade this server first.")
    error = best_match(_VALIDATOR.iter_errors(data))
    if error is not None:
        raise ImportFailed(_schema_sentence(error))
    return clean.document(data)


_VALIDATOR = Draft202012Validator(plan_schema.SCHEMA)


def _schema_sentence(error) -> str:
    """One sentence saying where the file is wrong and how, short enough to read."""
    where = " → ".join(str(part) for part in error.absolute_path) or "the top level"
    message = error.message if len(error.message) <= 160 else error.message[:157] + "…"
    return f"The file does not match the plan format at {where}: {message}."


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")


def _depth(raw: bytes | str) -> int:
    """How deep the brackets nest (outside strings), found without parsing, so a 20,000-deep
    array is refused in one sentence instead of a RecursionError."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub("", text)):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _check(condition, message: str) -> None:
    if not condition:
        raise ImportFailed(message)


def _create(data: dict, owner) -> Partnership:
    source = data["partnership"]
    partnership = Partnership(name=source["name"].strip()[:160], purpose=str(source.get("purpose") or ""),
                              sectors=[str(s) for s in source.get("sectors", [])],
                              organisations=[str(o) for o in source.get("organisations", [])], owner_id=owner.id)
    db.session.add(partnership)
    ids = {"workshop": {}, "step": {}, "item": {}}
    for workshop in data.get("workshops", []):
        _create_workshop(partnership, workshop, ids)
    db.session.flush()
    # Objects until flushed; from here on, the new ids.
    ids["workshop"] = {old: workshop.id for old, workshop in ids["workshop"].items()}
    ids["step"] = {old: step.id for old, step in ids["step"].items()}
    for item in data.get("items", []):
        _create_item(partnership, item, ids)
    db.session.flush()
    for revision in data.get("history", []):
        _create_revision(partnership, revision, ids)
    for snapshot in data.get("snapshots", []):
        db.session.add(PlanSnapshot(partnership_id=partnership.id,
                                    workshop_id=ids["workshop"].get(snapshot.get("workshop_id")),
                                    workshop_title=str(snapshot.get("workshop_title") or "")[:160],
                                    created_at=_when(snapshot.get("created_at")) or utcnow(),
                                    items=[_remap_item(i, ids) for i in snapshot.get("items") or []]))
    for holding in data.get("champions", []):
        _create_champion(partnership, holding)
    return partnership


def _create_champion(partnership, source: dict) -> None:
    """A holding of a champion role (the schema checked its fields and days)."""
    ended = source.get("ended_on")
    db.session.add(ChampionHolding(
        partnership_id=partnership.id, organisation=source["organisation"][:120], name=source["name"][:120],
        role=str(source.get("role") or "")[:120], contact=str(source.get("contact") or "")[:254],
        started_on=date.fromisoformat(source["started_on"]), ended_on=date.fromisoformat(ended) if ended else None,
        handover_note=str(source.get("handover_note") or "")))


def _create_workshop(partnership, source: dict, ids: dict) -> None:
    exercises = current_app.extensions["exercises"]
    # An imported workshop is a record or a plan: a past one stays ended, any other starts as a draft.
    status = "ended" if source.get("status") == "ended" else "draft"
    workshop = Workshop(partnership=partnership, title=source["title"][:160], join_code=new_join_code(),
                        status=status, anonymous=bool(source.get("anonymous")),
                        late_join=bool(source.get("late_join", True)), language=str(source.get("language") or "en")[:5],
                        moderated=bool(source.get("moderated")), language_filter=source.get("language_filter", "off"),
                        joins_per_device=source.get("joins_per_device"),
                        participation=source.get("participation") or "standard",
                        lived_experience=bool(source.get("lived_experience", True)),
                        created_at=_when(source.get("created_at")) or utcnow(),
                        ended_at=_when(source.get("ended_at")), planned_for=_when(source.get("planned_for")),
                        planned_minutes=source.get("planned_minutes"), table_plan=source.get("table_plan"))
    db.session.add(workshop)
    workshop.tables.extend(_tables(source.get("tables") or []))
    for position, step_source in enumerate(source.get("steps", [])):
        exercise = exercises.get(step_source["exercise"])
        config = _config(exercise, step_source.get("config") or {},
                         f"Step {step_source.get('title')!r} of {source['title']!r}")
        given = step_source.get("position")
        step = Step(workshop=workshop, position=given if isinstance(given, int) else position,
                    exercise_key=step_source["exercise"][:64], title=str(step_source.get("title") or "")[:160],
                    notes=str(step_source.get("notes") or ""), config=config,
                    state=_initial_state(exercise, config, source["title"]),
                    status="closed" if status == "ended" else "pending",
                    hidden=bool(exercise.hidden_at_start(config)) if exercise is not None else False,
                    duration_minutes=step_source.get("duration_minutes"),
                    participation=step_source.get("participation"),
                    # A step runs in tables only where there are tables to run in.
                    in_tables=bool(step_source.get("in_tables")) and bool(workshop.tables))
        workshop.steps.append(step)
        ids["step"][step_source.get("id")] = step
    ids["workshop"][source.get("id")] = workshop


def _tables(sources: list) -> list[BreakoutTable]:
    """A workshop's breakout tables from the file: names (at most 60 characters, as the console
    allows) in the file's order of positions, numbered from 0 again. Nobody is seated."""
    ordered = sorted(enumerate(sources), key=lambda pair: (pair[1].get("position") is None,
                                                           pair[1].get("position") or 0, pair[0]))
    return [BreakoutTable(position=position, name=source["name"].strip()[:60])
            for position, (_index, source) in enumerate(ordered)]


def _config(exercise, config: dict, where: str) -> dict:
    """The step's config as its exercise's config form cleans it (numbers as numbers), or a refusal."""
    if exercise is None:
        return config  # the exercise isn't enabled here: keep the step, as the agenda page does
    data, errors = validate(exercise.config_form, config)
    if errors:
        raise ImportFailed(f"{where} has a configuration the {exercise.key} exercise refuses: "
                           f"{first_error(errors).rstrip('.')}.")
    return data


def _initial_state(exercise, config: dict, workshop_title: str) -> dict:
    """The start state of an imported step, from its cleaned config."""
    if exercise is None:
        return {}
    try:
        return exercise.initial_state(config)
    except Exception as exc:
        raise ImportFailed(f"A step of {workshop_title!r} has a configuration the {exercise.key} exercise "
                           f"can't use ({exc}).") from exc


def _create_item(partnership, source: dict, ids: dict) -> None:
    provenance = _remap_provenance(source.get("provenance") or {}, ids)
    source_key = None
    if source["origin"] == "exercise" and provenance.get("step_id"):
        source_key = f"{provenance['step_id']}:{provenance.get('ref', '')}"[:300]
    item = PlanItem(partnership_id=partnership.id, section=source["section"][:40], title=source["title"][:500],
                    text=str(source.get("text") or ""), data=_item_data(source),
                    position=int(source.get("position") or 0), status=source["status"], origin=source["origin"],
                    provenance=provenance, source_key=source_key, edited=bool(source.get("edited")))
    db.session.add(item)
    db.session.flush()
    ids["item"][source.get("id")] = item.id


def _item_data(source: dict) -> dict:
    data = source.get("data") or {}
    # Files from before the plan's one action vocabulary say lead/date.
    return action_data(data) if source["section"] == "actions" else data


def _create_revision(partnership, source: dict, ids: dict) -> None:
    db.session.add(PlanRevision(
        partnership_id=partnership.id, facilitator_id=None, actor_name=str(source.get("by") or "")[:160],
        action=source["action"][:20], item_id=ids["item"].get(source.get("item_id")),
        before=_remap_item(source.get("before"), ids), after=_remap_item(source.get("after"), ids),
        created_at=_when(source.get("at")) or utcnow(),
    ))


def _remap_item(item, ids: dict):
    if not isinstance(item, dict):
        return None
    return {**item, "id": ids["item"].get(item.get("id")),
            "provenance": _remap_provenance(item.get("provenance") or {}, ids)}


def _remap_provenance(provenance: dict, ids: dict) -> dict:
    if not provenance:
        return {}
    return {**provenance, "workshop_id": ids["workshop"].get(provenance.get("workshop_id")),
            "step_id": ids["step"].get(provenance.get("step_id"))}


def _when(value) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
