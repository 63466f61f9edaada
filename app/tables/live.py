"""Breakout tables on the wire (issue 22): per-table phone audiences, their broadcast marks,
switching a moved participant to their new table's chain, and each table's progress.

While a workshop has a step run in tables, a seated participant's phones are not in the
``participant`` audience but in their table's, ``table:<id>`` (Socket.IO room
``w<workshop>:table:<id>``): one document of the same shape, whose in-tables steps carry the
table instance's view under the plenary step's id, on its own coalesced chain. A change at one
table marks that table only (``t:<table>``), so it costs one patch per phone of that table and
nothing for the others; any other change reaches every audience, as before.

Room membership lives in the process that holds the socket: it is decided from the database on
connect and on every ``sync`` (:func:`join_audience_room`). Whoever moves people between tables,
or switches a step in or out of tables, tells their phones to resync (:func:`reseat`,
:func:`regroup`): a patch from version 0, which a client takes as a gap (docs/protocol.md).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from flask_socketio import join_room, leave_room
from sqlalchemy import exists, func, select

from app.extensions import db, socketio
from app.models import Action, BreakoutTable, Participant, Step

TABLE_PREFIX = "table:"
#: Mark: table ``T``'s instance changed (``t:T``), with whose own part (``t:T|p:12``, ``t:T|p:*``).
TABLE_MARK = "t:"
#: Mark: table ``T``'s phones have not had its last change yet (their patch was not due).
TABLE_OWED = "a:t:"
#: Mark: something anyone may see changed (a mark without an actor).
ANYTHING = "g"


def table_audience(table_id: int) -> str:
    return f"{TABLE_PREFIX}{table_id}"


def split_audience(audience: str) -> tuple[str, int | None]:
    """``("participant", T)`` for a table audience, else ``(audience, None)``."""
    if audience.startswith(TABLE_PREFIX):
        return "participant", int(audience[len(TABLE_PREFIX):])
    return audience, None


def runs_in_tables(workshop_id: int):
    """SQL: the workshop has a plenary step run in tables."""
    return exists().where(Step.workshop_id == workshop_id, Step.parent_id.is_(None), Step.in_tables.is_(True))


def phone_audience(workshop_id: int, participant_id: int) -> str:
    """The audience a participant's phones are in now: their table's while the workshop runs a
    step in tables and they are seated, else ``participant``."""
    row = db.session.execute(select(Participant.table_id, runs_in_tables(workshop_id).label("tables"))
                             .where(Participant.id == participant_id)).first()
    if row is None or row.table_id is None or not row.tables:
        return "participant"
    return table_audience(row.table_id)


def phone_audiences(workshop_id: int) -> list[str]:
    """Every phone audience of the workshop: ``participant`` and, while a step runs in tables,
    each table's."""
    if not db.session.scalar(select(runs_in_tables(workshop_id))):
        return ["participant"]
    tables = db.session.scalars(select(BreakoutTable.id).where(BreakoutTable.workshop_id == workshop_id)
                                .order_by(BreakoutTable.position, BreakoutTable.id))
    return ["participant", *(table_audience(t) for t in tables)]


def join_audience_room(connection, workshop_id: int, participant_id: int) -> str:
    """Put this socket (the request's) in its phone audience's room, out of the one it was in:
    on connect and on every ``sync``, so the process holding the socket has it right whoever
    moved the participant, from whichever process. Returns the audience.

    The room the socket was put in is kept on its ``connection`` (app/live/presence.py) rather
    than asked of python-socketio: ``rooms()`` scans every room of the namespace (each socket
    has one of its own), so asking it on every connect made a 2,000-phone join quadratic —
    py-spy, N=2,000: 28–35 % of the server's samples in ``get_rooms`` under
    ``join_audience_room`` (bench.run, 3 Dec 2026)."""
    from app.live.rooms import room_name

    audience = phone_audience(workshop_id, participant_id)
    wanted = room_name(workshop_id, audience)
    if connection.audience_room not in (None, wanted):
        leave_room(connection.audience_room)
    join_room(wanted)
    connection.audience_room = wanted
    return audience


def nudge(room: str) -> None:
    """Tell every client in ``room`` to fetch its whole document again: a patch from version 0
    that no client holds, to a version newer than any it holds."""
    socketio.emit("patch", {"from": 0, "to": int(time.time() * 1000), "patch": {}, "now": int(time.time() * 1000)},
                  to=room)


