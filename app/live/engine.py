"""Accept a change: validate, authorise, apply, store (the log row and the step's new version,
one transaction; a new snapshot of the state every SNAPSHOT_EVERY actions), and only then
acknowledge. A retried operation id returns the first acknowledgement."""
from __future__ import annotations

import logging
import re
import time

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from app.db_setup import storage_problem
from app.exercises import Action as ExerciseAction
from app.exercises import DomainError
from app.exercises import phases as step_phases
from app.exercises.contract import seconds_at
from app.exercises.validation import first_error, validate
from app.extensions import db, socketio
from app.live import payloads, windows, windows_text
from app.live.replay import actor_record
from app.live.states import read_state, state_cache
from app.models import Action, Participant, Step, Workshop
from app.models.base import utcnow

# The engine's UPDATEs skip the ORM's search of the session for objects to bring up to date: it
# cost more than the statement, and nothing reads those objects after the write.
NO_ORM_SYNC = {"synchronize_session": False}

log = logging.getLogger(__name__)
#: Between two tries of a write refused because another process holds the database's lock.
RETRY_PAUSE = 0.05

OP_ID = re.compile(r"^[A-Za-z0-9_.:-]{8,64}$")

STATUS_REFUSALS = {
    "pending": _l("This step has not started yet."),
    "locked": _l("This step is locked for now: the facilitator has paused contributions."),
    "closed": _l("This step is closed."),
    "open": _l("This can only be done once the facilitator locks the step."),
}


class Refused(Exception):
    """The change is refused; ``message`` is for a person, ``fields`` for a form."""

    def __init__(self, message, fields: dict | None = None, code: str = "refused", retry: bool = False):
        super().__init__(str(message))
        self.message, self.fields, self.code, self.retry = str(message), fields, code, retry


def error_ack(op, exc: Refused) -> dict:
    ack = {"ok": False, "op": op, "error": exc.message, "code": exc.code}
    if exc.fields:
        ack["fields"] = exc.fields
    if exc.retry:
        ack["retry"] = True
    return ack


def storage_refusal(problem: str) -> Refused:
    """What the sender of a change is told when the database could not take it."""
    if problem == "locked":
        return Refused(_("The server is busy saving other work. Your change was not saved yet: it will be sent "
                         "again in a moment."), code="busy", retry=True)
    return Refused(_("The server could not save your change because its storage is full. It will be sent again; "
                     "please tell the facilitator."), code="storage", retry=True)


def with_storage_retry(write):
    """Run ``write()`` (one transaction); while another process holds SQLite's lock, roll back
    and try again on the event loop (never inside a transaction) for LIVE_WRITE_WAIT_SECONDS,
    then refuse with ``retry``. A full disk is refused at once. Nothing here blocks the loop:
    in a green server SQLite's own wait is 0 ms (SQLITE_BUSY_TIMEOUT_MS)."""
    deadline = time.monotonic() + current_app.config["LIVE_WRITE_WAIT_SECONDS"]
    for _attempt in range(10_000):  # bounded; the deadline ends it long before
        try:
            return write()
        except OperationalError as exc:
            db.session.rollback()
            problem = storage_problem(exc)
            if problem is None:
                raise
            if problem == "full" or time.monotonic() >= deadline:
                log.warning("change not stored: database %s (%s)", problem, exc.orig)
                raise storage_refusal(problem) from exc
            socketio.sleep(RETRY_PAUSE)
    raise storage_refusal("locked")


def gone() -> Refused:
    """The workshop was deleted while this client was connected: nothing more can be done in it."""
    return Refused(_("This workshop has been deleted."), code="gone")


def _is_id(value) -> bool:
    # bool is an int; ids past 64 bits would overflow the database's integer, unanswered.
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**63


def parse_op(message) -> str:
    if not isinstance(message, dict):
        raise Refused(_("The message must be an object."), code="bad_request")
    op = message.get("op")
    if not isinstance(op, str) or not OP_ID.match(op):
        raise Refused(_("Every change needs an operation id of 8-64 letters or digits."), code="bad_request")
    return op


