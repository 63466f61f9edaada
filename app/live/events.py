"""Socket.IO handlers. The wire protocol is written down in docs/protocol.md."""
from __future__ import annotations

import functools
import time

from flask import current_app, request
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_socketio import ConnectionRefusedError, disconnect, emit, join_room

from app.extensions import db, socketio
from app.i18n import current_language
from app.live import engine, handshakes, moderation, revocation
from app.live.broadcast import changed, get_broadcaster
from app.live.controls import CONTROLS
from app.live.identity import NotAllowed, identify
from app.live.presence import Connection, get_presence
from app.live.ratelimit import Limiter
from app.live.rooms import personal_doc, room_name
from app.models import Participant, Workshop
from app.ops import live_log
from app.tables import controls as table_controls
from app.tables import rollup_controls
from app.tables.live import join_audience_room, regroup

socketio.on_error_default(live_log.socket_error)


def _limiter(kind: str) -> Limiter:
    """The per-actor bucket of one kind of event: ``action``, ``sync`` or ``control``
    (ACTION_RATE/ACTION_BURST, SYNC_…, CONTROL_… in app/config.py)."""
    app, name = current_app, f"{kind}_limiter"
    if name not in app.extensions:
        prefix = kind.upper()
        app.extensions[name] = Limiter(app.config[f"{prefix}_RATE"], app.config[f"{prefix}_BURST"])
    return app.extensions[name]


def _over_limit(kind: str, message, connection) -> dict | None:
    """The "throttled" acknowledgement when this event is over its actor's limit, else None."""
    if not _limiter(kind).allow(connection.actor.id):
        return _throttled(message, connection)
    _strikes().pop(request.sid, None)
    return None


@socketio.on("connect")
def on_connect(auth=None):
    try:
        workshop, role, actor = identify(auth)
    except NotAllowed as exc:
        db.session.remove()
        live_log.refused_connection(auth, str(exc))
        raise ConnectionRefusedError(str(exc)) from exc
    if _penalised(actor.id):
        db.session.remove()
        live_log.refused_connection(auth, "flood penalty")
        raise ConnectionRefusedError(_("Too many changes at once: wait a moment, then reload the page."))
    _check_socket_cap(actor)
    handshakes.authenticated(current_app, socketio, request.sid)
    get_presence().add(request.sid, Connection(workshop.id, role, actor, connection_language(workshop, role, actor)))
    if role == "participant":
        join_audience_room(workshop.id, int(actor.id.split(":", 1)[1]))  # theirs, or their table's
        join_room(room_name(workshop.id, actor.id))
    else:
        join_room(room_name(workshop.id, role))
    revocation.grant(request.sid, workshop, role, actor)
    db.session.remove()
    if current_app.config["BROADCASTER_AUTOSTART"]:
        get_broadcaster().start(current_app._get_current_object())
    changed(workshop.id)


def _check_socket_cap(actor) -> None:
    """One token (or one facilitator) must not take every connection: refuse one past the cap."""
    facilitator = actor.role == "facilitator"
    cap = current_app.config["SOCKETS_PER_FACILITATOR" if facilitator else "SOCKETS_PER_PARTICIPANT"]
    if get_presence().count_of(actor.id) < cap:
        return
    db.session.remove()
    if facilitator:
        raise ConnectionRefusedError(_("Too many consoles and screens are open on your account: close one, "
                                       "then reload this page."))
    raise ConnectionRefusedError(_("Your place is already open on too many devices or tabs: close one, "
                                   "then reload this page."))


@socketio.on("disconnect")
def on_disconnect(*_args):
    _strikes().pop(request.sid, None)
    revocation.forget(request.sid)
    connection = get_presence().remove(request.sid)
    if connection:
        changed(connection.workshop_id)


def _connection():
    connection = get_presence().get(request.sid)
    refused = connection and revocation.refusal(request.sid)  # logged out, unshared, rejoined elsewhere
    if refused:
        emit("removed", {"code": "revoked", "message": refused})
        connection = None
    if connection is None:
        disconnect()
    return connection


def connection_language(workshop, role: str, actor) -> str:
    """A participant's own choice, else the workshop's; a facilitator's session language."""
    if role == "participant":
        participant = db.session.get(Participant, int(actor.id.split(":", 1)[1]))
        return (participant and participant.language) or workshop.language or "en"
    if role == "screen":
        return workshop.language or "en"
    return current_language()


def localised(handler):
    """Run a socket handler in its connection's language."""

    @functools.wraps(handler)
    def wrapper(*args):
        connection = get_presence().get(request.sid)
        with force_locale(connection.language if connection else "en"):
            return handler(*args)

    return wrapper


