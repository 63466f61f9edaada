"""The dates of a series of check-ins: pure, no app.

Months are counted from the first date each time (the first date plus k months), not from the
previous check-in, so a series started on 31 January meets on 28 (or 29) February and then on
31 March again, instead of drifting to the 28th for good.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta

#: The most check-ins one plan makes: two years of monthly meetings.
MAX_CHECKINS = 24
UNITS = ("weeks", "months")


class TooMany(ValueError):
    """The end date asks for more than :data:`MAX_CHECKINS` check-ins; ``count`` says how many."""

    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, kept to the last day of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def nth_date(first: date, every: int, unit: str, n: int) -> date:
    """The ``n``-th date (0 = ``first``) of a series meeting every ``every`` weeks or months."""
    if unit == "weeks":
        return first + timedelta(weeks=every * n)
    return add_months(first, every * n)


def checkin_dates(first: date, every: int, unit: str, count: int | None = None,
                  until: date | None = None) -> list[date]:
    """``count`` dates from ``first``, or every date up to and including ``until``.

    Raises ``ValueError`` for a cadence below 1, an unknown unit, neither or both limits, or an
    end before the start, and :class:`TooMany` past :data:`MAX_CHECKINS`.
    """
    if every < 1 or unit not in UNITS:
        raise ValueError("cadence")
    if (count is None) == (until is None):
        raise ValueError("give a count or an end date")
    if count is not None:
        if not 1 <= count <= MAX_CHECKINS:
            raise TooMany(count)
        return [nth_date(first, every, unit, n) for n in range(count)]
    if until < first:
        raise ValueError("end before start")
    dates = []
    while (day := nth_date(first, every, unit, len(dates))) <= until:
        dates.append(day)
        if len(dates) > MAX_CHECKINS:
            raise TooMany(_count_until(first, every, unit, until))
    return dates


def _count_until(first: date, every: int, unit: str, until: date) -> int:
    n = 0
    while nth_date(first, every, unit, n) <= until:
        n += 1
    return n
