"""The facilitator's "run in tables" switch for one step (a live control, issue 22).

On: every table gets its own instance of the step (app/tables/instances.py) and each seated
participant's actions go to their table's. Off: the room works in the plenary step again; the
instances keep what the tables wrote, for the roll-up. Refused while the workshop has no tables.
"""
from __future__ import annotations

from flask_babel import gettext as _
from wtforms import BooleanField

from app.live.control_forms import StepForm
from app.live.engine import Refused
from app.live.states import write_snapshot
from app.tables.instances import ensure_instances, inherit


class StepTablesForm(StepForm):
    on = BooleanField()


def run_in_tables(workshop, data):
    """``mutate`` of the ``step_tables`` control: turn "run in tables" on or off for a step."""
    step = workshop.step(data["step_id"])
    if step is None:
        raise Refused(_("That step is not part of this workshop."), code="not_found")
    if data["on"]:
        if not workshop.tables:
            raise Refused(_("This workshop has no tables yet: set up the tables first, then run the step in "
                            "tables."), code="no_tables")
        step.in_tables = True
        ensure_instances(step)
        inherit(step)
    else:
        step.in_tables = False
        for instance in step.table_steps:
            write_snapshot(instance.id)  # the tables' work, whole, for the roll-up to read
    return step.id
