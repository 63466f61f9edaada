"""Invitations to co-facilitate: the owner invites an email, its owner accepts or declines.

Nothing the owner sees depends on whether an account exists for the email: the same answer,
the same list of pending invitations. Only the person who logs in with that email sees who
invited them, and they become a co-facilitator only by accepting.
"""
from __future__ import annotations

from app.extensions import db
from app.models import Invitation, Partnership


def invite(partnership: Partnership, email: str) -> None:
    """Record an invitation (once per email); the caller commits."""
    exists = db.session.scalar(db.select(Invitation.id).filter_by(partnership_id=partnership.id, email=email))
    if exists is None:
        db.session.add(Invitation(partnership_id=partnership.id, email=email))


def pending_for(facilitator) -> list[Invitation]:
    """Invitations waiting for this facilitator's answer (by their account's email)."""
    return db.session.scalars(db.select(Invitation).filter_by(email=facilitator.email)
                              .order_by(Invitation.id)).all()


def pending_of(partnership: Partnership) -> list[Invitation]:
    return db.session.scalars(db.select(Invitation).filter_by(partnership_id=partnership.id)
                              .order_by(Invitation.id)).all()


def answer(invitation: Invitation, facilitator, accept: bool) -> None:
    """Accept (become a co-facilitator) or decline; either way the invitation is used up."""
    partnership = invitation.partnership
    if accept and not partnership.can_access(facilitator):
        partnership.co_facilitators.append(facilitator)
    db.session.delete(invitation)