def previous_ack(workshop_id: int, actor_key: str, op: str) -> dict | None:
    """The acknowledgement of an operation already accepted, if it was."""
    row = db.session.execute(
        select(Action.seq, Action.step_id, Action.step_version, Step.parent_id, Step.table_id)
        .outerjoin(Step, Step.id == Action.step_id).where(
            Action.workshop_id == workshop_id, Action.actor_key == actor_key, Action.op_id == op
        )
    ).first()
    if row is None:
        return None
    ack = {"ok": True, "op": op, "v": row.seq, "step": row.step_id, "step_version": row.step_version,
           "duplicate": True}
    return _at_table(ack, row.parent_id, row.step_id, row.table_id)


def _at_table(ack: dict, parent_id, step_id, table_id) -> dict:
    """An action stored on a table's instance is acknowledged under the plenary step's id (the
    one the documents show it under), with the table and the instance's id."""
    if parent_id is not None:
        ack.update(step=parent_id, table=table_id, instance=step_id)
    return ack


def submit_action(workshop_id: int, actor, message) -> dict:
    """Handle one exercise action from ``actor``; returns the acknowledgement to send back."""
    from app.live import moderation

    op = None
    try:
        op = parse_op(message)
        done = previous_ack(workshop_id, actor.id, op) or moderation.previous_held(workshop_id, actor.id, op)
        if done:
            return done
        step, exercise, spec, data = with_storage_retry(lambda: _validated(workshop_id, actor, message))
        held, flagged = moderation.screen(workshop_id, actor, op, step, exercise, message["type"], data)
        if held:  # muted (refused), or kept for the facilitator to approve (app/live/moderation.py)
            return held
        ack = with_storage_retry(lambda: _store(workshop_id, step.id, exercise, actor, op, message["type"], data))
        if flagged and not ack.get("duplicate"):  # applied, and listed for the facilitator
            moderation.record_flag(workshop_id, actor, op, step.id, message["type"], data, flagged)
        return ack
    except Refused as exc:
        db.session.rollback()
        return error_ack(op, exc)


def _validated(workshop_id, actor, message):
    step_id, action_type = message.get("step"), message.get("type")
    participant_id = int(actor.id.split(":", 1)[1]) if actor.role == "participant" else None
    step = _step_facts(step_id, participant_id) if _is_id(step_id) else None
    if step is None or step.workshop_id != workshop_id:
        if db.session.get(Workshop, workshop_id) is None:
            raise gone()
        raise Refused(_("That step is not part of this workshop."), code="not_found")
    step = routed(step, actor, message.get("table"), participant_id)
    exercise = current_app.extensions["exercises"].get(step.exercise_key)
    spec = exercise.actions.get(action_type) if exercise and isinstance(action_type, str) else None
    if spec is None:
        raise Refused(_("This step does not accept that kind of change."), code="bad_request")
    if actor.role not in spec.roles:
        raise Refused(_("Only the facilitator can do that."), code="forbidden")
    if actor.role == "participant" and step.participant_removed is not False:
        # Removed while connected to another server process (or no longer exists).
        raise Refused(_("The facilitator has removed you from this workshop."), code="forbidden")
    _check_running(step, actor, spec)
    data, errors = validate(spec.form, message.get("data"))
    if errors:
        raise Refused(first_error(errors), fields=errors, code="invalid")
    return step, exercise, spec, data


def _step_facts(step_id: int, participant_id: int | None):
    """What the checks before the write need, in one query (the state itself is read once,
    under the write lock, in _store): the step, its workshop's status and room step, and
    whether the acting participant has been removed or muted (None when the actor is not one),
    whether the workshop moderates and its language filter's mode (app/live/moderation.py reads
    these, no query of its own)."""
    removed = select(Participant.removed).where(Participant.id == participant_id).scalar_subquery()
    muted = select(Participant.muted).where(Participant.id == participant_id).scalar_subquery()
    seat = select(Participant.table_id).where(Participant.id == participant_id).scalar_subquery()
    return db.session.execute(
        select(Step.id, Step.workshop_id, Step.exercise_key, Step.status, Workshop.moderated, Workshop.language_filter,
               muted.label("participant_muted"), Step.opens_at, Step.closes_at,
               Workshop.status.label("workshop_status"), Workshop.room_step_id, removed.label("participant_removed"),
               Step.in_tables, Step.parent_id, Step.table_id, seat.label("participant_table"))
        .join(Workshop, Workshop.id == Step.workshop_id).where(Step.id == step_id)
    ).first()


