"""Socket.IO handlers. The wire protocol is written down in docs/protocol.md."""
from __future__ import annotations

import time

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, disconnect, join_room

from app.extensions import db, socketio
from app.live import engine
from app.live.broadcast import changed, get_broadcaster
from app.live.controls import CONTROLS
from app.live.identity import NotAllowed, identify
from app.live.presence import Connection, get_presence
from app.live.ratelimit import Limiter
from app.live.rooms import personal_doc, room_name
from app.models import Workshop


def _limiter() -> Limiter:
    app = current_app
    if "action_limiter" not in app.extensions:
        app.extensions["action_limiter"] = Limiter(app.config["ACTION_RATE"], app.config["ACTION_BURST"])
    return app.extensions["action_limiter"]


@socketio.on("connect")
def on_connect(auth=None):
    try:
        workshop, role, actor = identify(auth)
    except NotAllowed as exc:
        db.session.remove()
        raise ConnectionRefusedError(str(exc)) from exc
    get_presence().add(request.sid, Connection(workshop.id, role, actor))
    join_room(room_name(workshop.id, role))
    if role == "participant":
        join_room(room_name(workshop.id, actor.id))
    db.session.remove()
    if current_app.config.get("BROADCASTER_AUTOSTART", True):
        get_broadcaster().start(current_app._get_current_object())
    changed(workshop.id)


@socketio.on("disconnect")
def on_disconnect(*_args):
    connection = get_presence().remove(request.sid)
    if connection:
        changed(connection.workshop_id)


def _connection():
    connection = get_presence().get(request.sid)
    if connection is None:
        disconnect()
    return connection


@socketio.on("sync")
def on_sync(_message=None):
    """Full document for this connection's audience, plus its personal part."""
    connection = _connection()
    if connection is None:
        return {"ok": False, "error": "Not connected to a workshop."}
    try:
        workshop = db.session.get(Workshop, connection.workshop_id)
        version, doc = get_broadcaster().snapshot(workshop, connection.role)
        reply = {"ok": True, "v": version, "doc": doc, "now": int(time.time() * 1000)}
        if connection.role == "participant":
            reply["personal"] = personal_doc(workshop, connection.actor.id)
        return reply
    finally:
        db.session.remove()


@socketio.on("act")
def on_act(message=None):
    """An exercise action: ``{op, step, type, data}`` -> acknowledgement."""
    connection = _connection()
    if connection is None:
        return {"ok": False, "error": "Not connected to a workshop."}
    if not _limiter().allow(connection.actor.id):
        return _throttled(message)
    try:
        return engine.submit_action(connection.workshop_id, connection.actor, message)
    finally:
        db.session.remove()


@socketio.on("control")
def on_control(message=None):
    """A facilitator control: ``{op, command, data}`` -> acknowledgement."""
    connection = _connection()
    if connection is None:
        return {"ok": False, "error": "Not connected to a workshop."}
    try:
        op = engine.parse_op(message)
        if connection.role != "facilitator":
            raise engine.Refused("Only the facilitator can do that.", code="forbidden")
        form_cls, mutate = CONTROLS.get(message.get("command"), (None, None))
        if form_cls is None:
            raise engine.Refused("Unknown control.", code="bad_request")
        from app.exercises.validation import first_error, validate

        data, errors = validate(form_cls, message.get("data"))
        if errors:
            raise engine.Refused(first_error(errors), fields=errors, code="invalid")
        ack = engine.record_change(connection.workshop_id, connection.actor, op, f"control.{message['command']}",
                                   data, lambda workshop: mutate(workshop, data))
        if ack.get("ok") and message["command"] == "remove_participant":
            _drop_participant(connection.workshop_id, data["participant_id"])
        if ack.get("ok") and not ack.get("duplicate") and _ends_workshop(message, data):
            # After the control's own transaction: gather what the room made into the plan.
            from app.plan import harvest_workshop

            harvest_workshop(db.session.get(Workshop, connection.workshop_id))
        return ack
    except engine.Refused as exc:
        return engine.error_ack(message.get("op") if isinstance(message, dict) else None, exc)
    finally:
        db.session.remove()


def _ends_workshop(message, data) -> bool:
    return message["command"] == "workshop_status" and data.get("status") == "ended"


def _drop_participant(workshop_id: int, participant_id: int) -> None:
    actor_id = f"p:{participant_id}"
    socketio.emit("removed", {"message": "The facilitator has removed you from this workshop."},
                  to=room_name(workshop_id, actor_id))
    for sid in get_presence().sids_of(workshop_id, actor_id):
        get_presence().remove(sid)
        disconnect(sid=sid, namespace="/")


def _throttled(message) -> dict:
    op = message.get("op") if isinstance(message, dict) else None
    return {"ok": False, "op": op, "error": "Too many changes at once: wait a moment and try again.",
            "code": "throttled", "retry": True}
