"""Moderation: contributions held for the facilitator to approve, and muted participants.

In a workshop with ``Workshop.moderated`` on, a participant's action whose
:attr:`ActionSpec.moderated` is set is validated exactly like a live one (form, role, step
status, room, phase) and then kept in the queue (:class:`app.models.HeldAction`) instead of
being applied: it is in no step state, so no view can show it to anyone. The facilitator's
console lists the queue (:func:`console_doc`); the author's phone shows their own held items
(:func:`personal_held`). Approving applies the stored action through the engine's normal path,
as its author and with its operation id, so the exercise's reducer sees the same action it
would have seen live; ``Action.at`` is the approval time.

The offensive-language filter (``Workshop.language_filter``, app/live/language_filter.py) reads
the same text fields: in "hold" a participant's contribution with offensive words is held in this
queue even when the workshop does not moderate, its row keeping the words
(``HeldAction.filter_words``); in "flag" it is applied at once and a ``"flagged"`` row lists it
for the facilitator (:func:`console_doc`) and in the log. Actions without text are never checked.

A muted participant's actions are refused (``code: "muted"``) whether moderation is on or not.
The decided queue rows and the ``control.mute`` / ``control.unmute`` log rows make up the
moderation log (:func:`log_entries`).
"""
from __future__ import annotations

import functools

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms import Form, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.exercises import phases as step_phases
from app.exercises.validation import first_error, validate
from app.extensions import db
from app.live import engine, language_filter, payloads
from app.live.identity import participant_actor
from app.models import Action, HeldAction, Participant, Step, Workshop
from app.models.base import utcnow

HELD_MESSAGE = _l("Sent to the facilitator, who will share it with the room.")
MUTED_MESSAGE = _l("The facilitator has paused your contributions for a while. You can still follow the room.")
#: How many decisions the console's moderation log shows (the newest first).
LOG_LENGTH = 50


# -- what an action's text is ----------------------------------------------------------------

@functools.cache
def text_fields(form_cls) -> tuple[str, ...]:
    """The fields of an action's form that hold a person's own words: every plain text area and
    text line, except references to other items (``..._id``). Dates, choices and numbers are not
    words, so they are not shown in the queue nor offered for editing."""
    form = form_cls()
    return tuple(name for name, field in form._fields.items()
                 if type(field) in (StringField, TextAreaField) and not name.endswith("_id"))


def text_of(data: dict, fields: tuple[str, ...]) -> dict:
    """The text fields of a held action's data that say something."""
    return {name: data[name] for name in fields if isinstance(data.get(name), str) and data[name].strip()}


# -- holding an action (called by the engine) ---------------------------------------------------

def held_ack(row: HeldAction, duplicate: bool = False) -> dict:
    ack = {"ok": True, "held": True, "op": row.op_id, "step": row.step_id, "message": str(HELD_MESSAGE)}
    if duplicate:
        ack["duplicate"] = True
    return ack


def previous_held(workshop_id: int, actor_key: str, op: str) -> dict | None:
    """The acknowledgement of an operation already held (a resend), if it was."""
    row = _held_by_op(workshop_id, actor_key, op)
    # A flagged row was applied: the action log answers its resend (engine.previous_ack).
    return held_ack(row, duplicate=True) if row is not None and row.status != "flagged" else None


def _held_by_op(workshop_id: int, actor_key: str, op: str) -> HeldAction | None:
    return db.session.execute(select(HeldAction).where(
        HeldAction.workshop_id == workshop_id, HeldAction.actor_key == actor_key, HeldAction.op_id == op)
    ).scalar_one_or_none()


def screen(workshop_id: int, actor, op: str, step, exercise, action_type: str, data: dict):
    """After an action passed the engine's checks: ``(acknowledgement, flagged words)``.

    Refused when its author is muted; held (the ``held`` acknowledgement, no words) when the
    workshop moderates it or the language filter holds it; else ``(None, words)``: the engine
    applies it as usual, then calls :func:`record_flag` when the filter flags ``words``."""
    if actor.role != "participant":
        return None, []
    # The engine's one query before the write (engine._step_facts) carries every switch.
    if step.participant_muted:
        raise engine.Refused(str(MUTED_MESSAGE), code="muted")
    words = filter_words(step, exercise, action_type, data)
    moderated = step.moderated and exercise.actions[action_type].moderated
    if not (moderated or (words and step.language_filter == "hold")):
        return None, words if step.language_filter == "flag" else []
    facts = db.session.execute(select(Step.config, Step.phase).where(Step.id == step.id)).first()
    if facts is None:
        raise engine.gone()
    # The phase is checked here as the engine checks it before applying: what is held now
    # would have been accepted now.
    not_now = step_phases.refusal(exercise, facts.config, facts.phase, action_type, actor.role)
    if not_now is not None:
        raise engine.Refused(not_now.message, code="phase")
    held = engine.with_storage_retry(lambda: _hold(workshop_id, actor, op, step.id, action_type, data, words))
    return held, []


