"""The shared partnership plan: its items, the record of every change, and end-of-workshop snapshots."""
from app.extensions import db
from app.models.base import utcnow

ITEM_STATUSES = ("proposed", "promoted", "dropped")
ITEM_ORIGINS = ("exercise", "facilitator")


class PlanItem(db.Model):
    """One piece of a partnership's plan.

    Items from exercises carry ``provenance`` ``{workshop_id, workshop_title, step_id, step_title,
    exercise, sectors, ref}``; ``(partnership, step_id, ref)`` identifies them across harvests.
    ``edited`` is set once a facilitator changes the wording, so a later harvest keeps their words.
    """

    id = db.Column(db.Integer, primary_key=True)
    partnership_id = db.Column(db.Integer, db.ForeignKey("partnership.id", ondelete="CASCADE"), nullable=False,
                               index=True)
    section = db.Column(db.String(40), nullable=False)
    title = db.Column(db.String(500), nullable=False)
    text = db.Column(db.Text, nullable=False, default="")
    data = db.Column(db.JSON, nullable=False, default=dict)
    position = db.Column(db.Integer, nullable=False, default=0)
    status = db.Column(db.String(10), nullable=False, default="proposed")
    origin = db.Column(db.String(12), nullable=False, default="exercise")
    provenance = db.Column(db.JSON, nullable=False, default=dict)
    # Harvest key of exercise items: "<step_id>:<ref>"; None for facilitator items.
    source_key = db.Column(db.String(300), nullable=True)
    edited = db.Column(db.Boolean, nullable=False, default=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    updated_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    __table_args__ = (db.UniqueConstraint("partnership_id", "source_key"),)

    def as_dict(self) -> dict:
        """The item as plain data: what revisions, snapshots and exports store."""
        return {
            "id": self.id,
            "section": self.section,
            "title": self.title,
            "text": self.text,
            "data": dict(self.data or {}),
            "position": self.position,
            "status": self.status,
            "origin": self.origin,
            "provenance": dict(self.provenance or {}),
            "edited": self.edited,
        }


class PlanRevision(db.Model):
    """Who changed the plan, when, and how: the item before and after."""

    id = db.Column(db.Integer, primary_key=True)
    partnership_id = db.Column(db.Integer, db.ForeignKey("partnership.id", ondelete="CASCADE"), nullable=False,
                               index=True)
    facilitator_id = db.Column(db.Integer, db.ForeignKey("facilitator.id", ondelete="SET NULL"), nullable=True)
    # The name at the time, so the history still reads right after an account is deleted or imported.
    actor_name = db.Column(db.String(160), nullable=False, default="")
    action = db.Column(db.String(20), nullable=False)
    item_id = db.Column(db.Integer, nullable=True)
    before = db.Column(db.JSON, nullable=True)
    after = db.Column(db.JSON, nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow, index=True)

    facilitator = db.relationship("Facilitator")


class PlanSnapshot(db.Model):
    """The plan as it stood when a workshop ended (its promoted and proposed items)."""

    id = db.Column(db.Integer, primary_key=True)
    partnership_id = db.Column(db.Integer, db.ForeignKey("partnership.id", ondelete="CASCADE"), nullable=False,
                               index=True)
    workshop_id = db.Column(db.Integer, db.ForeignKey("workshop.id", ondelete="SET NULL"), nullable=True)
    workshop_title = db.Column(db.String(160), nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    items = db.Column(db.JSON, nullable=False, default=list)