@socketio.on("sync")
@localised
def on_sync(_message=None):
    """Full document for this connection's audience, plus its personal part."""
    connection = _connection()
    if connection is None:
        return {"ok": False, "error": _("Not connected to a workshop.")}
    throttled = _over_limit("sync", _message, connection)
    if throttled:
        return throttled
    try:
        workshop = db.session.get(Workshop, connection.workshop_id)
        if workshop is None:
            return engine.error_ack(None, engine.gone())
        audience = connection.role
        if audience == "participant":  # moved to another table since? re-join from the database
            audience = join_audience_room(workshop.id, int(connection.actor.id.split(":", 1)[1]))
        version, doc = get_broadcaster().encoded_snapshot(workshop, audience)
        reply = {"ok": True, "v": version, "doc": doc, "now": int(time.time() * 1000)}
        if connection.role == "participant":
            reply["personal"] = personal_doc(workshop, connection.actor.id)
        return reply
    finally:
        db.session.remove()


@socketio.on("act")
@localised
@live_log.observed("action")
def on_act(message=None):
    """An exercise action: ``{op, step, type, data}`` -> acknowledgement."""
    connection = _connection()
    if connection is None:
        return {"ok": False, "error": _("Not connected to a workshop.")}
    throttled = _over_limit("action", message, connection)
    if throttled:
        return throttled
    try:
        return engine.submit_action(connection.workshop_id, connection.actor, message)
    finally:
        db.session.remove()


@socketio.on("control")
@localised
@live_log.observed("control")
def on_control(message=None):
    """A facilitator control: ``{op, command, data}`` -> acknowledgement."""
    connection = _connection()
    if connection is None:
        return {"ok": False, "error": _("Not connected to a workshop.")}
    throttled = _over_limit("control", message, connection)
    if throttled:
        return throttled
    try:
        op = engine.parse_op(message)
        if connection.role != "facilitator":
            raise engine.Refused(_("Only the facilitator can do that."), code="forbidden")
        if message.get("command") in moderation.COMMANDS:
            return moderation.control(connection.workshop_id, connection.actor, op, message["command"],
                                      message.get("data"))
        form_cls, mutate = CONTROLS.get(message.get("command"), (None, None))
        if form_cls is None:
            raise engine.Refused(_("Unknown control."), code="bad_request")
        from app.exercises.validation import first_error, validate

        data, errors = validate(form_cls, message.get("data"))
        if errors:
            raise engine.Refused(first_error(errors), fields=errors, code="invalid")
        before = rollup_controls.BEFORE.get(message["command"])  # adopting applies actions first
        refused = before(connection.workshop_id, connection.actor, op, data) if before else None
        if refused:
            return refused
        ack = engine.record_change(connection.workshop_id, connection.actor, op, f"control.{message['command']}",
                                   data, lambda workshop: mutate(workshop, data))
        if ack.get("ok") and not ack.get("duplicate") and message["command"] == "step_tables":
            regroup(connection.workshop_id)  # every phone may belong to another audience now
        if ack.get("ok"):
            table_controls.after_control(connection.workshop_id)  # people it moved (app/tables/controls.py)
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
    # Only that person's own room hears it: say it in their language.
    participant = db.session.get(Participant, participant_id)
    workshop = db.session.get(Workshop, workshop_id)
    with force_locale((participant and participant.language) or (workshop and workshop.language) or "en"):
        message = _("The facilitator has removed you from this workshop.")
    socketio.emit("removed", {"code": "removed", "message": message}, to=room_name(workshop_id, actor_id))
    for sid in get_presence().sids_of(workshop_id, actor_id):
        get_presence().remove(sid)
        disconnect(sid=sid, namespace="/")


def _strikes() -> dict:
    """Throttled events in a row, per connection."""
    return current_app.extensions.setdefault("throttle_strikes", {})


def _penalties() -> dict:
    """Actor id -> until when (monotonic) its new connections are refused after a flood."""
    return current_app.extensions.setdefault("flood_penalties", {})


def _penalised(actor_id: str) -> bool:
    penalties = _penalties()
    until = penalties.get(actor_id)
    if until is None:
        return False
    if until > time.monotonic():
        return True
    del penalties[actor_id]
    return False


def _throttled(message, connection) -> dict:
    """Refuse an action over the rate limit. A client that keeps sending after being told to
    wait (ours never does: it waits, then resends) is flooding: drop its connection, so the
    flood stops costing the other participants' time. (The browser sends one change at a time
    and waits a second after "throttled", so it never collects strikes in a row.)"""
    op = message.get("op") if isinstance(message, dict) else None
    strikes = _strikes()
    strikes[request.sid] = strikes.get(request.sid, 0) + 1
    if strikes[request.sid] > current_app.config["FLOOD_DISCONNECT_AFTER"]:
        strikes.pop(request.sid, None)
        # ...and keep it out for a while, so reconnecting does not restart the flood.
        _penalties()[connection.actor.id] = time.monotonic() + current_app.config["FLOOD_PENALTY_SECONDS"]
        get_presence().remove(request.sid)
        disconnect()
        changed(connection.workshop_id)
    return {"ok": False, "op": op, "error": _("Too many changes at once: wait a moment and try again."),
            "code": "throttled", "retry": True}


from app.tables import picking  # noqa: E402,F401  (registers the participants' "pick_table" event)
