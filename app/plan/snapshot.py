"""The plan as it stood when a workshop ended, kept to be viewed again."""
from __future__ import annotations

from sqlalchemy.orm import defer

from app.extensions import db
from app.models import PlanSnapshot, Workshop
from app.plan.items import plan_items


def take_snapshot(workshop: Workshop) -> PlanSnapshot:
    """Keep the partnership's current (not dropped) items for ``workshop``; once per workshop.
    The caller commits.
    """
    existing = db.session.execute(db.select(PlanSnapshot).filter_by(workshop_id=workshop.id)).scalars().first()
    if existing is not None:
        return existing
    db.session.flush()
    items = [item.as_dict() for item in plan_items(workshop.partnership_id, ("proposed", "promoted"))]
    snapshot = PlanSnapshot(partnership_id=workshop.partnership_id, workshop_id=workshop.id,
                            workshop_title=workshop.title, items=items)
    db.session.add(snapshot)
    return snapshot


def snapshots(partnership_id: int) -> list[PlanSnapshot]:
    """The partnership's snapshots, newest first. Their items load only when read: the pages that
    list them (50 workshops: 50 × 1,000 items) read the items of one or two."""
    return db.session.execute(
        db.select(PlanSnapshot).filter_by(partnership_id=partnership_id)
        .options(defer(PlanSnapshot.items))
        .order_by(PlanSnapshot.created_at.desc(), PlanSnapshot.id.desc())
    ).scalars().all()
