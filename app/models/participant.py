"""Participants: no account; a secret token (kept hashed) identifies them."""
import hashlib

from app.extensions import db
from app.models.base import utcnow


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Participant(db.Model):
    __table_args__ = (db.UniqueConstraint("workshop_id", "rejoin_code"),
                      db.Index("ix_participant_workshop_device", "workshop_id", "device_hash"))

    id = db.Column(db.Integer, primary_key=True)
    workshop_id = db.Column(db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False, index=True)
    token_hash = db.Column(db.String(64), unique=True, nullable=False)
    rejoin_code = db.Column(db.String(6), nullable=False)
    name = db.Column(db.String(60), nullable=False)
    organisation = db.Column(db.String(120), nullable=False, default="")
    sector = db.Column(db.String(60), nullable=False, default="")
    table_group = db.Column(db.String(40), nullable=False, default="")
    # The breakout table they sit at (app/models/table.py); None: not seated at one.
    table_id = db.Column(db.Integer, db.ForeignKey("breakout_table.id", ondelete="SET NULL"), nullable=True,
                         index=True)
    # They host their table: keep its conversation going, and its phone shows them as host.
    table_host = db.Column(db.Boolean, nullable=False, default=False)
    language = db.Column(db.String(5), nullable=True)
    # SHA-256 of the browser's ``cg_device`` cookie (app/join/devices.py): counts the workshop's
    # per-device join limit. Not personal by itself; it goes with the participant on purge.
    device_hash = db.Column(db.String(64), nullable=True)
    removed = db.Column(db.Boolean, nullable=False, default=False)
    # Muted by the facilitator: their actions are refused (code "muted") until unmuted.
    muted = db.Column(db.Boolean, nullable=False, default=False)
    joined_at = db.Column(db.DateTime, nullable=False, default=utcnow)
    last_seen_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    workshop = db.relationship("Workshop", back_populates="participants")

    @classmethod
    def by_token(cls, token: str | None):
        if not token or len(token) > 200:
            return None
        return db.session.execute(db.select(cls).filter_by(token_hash=hash_token(token))).scalar_one_or_none()
