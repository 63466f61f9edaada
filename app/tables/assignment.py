"""Who sits at which breakout table: pure functions, no Flask, no database.

The console's "assign now" and every late arrival ask this module; ``app/tables/seating.py``
stores its answer. Everything here is deterministic: the same room gives the same seating
(participants in id order, tables in the order given, ties broken the same way every time), so
a facilitator who presses "assign now" twice sees nothing move.

Rules (``app.models.table.TABLE_RULES``):

``mixed``
    Every sector spread across the tables as evenly as possible. People are lined up sector by
    sector (the largest sector first, then by sector name; within a sector by id) and dealt
    round the tables like cards, the deal carrying on from one sector to the next. So every
    table's headcount is within one of every other's, and each sector's count at any two tables
    differs by at most one. A table with a capacity that is full is skipped by the deal; the
    balance then holds among the tables that still have room.

``same``
    Each sector seated together. Sectors go largest first. A sector that fits one table gets a
    table of its own; a larger one is split, as evenly as possible, over the fewest tables that
    hold it (never into parts of fewer than two people when the tables have no set size, so
    nobody sits alone for the sake of a split). A table holds ``capacity`` people when it has
    one, else the room's fair share, ``ceil(people / tables)``. When there are more sectors than
    tables, the smaller sectors that come last share: each goes, whole if it fits, to the table
    with the most room left (fewest people, then the first in order); one that does not fit
    whole fills the roomiest tables in turn.

``pick`` and ``hand``
    Nobody is placed automatically: people choose their table, or the facilitator seats them.

A participant with no sector (``""`` or ``None``) counts as one more sector, "no sector".
Anyone who cannot be seated because every table with a capacity is full stays unseated
(``None``).
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

AUTOMATIC_RULES = ("mixed", "same")


@dataclass(frozen=True)
class Table:
    id: int
    capacity: int | None = None  # None: no limit


@dataclass(frozen=True)
class Person:
    id: int
    sector: str | None = ""


def table_count(people: int, size: int) -> int:
    """How many tables of ``size`` seat ``people``: ``ceil(people / size)``, at least one (a
    room set up before anyone joins still gets a table to sit at)."""
    if size < 1:
        raise ValueError("a table seats at least one person")
    return max(1, math.ceil(people / size))


def _sector(person: Person) -> str:
    return person.sector or ""


def _by_sector(people: Iterable[Person]) -> list[tuple[str, list[Person]]]:
    """Sectors, largest first (then by name), each with its people in id order."""
    groups: dict[str, list[Person]] = {}
    for person in sorted(people, key=lambda p: p.id):
        groups.setdefault(_sector(person), []).append(person)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))


def assign(tables: Sequence[Table], people: Iterable[Person], rule: str) -> dict[int, int | None]:
    """Person id -> table id (None: not seated) for everyone in ``people`` under ``rule``.
    For ``pick`` and ``hand`` the answer is empty: nobody is moved."""
    people = list(people)
    if rule not in AUTOMATIC_RULES:
        return {}
    if not tables:
        return {p.id: None for p in people}
    if rule == "mixed":
        return _mixed(tables, people)
    return _same(tables, people)


def _mixed(tables: Sequence[Table], people: list[Person]) -> dict[int, int | None]:
    seated = Counter()
    result: dict[int, int | None] = {}
    turn = 0
    for _sector_name, members in _by_sector(people):
        for person in members:
            result[person.id] = None
            for step in range(len(tables)):  # the next table round the deal that has room
                table = tables[(turn + step) % len(tables)]
                if table.capacity is None or seated[table.id] < table.capacity:
                    result[person.id] = table.id
                    seated[table.id] += 1
                    turn = (turn + step + 1) % len(tables)
                    break
    return result


def _same(tables: Sequence[Table], people: list[Person]) -> dict[int, int | None]:
    fair = math.ceil(len(people) / len(tables)) if people else 1
    room = {t.id: (t.capacity if t.capacity is not None else fair) for t in tables}
    hard = {t.id: t.capacity is not None for t in tables}
    seated = Counter()
    fresh = [t.id for t in tables]  # tables nobody sits at yet, in order
    result: dict[int, int | None] = {}

    def put(members: list[Person], table_id: int) -> None:
        for person in members:
            result[person.id] = table_id
            seated[table_id] += 1

    for _sector_name, members in _by_sector(people):
        if fresh:
            parts, short = _parts(len(members), room[fresh[0]], hard[fresh[0]], len(fresh))
            start = 0
            for size in parts:
                table_id = fresh.pop(0)
                if not hard[table_id] and not short:
                    room[table_id] = max(room[table_id], size)  # a part of two, not one alone
                take = min(size, room[table_id])
                put(members[start:start + take], table_id)
                start += take
            members = members[start:]
        _share(members, tables, room, hard, seated, put, result)
    return result


def _parts(count: int, size: int, hard: bool, available: int) -> tuple[list[int], bool]:
    """The sizes a sector of ``count`` is split into at tables holding ``size``: the fewest
    tables that hold it, as even as possible; and whether there were too few fresh tables."""
    needed = max(1, math.ceil(count / max(size, 1)))
    if not hard:
        needed = min(needed, max(1, count // 2))  # parts of two or more when nothing forces it
    short = needed > available
    needed = min(needed, available)
    base, extra = divmod(count, needed)
    return [base + (1 if i < extra else 0) for i in range(needed)], short


def _share(members, tables, room, hard, seated, put, result) -> None:
    """Seat what is left of a sector at tables already in use: whole at the roomiest table it
    fits, else filling the roomiest tables in turn; once no table has room, tables without a
    set size take the rest (the emptiest first), and past every capacity people stay unseated."""
    while members:
        ids = [tables[i].id for i in sorted(range(len(tables)), key=lambda i: (seated[tables[i].id], i))]
        left = {tid: room[tid] - seated[tid] for tid in ids}
        fits = [tid for tid in ids if left[tid] >= len(members)]
        if fits:
            put(members, fits[0])
            return
        with_room = [tid for tid in ids if left[tid] > 0]
        if with_room:
            take = left[with_room[0]]
            put(members[:take], with_room[0])
            members = members[take:]
            continue
        soft = [tid for tid in ids if not hard[tid]]
        if soft:
            put(members, soft[0])
            return
        for person in members:
            result[person.id] = None
        return


def place_late(tables: Sequence[Table], seating: Mapping[int, Sequence[str | None]], person: Person,
               rule: str) -> int | None:
    """The table for one late arrival, against the room as it is seated now.

    ``seating`` is table id -> the sectors of the people seated there (one entry each). Under
    ``mixed``: the table where their sector is least present, then the one with fewest people,
    then the first in order. Under ``same``: the table with most of their sector that has room
    (then fewest people, then order); when no table has their sector yet, the emptiest table.
    A table at its capacity is never chosen; None when every table is full, and always for
    ``pick`` and ``hand``."""
    if rule not in AUTOMATIC_RULES:
        return None
    sector = _sector(person)
    open_tables = [(i, t) for i, t in enumerate(tables)
                   if t.capacity is None or len(seating.get(t.id, ())) < t.capacity]
    if not open_tables:
        return None

    def mine(table: Table) -> int:
        return sum(1 for s in seating.get(table.id, ()) if (s or "") == sector)

    def headcount(table: Table) -> int:
        return len(seating.get(table.id, ()))

    if rule == "mixed":
        _, best = min(open_tables, key=lambda it: (mine(it[1]), headcount(it[1]), it[0]))
        return best.id
    with_mine = [it for it in open_tables if mine(it[1])]
    if with_mine:
        _, best = min(with_mine, key=lambda it: (-mine(it[1]), headcount(it[1]), it[0]))
        return best.id
    _, best = min(open_tables, key=lambda it: (headcount(it[1]), it[0]))
    return best.id
