"""The facilitator's roll-up controls (issue 22): bring table results into the plenary step
(``rollup_adopt``), promote them to the plan (``rollup_plan``) or take them back out
(``rollup_unplan``), and choose what the room screen shows of them (``rollup_screen``).

Each is a ``mutate(workshop, data)`` of ``app/live/controls.py``'s CONTROLS: the same socket
path, WTForms validation, log row, version and authorisation as every console control, and the
decision is stored on the plenary step (``Step.rollup``, app/tables/rollup.py).

Adopting changes the plenary step's *state*, which only exercise actions may do (the log is the
source of truth). So before the control is recorded, :func:`before_adopt` sends the actions the
exercise's ``adopt`` hook gives through the engine's normal path (``engine.submit_action``, as
the facilitator: validated, checked, applied, logged, versioned, broadcast, each with an op id
made from the control's), and only when every one is stored does the control record the keys as
adopted. A retried control re-sends the same op ids, which the engine answers as duplicates:
nothing is applied twice. An action the engine refuses (the step is closed, the text too long
for the action's form) is the control's answer, and nothing is recorded.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import Form, IntegerField, SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from app.extensions import db
from app.forms_common import strip
from app.live import engine
from app.live.engine import Refused
from app.models import PlanItem, Workshop
from app.tables import rollup
from app.tables.rollup_docs import tables_of

#: A key is "<instance id>:<ref>"; a ref is at most the plan's 300-character source key.
KEY_MAX = 320


class StepRollupForm(Form):
    step = IntegerField(validators=[InputRequired(message=_l("Choose a step."))])


class RollupItemsForm(StepRollupForm):
    items = SelectMultipleField(validate_choice=False)
    title = StringField(filters=[strip], validators=[
        Optional(), Length(max=rollup.TITLE_MAX, message=_l("At most %(max)d characters.", max=rollup.TITLE_MAX))])
    text = TextAreaField(filters=[strip], validators=[
        Optional(), Length(max=rollup.TEXT_MAX, message=_l("At most %(max)d characters.", max=rollup.TEXT_MAX))])

    def validate_items(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one table result."))
        if any(len(key) > KEY_MAX for key in field.data):
            raise ValidationError(_l("That table result is not part of this step: refresh the console and choose "
                                     "again."))


class RollupUnplanForm(StepRollupForm):
    id = StringField(filters=[strip], validators=[InputRequired(message=_l("Choose a result of the plan.")),
                                                   Length(max=16)])


class RollupScreenForm(StepRollupForm):
    mode = SelectField(choices=[SelectChoice("off", _l("Nothing")), SelectChoice("all", _l("Every table")),
                                SelectChoice("turn", _l("One table at a time"))])
    table = IntegerField(validators=[Optional()])


def _plenary(workshop, data):
    """The plenary step the control names (a step of this workshop, not a table's instance)."""
    step = workshop.step(data["step"])
    if step is None:
        raise Refused(_l("That step is not part of this workshop."), code="not_found")
    return step


def _tables(workshop, step) -> list[dict]:
    tables = tables_of(workshop, step)
    if not tables:
        raise Refused(_l("This step has not run in tables: there is nothing to roll up."), code="no_tables")
    return tables


def _refused(exc: rollup.RollupRefused) -> Refused:
    return Refused(exc.message, code=exc.code)


def _store(step, decided: dict) -> None:
    step.rollup = {**decided, "screen": dict(decided["screen"])}  # a new object: the JSON column is saved


def _words(data, name):
    return data.get(name) or None  # an empty field: the items' own words


def before_adopt(workshop_id: int, actor, op: str, data: dict) -> dict | None:
    """Apply what adopting the chosen items adds to the plenary step, before the control is
    recorded (see the module's docstring). The refusal's acknowledgement, or None to go on."""
    if engine.previous_ack(workshop_id, actor.id, op):
        return None  # a retry of a stored control: record_change answers it as the first time
    workshop = db.session.get(Workshop, workshop_id)
    if workshop is None:
        return engine.error_ack(op, engine.gone())
    try:
        step = _plenary(workshop, data)
        exercise, step_id, config = _exercise(step), step.id, dict(step.config or {})
        picked = rollup.chosen(_tables(workshop, step), data["items"])
        actions = rollup.adoption(exercise, picked, config, rollup.decisions(step.rollup), _words(data, "text"))
    except rollup.RollupRefused as exc:
        return engine.error_ack(op, _refused(exc))
    except Refused as exc:
        return engine.error_ack(op, exc)
    db.session.rollback()  # the engine reads everything again under its lock
    for number, action in enumerate(actions):
        ack = engine.submit_action(workshop_id, actor, {"op": f"{op[:56]}.a{number}", "step": step_id,
                                                        "type": action["type"], "data": action["data"]})
        if not ack.get("ok"):
            return {**ack, "op": op}
    return None


def _exercise(step):
    from flask import current_app

    exercise = current_app.extensions["exercises"].get(step.exercise_key)
    if exercise is None:
        raise Refused(_l("This step's exercise is not installed."), code="not_found")
    return exercise


def adopt(workshop, data):
    """``rollup_adopt``: the keys are adopted (their actions are stored: :func:`before_adopt`)."""
    step = _plenary(workshop, data)
    decided = rollup.decisions(step.rollup)
    try:
        picked = rollup.chosen(_tables(workshop, step), data["items"])
    except rollup.RollupRefused as exc:
        raise _refused(exc) from exc
    decided["adopted"] = [*decided["adopted"], *(item["key"] for item, _t in picked if item["key"] not in
                                                  decided["adopted"])]
    _store(step, decided)
    return step.id


def plan(workshop, data):
    """``rollup_plan``: the chosen items (merged when several) become a plan item of the step,
    harvested into the partnership's plan in the same transaction."""
    from app.plan.collect import collect_rollup

    step = _plenary(workshop, data)
    decided = rollup.decisions(step.rollup)
    try:
        picked = rollup.chosen(_tables(workshop, step), data["items"])
        entry = rollup.promotion(picked, decided, _words(data, "title"), _words(data, "text"))
    except rollup.RollupRefused as exc:
        raise _refused(exc) from exc
    decided["planned"] = [*decided["planned"], entry]
    decided["next"] += 1
    _store(step, decided)
    collect_rollup(workshop, step)
    return step.id


def unplan(workshop, data):
    """``rollup_unplan``: take a promoted result back out; its plan item is dropped (the plan's
    history keeps it, and a facilitator may restore it from the plan page)."""
    from app.plan import curate

    step = _plenary(workshop, data)
    decided = rollup.decisions(step.rollup)
    if not any(p["id"] == data["id"] for p in decided["planned"]):
        raise Refused(_l("That result is not in the plan any more."), code="not_found")
    decided["planned"] = [p for p in decided["planned"] if p["id"] != data["id"]]
    _store(step, decided)
    item = db.session.scalar(db.select(PlanItem).filter_by(partnership_id=workshop.partnership_id,
                                                           source_key=f"{step.id}:rollup:{data['id']}"))
    if item is not None:
        curate.set_status(item, "dropped", None)
    return step.id


def screen(workshop, data):
    """``rollup_screen``: what the room screen shows of this step's tables. Showing one step's
    roll-up stops showing any other's: the screen shows one roll-up at a time."""
    step = _plenary(workshop, data)
    decided = rollup.decisions(step.rollup)
    try:  # turning it off needs no table
        tables = _tables(workshop, step) if data["mode"] != "off" else []
        decided["screen"] = rollup.screen_choice(tables, data["mode"], data.get("table"))
    except rollup.RollupRefused as exc:
        raise _refused(exc) from exc
    if decided["screen"]["mode"] != "off":
        for other in workshop.steps:
            shown = rollup.decisions(other.rollup)
            if other.id != step.id and shown["screen"]["mode"] != "off":
                _store(other, {**shown, "screen": {"mode": "off", "table": None}})
    _store(step, decided)
    return step.id


#: command -> (form, mutate), merged into app.live.controls.CONTROLS
ROLLUP_CONTROLS = {
    "rollup_adopt": (RollupItemsForm, adopt),
    "rollup_plan": (RollupItemsForm, plan),
    "rollup_unplan": (RollupUnplanForm, unplan),
    "rollup_screen": (RollupScreenForm, screen),
}
#: command -> what runs before the control is recorded (the socket handler calls it).
BEFORE = {"rollup_adopt": before_adopt}
