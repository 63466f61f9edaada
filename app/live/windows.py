"""Steps open between sessions: the one rule for when a participant may contribute to a step.

A facilitator can leave a step open for contributions for a set period (pre-work before a
workshop, follow-up after it) from ``Step.opens_at`` until ``Step.closes_at``. While that
window is open the step takes contributions as an open step does, whatever the room is doing
(the workshop a draft, ended, or live on another step); its privacy switches (hidden,
anonymous) and its phase hold exactly as in the room. Locking the step in the console still
pauses it. Everything here is pure: the caller passes the clock.
"""
from __future__ import annotations

from datetime import datetime, timedelta

#: The longest a window may stay open: a piece of pre-work or follow-up, not a standing survey.
MAX_WINDOW = timedelta(days=60)

BEFORE, OPEN, AFTER = "before", "open", "after"


def window_state(opens_at: datetime | None, closes_at: datetime | None, now: datetime) -> str | None:
    """``"before"``, ``"open"`` or ``"after"`` the step's window at ``now`` (naive UTC); None
    when the step has no window. The window includes its opening moment, not its closing one."""
    if opens_at is None or closes_at is None:
        return None
    if now < opens_at:
        return BEFORE
    return OPEN if now < closes_at else AFTER


def is_open(step, now: datetime) -> bool:
    """Is ``step``'s window (anything with ``opens_at`` and ``closes_at``) open at ``now``?"""
    return window_state(step.opens_at, step.closes_at, now) == OPEN


def effective_status(status: str, window_open: bool) -> str:
    """The status the step's action rules see: an open window opens a step that has not started
    or has closed (people were asked to contribute); a step the facilitator locked stays locked."""
    return "open" if window_open and status in ("pending", "closed") else status


def room_allows(workshop_status: str, room_step_id: int | None, step_id: int, window_open: bool) -> bool:
    """May a participant contribute to step ``step_id`` now? In the room (the workshop live and
    the room on this step), or through the step's open window."""
    return window_open or (workshop_status == "live" and room_step_id == step_id)


def check_window(opens_at: datetime | None, closes_at: datetime | None) -> str | None:
    """Why a window from ``opens_at`` to ``closes_at`` cannot be kept, or None when it can."""
    if opens_at is None or closes_at is None:
        return "missing"
    if closes_at <= opens_at:
        return "order"
    if closes_at - opens_at > MAX_WINDOW:
        return "too_long"
    return None


def boundaries_between(windows, since: datetime, now: datetime) -> set[int]:
    """The workshop ids among ``windows`` ((workshop id, opens_at, closes_at) triples) whose
    window opened or closed in ``(since, now]``: their documents must be built again, since
    which steps the phones see changes with the clock, not with a write."""
    return {workshop_id for workshop_id, opens_at, closes_at in windows
            if any(moment is not None and since < moment <= now for moment in (opens_at, closes_at))}
