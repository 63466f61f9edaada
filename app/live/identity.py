"""Who is on the other end of a socket: checked once, on connect."""
from __future__ import annotations

from flask import g, request
from flask_babel import gettext as _
from flask_login import current_user

from app.exercises import Actor
from app.extensions import db
from app.models import Participant, Workshop

ROLES = ("participant", "facilitator", "screen")


class NotAllowed(Exception):
    """The connection is refused; the message is shown to the person."""


def participant_cookie(workshop_id: int) -> str:
    return f"cg_p{workshop_id}"


def identify(auth) -> tuple[Workshop, str, Actor]:
    """Return ``(workshop, role, actor)`` for a connection's ``auth`` object or raise NotAllowed."""
    auth = auth if isinstance(auth, dict) else {}
    workshop_id, role = auth.get("workshop"), auth.get("as", "participant")
    if not isinstance(workshop_id, int) or role not in ROLES:
        raise NotAllowed(_("Say which workshop to join and as whom."))
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        raise NotAllowed(_("This workshop does not exist."))
    if role == "participant":
        return workshop, role, _participant(workshop, auth.get("token"))
    return workshop, role, _facilitator(workshop)


def _participant(workshop: Workshop, token) -> Actor:
    token = token if isinstance(token, str) else request.cookies.get(participant_cookie(workshop.id))
    participant = Participant.by_token(token)
    if participant is None or participant.workshop_id != workshop.id:
        raise NotAllowed(_("Your place in this workshop was not recognised. Join again with the code."))
    if participant.removed:
        raise NotAllowed(_("The facilitator has removed you from this workshop."))
    return participant_actor(participant)


def participant_actor(participant: Participant) -> Actor:
    return Actor(role="participant", id=f"p:{participant.id}", name=participant.name,
                 organisation=participant.organisation, sector=participant.sector)


def _facilitator(workshop: Workshop) -> Actor:
    # Authenticate afresh from this handshake's session cookie, never from a user object
    # cached in ``g`` by an earlier request sharing the app context.
    g.pop("_login_user", None)
    if not current_user.is_authenticated or not workshop.partnership.can_access(current_user):
        raise NotAllowed(_("Log in as a facilitator of this partnership."))
    return Actor(role="facilitator", id=f"f:{current_user.id}", name=current_user.display_name)
