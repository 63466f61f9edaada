""""Pick your table": under the plan's "pick" rule a participant chooses their table on their
phone (the ``pick_table`` socket event, docs/protocol.md). Checked here, server-side: the rule
is "pick", the table is this workshop's, and a table that has a size and is full is refused.

The choice is one logged change (``app.live.engine.record_change``: idempotent by operation id,
serialised by the workshop's row lock, so two people cannot both take a table's last seat);
the seat itself is written by :func:`app.tables.seating.apply_moves` inside it and announced
by :func:`app.tables.seating.after_seating` once stored.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import Form, IntegerField
from wtforms.validators import InputRequired

from app.extensions import db, socketio
from app.live import engine
from app.live.engine import Refused
from app.live.events import participant_event
from app.models import BreakoutTable, Participant
from app.tables import seating, setup


class PickTableForm(Form):
    table_id = IntegerField(validators=[InputRequired()])


def pick(workshop, participant_id: int, table_id: int) -> list[int]:
    """Seat the participant at the table they chose (in the current transaction); who moved."""
    plan = workshop.table_plan or {}
    if plan.get("rule") != "pick":
        raise Refused(_("The facilitator seats people at this workshop: you cannot choose a table."), code="rule")
    person = db.session.get(Participant, participant_id)
    if person is None or person.workshop_id != workshop.id or person.removed:
        raise Refused(_("The facilitator has removed you from this workshop."), code="forbidden")
    table = db.session.get(BreakoutTable, table_id)
    if table is None or table.workshop_id != workshop.id:
        raise Refused(_("That table is not part of this workshop."), code="not_found")
    size = setup.capacity(workshop)
    if size and person.table_id != table.id:
        seated = db.session.scalar(db.select(db.func.count()).select_from(Participant).where(
            Participant.table_id == table.id, Participant.removed.is_(False)))
        if seated >= size:
            raise Refused(_("%(table)s is full: choose another table.", table=table.name), code="full")
    return seating.apply_moves(workshop, {person.id: table.id})


@socketio.on("pick_table")
@participant_event(_l("Only participants choose a table."), PickTableForm)
def on_pick_table(connection, op, data):
    """``{op, data: {table_id}}`` from a participant -> acknowledgement."""
    participant_id = int(connection.actor.id.split(":", 1)[1])
    moved: list[int] = []

    def mutate(workshop):
        moved[:] = pick(workshop, participant_id, data["table_id"])

    ack = engine.record_change(connection.workshop_id, connection.actor, op, "table.pick", data, mutate)
    if ack.get("ok"):
        seating.after_seating(connection.workshop_id, moved)
    return ack
