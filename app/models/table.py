"""Breakout tables: a workshop's room split into smaller groups (issue 22).

A table is a place a participant sits (``Participant.table_id``). A step the facilitator runs
"in tables" (``Step.in_tables``) gets one *table instance* per table: a child :class:`Step`
with ``parent_id`` set to the plenary step and ``table_id`` to the table. A table instance is
an ordinary step in every other way — its own state, action log, version and snapshot — so the
engine stores, replays and snapshots it as it does any step; it copies its exercise, config,
privacy switches, phase and timer from the plenary step. ``Workshop.steps`` lists plenary steps
only: table instances are reached through ``Step.table_steps``. A table's optional host is the
participant seated there with ``Participant.table_host`` set.
"""
from app.extensions import db

#: How the room is split: by hand, by the app spreading every sector across the tables, by the
#: app seating each sector together, or by participants choosing their table when they join.
TABLE_RULES = ("mixed", "same", "pick", "hand")


class BreakoutTable(db.Model):
    __tablename__ = "breakout_table"

    id = db.Column(db.Integer, primary_key=True)
    workshop_id = db.Column(db.Integer, db.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=False,
                            index=True)
    position = db.Column(db.Integer, nullable=False, default=0)
    name = db.Column(db.String(60), nullable=False)

    workshop = db.relationship("Workshop", back_populates="tables")
