"""One comparison of two moments of a partnership, gathered once for the page and its
downloads: the plan's changes item by item (app/plan/compare.py), who was in the room
(app/plan/rooms.py) and the figures that moved between the two workshops (app/plan/figures.py).

The earlier moment is a snapshot (the plan when a workshop ended); the later one another
snapshot, or "now": the plan as it is, and for the room and the figures the latest workshop
held since the earlier one.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from app.extensions import db
from app.models import PlanSnapshot, Workshop
from app.models.base import utcnow
from app.partnerships.measures import held_workshops, step_measures
from app.plan import rooms
from app.plan.compare import compare, room_changes
from app.plan.figures import figures_moved
from app.plan.items import plan_items
from app.plan.snapshot import snapshots


class UnknownMoment(LookupError):
    """``from`` or ``to`` names no snapshot of this partnership."""


@dataclass
class Comparison:
    snapshots: list               # every snapshot of the partnership, newest first (the page's choices)
    before: PlanSnapshot | None   # None: no snapshot yet, nothing to compare
    after: PlanSnapshot | None    # None: now
    changes: list | None = None   # [SectionChanges]
    room: object = None           # RoomChanges, or None when a people list is gone
    figures: list | None = None   # [ExerciseFigures]
    figures_from: str = ""        # the two workshops the figures come from
    figures_to: str = ""


def snapshot_of(partnership, value) -> PlanSnapshot | None:
    """The partnership's snapshot with id ``value``, or None (unknown, foreign, not a number)."""
    snapshot = db.session.get(PlanSnapshot, value) if str(value or "").isdigit() else None
    return snapshot if snapshot is not None and snapshot.partnership_id == partnership.id else None


def comparison(partnership, asked_from: str | None, asked_to: str | None) -> Comparison:
    """The comparison the page shows for ``?from=&to=``; raises :class:`UnknownMoment`."""
    kept = snapshots(partnership.id)
    asked_to = asked_to or "now"
    before = snapshot_of(partnership, asked_from) if asked_from else (kept[0] if kept else None)
    after = None if asked_to == "now" else snapshot_of(partnership, asked_to)
    if (asked_from and before is None) or (asked_to != "now" and after is None):
        raise UnknownMoment(asked_from if asked_from and before is None else asked_to)
    found = Comparison(kept, before, after)
    if before is None:
        return found
    later_items = after.items if after is not None else \
        [item.as_dict() for item in plan_items(partnership.id, ("proposed", "promoted"))]
    until = (after.created_at if after is not None else utcnow()).date()
    found.changes = compare(before.items or [], later_items or [], since=before.created_at.date(), until=until)
    found.room = _room_changes(partnership, before, after)
    _add_figures(found, partnership)
    return found


def _room_changes(partnership, before: PlanSnapshot, after: PlanSnapshot | None):
    """Organisations new or missing between the two workshops' rooms ("now": the latest room
    since), or None when either people list is gone (purged) or there is no later room."""
    earlier = rooms.organisations_at(before.workshop_id)
    if after is not None:
        later_title, later = after.workshop_title, rooms.organisations_at(after.workshop_id)
    else:
        latest = rooms.latest_room_after(partnership.id, before.workshop_id)
        later_title, later = (latest.title, rooms.organisations_at(latest.id)) if latest else ("", [])
    if not earlier or not later:
        return None
    return room_changes(before.workshop_title, earlier, later_title, later)


def _later_workshop(partnership, before: Workshop, after: PlanSnapshot | None) -> Workshop | None:
    """The workshop the later figures come from: the later snapshot's, or for "now" the latest
    workshop held after the earlier one began."""
    if after is not None:
        return db.session.get(Workshop, after.workshop_id) if after.workshop_id is not None else None
    began = before.started_at or before.created_at
    since = [w for w in held_workshops(partnership) if w.id != before.id and w.started_at > began]
    return since[-1] if since else None


def _add_figures(found: Comparison, partnership) -> None:
    """The measures of the earlier snapshot's workshop against the later workshop's."""
    earlier = db.session.get(Workshop, found.before.workshop_id) if found.before.workshop_id is not None else None
    later = _later_workshop(partnership, earlier, found.after) if earlier is not None else None
    if earlier is None or later is None or later.id == earlier.id:
        return
    titles = {key: str(exercise.title) for key, exercise in current_app.extensions["exercises"].items()}
    found.figures = figures_moved(step_measures(earlier), step_measures(later), titles)
    found.figures_from, found.figures_to = earlier.title, later.title