def filter_words(step, exercise, action_type: str, data: dict) -> list[str]:
    """The offensive words in the action's text fields (sorted), when the workshop's filter is
    on; none, and no check at all, for an action that carries no text."""
    if step.language_filter not in ("flag", "hold"):
        return []
    texts = text_of(data, text_fields(exercise.actions[action_type].form))
    if not texts:
        return []
    return sorted({word for words in language_filter.flagged_fields(texts).values() for word in words})


def record_flag(workshop_id: int, actor, op: str, step_id: int, action_type: str, data: dict, words) -> None:
    """List an applied contribution the filter flagged, for the console and the log. The action
    is already stored and acknowledged as applied: a failure here is logged, never raised."""
    def write():
        now = utcnow()
        db.session.add(HeldAction(workshop_id=workshop_id, step_id=step_id, actor_key=actor.id, op_id=op,
                                  type=action_type, data=payloads.encode(data), status="flagged",
                                  filter_words=list(words), created_at=now, decided_at=now))
        db.session.commit()

    try:
        engine.with_storage_retry(write)
    except (engine.Refused, IntegrityError):  # storage trouble, or the same op raced in twice
        db.session.rollback()
        current_app.logger.warning("flagged contribution %s of workshop %s not listed", op, workshop_id)
        return
    _changed(workshop_id, None)


def _hold(workshop_id, actor, op, step_id, action_type, data, words) -> dict:
    row = HeldAction(workshop_id=workshop_id, step_id=step_id, actor_key=actor.id, op_id=op, type=action_type,
                     data=payloads.encode(data), filter_words=list(words) or None, created_at=utcnow())
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:  # the same op id raced in from another connection
        db.session.rollback()
        return previous_held(workshop_id, actor.id, op)
    _changed(workshop_id, actor.id)
    return held_ack(row)


def _participant_id(actor_key: str) -> int:
    return int(actor_key.split(":", 1)[1])


def _changed(workshop_id: int, actor_key: str | None) -> None:
    """The console's queue (and ``actor_key``'s own part) changed: patch them."""
    from app.live.broadcast import changed

    changed(workshop_id, actor_key)


# -- the facilitator's decisions -------------------------------------------------------------

class HeldForm(Form):
    held_id = IntegerField(validators=[InputRequired()])


class RejectForm(HeldForm):
    reason = TextAreaField(validators=[Optional(), Length(max=500)])


class MuteForm(Form):
    participant_id = IntegerField(validators=[InputRequired()])


def control(workshop_id: int, facilitator, op: str, command: str, payload) -> dict:
    """Run one moderation control (:data:`COMMANDS`, or a decision on reports:
    :data:`app.live.reports.COMMANDS`) for ``facilitator``; the acknowledgement."""
    from app.live import reports

    form_cls, run = COMMANDS.get(command) or reports.COMMANDS[command]
    data, errors = validate(form_cls, payload)
    if errors:
        return engine.error_ack(op, engine.Refused(first_error(errors), fields=errors, code="invalid"))
    try:
        return run(workshop_id, facilitator, op, data, payload)
    except engine.Refused as exc:
        db.session.rollback()
        return engine.error_ack(op, exc)


def _approve(workshop_id, facilitator, op, data, payload, edits=None) -> dict:
    done = engine.previous_ack(workshop_id, facilitator.id, op)
    if done:
        return done
    row = _undecided(workshop_id, data["held_id"])
    exercise = current_app.extensions["exercises"].get(row.step.exercise_key)
    spec = exercise.actions.get(row.type) if exercise is not None else None
    if spec is None:
        raise engine.Refused(_("This exercise no longer accepts that contribution."), code="not_found")
    participant = db.session.get(Participant, _participant_id(row.actor_key))
    if participant is None or participant.removed:
        raise engine.Refused(_("Its author has been removed from the workshop: it can only be rejected."),
                             code="not_found")
    action, errors = validate(spec.form, {**row.data, **(edits or {})})
    if errors:
        raise engine.Refused(first_error(errors), fields=errors, code="invalid")
    actor, step_id, action_op, action_type = participant_actor(participant), row.step_id, row.op_id, row.type
    db.session.rollback()  # end the reads: _store starts its own transaction with the workshop's lock
    try:
        engine.with_storage_retry(
            lambda: engine._store(workshop_id, step_id, exercise, actor, action_op, action_type, action))
    except engine.Refused as exc:
        raise engine.Refused(_("Not shared: %(why)s", why=exc.message), fields=exc.fields, code=exc.code) from exc
    command = "edit_approve" if edits else "approve"
    return engine.record_change(workshop_id, facilitator, op, f"control.{command}", {"held_id": data["held_id"]},
                                lambda _workshop: _decide(workshop_id, data["held_id"], facilitator, "approved",
                                                          edited=bool(edits), applied=payloads.encode(action)))


