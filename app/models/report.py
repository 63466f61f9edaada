"""Participants' reports of an item another participant contributed (app/live/reports.py)."""
from app.extensions import db
from app.models.base import utcnow

#: Why someone reports an item: one of these, or none.
REPORT_REASONS = ("offensive", "personal", "bullying", "other")
#: "open": waiting for the facilitator; the others name the decision taken on the item.
REPORT_STATUSES = ("open", "dismissed", "hidden", "muted")


class ItemReport(db.Model):
    """One participant's report of one item of a step (``item_key``: the exercise's own key,
    e.g. ``"note:n3"``, :meth:`app.exercises.contract.Exercise.reportable`).

    One row per reporter and item (the unique constraint makes a second report idempotent, across
    processes too). ``author_key`` and ``text`` are what the item was when reported, so the
    facilitator sees what was reported even once it changed or is gone. The facilitator decides
    on an item's open reports together: ``status``, ``decided_by`` and ``decided_at`` are then
    the moderation log's entry; the reporter is only ever told their report was looked at.
    """

    __table_args__ = (db.UniqueConstraint("step_id", "item_key", "reporter_key"),)

    id = db.Column(db.Integer, primary_key=True)
    workshop_id = db.Column(db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True)
    # The step the item is in: a table's instance for a step run in tables.
    step_id = db.Column(db.Integer, db.ForeignKey("step.id", ondelete="CASCADE"), nullable=False)
    item_key = db.Column(db.String(64), nullable=False)
    reporter_key = db.Column(db.String(24), nullable=False)  # "p:<id>"
    author_key = db.Column(db.String(24), nullable=False)  # "p:<id>"
    text = db.Column(db.Text, nullable=False, default="")
    reason = db.Column(db.String(16), nullable=False, default="")  # one of REPORT_REASONS, or ""
    note = db.Column(db.String(200), nullable=False, default="")  # the reporter's own words
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    status = db.Column(db.String(10), nullable=False, default="open")
    decided_by = db.Column(db.String(24), nullable=True)  # "f:<id>"
    decided_at = db.Column(db.DateTime, nullable=True)
