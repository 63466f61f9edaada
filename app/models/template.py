"""Saved agenda templates: a facilitator's own agendas, kept to reuse and to share."""
from app.extensions import db
from app.models.base import utcnow
from app.models.partnership import Partnership, partnership_facilitators


class AgendaTemplate(db.Model):
    """An agenda kept for reuse. ``steps`` is a list of
    ``{"exercise_key", "title", "notes", "duration_minutes", "config"}`` where ``config`` holds only
    the values that differ from what a new step would get anyway.

    ``shared``: visible (read and use, not delete) to every facilitator who co-facilitates at
    least one partnership with the owner. Sharing follows the partnerships, so someone removed
    from them stops seeing it without anyone having to remember.
    """

    id = db.Column(db.Integer, primary_key=True)
    owner_id = db.Column(db.Integer, db.ForeignKey("facilitator.id", ondelete="CASCADE"), nullable=False, index=True)
    name = db.Column(db.String(120), nullable=False)
    description = db.Column(db.Text, nullable=False, default="")
    steps = db.Column(db.JSON, nullable=False, default=list)
    shared = db.Column(db.Boolean, nullable=False, default=False)
    created_at = db.Column(db.DateTime, nullable=False, default=utcnow)

    owner = db.relationship("Facilitator")

    @classmethod
    def visible_to(cls, facilitator):
        """Query of ``facilitator``'s own templates and those their co-facilitators share."""
        return db.select(cls).where(
            (cls.owner_id == facilitator.id) | (cls.shared & cls.owner_id.in_(colleague_ids(facilitator.id)))
        ).order_by(cls.name, cls.id)

    def can_use(self, facilitator) -> bool:
        if facilitator is None or not getattr(facilitator, "is_authenticated", False):
            return False
        if self.owner_id == facilitator.id:
            return True
        return self.shared and self.owner_id in set(db.session.scalars(colleague_ids(facilitator.id)))


def _members(alias: str):
    """Every (partnership, facilitator) pair: owners and co-facilitators alike."""
    owners = db.select(Partnership.id.label("partnership_id"), Partnership.owner_id.label("facilitator_id"))
    shared = db.select(partnership_facilitators.c.partnership_id, partnership_facilitators.c.facilitator_id)
    return db.union(owners, shared).subquery(alias)


def colleague_ids(facilitator_id: int):
    """Select of the facilitators who share at least one partnership with ``facilitator_id``."""
    mine, theirs = _members("mine"), _members("theirs")
    return db.select(theirs.c.facilitator_id).join(mine, mine.c.partnership_id == theirs.c.partnership_id).where(
        mine.c.facilitator_id == facilitator_id
    )
