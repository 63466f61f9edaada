"""The roll-up in the live documents and the plan: reads a plenary step's table instances (their
states, who sits at each table, who contributed) into the pure model of app/tables/rollup.py.

The console gets a step's roll-up whenever the step has table instances — while the tables
still work too, so the facilitator can watch their results come in — and the room screen only
once the facilitator shows it (``rollup_screen``). Phones get nothing of it: a table's work
reaches no other table's phones.
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from app.exercises import participation
from app.extensions import db
from app.live.states import current_state
from app.models import Action, Participant, Step
from app.tables import rollup
from app.tables.instances import instances_by_table


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
    works = [rollup.TableWork(table.id, table.name, instances[table.id].id, current_state(instances[table.id]),
                              dict(instances[table.id].config or {}), seated.get(table.id, {}),
                              counts.get(instances[table.id].id, 0))
             for table in workshop.tables if table.id in instances]
    return rollup.outputs(exercise, works, workshop.anonymous, participation.grouping_for(workshop))


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
