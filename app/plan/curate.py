"""Facilitators curate the plan: add, promote, edit, reorder, drop, restore. Each is recorded.

Every function changes the session and records a revision; the caller commits.
"""
from __future__ import annotations

from app.extensions import db
from app.models import PlanItem
from app.models.base import utcnow
from app.plan import history
from app.plan.items import next_position


def add(partnership, section: str, title: str, text: str, data: dict, facilitator,
        status: str = "promoted") -> PlanItem:
    """A facilitator-written item; it goes straight into the plan (promoted), or waits as
    proposed for one the core suggests (a champion handover's briefing)."""
    item = PlanItem(partnership_id=partnership.id, section=section, title=title, text=text, data=data,
                    status=status, origin="facilitator", provenance={}, edited=True,
                    position=next_position(partnership.id, section))
    db.session.add(item)
    history.record(item, "added", None, facilitator)
    return item


def edit(item: PlanItem, title: str, text: str, data: dict | None, facilitator) -> bool:
    """Change the wording (and data); a later harvest keeps these words. False when nothing changed."""
    data = dict(item.data or {}) if data is None else data
    if (item.title, item.text, item.data) == (title, text, data):
        return False
    before = item.as_dict()
    item.title, item.text, item.data, item.edited = title, text, data, True
    item.updated_at = utcnow()
    history.record(item, "edited", before, facilitator)
    return True


def set_status(item: PlanItem, status: str, facilitator) -> bool:
    """Promote ("promoted"), drop ("dropped") or restore ("proposed"). False when already so."""
    if item.status == status:
        return False
    before = item.as_dict()
    item.status = status
    item.updated_at = utcnow()
    history.record(item, {"promoted": "promoted", "dropped": "dropped", "proposed": "restored"}[status], before,
                   facilitator)
    return True


def move(item: PlanItem, direction: str, facilitator) -> bool:
    """Swap with the neighbour above ("up") or below ("down") in its section."""
    siblings = db.session.execute(
        db.select(PlanItem).filter_by(partnership_id=item.partnership_id, section=item.section)
        .where(PlanItem.status != "dropped").order_by(PlanItem.position, PlanItem.id)
    ).scalars().all()
    index = siblings.index(item) if item in siblings else -1
    other_index = index - 1 if direction == "up" else index + 1
    if index < 0 or not 0 <= other_index < len(siblings):
        return False
    # Renumber first so equal positions (from imports or races) still swap cleanly.
    for number, sibling in enumerate(siblings, start=1):
        sibling.position = number
    other = siblings[other_index]
    before = item.as_dict()
    item.position, other.position = other.position, item.position
    history.record(item, "moved", before, facilitator)
    return True
