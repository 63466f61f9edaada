"""Reports: a participant reports an item another participant contributed (issue 23), and the
facilitator decides on it.

The phone sends ``report`` ``{op, data: {step, item, reason?, text?}}`` (docs/protocol.md).
``item`` is the exercise's own key of an item its phones show (``"note:n3"``); the exercise says
whether that item can be reported and who wrote it (:meth:`Exercise.reportable`), so the core
needs no copy per exercise. A report is refused for an item that is not there (or is hidden
from the room), one's own item, from a facilitator or screen, and from a muted participant.

Reports are rows of their own (:class:`app.models.ItemReport`), not actions in the step's log:
they change nothing the room sees, so no step state or replay should carry them, and the
reporter's identity must reach no view. The row's unique (step, item, reporter) makes a second
report of the same item by the same person an idempotent duplicate, from any process.

The facilitator's moderation panel lists the open reports by item (:func:`console_doc`: how many,
why, the item's text, its author unless the workshop is anonymous) and decides on all of an
item's reports at once (:data:`COMMANDS`): dismiss; hide, through the exercise's own facilitator
action (:meth:`Exercise.removal`); or mute the author. Each decision is a logged change and an
entry of the moderation log (:func:`log_entries`). The reporter's phone is told only that their
report was received, then that it was looked at (:func:`personal_reports`) — never what was
decided, nor by whom.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from wtforms import Form, IntegerField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Length, Optional

from app.exercises.contract import Exercise
from app.exercises.validation import first_error, validate
from app.extensions import db, socketio
from app.live import engine, moderation
from app.live.engine import Refused
from app.live.events import participant_event
from app.live.states import current_state
from app.models import ItemReport, Participant, Step, Workshop
from app.models.base import utcnow
from app.models.report import REPORT_REASONS

#: The reasons a reporter can pick, as the facilitator reads them.
REASON_LABELS = {
    "offensive": _l("Offensive"),
    "personal": _l("Personal information"),
    "bullying": _l("Bullying"),
    "other": _l("Something else"),
}
RECEIVED = _l("Thank you. The facilitator will look at it.")
GONE = _l("That contribution is not there any more, or it cannot be reported.")


class ReportForm(Form):
    step = IntegerField(validators=[InputRequired()])
    item = StringField(validators=[InputRequired(), Length(max=64)])
    reason = StringField(validators=[Optional(), AnyOf(REPORT_REASONS, message=_l("Pick one of the reasons listed."))])
    text = TextAreaField(validators=[Optional(), Length(max=200)])


# -- a participant's report ------------------------------------------------------------------

@socketio.on("report")
@participant_event(_l("Only participants can report a contribution."), ReportForm)
def on_report(connection, op, data):
    """``{op, data: {step, item, reason?, text?}}`` -> acknowledgement."""
    return engine.with_storage_retry(lambda: submit(connection.workshop_id, connection.actor, op, data))


def submit(workshop_id: int, actor, op: str, data: dict) -> dict:
    """Check and store one report (one transaction); its acknowledgement."""
    step, plenary, exercise = _reported_step(workshop_id, actor, data["step"])
    found = _reportable(step, plenary, exercise, data["item"])
    if found["author"] == actor.id:
        raise Refused(_("This is your own contribution: you can change or delete it instead."), code="own")
    ack = {"ok": True, "op": op, "step": plenary.id, "item": data["item"], "message": str(RECEIVED)}
    if _report_of(step.id, data["item"], actor.id) is not None:
        return {**ack, "duplicate": True}
    db.session.add(ItemReport(workshop_id=workshop_id, step_id=step.id, item_key=data["item"], reporter_key=actor.id,
                              author_key=found["author"], text=found["text"], reason=data.get("reason") or "",
                              note=" ".join((data.get("text") or "").split()), created_at=utcnow()))
    try:
        db.session.commit()
    except IntegrityError:  # the same report raced in from another connection
        db.session.rollback()
        return {**ack, "duplicate": True}
    moderation._changed(workshop_id, actor.id)  # the console's panel, and the reporter's phone
    return ack


def _reported_step(workshop_id: int, actor, step_id: int):
    """``(step the item is in, the plenary step the phone shows, exercise)``: the participant's
    table's instance for a step run in tables (as their actions are routed), or a refusal."""
    participant_id = int(actor.id.split(":", 1)[1])
    facts = engine._step_facts(step_id, participant_id) if engine._is_id(step_id) else None
    if facts is None or facts.workshop_id != workshop_id:
        if db.session.get(Workshop, workshop_id) is None:
            raise engine.gone()
        raise Refused(_("That step is not part of this workshop."), code="not_found")
    if facts.participant_removed is not False:
        raise Refused(_("The facilitator has removed you from this workshop."), code="forbidden")
    if facts.participant_muted:
        raise Refused(str(moderation.MUTED_MESSAGE), code="muted")
    step = db.session.get(Step, engine.routed(facts, actor, None, participant_id).id)
    plenary = db.session.get(Step, step.parent_id) if step.parent_id else step
    from app.live.rooms import visible_steps

    if plenary.id not in {shown.id for shown in visible_steps(plenary.workshop, "participant")}:
        raise Refused(_("The room has moved on to another step."), code="step_status")
    return step, plenary, current_app.extensions["exercises"].get(step.exercise_key)


