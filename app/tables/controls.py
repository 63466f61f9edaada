"""The facilitator's table controls on the console: set the tables up, assign everyone by the
rule, rename a table, choose its host, move one person, send a message to one table or all,
and stop using tables. Each is a ``mutate(workshop, data)`` of ``app/live/controls.py``'s
CONTROLS (the same socket path, validation, log and authorisation as every console control).

A control that moves people applies the moves inside its own logged transaction
(:func:`app.tables.seating.apply_moves`) and leaves their ids in ``g.table_moves``; the socket
handler calls :func:`after_control` once the control is stored, which hands them to
:func:`app.tables.seating.after_seating`.
"""
from __future__ import annotations

from flask import g
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import Form, IntegerField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from app.extensions import db
from app.live.engine import Refused
from app.models import BreakoutTable, Participant, Step
from app.tables import assignment, seating, setup

#: A message to tables is a short notice, not a chat.
MESSAGE_MAX = 280


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class TablesSetupForm(Form):
    rule = SelectField(choices=[SelectChoice("mixed", _l("Mix the sectors")),
                                SelectChoice("same", _l("Seat each sector together")),
                                SelectChoice("pick", _l("Participants choose their table")),
                                SelectChoice("hand", _l("I seat people myself"))])
    count = IntegerField(validators=[Optional(), NumberRange(1, 100, message=_l("Between 1 and 100 tables."))])
    size = IntegerField(validators=[Optional(), NumberRange(2, 50, message=_l("Between 2 and 50 people a table."))])

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        if ok and (self.count.data is None) == (self.size.data is None):
            self.count.errors = [str(_l("Give either a number of tables or a table size, not both."))]
            return False
        return ok


class TableRenameForm(Form):
    table_id = IntegerField(validators=[InputRequired()])
    name = StringField(filters=[_strip], validators=[DataRequired(message=_l("Give the table a name.")),
                                                     Length(max=60, message=_l("At most 60 characters."))])


class TableHostForm(Form):
    table_id = IntegerField(validators=[InputRequired()])
    participant_id = IntegerField(validators=[Optional()])  # none: the table has no host


class TableMoveForm(Form):
    participant_id = IntegerField(validators=[InputRequired()])
    table_id = IntegerField(validators=[Optional()])  # none: not seated


class TableMessageForm(Form):
    table_id = IntegerField(validators=[Optional()])  # none: every table
    text = StringField(filters=[_strip], validators=[
        DataRequired(message=_l("Write the message.")),
        Length(max=MESSAGE_MAX, message=_l("At most %(max)d characters.", max=MESSAGE_MAX))])


class NoDataForm(Form):
    """A table control that carries no data."""


def _moved(ids) -> None:
    g.table_moves = list(ids)


def after_control(workshop_id: int) -> None:
    """After a stored table control: refresh the pages of the people it moved."""
    moved = g.pop("table_moves", None)
    if moved:
        seating.after_seating(workshop_id, moved)


def _table(workshop, table_id) -> BreakoutTable:
    table = db.session.get(BreakoutTable, table_id) if table_id is not None else None
    if table is None or table.workshop_id != workshop.id:
        raise Refused(_("That table is not part of this workshop."), code="not_found")
    return table


def _participant(workshop, participant_id) -> Participant:
    person = db.session.get(Participant, participant_id)
    if person is None or person.workshop_id != workshop.id or person.removed:
        raise Refused(_("That participant is not in this workshop."), code="not_found")
    return person


def _no_plan(workshop) -> None:
    if workshop.table_plan is None:
        raise Refused(_("Set the tables up first."), code="rule")


def set_up(workshop, data):
    try:
        _moved(setup.plan_tables(workshop, data["rule"], data.get("count"), data.get("size")))
    except setup.PlanRefused as exc:
        raise Refused(str(exc), code="rule") from exc


def assign_now(workshop, _data):
    _no_plan(workshop)
    if workshop.table_plan.get("rule") not in assignment.AUTOMATIC_RULES:
        raise Refused(_("Choose “Mix the sectors” or “Seat each sector together” to seat everyone at once."),
                      code="rule")
    _moved(setup.assign_everyone(workshop))


def rename(workshop, data):
    _table(workshop, data["table_id"]).name = data["name"]


def set_host(workshop, data):
    table = _table(workshop, data["table_id"])
    host = _participant(workshop, data["participant_id"]) if data.get("participant_id") is not None else None
    if host is not None and host.table_id != table.id:
        message = _("Only someone seated at %(table)s can host it.", table=table.name)
        raise Refused(message, fields={"participant_id": [message]}, code="rule")
    for person in db.session.scalars(db.select(Participant).where(Participant.table_id == table.id)):
        person.table_host = host is not None and person.id == host.id


def move(workshop, data):
    _no_plan(workshop)
    person = _participant(workshop, data["participant_id"])
    table_id = data.get("table_id")
    if table_id is not None:
        _table(workshop, table_id)
    _moved(seating.apply_moves(workshop, {person.id: table_id}))


def message(workshop, data):
    _no_plan(workshop)
    if data.get("table_id") is not None:
        _table(workshop, data["table_id"])
    if workshop.status not in ("lobby", "live"):
        raise Refused(_("Messages reach the tables only while the workshop runs."), code="rule")


def stop_tables(workshop, _data):
    """No more tables: everyone unseated, the tables and the plan gone (not a table with work)."""
    ids = [t.id for t in workshop.tables]
    if ids and db.session.scalar(db.select(Step.id).where(Step.table_id.in_(ids)).limit(1)) is not None:
        raise Refused(_("A step has already run in these tables: their work stays, so the tables stay too."),
                      code="rule")
    moves = {p.id: None for p in setup.present(workshop) if p.table_id is not None}
    _moved(seating.apply_moves(workshop, moves))
    for table in list(workshop.tables):
        workshop.tables.remove(table)
        db.session.delete(table)
    workshop.table_plan = None


#: command -> (form, mutate), merged into app.live.controls.CONTROLS
TABLE_CONTROLS = {
    "tables_setup": (TablesSetupForm, set_up),
    "tables_assign": (NoDataForm, assign_now),
    "tables_stop": (NoDataForm, stop_tables),
    "table_rename": (TableRenameForm, rename),
    "table_host": (TableHostForm, set_host),
    "table_move": (TableMoveForm, move),
    "table_message": (TableMessageForm, message),
}