def _edit_approve(workshop_id, facilitator, op, data, payload) -> dict:
    """Approve with the facilitator's wording: only the action's text fields may change."""
    row = _undecided(workshop_id, data["held_id"])
    exercise = current_app.extensions["exercises"].get(row.step.exercise_key)
    spec = exercise.actions.get(row.type) if exercise is not None else None
    fields = text_fields(spec.form) if spec is not None else ()
    edits = {name: payload[name] for name in fields if isinstance(payload.get(name), str)}
    if not edits:
        raise engine.Refused(_("Write the new text before approving it."), code="invalid")
    return _approve(workshop_id, facilitator, op, data, payload, edits=edits)


def _reject(workshop_id, facilitator, op, data, payload) -> dict:
    reason = (data.get("reason") or "").strip()
    return engine.record_change(workshop_id, facilitator, op, "control.reject", {"held_id": data["held_id"]},
                                lambda _workshop: _decide(workshop_id, data["held_id"], facilitator, "rejected",
                                                          reason=reason))


def _mute(value: bool):
    def run(workshop_id, facilitator, op, data, payload) -> dict:
        def mutate(_workshop):
            participant = db.session.get(Participant, data["participant_id"])
            if participant is None or participant.workshop_id != workshop_id or participant.removed:
                raise engine.Refused(_("That participant is not in this workshop."), code="not_found")
            participant.muted = value

        return engine.record_change(workshop_id, facilitator, op, "control.mute" if value else "control.unmute",
                                    {"participant_id": data["participant_id"]}, mutate)

    return run


def _undecided(workshop_id: int, held_id: int) -> HeldAction:
    """The held row ``held_id`` of this workshop, still waiting, or a clear refusal."""
    row = db.session.get(HeldAction, held_id)
    if row is None or row.workshop_id != workshop_id:
        raise engine.Refused(_("That contribution is no longer in the queue."), code="not_found")
    if row.status != "held":
        raise engine.Refused(_("That contribution has already been decided."), code="decided")
    return row


def _decide(workshop_id, held_id, facilitator, status, reason="", edited=False, applied=None):
    """Inside record_change's transaction: mark the row decided; its step id for the log."""
    row = _undecided(workshop_id, held_id)
    row.status, row.decided_by, row.decided_at, row.reason, row.edited = (
        status, facilitator.id, utcnow(), reason, edited)
    if applied is not None:
        row.data = applied  # what the room was shown, after any edit
    return row.step_id


#: command -> (form, run(workshop_id, facilitator, op, data, raw payload) -> acknowledgement)
COMMANDS = {
    "approve": (HeldForm, _approve),
    "edit_approve": (HeldForm, _edit_approve),
    "reject": (RejectForm, _reject),
    "mute": (MuteForm, _mute(True)),
    "unmute": (MuteForm, _mute(False)),
}


# -- what the console and the author's phone see ---------------------------------------------

def console_doc(workshop: Workshop, names: dict) -> dict:
    """The facilitator's moderation panel: the settings, the queue, the contributions the
    language filter flagged, who is muted, the log."""
    steps = {step.id: step for step in workshop.steps}
    plenary = _plenary_ids(workshop)
    held = db.session.execute(select(HeldAction).where(
        HeldAction.workshop_id == workshop.id, HeldAction.status == "held").order_by(HeldAction.id)).scalars()
    queue = [{**_item(steps, plenary, row, names), "filter_words": row.filter_words or []} for row in held]
    flagged = db.session.execute(select(HeldAction).where(
        HeldAction.workshop_id == workshop.id, HeldAction.status == "flagged")
        .order_by(HeldAction.id.desc()).limit(LOG_LENGTH)).scalars()
    flags = [{**_item(steps, plenary, row, names), "words": row.filter_words or [],
              "participant": str(_participant_id(row.actor_key))} for row in flagged]
    muted = db.session.execute(select(Participant.id).where(
        Participant.workshop_id == workshop.id, Participant.muted.is_(True))).scalars()
    from app.live import reports

    return {"on": workshop.moderated, "filter": workshop.language_filter, "held": queue, "flagged": flags,
            "muted": [str(pid) for pid in muted], "reports": reports.console_doc(workshop, names),
            "log": log_entries(workshop.id, names, reports.log_entries(workshop, names))}