def _reportable(step: Step, plenary: Step, exercise, item_key: str) -> dict:
    """The exercise's record of the item (``{author, text}``), or a refusal: none, or the step
    hides the room's contributions (the phone cannot be showing it)."""
    found = exercise.reportable(current_state(step), item_key) if exercise is not None else None
    if found is None or plenary.hidden:
        raise Refused(str(GONE), code="not_found")
    return {"author": str(found.get("author") or ""), "text": str(found.get("text") or "")[:2000]}


def _report_of(step_id: int, item_key: str, reporter_key: str) -> ItemReport | None:
    return db.session.execute(select(ItemReport).where(
        ItemReport.step_id == step_id, ItemReport.item_key == item_key, ItemReport.reporter_key == reporter_key)
    ).scalar_one_or_none()


# -- the facilitator's decisions -------------------------------------------------------------

class DecisionForm(Form):
    step_id = IntegerField(validators=[InputRequired()])
    item = StringField(validators=[InputRequired(), Length(max=64)])


def _open_reports(workshop_id: int, step_id: int, item_key: str) -> list[ItemReport]:
    """The item's reports still waiting, or a clear refusal: nothing of this workshop was
    reported there (another workshop's step included), or it has been decided already."""
    rows = list(db.session.execute(select(ItemReport).where(
        ItemReport.workshop_id == workshop_id, ItemReport.step_id == step_id, ItemReport.item_key == item_key)
    ).scalars())
    if not rows:
        raise Refused(_("Nobody has reported that contribution."), code="not_found")
    waiting = [row for row in rows if row.status == "open"]
    if not waiting:
        raise Refused(_("Those reports have already been decided."), code="decided")
    return waiting


def _decide(workshop_id, facilitator, data, status) -> int:
    """Inside record_change's transaction: mark the item's open reports decided; its step id."""
    now = utcnow()
    for row in _open_reports(workshop_id, data["step_id"], data["item"]):
        row.status, row.decided_by, row.decided_at = status, facilitator.id, now
    return data["step_id"]


def _dismiss(workshop_id, facilitator, op, data, _payload) -> dict:
    return engine.record_change(workshop_id, facilitator, op, "control.report_dismiss", data,
                                lambda _workshop: _decide(workshop_id, facilitator, data, "dismissed"))


def _mute_author(workshop_id, facilitator, op, data, _payload) -> dict:
    def mutate(_workshop):
        author = _open_reports(workshop_id, data["step_id"], data["item"])[0].author_key
        participant = db.session.get(Participant, int(author.split(":", 1)[1]))
        if participant is None or participant.workshop_id != workshop_id or participant.removed:
            raise Refused(_("That participant is not in this workshop."), code="not_found")
        participant.muted = True
        return _decide(workshop_id, facilitator, data, "muted")

    return engine.record_change(workshop_id, facilitator, op, "control.report_mute", data, mutate)


def _hide(workshop_id, facilitator, op, data, _payload) -> dict:
    """Take the item away through the exercise's own facilitator action (sent as this
    facilitator, logged like their Delete), then mark its reports decided."""
    done = engine.previous_ack(workshop_id, facilitator.id, op)
    if done:
        return done
    _open_reports(workshop_id, data["step_id"], data["item"])
    step = db.session.get(Step, data["step_id"])
    exercise = current_app.extensions["exercises"].get(step.exercise_key)
    if not has_removal(exercise):
        raise Refused(_("This exercise has no way to hide a contribution: dismiss the report or mute its author."),
                      code="no_removal")
    removal = exercise.removal(current_state(step), data["item"])
    if removal is not None:  # else it is gone already (its author deleted it): just decide
        action_type, payload = removal
        action, errors = validate(exercise.actions[action_type].form, payload)
        if errors:
            raise Refused(first_error(errors), fields=errors, code="invalid")
        db.session.rollback()  # end the reads: _store starts its own transaction with the workshop's lock
        try:
            engine.with_storage_retry(lambda: engine._store(workshop_id, step.id, exercise, facilitator,
                                                            f"{op[:58]}.hide", action_type, action))
        except Refused as exc:
            raise Refused(_("Not hidden: %(why)s", why=exc.message), code=exc.code) from exc
    return engine.record_change(workshop_id, facilitator, op, "control.report_hide", data,
                                lambda _workshop: _decide(workshop_id, facilitator, data, "hidden"))


