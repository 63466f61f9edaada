"""What the live documents say about the tables: the console's seating (every table, who sits
there, its host, who is not seated yet) and each phone's own table (its name, its host, the
tables to choose from under "pick", and the facilitator's messages to it).

A phone's part is built per participant at every flush that marks them; the room's seating is
read once per (workshop version, roster revision) and shared by all of those builds, so a flush
that refreshes 600 phones reads the tables once, not 600 times.

Messages to tables are the ``control.table_message`` rows of the action log (where every
control is kept); phones show the last few while the workshop runs, and none once it ended.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import Action, BreakoutTable, Participant

#: How many of the facilitator's latest messages a phone shows.
MESSAGES_SHOWN = 3
#: How many the console's Tables panel lists.
MESSAGES_SHOWN_CONSOLE = 10
MESSAGE_TYPE = "control.table_message"


@dataclass(frozen=True)
class Seating:
    tables: tuple  # (id, name) in position order
    seat_of: dict  # participant id -> table id
    host_of: dict  # table id -> participant id
    names: dict  # participant id -> name
    messages: tuple  # (seq, text, table id or None), newest first


def _read(workshop) -> Seating:
    tables = tuple(db.session.execute(select(BreakoutTable.id, BreakoutTable.name).where(
        BreakoutTable.workshop_id == workshop.id).order_by(BreakoutTable.position, BreakoutTable.id)))
    rows = db.session.execute(select(Participant.id, Participant.name, Participant.table_id, Participant.table_host)
                              .where(Participant.workshop_id == workshop.id, Participant.removed.is_(False)))
    seat_of, host_of, names = {}, {}, {}
    for pid, name, table_id, host in rows:
        names[pid] = name or ""
        if table_id is not None:
            seat_of[pid] = table_id
            if host:
                host_of[table_id] = pid
    messages = ()
    if workshop.status in ("lobby", "live"):
        messages = tuple((seq, (payload or {}).get("text") or "", (payload or {}).get("table_id"))
                         for seq, payload in db.session.execute(
            select(Action.seq, Action.payload).where(Action.workshop_id == workshop.id, Action.type == MESSAGE_TYPE)
            .order_by(Action.seq.desc()).limit(50)))
    return Seating(tuple((t.id, t.name) for t in tables), seat_of, host_of, names, messages)


def seating(workshop) -> Seating:
    """The room's seating, reused while neither the workshop's version nor its roster changed."""
    revision = current_app.extensions["broadcaster"].store.roster_revision(workshop.id)
    key = (workshop.version, revision, workshop.status)
    cache = current_app.extensions.setdefault("table_seating_cache", {})
    cached = cache.get(workshop.id)
    if revision is not None and cached is not None and cached[0] == key:
        return cached[1]
    found = _read(workshop)
    if workshop.id not in cache and len(cache) >= 64:
        cache.pop(next(iter(cache)))
    cache[workshop.id] = (key, found)
    return found


def console_doc(workshop) -> dict | None:
    """The console's Tables panel: None until the facilitator sets tables up. ``messages`` are
    the facilitator's last messages to the tables (``table`` None: to every table)."""
    if workshop.table_plan is None:
        return None
    room = seating(workshop)
    seated = {table_id: [] for table_id, _name in room.tables}
    unseated = []
    for pid in sorted(room.names):
        table_id = room.seat_of.get(pid)
        (seated[table_id] if table_id in seated else unseated).append(str(pid))
    return {
        "plan": {"rule": "hand", "count": None, "size": None, **workshop.table_plan},
        "tables": [{"id": table_id, "name": name, "host": str(room.host_of[table_id]) if table_id in room.host_of
                    else None, "seated": seated[table_id]} for table_id, name in room.tables],
        "unseated": unseated,
        # What the facilitator sent (newest first), so the panel shows it after a reload too.
        "messages": [{"id": seq, "text": text, "table": table_id} for seq, text, table_id in room.messages
                     if text][:MESSAGES_SHOWN_CONSOLE],
    }


def _counts(room: Seating) -> dict:
    """Table id -> how many sit there."""
    counts: dict = {}
    for table_id in room.seat_of.values():
        counts[table_id] = counts.get(table_id, 0) + 1
    return counts


def screen_doc(workshop) -> dict | None:
    """The room screen's seating board: each table's name and how many sit there, and how many
    have no table yet (while anyone has none, the room is being seated), so people find their
    place; None until tables are set up. Counts only: the screen is public, so no one's name
    and nothing a table wrote."""
    if workshop.table_plan is None:
        return None
    room = seating(workshop)
    counts = _counts(room)
    return {"tables": [{"id": table_id, "name": name, "seated": counts.get(table_id, 0)}
                       for table_id, name in room.tables],
            "unseated": len(room.names) - len(room.seat_of)}


def personal(workshop, actor_id: str) -> dict | None:
    """One phone's table part (None when the workshop has no tables): always sent, so a phone
    whose table went or whose workshop dropped its tables clears what it showed."""
    if workshop.table_plan is None or not actor_id.startswith("p:"):
        return None
    pid = int(actor_id.split(":", 1)[1])
    room = seating(workshop)
    plan = workshop.table_plan
    size = plan.get("size") or None
    mine = room.seat_of.get(pid)
    names = dict(room.tables)
    part = {"rule": plan.get("rule"), "size": size, "table": None, "choices": [],
            "messages": [{"id": seq, "text": text, "to": "table" if table_id else "all"}
                         for seq, text, table_id in room.messages
                         if text and (table_id is None or (mine is not None and table_id == mine))][:MESSAGES_SHOWN]}
    if mine in names:
        host = room.host_of.get(mine)
        part["table"] = {
            "id": mine, "name": names[mine], "i_host": host == pid,
            "host": room.names.get(host) if host is not None and host != pid and not workshop.anonymous else None,
        }
    if plan.get("rule") == "pick":
        counts = _counts(room)
        part["choices"] = [{"id": table_id, "name": name, "seated": counts.get(table_id, 0),
                            "full": bool(size) and counts.get(table_id, 0) >= size and table_id != mine}
                           for table_id, name in room.tables]
    return part
