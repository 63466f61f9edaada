"""A step open between sessions, as the facilitator's step page shows it: its link, and where
its window stands now."""
from __future__ import annotations

from app.live import windows, windows_text
from app.models.base import utcnow
from app.origins import external_url


def link(workshop, step) -> str:
    """The link that lets people who missed the room contribute to ``step`` (app/join)."""
    return external_url("join.between", code=workshop.join_code, step_id=step.id)


def window_facts(workshop, step) -> dict | None:
    """What the step page says of the window, or None when the step has none."""
    state = windows.window_state(step.opens_at, step.closes_at, utcnow())
    if state is None:
        return None
    return {"state": state, "link": link(workshop, step), "opens": windows_text.moment(step.opens_at),
            "closes": windows_text.moment(step.closes_at)}
