"""The roll-up in the live documents and the plan: reads a plenary step's table instances (their
states, who sits at each table, who contributed) into the pure model of app/tables/rollup.py.

The console gets a step's roll-up whenever the step has table instances — while the tables
still work too, so the facilitator can watch their results come in — and the room screen only
once the facilitator shows it (``rollup_screen``). Phones get nothing of it: a table's work
reaches no other table's phones.
"""
from __future__ import annotations

import json
import logging

from flask import current_app
from sqlalchemy import func, select

from app.exercises import participation
from app.extensions import db
from app.live.states import current_state
from app.models import Action, Participant, Step
from app.tables import rollup
from app.tables.instances import instances_by_table

log = logging.getLogger(__name__)


def seated_by_sector(workshop_id: int) -> dict[int, dict[str, int]]:
    """Table id -> {sector -> how many people sit there now} (removed people left out)."""
    found: dict[int, dict[str, int]] = {}
    for table_id, sector, count in db.session.execute(
            select(Participant.table_id, Participant.sector, func.count())
            .where(Participant.workshop_id == workshop_id, Participant.removed.is_(False),
                   Participant.table_id.is_not(None)).group_by(Participant.table_id, Participant.sector)):
        found.setdefault(table_id, {})[sector or ""] = count
    return found


def contributors(instance_ids) -> dict[int, int]:
    """Instance id -> how many distinct participants acted in it."""
    ids = list(instance_ids)
    if not ids:
        return {}
    return dict(db.session.execute(
        select(Action.step_id, func.count(func.distinct(Action.actor_key)))
        .where(Action.step_id.in_(ids), Action.actor_key.like("p:%")).group_by(Action.step_id)).all())


def tables_of(workshop, step: Step, instances: dict | None = None) -> list[dict]:
    """The outputs of ``step``'s tables (rollup.outputs), in table order; [] without instances.
    ``instances`` (table id -> instance) when the caller read them already."""
    exercise = current_app.extensions["exercises"].get(step.exercise_key)
    if instances is None:
        instances = instances_by_table([step.id])[step.id]
    if exercise is None or not instances:
        return []
    seated, counts = seated_by_sector(workshop.id), contributors(i.id for i in instances.values())
    works = [rollup.TableWork(table.id, table.name, instances[table.id].id, {}, {}, seated.get(table.id, {}),
                              counts.get(instances[table.id].id, 0), plan_items(exercise, instances[table.id]))
             for table in workshop.tables if table.id in instances]
    return rollup.outputs(exercise, works, workshop.anonymous, participation.grouping_for(workshop))


#: How many instances' plan items the process keeps (a console rebuilds its document at every
#: flush; an instance's items change only with its version).
CACHED = 512


def plan_items(exercise, instance: Step) -> list[dict]:
    """The instance's ``plan()`` items, computed once per (instance, version, language)."""
    from flask_babel import get_locale

    cache = current_app.extensions.setdefault("rollup_items_cache", {})
    key = (instance.id, instance.version, str(get_locale() or "en"))
    if key not in cache:
        if len(cache) >= CACHED:
            cache.pop(next(iter(cache)))
        try:
            cache[key] = json.loads(json.dumps(exercise.plan(current_state(instance), dict(instance.config or {}))
                                               or [], default=str))
        except Exception:  # one broken exercise must not break the console's document
            log.exception("plan() of exercise %r failed for table instance %s", exercise.key, instance.id)
            cache[key] = []
    return cache[key]


def console_parts(workshop, steps) -> dict[int, dict]:
    """Plenary step id -> its console roll-up, for those of ``steps`` that have instances."""
    found = instances_by_table([s.id for s in steps])
    exercises = current_app.extensions["exercises"]
    parts = {}
    for step in steps:
        exercise = exercises.get(step.exercise_key)
        if exercise is not None and found.get(step.id):
            parts[step.id] = rollup.console_part(exercise, tables_of(workshop, step, found[step.id]),
                                                 rollup.decisions(step.rollup), step.config or {})
    return parts


def screen_part(workshop) -> dict | None:
    """The room screen's roll-up: the step whose roll-up the facilitator shows, or None."""
    for step in workshop.steps:
        decided = rollup.decisions(step.rollup)
        if decided["screen"]["mode"] != "off":
            tables = tables_of(workshop, step)
            return rollup.screen_part(step.id, step.title, tables, decided) if tables else None
    return None
