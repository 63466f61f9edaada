"""The facilitator's live controls. Each is ``mutate(workshop, data) -> step id or None``,
run by :func:`app.live.engine.record_change` inside one versioned, logged transaction."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _

from app.exercises import phases as step_phases
from app.extensions import db
from app.live import control_forms as forms
from app.live.engine import Refused
from app.live.states import write_snapshot
from app.models import Participant
from app.models.base import utcnow
from app.tables.controls import TABLE_CONTROLS
from app.tables.instances import inherit
from app.tables.rollup_controls import ROLLUP_CONTROLS
from app.tables.run import StepTablesForm, run_in_tables


def _step(workshop, data):
    step = workshop.step(data["step_id"])
    if step is None:
        raise Refused(_("That step is not part of this workshop."), code="not_found")
    return step


def set_workshop_status(workshop, data):
    if workshop.status == "ended":
        raise Refused(_("This workshop has ended."), code="ended")
    workshop.status = data["status"]
    if data["status"] == "live" and workshop.started_at is None:
        workshop.started_at = utcnow()
    if data["status"] == "live" and workshop.steps:
        if workshop.room_step_id is None:
            workshop.room_step_id = workshop.current_step_id = workshop.steps[0].id
        _open_if_pending(workshop.step(workshop.room_step_id))
    if data["status"] == "ended":
        workshop.ended_at = utcnow()
        for step in workshop.steps:
            if step.status in ("open", "locked"):
                step.status = "closed"
            inherit(step)
            for one in (step, *step.table_steps):
                write_snapshot(one.id)  # the room is over: its states are read, never replayed


def set_setting(workshop, data):
    setattr(workshop, data["setting"], bool(data["value"]))


def goto(workshop, data):
    workshop.current_step_id = _step(workshop, data).id
    return workshop.current_step_id


def bring_here(workshop, data):
    if workshop.current_step_id is None:
        raise Refused(_("Choose a step first."))
    workshop.room_step_id = workshop.current_step_id
    _open_if_pending(workshop.step(workshop.room_step_id))
    return workshop.room_step_id


def _open_if_pending(step) -> None:
    """Bringing the room to a step that has not started opens it: people came to contribute."""
    if step is not None and step.status == "pending":
        step.status = "open"
        inherit(step)


def set_step_status(workshop, data):
    step = _step(workshop, data)
    step.status = data["status"]
    inherit(step)
    if step.status in ("locked", "closed"):
        for one in (step, *step.table_steps):
            write_snapshot(one.id)  # contributions pause here: the exports and the plan read it next
    return step.id


def set_step_hidden(workshop, data):
    step = _step(workshop, data)
    step.hidden = bool(data["hidden"])
    inherit(step)  # one privacy switch for the room: every table's is the plenary step's
    return step.id


def set_step_phase(workshop, data):
    """Move the room to another phase of the step (only for an exercise that declares phases).
    A phase that ``reveals`` lifts the step's hide switch; going back does not hide again."""
    step = _step(workshop, data)
    exercise = current_app.extensions["exercises"].get(step.exercise_key)
    phases = step_phases.phases_of(exercise, step.config) if exercise is not None else ()
    if not phases:
        raise Refused(_("This step has no phases."), code="bad_request")
    if step.status not in ("open", "locked"):
        raise Refused(_("Open the step before moving the room from one phase to another."), code="step_status")
    phase = next((p for p in phases if p.key == data["phase"]), None)
    if phase is None:
        message = _("This step has no phase called “%(phase)s”.", phase=data["phase"])
        raise Refused(message, fields={"phase": [message]}, code="invalid")
    now = step_phases.current(exercise, step.config, step.phase)
    if phase.key == now.key:
        raise Refused(_("The room is in that phase already."), code="rule")
    if phases.index(phase) < phases.index(now) and _holds(exercise, step):
        raise Refused(_("The room cannot go back from “%(phase)s”: once shown, these results stay final. "
                        "Add a new step to ask again.", phase=str(now.label)), code="rule")
    step.phase = phase.key
    if phase.reveals:
        step.hidden = False
    inherit(step)
    return step.id


