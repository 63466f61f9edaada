"""A workshop's table plan (``Workshop.table_plan``) and its tables, and seating the room by
the plan's rule: set up N tables or tables of a size, assign everyone, place a late arrival.

Changing the number of tables keeps the existing tables, their names and who sits at them;
only tables past the new number go, and the people at those are unseated first (through
:mod:`app.tables.seating`). A table whose own work exists in a step run in tables is never
removed: that work would go with it.
"""
from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.models import BreakoutTable, Participant, Step
from app.tables import assignment, seating


class PlanRefused(ValueError):
    """The plan cannot be changed that way; ``str()`` says why, for a person."""


def default_name(workshop, number: int) -> str:
    """"Table 3", in the workshop's language (the name is stored: the facilitator may rename it)."""
    with force_locale(workshop.language or "en"):
        return _("Table %(number)d", number=number)


def present(workshop) -> list[Participant]:
    """The workshop's participants who were not removed, in id order."""
    return list(db.session.scalars(select(Participant).where(
        Participant.workshop_id == workshop.id, Participant.removed.is_(False)).order_by(Participant.id)))


def plan_tables(workshop, rule: str, count: int | None, size: int | None) -> list[int]:
    """Store the plan and make the workshop have its number of tables (``count``, or as many
    tables of ``size`` as seat everyone who joined). In the current transaction; returns the
    participants unseated because their table went (call :func:`seating.after_seating`)."""
    if size:
        count = assignment.table_count(len(present(workshop)), size)
    tables = list(workshop.tables)
    going = tables[count:]
    used = set(db.session.scalars(select(Step.table_id).where(
        Step.table_id.in_([t.id for t in going]))).all()) if going else set()
    if used:
        names = ", ".join(t.name for t in going if t.id in used)
        raise PlanRefused(_("%(names)s already has its own work in a step run in tables, so it cannot be removed. "
                            "Keep at least %(count)d tables.", names=names,
                            count=max(i + 1 for i, t in enumerate(tables) if t.id in used)))
    unseated = []
    if going:
        gone_ids = {t.id for t in going}
        moves = {p.id: None for p in present(workshop) if p.table_id in gone_ids}
        unseated = seating.apply_moves(workshop, moves)
        for table in going:
            workshop.tables.remove(table)
            db.session.delete(table)
    for position in range(len(tables), count):
        workshop.tables.append(BreakoutTable(position=position, name=default_name(workshop, position + 1)))
    workshop.table_plan = {"rule": rule, "count": None if size else count, "size": size or None}
    db.session.flush()
    return unseated


def capacity(workshop) -> int | None:
    """How many people a table seats under the plan (its size), None when it has no size."""
    plan = workshop.table_plan or {}
    return plan.get("size") or None


def _tables(workshop) -> list[assignment.Table]:
    size = capacity(workshop)
    return [assignment.Table(t.id, size) for t in workshop.tables]


def assign_everyone(workshop) -> list[int]:
    """Seat every participant by the plan's rule (mixed or same), in the current transaction;
    the ids whose table changed. People the tables cannot hold stay unseated."""
    rule = (workshop.table_plan or {}).get("rule")
    people = present(workshop)
    result = assignment.assign(_tables(workshop), [assignment.Person(p.id, p.sector) for p in people], rule)
    return seating.apply_moves(workshop, result)


def seating_now(workshop) -> dict[int, list[str]]:
    """Table id -> the sectors of the people seated there (what place_late reads)."""
    seated = {t.id: [] for t in workshop.tables}
    for person in present(workshop):
        if person.table_id in seated:
            seated[person.table_id].append(person.sector or "")
    return seated


def place_arrival(workshop, participant) -> None:
    """A participant who just joined (committed): seated at once when the plan's rule is mixed
    or same; under "pick" they choose on their phone, under "hand" they wait for the facilitator.
    When a size is set and every table is full, one more table is added for them."""
    plan = workshop.table_plan or {}
    rule = plan.get("rule")
    if rule not in assignment.AUTOMATIC_RULES + ("pick",) or not workshop.tables or participant.table_id:
        return
    seated = seating_now(workshop)
    full = capacity(workshop) and all(len(s) >= capacity(workshop) for s in seated.values())
    if full:
        position = len(workshop.tables)
        workshop.tables.append(BreakoutTable(position=position, name=default_name(workshop, position + 1)))
        db.session.flush()
        seated = seating_now(workshop)
    if rule == "pick":
        db.session.commit()
        return
    table_id = assignment.place_late(_tables(workshop), seated, assignment.Person(participant.id, participant.sector),
                                     rule)
    if table_id is not None:
        seating.seat(workshop, {participant.id: table_id})