def has_removal(exercise) -> bool:
    """Whether the exercise has a facilitator action that takes a reported item away."""
    return exercise is not None and type(exercise).removal is not Exercise.removal


#: command -> (form, run(workshop_id, facilitator, op, data, raw payload) -> acknowledgement),
#: run by :func:`app.live.moderation.control` like the queue's commands.
COMMANDS = {
    "report_dismiss": (DecisionForm, _dismiss),
    "report_hide": (DecisionForm, _hide),
    "report_mute": (DecisionForm, _mute_author),
}


# -- what the console and the reporter's phone see -------------------------------------------

def console_doc(workshop: Workshop, names: dict) -> list[dict]:
    """The open reports, one entry per reported item, oldest first: ``{step_id, step, step_title,
    item, count, reasons {reason: n}, notes, text, gone, author, can_hide, at}``. ``author`` (and
    ``participant``, for the Mute button) are left out in an anonymous workshop."""
    rows = db.session.execute(select(ItemReport).where(
        ItemReport.workshop_id == workshop.id, ItemReport.status == "open").order_by(ItemReport.id)).scalars()
    items: dict[tuple, dict] = {}
    for row in rows:
        entry = items.get((row.step_id, row.item_key))
        if entry is None:
            entry = items[(row.step_id, row.item_key)] = _console_item(workshop, row, names)
        entry["count"] += 1
        if row.reason:
            entry["reasons"][row.reason] = entry["reasons"].get(row.reason, 0) + 1
        if row.note:
            entry["notes"].append(row.note)
    return list(items.values())


def _console_item(workshop: Workshop, row: ItemReport, names: dict) -> dict:
    step = db.session.get(Step, row.step_id)
    plenary = db.session.get(Step, step.parent_id) if step.parent_id else step
    exercise = current_app.extensions["exercises"].get(step.exercise_key)
    now = exercise.reportable(current_state(step), row.item_key) if exercise is not None else None
    entry = {"step_id": step.id, "step": plenary.id, "step_title": plenary.title, "item": row.item_key,
             "count": 0, "reasons": {}, "notes": [], "text": (now or {}).get("text") or row.text,
             "gone": now is None, "can_hide": has_removal(exercise), "at": moderation._iso(row.created_at)}
    if not workshop.anonymous:
        entry["author"] = names.get(row.author_key, {}).get("name", "")
        entry["participant"] = row.author_key.split(":", 1)[1]
    return entry


def log_entries(workshop: Workshop, names: dict) -> list[dict]:
    """The decisions on reports, one entry per decision (an item's reports decided together):
    ``{kind, by, about, at, reason, count}``; ``about`` is empty in an anonymous workshop."""
    rows = db.session.execute(select(
        ItemReport.step_id, ItemReport.item_key, ItemReport.status, ItemReport.decided_by, ItemReport.decided_at,
        ItemReport.author_key).where(ItemReport.workshop_id == workshop.id, ItemReport.status != "open")
        .order_by(ItemReport.decided_at.desc()).limit(moderation.LOG_LENGTH * 4))
    entries: dict[tuple, dict] = {}
    for step_id, item_key, status, by, at, author in rows:
        key = (step_id, item_key, status, at)
        if key in entries:
            entries[key]["count"] += 1
            continue
        about = "" if workshop.anonymous else names.get(author, {}).get("name", "")
        entries[key] = {"kind": f"report_{status}", "by": names.get(by, {}).get("name", ""), "about": about,
                        "at": moderation._iso(at), "reason": "", "count": 1}
    return list(entries.values())


def personal_reports(workshop: Workshop, actor_key: str) -> list[dict] | None:
    """The reporter's own reports, for their phone: ``[{step, item, status}]``, ``status``
    "received" or "reviewed" (never what was decided); None when they reported nothing."""
    mine = _reports_by_reporter(workshop).get(actor_key)
    if not mine:
        return None
    plenary = moderation._plenary_ids(workshop)
    return [{"step": plenary.get(step_id, step_id), "item": item_key,
             "status": "received" if status == "open" else "reviewed"} for step_id, item_key, status in mine]


def _reports_by_reporter(workshop: Workshop) -> dict:
    """The workshop's reports by reporter, read once per loaded workshop (a flush builds every
    phone's personal part from the same object: one query for the room, not one per phone)."""
    cached = workshop.__dict__.get("_item_reports")
    if cached is None:
        cached = {}
        for reporter, step_id, item_key, status in db.session.execute(select(
                ItemReport.reporter_key, ItemReport.step_id, ItemReport.item_key, ItemReport.status)
                .where(ItemReport.workshop_id == workshop.id).order_by(ItemReport.id)):
            cached.setdefault(reporter, []).append((step_id, item_key, status))
        workshop.__dict__["_item_reports"] = cached
    return cached

