"""The figures a partnership follows from workshop to workshop (:class:`~app.exercises.contract.Measure`),
gathered from every workshop that has been held: the one source the trends and the "what changed"
comparison read.

A workshop counts once it has gone live (``started_at``); its steps give their measures in agenda
order, through each exercise's pure ``measures(state, config)`` hook. Steps still pending (never
opened) give none, nor do exercises no longer installed.
"""
from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy.orm import selectinload

from app.exercises.contract import Measure
from app.extensions import db
from app.models import Workshop

log = logging.getLogger(__name__)


def held_workshops(partnership) -> list[Workshop]:
    """The partnership's workshops that went live, in the order they were held, steps loaded."""
    query = (db.select(Workshop).filter_by(partnership_id=partnership.id)
             .where(Workshop.started_at.is_not(None))
             .options(selectinload(Workshop.steps)).order_by(Workshop.started_at, Workshop.id))
    return db.session.execute(query).scalars().all()


def step_measures(workshop: Workshop) -> list[tuple[str, Measure]]:
    """``[(exercise key, Measure)]`` of one workshop's steps that were opened, in agenda order."""
    exercises = current_app.extensions["exercises"]
    found: list[tuple[str, Measure]] = []
    for step in sorted(workshop.steps, key=lambda s: (s.position, s.id)):
        exercise = exercises.get(step.exercise_key)
        if exercise is None or step.status == "pending":
            continue
        try:
            found.extend((exercise.key, m) for m in exercise.measures(step.state or {}, step.config or {}))
        except Exception:  # one broken exercise must not take the partnership's pages down
            log.exception("measures() of exercise %r failed for step %s", step.exercise_key, step.id)
    return found


def measures_by_workshop(partnership) -> list[tuple[Workshop, list[tuple[str, Measure]]]]:
    """Every held workshop (in the order held) with its ``[(exercise key, Measure)]``."""
    return [(workshop, step_measures(workshop)) for workshop in held_workshops(partnership)]
