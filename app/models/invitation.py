"""An owner's invitation to co-facilitate a partnership, waiting for the invited person's answer.

Kept by email, not by account: the owner's screen never says whether an account exists for
the address or whose it is, and someone who registers later still finds it.
"""
from app.extensions import db
from app.models.base import utcnow


class Invitation(db.Model):
    __table_args__ = (db.UniqueConstraint("partnership_id", "email"),)

    id = db.Column(db.Integer, primary_key=True)
    partnership_id = db.Column(db.Integer, db.ForeignKey("partnership.id", ondelete="CASCADE"), nullable=False,
                               index=True)
    email = db.Column(db.String(254), nullable=False, index=True)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    partnership = db.relationship("Partnership")
