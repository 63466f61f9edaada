"""Harvest: every step's ``plan()`` contributions arrive in the partnership's plan as proposals.

Idempotent: an item is found again by ``(partnership, step id, ref)``. A dropped item stays
dropped and a facilitator's wording is never overwritten; only unedited items follow the room.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale

from app.exercises.contract import PLAN_SECTIONS
from app.exercises.phases import plans_now
from app.extensions import db
from app.models import PlanItem, Step, Workshop
from app.models.base import utcnow
from app.plan import history
from app.plan.items import next_position

log = logging.getLogger(__name__)


@dataclass
class HarvestResult:
    added: int = 0
    updated: int = 0

    def __iadd__(self, other: HarvestResult) -> HarvestResult:
        self.added += other.added
        self.updated += other.updated
        return self


def harvest_workshop(workshop: Workshop, facilitator=None) -> HarvestResult:
    """Hook for the end of a workshop: collect its plan contributions, then keep a snapshot of the
    plan as it stands. Safe to call more than once (one snapshot per workshop). Commits.
    """
    from app.plan.snapshot import take_snapshot

    result = collect_workshop(workshop, facilitator)
    if workshop.status == "ended":
        take_snapshot(workshop)
    db.session.commit()
    return result


def refresh_partnership(partnership, facilitator=None) -> HarvestResult:
    """Collect from every workshop of ``partnership`` (the "Refresh from workshops" button). Commits."""
    result = HarvestResult()
    for workshop in partnership.workshops:
        result += collect_workshop(workshop, facilitator)
    db.session.commit()
    return result


def collect_workshop(workshop: Workshop, facilitator=None) -> HarvestResult:
    """Upsert the plan items of every step of ``workshop``; the caller commits."""
    result = HarvestResult()
    exercises = current_app.extensions["exercises"]
    for step in workshop.steps:
        exercise = exercises.get(step.exercise_key)
        if exercise is not None:
            result += collect_rollup(workshop, step, facilitator)
        if exercise is None or not plans_now(exercise, step):
            continue
        try:
            # The plan is written in the workshop's language, whoever pressed the button.
            with force_locale(workshop.language or "en"):
                contributions = json.loads(json.dumps(exercise.plan(step.state, step.config), default=str))
        except Exception:  # one broken exercise must not stop the rest of the plan
            log.exception("plan() of exercise %r failed for step %s", step.exercise_key, step.id)
            continue
        for contribution in contributions or []:
            if isinstance(contribution, dict) and contribution.get("section") in PLAN_SECTIONS:
                result += _upsert(workshop, step, exercise, contribution, facilitator)
    return result


def collect_rollup(workshop: Workshop, step: Step, facilitator=None) -> HarvestResult:
    """Upsert the table results the facilitator promoted to the plan from ``step``'s breakout
    tables (app/tables/rollup.py), as the step's own items: whatever its phase, since promoting
    is the facilitator's decision. The caller commits."""
    from app.tables.rollup import decisions, plan_contributions

    result = HarvestResult()
    exercise = current_app.extensions["exercises"].get(step.exercise_key)
    for contribution in plan_contributions(decisions(step.rollup)):
        result += _upsert(workshop, step, exercise, contribution, facilitator)
    return result


def provenance_for(workshop: Workshop, step: Step, exercise, contribution: dict) -> dict:
    """Where an item comes from; ``tables``: the breakout tables it was rolled up from, if any."""
    provenance = {
        "workshop_id": workshop.id,
        "workshop_title": workshop.title,
        "step_id": step.id,
        "step_title": step.title,
        "exercise": exercise.key,
        "sectors": list(contribution.get("sectors") or []),
        "ref": str(contribution.get("ref") or contribution.get("title") or ""),
    }
    if contribution.get("tables"):
        provenance["tables"] = [str(name) for name in contribution["tables"]]
    return provenance


def _upsert(workshop, step, exercise, contribution, facilitator) -> HarvestResult:
    provenance = provenance_for(workshop, step, exercise, contribution)
    source_key = f"{step.id}:{provenance['ref']}"[:300]
    fields = {
        "section": contribution["section"],
        "title": str(contribution.get("title") or "")[:500] or "(untitled)",
        "text": str(contribution.get("text") or ""),
        "data": contribution.get("data") or {},
    }
    item = db.session.execute(
        db.select(PlanItem).filter_by(partnership_id=workshop.partnership_id, source_key=source_key)
    ).scalar_one_or_none()
    if item is None:
        item = PlanItem(partnership_id=workshop.partnership_id, status="proposed", origin="exercise",
                        source_key=source_key, provenance=provenance,
                        position=next_position(workshop.partnership_id, fields["section"]), **fields)
        db.session.add(item)
        history.record(item, "harvested", None, facilitator)
        return HarvestResult(added=1)
    if item.status == "dropped":
        return HarvestResult()
    changes = {} if item.edited else {k: v for k, v in fields.items() if getattr(item, k) != v}
    if item.provenance != provenance:
        changes["provenance"] = provenance
    if not changes:
        return HarvestResult()
    before = item.as_dict()
    for name, value in changes.items():
        setattr(item, name, value)
    item.updated_at = utcnow()
    history.record(item, "refreshed", before, facilitator)
    return HarvestResult(updated=1)