def reseat(workshop_id: int, participant_ids) -> None:
    """After participants moved between tables (their ``table_id`` committed): make instances
    for any table that has none yet, refresh their own parts, and have their phones resync, so
    the process holding each socket re-joins the rooms of the new table's chain. Outside any
    transaction (it emits)."""
    from app.live.broadcast import changed
    from app.live.rooms import room_name
    from app.tables.instances import ensure_workshop_instances

    ensure_workshop_instances(workshop_id)
    for participant_id in participant_ids:
        changed(workshop_id, f"p:{participant_id}")
        nudge(room_name(workshop_id, f"p:{participant_id}"))
    changed(workshop_id)


def regroup(workshop_id: int) -> None:
    """A step went into tables or came out: every phone may belong to another audience now."""
    from app.live.rooms import room_name

    audiences = {"participant", *(table_audience(t) for t in db.session.scalars(
        select(BreakoutTable.id).where(BreakoutTable.workshop_id == workshop_id)))}
    db.session.remove()
    for audience in sorted(audiences):
        nudge(room_name(workshop_id, audience))


# -- the broadcaster's marks ------------------------------------------------------------


@dataclass
class Scope:
    """What one flush of a workshop has to rebuild, read from its marks."""

    everything: bool = False  # a change anyone may see
    owed_phones: bool = False  # the phones have not had an earlier such change
    tables: set = field(default_factory=set)  # tables whose instance changed
    owed_tables: set = field(default_factory=set)  # tables whose phones are owed a change
    actors: set = field(default_factory=set)  # whose own part to send ("p:12", "p:*")
    table_everyone: set = field(default_factory=set)  # tables whose every member's own part

    @classmethod
    def of(cls, marks: set, owed: str, everyone: str) -> Scope:
        scope = cls(everything=not marks)
        for mark in marks:
            if mark == owed:
                scope.owed_phones = True
            elif mark.startswith(TABLE_OWED):
                scope.owed_tables.add(int(mark[len(TABLE_OWED):]))
            elif mark.startswith(TABLE_MARK):
                table, _, actor = mark[len(TABLE_MARK):].partition("|")
                scope.tables.add(int(table))
                if actor == everyone:
                    scope.table_everyone.add(int(table))
                elif actor:
                    scope.actors.add(actor)
            else:
                scope.everything = True
                if mark.startswith("p:"):
                    scope.actors.add(mark)
        return scope

    @property
    def only_owed(self) -> bool:
        """Nothing changed since the last flush but what the phones lack."""
        return not (self.everything or self.tables)

    @property
    def phones_everywhere(self) -> bool:
        return self.everything or self.owed_phones


def table_mark(table_id: int, actor_id: str | None = None) -> str:
    return f"{TABLE_MARK}{table_id}" + (f"|{actor_id}" if actor_id else "")


def seats(workshop_id: int, table_id: int | None = None) -> dict[str, int | None]:
    """Actor id -> table id of the workshop's participants (of one table when given)."""
    query = select(Participant.id, Participant.table_id).where(Participant.workshop_id == workshop_id)
    if table_id is not None:
        query = query.where(Participant.table_id == table_id)
    return {f"p:{pid}": table for pid, table in db.session.execute(query)}


# -- progress per table -----------------------------------------------------------------


def progress(workshop, steps, role: str) -> dict[int, list[dict]]:
    """Plenary step id -> each table's progress in it, for the console (``role`` facilitator:
    its instance's id and version too) and the room screen: how many have contributed (distinct
    participants with an action in the table's instance). Counts only, never a table's content."""
    from app.tables.instances import instances_by_table

    ids = [s.id for s in steps if s.in_tables]
    if not ids:
        return {}
    instances = instances_by_table(ids)
    counts = dict(db.session.execute(
        select(Action.step_id, func.count(func.distinct(Action.actor_key)))
        .join(Step, Step.id == Action.step_id)
        .where(Step.parent_id.in_(ids), Action.actor_key.like("p:%")).group_by(Action.step_id)).all())
    seated = dict(db.session.execute(
        select(Participant.table_id, func.count()).where(Participant.workshop_id == workshop.id,
                                                         Participant.removed.is_(False),
                                                         Participant.table_id.is_not(None))
        .group_by(Participant.table_id)).all())
    result = {}
    for step_id in ids:
        rows = []
        for table in workshop.tables:
            instance = instances[step_id].get(table.id)
            row = {"table": table.id, "name": table.name, "seated": seated.get(table.id, 0),
                   "contributed": counts.get(instance.id, 0) if instance else 0}
            if role == "facilitator":
                row["step"] = instance.id if instance else 0
                row["version"] = instance.version if instance else 0
            rows.append(row)
        result[step_id] = rows
    return result
