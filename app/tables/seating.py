"""The one way a participant's table changes (``Participant.table_id``).

:func:`seat` is the only writer of seats: it checks the moves, stores them, commits, and then —
outside the transaction, so nothing is emitted while the database is locked — calls
:func:`after_seating`, which tells the broadcaster whose own phone page must change (their
table's name and host, and what their table's instance of a step shows them).

A facilitator's control is itself one logged transaction (``app.live.engine.record_change``):
it checks and applies the moves with :func:`apply_moves` inside that transaction, and calls
:func:`after_seating` once the control is stored (``app/tables/controls.py``). These are the
two halves of :func:`seat`, never a third path.
"""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.models import BreakoutTable, Participant


class SeatingRefused(ValueError):
    """A move names a participant or a table that is not this workshop's."""


def seat(workshop, moves: dict[int, int | None]) -> None:
    """Seat each participant id of ``moves`` at its table id (None: at no table), commit, then
    refresh those participants' pages (:func:`after_seating`)."""
    moved = apply_moves(workshop, moves)
    db.session.commit()
    after_seating(workshop.id, moved)


def apply_moves(workshop, moves: dict[int, int | None]) -> list[int]:
    """Check and apply ``moves`` in the current transaction (no commit); the ids of the people
    whose table changed. A participant who leaves a table stops hosting it."""
    if not moves:
        return []
    tables = set(db.session.scalars(select(BreakoutTable.id).where(BreakoutTable.workshop_id == workshop.id)))
    unknown = {t for t in moves.values() if t is not None} - tables
    if unknown:
        raise SeatingRefused(_("That table is not part of this workshop."))
    people = {p.id: p for p in db.session.scalars(
        select(Participant).where(Participant.workshop_id == workshop.id, Participant.id.in_(list(moves))))}
    if set(moves) - set(people):
        raise SeatingRefused(_("That participant is not in this workshop."))
    moved = []
    for pid in sorted(moves):
        person, table_id = people[pid], moves[pid]
        if person.table_id != table_id:
            person.table_id = table_id
            person.table_host = False
            moved.append(pid)
    return moved


def after_seating(workshop_id: int, participant_ids) -> None:
    """After seats changed (committed): the moved people's own parts are marked for the next
    flush and their phones resync onto their new table's chain (:func:`app.tables.live.reseat`,
    which also makes instances for a table that had none). Outside any transaction: it emits."""
    from app.tables.live import reseat

    reseat(workshop_id, list(participant_ids))
