"""The rule of a step open between sessions (app/live/windows.py): pure, no app."""
from datetime import datetime, timedelta

import pytest

from app.live import windows

OPENS = datetime(2026, 12, 1, 9, 0)
CLOSES = datetime(2026, 12, 8, 18, 0)


@pytest.mark.parametrize(("now", "expected"), [
    (OPENS - timedelta(seconds=1), "before"),
    (OPENS, "open"),
    (OPENS + timedelta(days=3), "open"),
    (CLOSES - timedelta(seconds=1), "open"),
    (CLOSES, "after"),
    (CLOSES + timedelta(days=30), "after"),
])
def test_window_state_before_inside_after(now, expected):
    assert windows.window_state(OPENS, CLOSES, now) == expected


def test_a_step_without_both_moments_has_no_window():
    assert windows.window_state(None, None, OPENS) is None
    assert windows.window_state(OPENS, None, OPENS) is None


class _Step:
    def __init__(self, opens_at, closes_at):
        self.opens_at, self.closes_at = opens_at, closes_at


def test_is_open_reads_the_steps_moments():
    assert windows.is_open(_Step(OPENS, CLOSES), OPENS + timedelta(hours=1))
    assert not windows.is_open(_Step(OPENS, CLOSES), CLOSES)
    assert not windows.is_open(_Step(None, None), OPENS)


@pytest.mark.parametrize(("workshop_status", "room_step", "window_open", "allowed"), [
    ("live", 7, False, True),      # in the room, on this step
    ("live", 8, False, False),     # the room is on another step
    ("live", 8, True, True),       # ... but this step's window is open
    ("draft", 7, False, False),    # not started
    ("draft", None, True, True),   # pre-work before the workshop
    ("ended", 7, False, False),    # over
    ("ended", 7, True, True),      # follow-up after it
    ("lobby", 7, False, False),
])
def test_room_allows_the_room_on_this_step_or_an_open_window(workshop_status, room_step, window_open, allowed):
    assert windows.room_allows(workshop_status, room_step, 7, window_open) is allowed


@pytest.mark.parametrize(("status", "window_open", "expected"), [
    ("pending", True, "open"), ("closed", True, "open"), ("open", True, "open"), ("locked", True, "locked"),
    ("pending", False, "pending"), ("closed", False, "closed"), ("locked", False, "locked"),
])
def test_an_open_window_opens_a_pending_or_closed_step_but_not_a_locked_one(status, window_open, expected):
    assert windows.effective_status(status, window_open) == expected


def test_check_window_order_and_length():
    assert windows.check_window(OPENS, CLOSES) is None
    assert windows.check_window(OPENS, OPENS) == "order"
    assert windows.check_window(CLOSES, OPENS) == "order"
    assert windows.check_window(OPENS, OPENS + windows.MAX_WINDOW) is None
    assert windows.check_window(OPENS, OPENS + windows.MAX_WINDOW + timedelta(minutes=1)) == "too_long"
    assert windows.check_window(None, CLOSES) == "missing"


def test_boundaries_between_names_workshops_whose_window_opened_or_closed():
    since, now = datetime(2026, 12, 1, 8, 59), datetime(2026, 12, 1, 9, 1)
    rows = [
        (1, OPENS, CLOSES),                                          # opened in the span
        (2, OPENS - timedelta(days=1), datetime(2026, 12, 1, 9, 1)),  # closed at its very end
        (3, OPENS - timedelta(days=1), CLOSES),                       # open all along: nothing changed
        (4, since, CLOSES),                                           # opened at ``since``: seen last time
        (5, None, None),
    ]
    assert windows.boundaries_between(rows, since, now) == {1, 2}
