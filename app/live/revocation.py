"""Permissions follow revocation: a socket keeps only what its owner still may do.

A connection is authorised once, on connect (app/live/identity.py), and this module keeps
what it was granted on: the participant's token (a rejoin on another device replaces it) or
the facilitator's session generation (logout and a password change bump it) and partnership.
Two things then take a revoked socket's rights away:

- at revocation (logout, password change, a co-facilitator removed, a rejoin), the sockets
  are told why in plain words (the ``removed`` event, through the message queue to every
  process) and this process disconnects its own;
- ``sync``, ``act`` and ``control`` re-check the grant (one primary-key query, two for a
  facilitator) at most every REVOCATION_RECHECK_SECONDS per connection, so a socket held by
  another process, or a client that ignores the message, is refused and disconnected at its
  first event after that. The interval keeps a flood of events from costing a query each.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_socketio import join_room
from sqlalchemy import or_, select

from app.extensions import db, socketio
from app.models import Facilitator, Participant, Partnership
from app.models.partnership import partnership_facilitators


@dataclass(frozen=True)
class Grant:
    role: str  # "participant", "facilitator" or "screen"
    subject_id: int  # the participant's or the facilitator's id
    stamp: str  # the participant's token hash, or the facilitator's session generation
    partnership_id: int


def facilitator_room(facilitator_id: int, partnership_id: int | None = None) -> str:
    """Every console and screen of one facilitator (in one partnership)."""
    return f"f{facilitator_id}" + (f":pt{partnership_id}" if partnership_id else "")


def participant_room(workshop_id: int, participant_id: int) -> str:
    from app.live.rooms import room_name

    return room_name(workshop_id, f"p:{participant_id}")


def grant(sid: str, workshop, role: str, actor) -> None:
    """Remember what the connection ``sid`` was let in on (call from the connect handler)."""
    subject_id = int(actor.id.split(":", 1)[1])
    if role == "participant":
        stamp = db.session.scalar(select(Participant.token_hash).where(Participant.id == subject_id))
    else:
        stamp = str(db.session.scalar(select(Facilitator.session_generation).where(Facilitator.id == subject_id)))
        join_room(facilitator_room(subject_id))
        join_room(facilitator_room(subject_id, workshop.partnership_id))
    _grants()[sid] = Grant(role, subject_id, stamp or "", workshop.partnership_id)


def forget(sid: str) -> None:
    _grants().pop(sid, None)
    _checked().pop(sid, None)


def refusal(sid: str) -> str | None:
    """None while the connection's grant still holds, else why not, in plain words."""
    held = _grants().get(sid)
    now = time.monotonic()
    if held is None or now - _checked().get(sid, -1e9) < current_app.config["REVOCATION_RECHECK_SECONDS"]:
        return None
    _checked()[sid] = now
    try:
        if held.role == "participant":
            return _participant_refusal(held)
        return _facilitator_refusal(held)
    finally:
        db.session.rollback()  # end the read before the caller emits


def _participant_refusal(held: Grant) -> str | None:
    row = db.session.execute(select(Participant.token_hash, Participant.removed)
                             .where(Participant.id == held.subject_id)).first()
    if row is None or row.removed:
        return _("The facilitator has removed you from this workshop.")
    if row.token_hash != held.stamp:
        return rejoined_message()
    return None


def _facilitator_refusal(held: Grant) -> str | None:
    generation = db.session.scalar(select(Facilitator.session_generation)
                                   .where(Facilitator.id == held.subject_id))
    if generation is None or str(generation) != held.stamp:
        return signed_out_message()
    shared = select(partnership_facilitators.c.partnership_id).where(
        partnership_facilitators.c.facilitator_id == held.subject_id)
    allowed = db.session.scalar(select(Partnership.id).where(
        Partnership.id == held.partnership_id,
        or_(Partnership.owner_id == held.subject_id, Partnership.id.in_(shared))))
    return None if allowed else unshared_message()


def rejoined_message() -> str:
    return _("You rejoined this workshop on another device, so this one is signed out. "
             "Nothing you sent is lost.")


def signed_out_message() -> str:
    return _("You logged out or changed your password, so this page is signed out. Reload it to log in again.")


def unshared_message() -> str:
    return _("The partnership's owner removed you as a co-facilitator, so this page is closed.")


def end_facilitator(facilitator_id: int, message: str, partnership_id: int | None = None) -> None:
    """Close the facilitator's consoles and screens (in one partnership, or all). Call after
    the commit that revoked them, never inside a transaction."""
    room = facilitator_room(facilitator_id, partnership_id)
    _tell_and_close(room, message, lambda held: held.role != "participant" and held.subject_id == facilitator_id
                    and (partnership_id is None or held.partnership_id == partnership_id))


def end_participant(workshop_id: int, participant_id: int, message: str) -> None:
    """Close one participant's connections (the old device after a rejoin). After the commit."""
    _tell_and_close(participant_room(workshop_id, participant_id), message,
                    lambda held: held.role == "participant" and held.subject_id == participant_id)


def _tell_and_close(room: str, message: str, matches) -> None:
    # Every process delivers the message to its members of the room (through the queue);
    # this process also hangs up on its own. The client shows the message instead of "Offline".
    socketio.emit("removed", {"code": "revoked", "message": message}, to=room, namespace="/")
    for sid, held in list(_grants().items()):
        if matches(held):
            forget(sid)
            socketio.server.disconnect(sid, namespace="/")


def _grants() -> dict[str, Grant]:
    return current_app.extensions.setdefault("socket_grants", {})


def _checked() -> dict[str, float]:
    """sid -> when (monotonic) its grant was last re-checked."""
    return current_app.extensions.setdefault("socket_grants_checked", {})
