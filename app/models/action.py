"""The append-only log of every accepted change."""
from app.extensions import db
from app.models.base import utcnow


class Action(db.Model):
    __table_args__ = (
        # A client operation id is unique per actor: the retry of an accepted id finds this row.
        db.UniqueConstraint("workshop_id", "actor_key", "op_id"),
        db.UniqueConstraint("workshop_id", "seq"),
        # Reading a step's state replays its rows after the snapshot: found by this range.
        db.Index("ix_action_step_version", "step_id", "step_version"),
    )

    id = db.Column(db.Integer, primary_key=True)
    workshop_id = db.Column(db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True)
    step_id = db.Column(db.Integer, db.ForeignKey("step.id", ondelete="CASCADE"), nullable=True, index=True)
    actor_key = db.Column(db.String(24), nullable=False)  # "p:<id>" or "f:<id>"
    op_id = db.Column(db.String(64), nullable=False)
    type = db.Column(db.String(64), nullable=False)
    # The validated data exactly as the reducer received it (app/live/payloads.py).
    payload = db.Column(db.JSON, nullable=False, default=dict)
    # What reducers may read of the actor besides ``actor_key``, as it was when the action
    # ran: {"sector", "organisation"} (app/live/replay.py). NULL on controls and on rows
    # stored before snapshots (their steps' state was stored whole, so they are never replayed).
    actor = db.Column(db.JSON, nullable=True)
    seq = db.Column(db.Integer, nullable=False)  # the workshop version this action produced
    step_version = db.Column(db.Integer, nullable=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