def _item(steps: dict, plenary: dict, row: HeldAction, names: dict) -> dict:
    """A queue or flagged row as the console shows it: its step (a table instance's row under its
    plenary step, see :func:`_plenary_ids`), its kind, its author, its text."""
    exercises = current_app.extensions["exercises"]
    step_id = plenary.get(row.step_id, row.step_id)
    step = steps.get(step_id)
    exercise = exercises.get(step.exercise_key) if step is not None else None
    spec = exercise.actions.get(row.type) if exercise is not None else None
    fields = text_fields(spec.form) if spec is not None else ()
    return {"id": row.id, "step": step_id, "step_title": step.title if step is not None else "",
            "label": str(spec.label or row.type) if spec is not None else row.type,
            "author": names.get(row.actor_key, {}).get("name", ""), "fields": list(fields),
            "text": text_of(row.data, fields), "at": _iso(row.created_at)}


def log_entries(workshop_id: int, names: dict, more: list[dict] = ()) -> list[dict]:
    """Every moderation decision and language-filter flag, newest first: ``{kind, by, about, at,
    reason}`` (a flag's ``by`` is empty, its ``words`` the words found), with ``more`` entries
    (the decisions on reports, app/live/reports.py) in their place."""
    def name(key):
        return names.get(key, {}).get("name", "")

    decided = db.session.execute(select(HeldAction).where(
        HeldAction.workshop_id == workshop_id, HeldAction.status != "held")
        .order_by(HeldAction.decided_at.desc()).limit(LOG_LENGTH)).scalars()
    entries = [_log_entry(row, name) for row in decided]
    mutes = db.session.execute(select(Action.type, Action.actor_key, Action.payload, Action.created_at).where(
        Action.workshop_id == workshop_id, Action.type.in_(("control.mute", "control.unmute")))
        .order_by(Action.seq.desc()).limit(LOG_LENGTH))
    entries += [{"kind": "muted" if kind == "control.mute" else "unmuted", "by": name(by),
                 "about": name(f"p:{(payload or {}).get('participant_id')}"), "at": _iso(at), "reason": ""}
                for kind, by, payload, at in mutes]
    entries += list(more)
    return sorted(entries, key=lambda entry: entry["at"] or "", reverse=True)[:LOG_LENGTH]


def _log_entry(row: HeldAction, name) -> dict:
    if row.status == "flagged":
        return {"kind": "flagged", "by": "", "about": name(row.actor_key), "at": _iso(row.decided_at), "reason": "",
                "words": row.filter_words or []}
    return {"kind": ("edited" if row.edited else "approved") if row.status == "approved" else "rejected",
            "by": name(row.decided_by), "about": name(row.actor_key), "at": _iso(row.decided_at),
            "reason": row.reason}


def _plenary_ids(workshop: Workshop) -> dict[int, int]:
    """Table instance id -> its plenary step's id (app/tables/): a contribution held at a table
    is shown under the step the room knows."""
    if not any(step.in_tables for step in workshop.steps):
        return {}
    return dict(db.session.execute(select(Step.id, Step.parent_id).where(
        Step.workshop_id == workshop.id, Step.parent_id.is_not(None))).all())


def personal_held(workshop: Workshop, actor_key: str) -> list[dict] | None:
    """The author's own held and rejected contributions, for their phone; None when there is
    nothing to say (moderation off and nothing of theirs ever held), so phones of workshops
    that do not moderate are sent nothing new."""
    # Flagged rows were applied: nothing to wait for, and the author is not told of the flag.
    rows = [row for row in _queue_by_author(workshop).get(actor_key, []) if row.status != "flagged"]
    if not rows and not workshop.moderated:
        return None
    exercises = current_app.extensions["exercises"]
    keys = {step.id: step.exercise_key for step in workshop.steps}
    plenary = _plenary_ids(workshop)
    items = []
    for row in rows:
        if row.status == "approved":
            continue
        step_id = plenary.get(row.step_id, row.step_id)
        exercise = exercises.get(keys.get(step_id))
        spec = exercise.actions.get(row.type) if exercise is not None else None
        fields = text_fields(spec.form) if spec is not None else ()
        items.append({"id": row.id, "step": step_id, "status": row.status,
                      "text": " · ".join(text_of(row.data, fields).values()), "reason": row.reason})
    return items


def _queue_by_author(workshop: Workshop) -> dict:
    """The workshop's queue rows by author, read once per loaded workshop: a flush builds every
    phone's personal part from the same object, so a room of a thousand phones costs one query,
    not a thousand (the object lives for one flush, so this is never stale)."""
    cached = workshop.__dict__.get("_moderation_queue")
    if cached is None:
        cached = {}
        for row in db.session.execute(select(
                HeldAction.id, HeldAction.actor_key, HeldAction.step_id, HeldAction.type, HeldAction.data,
                HeldAction.status, HeldAction.reason).where(HeldAction.workshop_id == workshop.id)
                .order_by(HeldAction.id)):
            cached.setdefault(row.actor_key, []).append(row)
        workshop.__dict__["_moderation_queue"] = cached
    return cached


def _iso(moment) -> str | None:
    return moment.isoformat() + "Z" if moment else None
