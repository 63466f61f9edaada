"""Who was in the room: the organisations of a workshop's participants, for the comparison of
two moments of the plan (which partners came, which did not come back)."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Participant, Workshop


def organisations_at(workshop_id: int | None) -> list[str]:
    """The organisations of the workshop's participants (removed ones left out). Empty when
    nobody joined, or once ``purge`` deleted the participants: there is then nothing to say."""
    if workshop_id is None:
        return []
    return list(db.session.execute(
        select(Participant.organisation).where(Participant.workshop_id == workshop_id,
                                               Participant.removed.is_(False)).distinct()
    ).scalars())


def latest_room_after(partnership_id: int, workshop_id: int | None) -> Workshop | None:
    """The latest workshop of the partnership held (or running) after ``workshop_id`` began,
    whose people list is still there: "now" for the question "who is in the room now"."""
    earlier = db.session.get(Workshop, workshop_id) if workshop_id is not None else None
    if earlier is None:
        return None
    began = earlier.started_at or earlier.created_at
    candidates = db.session.execute(
        select(Workshop).where(Workshop.partnership_id == partnership_id, Workshop.id != earlier.id,
                               Workshop.started_at.is_not(None), Workshop.started_at > began)
        .order_by(Workshop.started_at.desc())
    ).scalars()
    return next((w for w in candidates if organisations_at(w.id)), None)
