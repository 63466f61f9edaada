"""Agenda operations on a workshop's steps. Handlers call these; they never commit."""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.exercises.registry import default_config
from app.extensions import db
from app.models import Action, BreakoutTable, Step, Workshop
from app.tables.instances import inherit

LOCKED_MESSAGE = _l("This step already has contributions; its configuration is locked.")


class AgendaError(Exception):
    """An agenda change that can't be made; ``message`` is shown to the facilitator."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = str(message)


def enabled_exercises() -> dict:
    return current_app.extensions["exercises"]


def add_step(workshop: Workshop, exercise_key: str) -> Step:
    """Append a step for ``exercise_key`` with the exercise's default configuration."""
    exercise = enabled_exercises().get(exercise_key)
    if exercise is None:
        raise AgendaError(_("Choose one of the exercises in the list."))
    config = starting_config(exercise, workshop.partnership)
    step = Step(
        workshop=workshop,
        position=len(workshop.steps),
        exercise_key=exercise.key,
        title=str(exercise.title),  # lazy in the exercise; stored in the language of who adds it
        config=config,
        state=exercise.initial_state(config),
        hidden=bool(exercise.hidden_at_start(config)),
    )
    db.session.add(step)
    return step


def starting_config(exercise, partnership) -> dict:
    """A new step's configuration: the form's defaults, then what the partnership fills in."""
    return {**default_config(exercise), **exercise.partnership_defaults({
        "name": partnership.name, "purpose": partnership.purpose,
        "sectors": list(partnership.sectors or []), "organisations": list(partnership.organisations or []),
    })}


def contribution_count(step: Step) -> int:
    """How many actions the step has, its breakout tables' own included (a table's instance of
    it, app/tables/instances.py); any at all locks its configuration."""
    return db.session.scalar(db.select(db.func.count(Action.id)).where(Action.step_id.in_(with_tables(step)))) or 0


def with_tables(step: Step) -> list[int]:
    """The ids of ``step`` and of each breakout table's instance of it."""
    return [step.id, *(instance.id for instance in step.table_steps)]


def remove_step(workshop: Workshop, step: Step) -> None:
    """Delete the step and its contributions — its tables' instances and theirs too — and keep
    the remaining positions contiguous."""
    db.session.execute(db.delete(Action).where(Action.step_id.in_(with_tables(step))))
    for attr in ("current_step_id", "room_step_id"):
        if getattr(workshop, attr) == step.id:
            setattr(workshop, attr, None)
    # Deleted through the session, then the list reloaded: removing it from ``workshop.steps``
    # first makes SQLAlchemy's unit of work lose it (that list's join also asks parent_id IS
    # NULL, app/models/workshop.py), failing the flush.
    db.session.delete(step)
    db.session.flush()
    db.session.expire(workshop, ["steps"])
    _renumber(workshop)


def move_step(workshop: Workshop, step: Step, direction: str) -> None:
    """Swap the step with its neighbour above ("up") or below ("down"); at an end, nothing moves."""
    steps = list(workshop.steps)
    index = steps.index(step)
    other = index - 1 if direction == "up" else index + 1 if direction == "down" else index
    if 0 <= other < len(steps) and other != index:
        steps[index], steps[other] = steps[other], steps[index]
    _renumber(workshop, steps)


def reorder_steps(workshop: Workshop, step_ids: list[int]) -> None:
    """Put the steps in the order of ``step_ids`` (one drag, one request). Refused unless it
    names every step of the workshop exactly once: a stale page must not drop or repeat one."""
    by_id = {step.id: step for step in workshop.steps}
    if sorted(step_ids) != sorted(by_id):
        raise AgendaError(_("The agenda changed in the meantime. Reload the page and try again."))
    _renumber(workshop, [by_id[i] for i in step_ids])


def duplicate_workshop(workshop: Workshop, title: str, join_code: str) -> Workshop:
    """A new draft workshop with the same settings, planned date and agenda (titles, notes,
    durations, configuration, windows between sessions and which steps run in tables), the same
    breakout tables and table plan (nobody seated), none of the contributions — the plenary
    steps' nor the tables' own — and its own join code."""
    copy = Workshop(partnership=workshop.partnership, title=title, join_code=join_code, status="draft",
                    anonymous=workshop.anonymous, late_join=workshop.late_join, language=workshop.language,
                    moderated=workshop.moderated, language_filter=workshop.language_filter,
                    joins_per_device=workshop.joins_per_device,
                    participation=workshop.participation, lived_experience=workshop.lived_experience,
                    planned_for=workshop.planned_for, planned_minutes=workshop.planned_minutes,
                    table_plan=dict(workshop.table_plan) if workshop.table_plan else None)
    db.session.add(copy)
    copy.tables.extend(BreakoutTable(position=t.position, name=t.name) for t in workshop.tables)
    exercises = enabled_exercises()
    for step in workshop.steps:
        exercise = exercises.get(step.exercise_key)
        state = exercise.initial_state(step.config) if exercise else {}
        db.session.add(Step(workshop=copy, position=step.position, exercise_key=step.exercise_key, title=step.title,
                            notes=step.notes, config=dict(step.config), state=state,
                            hidden=bool(exercise.hidden_at_start(step.config)) if exercise else False,
                            duration_minutes=step.duration_minutes, opens_at=step.opens_at,
                            closes_at=step.closes_at, participation=step.participation,
                            in_tables=step.in_tables and bool(workshop.tables)))
    return copy


def total_minutes(workshop: Workshop) -> int:
    return sum(step.duration_minutes or 0 for step in workshop.steps)


def configure_step(step: Step, config: dict) -> None:
    """Save a validated configuration and restart the step's state from it — and the state of
    each breakout table's instance of it, which runs on the same configuration.

    Refused once anyone has contributed, in the room or at any table: a new initial state would
    silently drop their work.
    """
    if contribution_count(step):
        raise AgendaError(LOCKED_MESSAGE)
    exercise = enabled_exercises()[step.exercise_key]
    for target in (step, *step.table_steps):
        target.config = dict(config)
        target.state = exercise.initial_state(config)
        target.version = (target.version or 0) + 1
    step.hidden, step.phase = bool(exercise.hidden_at_start(config)), None
    inherit(step)  # the instances take the room's hide switch and phase, as they always do


def delete_workshop(workshop: Workshop) -> None:
    """Delete the workshop with its steps, participants and every contribution."""
    # Actions have no ORM relationship; delete them explicitly rather than rely on the
    # database's ON DELETE CASCADE being switched on (SQLite needs a pragma for it).
    db.session.execute(db.delete(Action).where(Action.workshop_id == workshop.id))
    db.session.delete(workshop)


def _renumber(workshop: Workshop, steps: list[Step] | None = None) -> None:
    for position, step in enumerate(steps if steps is not None else workshop.steps):
        step.position = position