def routed(step, actor, table, participant_id):
    """The step an action addressed to ``step`` goes to (app/tables/): a seated participant's
    action on a step run in tables goes to their table's instance; a facilitator names the
    table (``table``) to act on one table's instance, and acts on the plenary step without it.
    A participant never reaches another table's instance."""
    from app.tables.instances import ensure_instance_committed

    if step.parent_id is not None:  # an instance addressed by its own id
        if actor.role == "participant" and step.table_id != step.participant_table:
            raise Refused(_("That step is not part of this workshop."), code="not_found")
        return step
    if actor.role == "participant":
        if not step.in_tables:
            return step
        if step.participant_table is None:
            raise Refused(_("This step is being done in tables, and you have not been given a table yet. "
                            "Ask the facilitator to seat you at one."), code="no_table")
        table = step.participant_table
    elif table is None:
        return step
    elif not _is_id(table) or not _table_of(step, table):
        raise Refused(_("That table is not part of this workshop."), code="not_found")
    elif not step.in_tables and not _has_instance(step.id, table):
        raise Refused(_("This step is not run in tables."), code="not_found")
    instance_id = ensure_instance_committed(step.id, table)
    return _step_facts(instance_id, participant_id)


def _table_of(step, table_id: int) -> bool:
    from app.models import BreakoutTable

    return db.session.scalar(select(BreakoutTable.id).where(BreakoutTable.id == table_id,
                                                            BreakoutTable.workshop_id == step.workshop_id)) is not None


def _has_instance(step_id: int, table_id: int) -> bool:
    return db.session.scalar(select(Step.id).where(Step.parent_id == step_id, Step.table_id == table_id)) is not None


def _check_running(step, actor, spec) -> None:
    """Participants act in the room (live, on this step) or through the step's open window
    (app/live/windows.py); the step's status rules hold either way."""
    window_open = windows.is_open(step, utcnow())
    # A table's instance is in the room when its plenary step is.
    room_id = step.parent_id or step.id
    if not actor.is_facilitator and not windows.room_allows(step.workshop_status, step.room_step_id, room_id,
                                                            window_open):
        raise _not_in_room(step)
    status = windows.effective_status(step.status, window_open)
    if not spec.allows(actor.role, status):
        raise Refused(str(STATUS_REFUSALS.get(status, _l("Not possible now."))), code="step_status")


def _not_in_room(step) -> Refused:
    """Why a participant cannot contribute to ``step`` now: the window's dates when it has one."""
    state = windows.window_state(step.opens_at, step.closes_at, utcnow())
    if state == windows.BEFORE:
        return Refused(_("This step opens for contributions on %(when)s.", when=windows_text.moment(step.opens_at)),
                       code="not_yet_open")
    if state == windows.AFTER:
        return Refused(_("This step closed for contributions on %(when)s.", when=windows_text.moment(step.closes_at)),
                       code="window_closed")
    if step.workshop_status != "live":
        return Refused(_("The workshop is not running right now."), code="not_live")
    return Refused(_("The room has moved on to another step."), code="step_status")


def bump_version(workshop_id: int) -> int:
    """Start the write: take the workshop's row (its lock serialises writers) and count one more."""
    return db.session.execute(
        update(Workshop).where(Workshop.id == workshop_id).values(version=Workshop.version + 1)
        .returning(Workshop.version), execution_options=NO_ORM_SYNC
    ).scalar_one()


