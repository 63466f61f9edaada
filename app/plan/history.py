"""Every change to a plan is recorded: who, when, what (the item before and after)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models import PlanItem, PlanRevision

#: action -> how the history page says it.
ACTIONS = {
    "harvested": _l("arrived from a workshop"),
    "refreshed": _l("updated from its workshop"),
    "added": _l("added"),
    "edited": _l("edited"),
    "promoted": _l("promoted into the plan"),
    "dropped": _l("dropped"),
    "restored": _l("restored to proposed"),
    "moved": _l("moved"),
    "imported": _l("imported"),
}


def record(item: PlanItem, action: str, before: dict | None, facilitator=None) -> PlanRevision:
    """Add a revision of ``item`` (flushed, so a new item has its id); the caller commits."""
    db.session.flush()
    revision = PlanRevision(
        partnership_id=item.partnership_id,
        facilitator_id=getattr(facilitator, "id", None),
        actor_name=getattr(facilitator, "display_name", "") if facilitator is not None else "",
        action=action,
        item_id=item.id,
        before=before,
        after=item.as_dict(),
    )
    db.session.add(revision)
    return revision


def revisions(partnership_id: int, limit: int = 500) -> list[PlanRevision]:
    """The newest ``limit`` revisions of a partnership's plan, newest first."""
    return db.session.execute(
        db.select(PlanRevision).filter_by(partnership_id=partnership_id)
        .order_by(PlanRevision.created_at.desc(), PlanRevision.id.desc()).limit(limit)
    ).scalars().all()
