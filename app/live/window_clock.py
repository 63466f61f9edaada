"""Which steps the phones see changes when a step's window between sessions opens or closes:
with the clock, not with a write. The broadcaster's loop asks this clock every
``WINDOW_CHECK_SECONDS`` which workshops passed such a moment, and builds their documents again."""
from __future__ import annotations

import time

from sqlalchemy import or_, select

from app.extensions import db
from app.live.windows import boundaries_between
from app.models import Step
from app.models.base import utcnow


class WindowClock:
    def __init__(self, every: float):
        self.every = every
        self.looked_at = time.monotonic()
        self.since = utcnow()

    def due(self) -> bool:
        return time.monotonic() - self.looked_at >= self.every

    def passed(self) -> set[int]:
        """The workshops with a window that opened or closed since the last look; in an app
        context, on a session the caller removes."""
        self.looked_at, since, now = time.monotonic(), self.since, utcnow()
        rows = db.session.execute(
            select(Step.workshop_id, Step.opens_at, Step.closes_at).where(
                or_(Step.opens_at.between(since, now), Step.closes_at.between(since, now)))).all()
        self.since = now
        return boundaries_between(rows, since, now)
