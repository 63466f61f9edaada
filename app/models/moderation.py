"""The moderation queue: participants' contributions held for the facilitator to approve."""
from app.extensions import db
from app.models.base import utcnow

#: "flagged": not held at all, applied at once; the row only lists it for the facilitator (the
#: language filter's "flag" mode), so it is in the log from the start.
HELD_STATUSES = ("held", "approved", "rejected", "flagged")


class HeldAction(db.Model):
    """A participant's action, validated but not applied (app/live/moderation.py).

    ``data`` is what the action's form validated, as the exercise would have received it; an
    approval applies exactly that (or its edited text) through the engine, as ``actor_key``,
    with ``op_id`` as the operation id, so the author's resend finds the applied action. The
    row stays after the decision: with ``decided_by``/``decided_at`` it is the moderation log.
    """

    __table_args__ = (db.UniqueConstraint("workshop_id", "actor_key", "op_id"),)

    id = db.Column(db.Integer, primary_key=True)
    workshop_id = db.Column(db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True)
    step_id = db.Column(db.Integer, db.ForeignKey("step.id", ondelete="CASCADE"), nullable=False)
    actor_key = db.Column(db.String(24), nullable=False)  # "p:<id>"
    op_id = db.Column(db.String(64), nullable=False)
    type = db.Column(db.String(64), nullable=False)
    data = db.Column(db.JSON, nullable=False, default=dict)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    status = db.Column(db.String(10), nullable=False, default="held")
    decided_by = db.Column(db.String(24), nullable=True)  # "f:<id>"
    decided_at = db.Column(db.DateTime, nullable=True)
    # The kind message sent to the author with a rejection ("" for none).
    reason = db.Column(db.Text, nullable=False, default="")
    # True when the facilitator changed the text before approving it.
    edited = db.Column(db.Boolean, nullable=False, default=False)
    # The offensive words the language filter found in its text (sorted), or None when the row is
    # there for another reason (the workshop moderates, and the filter found nothing or was off).
    filter_words = db.Column(db.JSON, nullable=True)

    step = db.relationship("Step")
