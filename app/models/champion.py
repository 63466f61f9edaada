"""Who carries the partnership inside each partner organisation: its internal champion.

One row per holding of the role, so a handover keeps the history: the person's name and,
if their organisation agreed to share them, a job title and a work contact; the day they took
the role on, the day they left it (empty while they hold it) and the note of what was handed
over to them. Nothing more is stored about them (``app/retention.py`` removes old holdings).
"""
from app.extensions import db
from app.models.base import utcnow


class ChampionHolding(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    partnership_id = db.Column(db.Integer, db.ForeignKey("partnership.id", ondelete="CASCADE"), nullable=False,
                               index=True)
    # As the partnership names the organisation (``Partnership.organisations``).
    organisation = db.Column(db.String(120), nullable=False)
    name = db.Column(db.String(120), nullable=False)
    role = db.Column(db.String(120), nullable=False, default="")
    contact = db.Column(db.String(254), nullable=False, default="")
    started_on = db.Column(db.Date, nullable=False)
    ended_on = db.Column(db.Date, nullable=True)
    handover_note = db.Column(db.Text, nullable=False, default="")
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    partnership = db.relationship("Partnership")

    @property
    def current(self) -> bool:
        return self.ended_on is None