def _holds(exercise, step) -> bool:
    """The step's results are final in its phase: in the plenary state, or at any table."""
    return any(step_phases.holds(exercise, step.config, step.phase, one.state) for one in (step, *step.table_steps))


def timer(workshop, data):
    step = _step(workshop, data)
    now = utcnow()
    command, seconds = data["command"], data.get("seconds")
    if command == "start":
        if not seconds:
            raise Refused(_("Say how many seconds the timer runs."), fields={"seconds": [_("Required.")]})
        step.timer_ends_at, step.timer_remaining = now + timedelta(seconds=seconds), None
    elif command == "pause":
        if step.timer_ends_at is None:
            raise Refused(_("The timer is not running."))
        step.timer_remaining = max(0, int((step.timer_ends_at - now).total_seconds()))
        step.timer_ends_at = None
    elif command == "resume":
        if step.timer_remaining is None:
            raise Refused(_("The timer is not paused."))
        step.timer_ends_at, step.timer_remaining = now + timedelta(seconds=step.timer_remaining), None
    elif command == "add":
        extra = timedelta(seconds=seconds or 60)
        if step.timer_ends_at is not None:
            step.timer_ends_at = max(step.timer_ends_at, now) + extra
        elif step.timer_remaining is not None:
            step.timer_remaining += int(extra.total_seconds())
        else:
            raise Refused(_("Start the timer first."))
    else:
        step.timer_ends_at = step.timer_remaining = None
    inherit(step)  # every table's timer is the plenary step's
    return step.id


def spotlight(workshop, data):
    if data.get("item") and data.get("step_id"):
        step = _step(workshop, data)
        workshop.spotlight = {"step_id": step.id, "item": data["item"], "text": data.get("text") or ""}
        return step.id
    workshop.spotlight = None
    return None


def screen(workshop, data):
    """Steer the room screen: turn its pages, pause or resume their rotation, show the plan's QR.

    ``paged_at`` is when the page last changed by hand: a rotating screen counts its pages from
    there, so every screen in the room (and the console's preview) shows the same page."""
    current = dict(workshop.screen or {})
    command = data["command"]
    if command in ("next", "previous"):
        current["page"] = int(current.get("page", 0)) + (1 if command == "next" else -1)
        current["paged_at"] = utcnow().isoformat() + "Z"
    elif command in ("pause", "resume"):
        current["paused"] = command == "pause"
        current["paged_at"] = utcnow().isoformat() + "Z"
    else:
        current["plan_qr"] = command == "plan_qr_on"
    workshop.screen = current


def remove_participant(workshop, data):
    participant = db.session.get(Participant, data["participant_id"])
    if participant is None or participant.workshop_id != workshop.id:
        raise Refused(_("That participant is not in this workshop."), code="not_found")
    participant.removed = True


#: command -> (form, mutate)
CONTROLS = {
    "workshop_status": (forms.WorkshopStatusForm, set_workshop_status),
    "setting": (forms.SettingForm, set_setting),
    "goto": (forms.StepForm, goto),
    "bring_here": (forms.EmptyForm, bring_here),
    "step_status": (forms.StepStatusForm, set_step_status),
    "step_hidden": (forms.StepHiddenForm, set_step_hidden),
    "step_phase": (forms.StepPhaseForm, set_step_phase),
    "timer": (forms.TimerForm, timer),
    "spotlight": (forms.SpotlightForm, spotlight),
    "remove_participant": (forms.ParticipantForm, remove_participant),
    "screen": (forms.ScreenForm, screen),
    "step_tables": (StepTablesForm, run_in_tables),
}
CONTROLS.update(TABLE_CONTROLS)  # breakout tables: app/tables/controls.py
CONTROLS.update(ROLLUP_CONTROLS)  # their roll-up back in plenary: app/tables/rollup_controls.py