def _store(workshop_id, step_id, exercise, actor, op, action_type, data) -> dict:
    try:
        version = bump_version(workshop_id)
        # Read the step after taking the lock, so no concurrent write is lost.
        row = db.session.execute(
            select(Step.version, Step.state_version, Step.status, Step.phase, Step.config, Step.opens_at,
                   Step.closes_at, Step.parent_id, Step.table_id).where(Step.id == step_id)).one()
        spec = exercise.actions[action_type]
        accepted_at = utcnow()
        status = windows.effective_status(row.status, windows.is_open(row, accepted_at))
        if not spec.allows(actor.role, status):
            raise Refused(str(STATUS_REFUSALS.get(status, _l("Not possible now."))), code="step_status")
        # The phase the room is in decides what participants may do: checked here, once, for
        # every exercise that declares phases, before its reducer runs.
        not_now = step_phases.refusal(exercise, row.config, row.phase, action_type, actor.role)
        if not_now is not None:
            raise Refused(not_now.message, code="phase")
        state = read_state(step_id, row.version)
        # The reducer gets the data as the log row keeps it, so a replay of the row is exact.
        payload = payloads.encode(data)
        action = ExerciseAction(action_type, payloads.decode(payload, spec.form), at=seconds_at(accepted_at))
        try:
            new_state = exercise.apply(state, action, actor)
        except DomainError as exc:
            raise Refused(exc.message, fields={exc.field: [exc.message]} if exc.field else None, code="rule") from exc
        step_version = row.version + 1
        db.session.execute(update(Step).where(Step.id == step_id)
                           .values(version=step_version, **_snapshot(row.state_version, step_version, new_state)),
                           execution_options=NO_ORM_SYNC)
        # A Core insert: the log row needs no ORM object, and skipping the unit of work halves
        # the cost of the commit. The row is the source of truth: everything a replay needs.
        db.session.execute(insert(Action).values(
            workshop_id=workshop_id, step_id=step_id, actor_key=actor.id, op_id=op, type=action_type,
            payload=payload, actor=actor_record(actor), seq=version, step_version=step_version,
            created_at=accepted_at))
        db.session.commit()
        state_cache().put(step_id, step_version, new_state)
    except IntegrityError:
        # The same op id raced in from another connection: the first one won; answer as it did.
        db.session.rollback()
        done = previous_ack(workshop_id, actor.id, op)
        if done:
            return done
        raise
    _mark_changed(workshop_id, exercise, state, action, actor, row.table_id)
    ack = {"ok": True, "op": op, "v": version, "step": step_id, "step_version": step_version}
    return _at_table(ack, row.parent_id, step_id, row.table_id)


def _snapshot(state_version: int, step_version: int, new_state: dict) -> dict:
    """The snapshot columns to write with this action: none until SNAPSHOT_EVERY actions have
    been stored since the last snapshot, so most actions write only their own row."""
    if step_version - state_version < current_app.config["SNAPSHOT_EVERY"]:
        return {}
    return {"snapshot": new_state, "state_version": step_version}


def _mark_changed(workshop_id, exercise, state_before, action, actor, table_id=None) -> None:
    """Mark the workshop for broadcast, with whose own (personal) parts need refreshing. A
    change to a table's instance marks that table only (app/tables/live.py): no other table's
    phones are patched for it."""
    from app.live.broadcast import EVERYONE, changed
    from app.tables.live import table_mark

    def mark(actor_id):
        changed(workshop_id, table_mark(table_id, actor_id) if table_id is not None else actor_id)

    if actor.is_facilitator:
        mark(EVERYONE)
        return
    mark(actor.id)
    try:
        others = exercise.also_affects(state_before, action, actor)
    except Exception:  # a plugin bug must not turn a stored change into an error
        others = set()
    for participant_id in others:
        mark(participant_id)


def record_change(workshop_id: int, actor, op: str, change_type: str, data: dict, mutate) -> dict:
    """Store a non-exercise change (a facilitator control) the same way: versioned, logged,
    idempotent. ``mutate(workshop)`` changes ORM objects or raises :class:`Refused`."""
    def write():
        done = previous_ack(workshop_id, actor.id, op)
        if done:
            return done, None, None
        if db.session.get(Workshop, workshop_id) is None:
            raise gone()
        version = bump_version(workshop_id)
        workshop = db.session.get(Workshop, workshop_id)
        db.session.refresh(workshop)
        step_id = mutate(workshop)
        db.session.add(Action(workshop_id=workshop_id, step_id=step_id, actor_key=actor.id, op_id=op,
                              type=change_type, payload=payloads.encode(data), seq=version))
        db.session.commit()
        return None, version, step_id

    try:
        done, version, step_id = with_storage_retry(write)
        if done:
            return done
    except Refused as exc:
        db.session.rollback()
        return error_ack(op, exc)
    except IntegrityError:
        db.session.rollback()
        done = previous_ack(workshop_id, actor.id, op)
        if done:
            return done
        raise
    from app.live.broadcast import EVERYONE, changed

    # Controls can move the room or change what is visible: refresh everyone's own part.
    changed(workshop_id, EVERYONE)
    return {"ok": True, "op": op, "v": version, "step": step_id}
