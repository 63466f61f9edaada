"""Check-in dates and action due dates as an iCalendar file of all-day events.

UIDs are stable (item id + date), so re-importing an updated file moves events instead of
duplicating them.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask_babel import gettext as _
from icalendar import Calendar, Event

from app.plan.forms import ACTION_STATUSES


def render(doc: dict, host: str = "common-ground.local") -> bytes:
    name = doc["partnership"]["name"]
    calendar = Calendar()
    calendar.add("prodid", "-//Common Ground//Partnership plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("%(name)s: check-ins and actions", name=name))
    stamp = datetime.fromisoformat(doc["generated_at"]).astimezone(UTC)
    events = 0
    for row in doc["checkins"]:
        for day in row["dates"]:
            events += _add(calendar, f"checkin-{row['id']}-{day}@{host}",
                           _("Check-in: %(title)s", title=row["title"]), day, stamp, row["cadence"])
    for row in doc["actions"]:
        if row["due"]:
            owner = _("Owner: %(name)s", name=row["owner"]) if row["owner"] else ""
            description = " · ".join(p for p in (owner, str(ACTION_STATUSES.get(row["status"], row["status"]))) if p)
            events += _add(calendar, f"action-{row['id']}@{host}", _("Due: %(action)s", action=row["action"]),
                           row["due"], stamp, description)
    if not events:
        calendar.add("x-wr-caldesc", _("No check-in dates or action due dates in this plan yet."))
    return calendar.to_ical()


def _add(calendar, uid, summary, day, stamp, description="") -> int:
    try:
        start = date.fromisoformat(str(day))
    except ValueError:
        return 0  # a date that isn't one is left out rather than breaking the calendar
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(days=1))
    if description:
        event.add("description", description)
    calendar.add_component(event)
    return 1
