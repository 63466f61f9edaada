"""A cross-sector partnership: purpose, sectors, organisations, co-facilitators."""
from app.extensions import db
from app.models.base import utcnow

partnership_facilitators = db.Table(
    "partnership_facilitators",
    db.Column("partnership_id", db.Integer, db.ForeignKey("partnership.id", ondelete="CASCADE"), primary_key=True),
    db.Column("facilitator_id", db.Integer, db.ForeignKey("facilitator.id", ondelete="CASCADE"), primary_key=True),
)


class Partnership(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(160), nullable=False)
    purpose = db.Column(db.Text, nullable=False, default="")
    # Lists of strings; the join form offers these (plus "other").
    sectors = db.Column(db.JSON, nullable=False, default=list)
    organisations = db.Column(db.JSON, nullable=False, default=list)
    owner_id = db.Column(db.Integer, db.ForeignKey("facilitator.id"), nullable=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    owner = db.relationship("Facilitator", foreign_keys=[owner_id])
    co_facilitators = db.relationship("Facilitator", secondary=partnership_facilitators, lazy="selectin")
    workshops = db.relationship(
        "Workshop", back_populates="partnership", cascade="all, delete-orphan", order_by="Workshop.id"
    )

    def can_access(self, facilitator) -> bool:
        """True when ``facilitator`` owns this partnership or it was shared with them."""
        if facilitator is None or not getattr(facilitator, "is_authenticated", False):
            return False
        return facilitator.id == self.owner_id or any(f.id == facilitator.id for f in self.co_facilitators)

    @classmethod
    def visible_to(cls, facilitator):
        """Query of the partnerships ``facilitator`` owns or co-facilitates."""
        shared = db.select(partnership_facilitators.c.partnership_id).where(
            partnership_facilitators.c.facilitator_id == facilitator.id
        )
        return db.select(cls).where((cls.owner_id == facilitator.id) | cls.id.in_(shared)).order_by(cls.id)
