"""Each table's instance of a step run in tables (issue 22).

A plenary step with ``in_tables`` on has one *table instance* per table of its workshop: a child
:class:`Step` (``parent_id`` = the plenary step, ``table_id`` = the table) with its own state,
action log, version and snapshots, so the engine stores, replays and snapshots it like any step.
What the room is doing with the step — its status, phase, privacy switch, timer and window — is
the plenary step's: :func:`inherit` copies it onto every instance in the same transaction as the
control that changed it, so every table's timer and privacy are the plenary step's.

Turning "run in tables" off keeps the instances and their work: nothing a table wrote is lost,
and the roll-up reads them (``Step.table_steps``).
"""
from __future__ import annotations

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import BreakoutTable, Step

#: What an instance takes from its plenary step, whenever it changes: what the room is doing.
INHERITED = ("title", "status", "hidden", "phase", "timer_ends_at", "timer_remaining", "duration_minutes",
             "opens_at", "closes_at")


def new_instance(step: Step, table_id: int) -> Step:
    """A table's fresh instance of ``step`` (not added to the session): the exercise's initial
    state for the step's configuration, and what the room is doing from the plenary step."""
    exercise = current_app.extensions["exercises"].get(step.exercise_key)
    config = dict(step.config or {})
    instance = Step(parent_id=step.id, table_id=table_id, workshop_id=step.workshop_id, position=step.position,
                    exercise_key=step.exercise_key, notes="", config=config,
                    state=exercise.initial_state(config) if exercise is not None else {})
    for name in INHERITED:
        setattr(instance, name, getattr(step, name))
    return instance


def instance_for(step: Step, table_id: int | None) -> Step | None:
    """The instance of ``step`` at ``table_id``, or None (no such table, or not made yet)."""
    if table_id is None:
        return None
    return db.session.scalar(select(Step).where(Step.parent_id == step.id, Step.table_id == table_id))


def ensure_instances(step: Step) -> list[Step]:
    """One instance of ``step`` per table of its workshop, making the missing ones (for the
    tables added since). Idempotent: the unique index (parent_id, table_id) keeps two processes
    from making the same one. Inside the caller's transaction; the instances, in table order."""
    have = {s.table_id: s for s in db.session.scalars(select(Step).where(Step.parent_id == step.id))}
    table_ids = db.session.scalars(select(BreakoutTable.id).where(BreakoutTable.workshop_id == step.workshop_id)
                                   .order_by(BreakoutTable.position, BreakoutTable.id)).all()
    made = []
    for table_id in table_ids:
        if table_id not in have:
            have[table_id] = new_instance(step, table_id)
            db.session.add(have[table_id])
            made.append(have[table_id])
    if made:
        db.session.flush()
    return [have[t] for t in table_ids]


def ensure_instance_committed(step_id: int, table_id: int) -> int:
    """The id of the instance of plenary step ``step_id`` at ``table_id``, making and committing
    it when the table was added after the step went into tables. A concurrent maker (another
    process, the same moment) wins the unique index: its instance is the one."""
    step = db.session.get(Step, step_id)
    found = instance_for(step, table_id)
    if found is not None:
        return found.id
    try:
        instance = new_instance(step, table_id)
        db.session.add(instance)
        db.session.commit()
        return instance.id
    except IntegrityError:
        db.session.rollback()
        return instance_for(db.session.get(Step, step_id), table_id).id


def inherit(step: Step) -> None:
    """Copy what the room is doing with plenary ``step`` onto each of its instances (the
    caller's transaction): status, phase, hide switch, timer, window, title."""
    for instance in step.table_steps:
        for name in INHERITED:
            setattr(instance, name, getattr(step, name))


def ensure_workshop_instances(workshop_id: int) -> int:
    """Make the missing instances of every step of the workshop run in tables (a table was
    added, or people were seated at a new one); commits. Returns how many were made."""
    steps = db.session.scalars(select(Step).where(Step.workshop_id == workshop_id, Step.parent_id.is_(None),
                                                  Step.in_tables.is_(True))).all()
    before = db.session.scalar(select(db.func.count()).select_from(Step).where(
        Step.workshop_id == workshop_id, Step.parent_id.is_not(None)))
    for step in steps:
        ensure_instances(step)
    try:
        db.session.commit()
    except IntegrityError:  # another process made one at the same moment: theirs stands
        db.session.rollback()
        return 0
    after = db.session.scalar(select(db.func.count()).select_from(Step).where(
        Step.workshop_id == workshop_id, Step.parent_id.is_not(None)))
    return after - before


def instances_by_table(step_ids) -> dict[int, dict[int, Step]]:
    """Plenary step id -> {table id -> instance}, for the given plenary steps, in one query."""
    ids = list(step_ids)
    found: dict[int, dict[int, Step]] = {i: {} for i in ids}
    if not ids:
        return found
    for instance in db.session.scalars(select(Step).where(Step.parent_id.in_(ids))):
        found[instance.parent_id][instance.table_id] = instance
    return found
