"""Who sits where (app/tables/assignment.py) over many room shapes: 1 to 500 people, one sector
only, one person per sector, more tables than people, people without a sector, tables with a
capacity. Plain loops over shapes check the balance invariants; hypothesis tries random rooms."""
from __future__ import annotations

import math
import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.tables.assignment import Person, Table, assign, place_late, table_count

SECTORS = ["Education", "Health", "Housing", "Community", "Police", "", None]


def room(sizes: dict) -> list[Person]:
    """People numbered from 1, ``sizes`` sector -> how many."""
    people, pid = [], 1
    for sector, count in sizes.items():
        for _ in range(count):
            people.append(Person(pid, sector))
            pid += 1
    return people


def tables(n: int, capacity=None) -> list[Table]:
    return [Table(100 + i, capacity) for i in range(n)]


def per_table(result: dict) -> Counter:
    return Counter(t for t in result.values() if t is not None)


def per_sector(result: dict, people: list[Person], table_list: list[Table]) -> dict:
    """sector -> [count at each table], zeros included."""
    counts = Counter((p.sector or "", result[p.id]) for p in people)
    return {s: [counts[(s, t.id)] for t in table_list] for s in {p.sector or "" for p in people}}


def shapes():
    """(label, sector sizes, number of tables) over the shapes the issue names, and more."""
    yield "one person", {"Health": 1}, 1
    yield "one person, five tables", {"Health": 1}, 5
    for n in (2, 7, 30, 99, 500):
        for t in (1, 2, 3, 7, 12, 60):
            yield f"one sector {n}/{t}", {"Health": n}, t
            yield f"one per sector {n}/{t}", {f"S{i}": 1 for i in range(n)}, t
            yield f"even {n}/{t}", {s: max(1, n // 4) for s in ("A", "B", "C", "D")}, t
            yield f"skewed {n}/{t}", {"A": n, "B": max(1, n // 5), "C": 1}, t
    yield "more tables than people", {"A": 2, "B": 1}, 10
    yield "no sectors", {"": 11, None: 4, "A": 5}, 3
    rng = random.Random(22)  # seeded: the same shapes every run
    for _ in range(40):
        sizes = {s: rng.randint(0, 80) for s in rng.sample(SECTORS, rng.randint(1, len(SECTORS)))}
        yield f"random {sizes}", {k: v for k, v in sizes.items() if v} or {"A": 1}, rng.randint(1, 40)


SHAPES = list(shapes())


@pytest.mark.parametrize("label,sizes,count", SHAPES, ids=[s[0] for s in SHAPES])
def test_mixed_balances_tables_and_every_sector(label, sizes, count):
    people, table_list = room(sizes), tables(count)
    result = assign(table_list, people, "mixed")
    assert set(result) == {p.id for p in people} and None not in result.values()
    heads = [per_table(result)[t.id] for t in table_list]
    assert max(heads) - min(heads) <= 1, heads
    for sector, spread in per_sector(result, people, table_list).items():
        assert max(spread) - min(spread) <= 1, (sector, spread)


@pytest.mark.parametrize("label,sizes,count", SHAPES, ids=[s[0] for s in SHAPES])
def test_same_keeps_sectors_together_on_the_fewest_tables(label, sizes, count):
    people, table_list = room(sizes), tables(count)
    result = assign(table_list, people, "same")
    assert set(result) == {p.id for p in people} and None not in result.values()
    fair = math.ceil(len(people) / count)
    spread = per_sector(result, people, table_list)
    # A sector has tables of its own while tables last: largest sectors first, each on the
    # fewest tables that hold it, split evenly (parts of two or more).
    ordered = sorted(spread.items(), key=lambda item: (-sum(item[1]), item[0]))
    needs = [min(math.ceil(sum(c) / fair), max(1, sum(c) // 2)) for _s, c in ordered]
    fresh = count
    for (sector, counts), needed in zip(ordered, needs, strict=True):
        if needed > fresh:
            break
        fresh -= needed
        used = [c for c in counts if c]
        assert len(used) >= needed, (sector, counts)
        if sum(needs) <= count:  # nobody had to share: one sector per table, evenly split
            assert len(used) == needed and max(used) - min(used) <= 1, (sector, counts)
            for i, c in enumerate(counts):
                assert not c or all(not cs[i] for s, cs in spread.items() if s != sector)


def test_same_more_sectors_than_tables_share_the_roomiest_tables():
    people = room({"A": 6, "B": 6, "C": 2, "D": 2, "E": 2})  # 18 people at 3 tables of 6
    result = assign(tables(3), people, "same")
    heads = per_table(result)
    assert sorted(heads.values()) == [6, 6, 6]
    by_sector = {s: {result[p.id] for p in people if p.sector == s} for s in "ABCDE"}
    assert all(len(t) == 1 for t in by_sector.values())  # every small sector stays together
    assert by_sector["C"] == by_sector["D"] == by_sector["E"] == {102}


def test_one_person_per_sector_under_same_never_overfills_a_table():
    people = room({f"S{i}": 1 for i in range(20)})
    for count in (1, 3, 6, 20, 30):
        heads = per_table(assign(tables(count), people, "same"))
        assert max(heads.values()) <= math.ceil(20 / count)
        assert sum(heads.values()) == 20


def test_a_small_sector_is_not_split_into_people_alone_when_tables_are_plentiful():
    people = room({"A": 3, "B": 2})
    result = assign(tables(10), people, "same")
    assert len({result[p.id] for p in people if p.sector == "A"}) == 1
    assert len({result[p.id] for p in people if p.sector == "B"}) == 1


@pytest.mark.parametrize("rule", ["mixed", "same"])
@pytest.mark.parametrize("n,capacity,count", [(10, 4, 3), (12, 4, 3), (30, 5, 4), (7, 2, 2), (500, 8, 63)])
def test_capacity_is_never_exceeded_and_only_the_overflow_waits(rule, n, capacity, count):
    people = room({"A": n // 2, "B": n - n // 2 - n // 5, "C": n // 5})
    result = assign(tables(count, capacity), people, rule)
    heads = per_table(result)
    assert max(heads.values()) <= capacity
    assert sum(heads.values()) == min(len(people), capacity * count)
    assert list(result.values()).count(None) == max(0, len(people) - capacity * count)


def test_mixed_with_tables_of_a_size_from_table_count_seats_everyone_within_one():
    for n in range(1, 501, 37):
        for size in (2, 5, 8, 10):
            people = room({"A": n // 2, "B": n - n // 2})
            table_list = tables(table_count(n, size), size)
            result = assign(table_list, people, "mixed")
            assert None not in result.values()
            heads = [per_table(result)[t.id] for t in table_list]
            assert max(heads) <= size and max(heads) - min(heads) <= 1


def test_pick_and_hand_place_nobody_and_no_tables_seat_nobody():
    people = room({"A": 3})
    assert assign(tables(2), people, "pick") == {}
    assert assign(tables(2), people, "hand") == {}
    assert assign([], people, "mixed") == {1: None, 2: None, 3: None}
    assert assign(tables(3), [], "same") == {}


@pytest.mark.parametrize("rule", ["mixed", "same"])
def test_assignment_is_deterministic_whatever_the_order_given(rule):
    people = room({"A": 17, "B": 9, "": 4, "C": 30})
    first = assign(tables(6), people, rule)
    shuffled = people[:]
    random.Random(3).shuffle(shuffled)
    assert assign(tables(6), shuffled, rule) == first
    assert assign(tables(6), people, rule) == first


def test_table_count_is_the_ceiling_and_at_least_one():
    assert table_count(0, 6) == 1
    assert table_count(1, 6) == 1
    assert table_count(12, 6) == 2
    assert table_count(13, 6) == 3
    assert table_count(500, 8) == 63
    with pytest.raises(ValueError):
        table_count(5, 0)


# -- late arrivals ---------------------------------------------------------------------------

def test_late_mixed_goes_where_their_sector_is_least_present_then_the_smallest_table():
    t = tables(3)
    seating = {100: ["A", "A", "B"], 101: ["A", "B"], 102: ["B", "C", "C", "C"]}
    assert place_late(t, seating, Person(9, "A"), "mixed") == 102  # no A there yet
    assert place_late(t, seating, Person(9, "B"), "mixed") == 101  # one B each: the smallest
    assert place_late(t, seating, Person(9, "D"), "mixed") == 101
    assert place_late(t, {}, Person(9, "D"), "mixed") == 100  # an empty room: the first table


def test_late_same_goes_to_their_sectors_table_with_room_else_the_emptiest():
    t = tables(3, capacity=3)
    seating = {100: ["A", "A", "A"], 101: ["A", "B"], 102: ["C"]}
    assert place_late(t, seating, Person(9, "A"), "same") == 101  # 100 is full
    assert place_late(t, seating, Person(9, "C"), "same") == 102
    assert place_late(t, seating, Person(9, "D"), "same") == 102  # a new sector: the emptiest


def test_late_arrival_refused_when_every_table_is_full_and_never_for_pick_or_hand():
    t = tables(2, capacity=1)
    assert place_late(t, {100: ["A"], 101: ["B"]}, Person(9, "A"), "mixed") is None
    assert place_late(t, {100: ["A"], 101: ["B"]}, Person(9, "A"), "same") is None
    assert place_late(tables(2), {}, Person(9, "A"), "pick") is None
    assert place_late(tables(2), {}, Person(9, "A"), "hand") is None
    assert place_late(tables(2), {}, Person(9, None), "mixed") == 100


def _arrive_one_by_one(people, table_list, rule):
    seating = {t.id: [] for t in table_list}
    for person in people:
        table = place_late(table_list, seating, person, rule)
        if table is not None:
            seating[table].append(person.sector or "")
    return seating


@pytest.mark.parametrize("label,sizes,count", SHAPES[::5], ids=[s[0] for s in SHAPES[::5]])
def test_arrivals_one_at_a_time_under_mixed_keep_every_sector_within_one(label, sizes, count):
    people = room(sizes)
    random.Random(label).shuffle(people)
    seating = _arrive_one_by_one(people, tables(count), "mixed")
    for sector in {p.sector or "" for p in people}:
        spread = [seats.count(sector) for seats in seating.values()]
        assert max(spread) - min(spread) <= 1, (sector, spread)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(SECTORS), min_size=1, max_size=200), st.integers(1, 30),
       st.one_of(st.none(), st.integers(1, 12)))
def test_random_rooms_keep_the_invariants(sectors, count, capacity):
    people = [Person(i + 1, s) for i, s in enumerate(sectors)]
    table_list = tables(count, capacity)
    total = len(people) if capacity is None else min(len(people), capacity * count)
    for rule in ("mixed", "same"):
        result = assign(table_list, people, rule)
        heads = per_table(result)
        assert sum(heads.values()) == total
        if capacity is not None:
            assert max(heads.values()) <= capacity
    mixed = assign(table_list, people, "mixed")
    if capacity is None or capacity * count >= len(people):
        for spread in per_sector(mixed, people, table_list).values():
            assert max(spread) - min(spread) <= 1
