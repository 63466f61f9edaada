"""Check-in dates and action due dates as an iCalendar file of all-day events.

UIDs are stable (item id + date), so re-importing an updated file moves events instead of
duplicating them.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event


def render(doc: dict, host: str = "common-ground.local") -> bytes:
    name = doc["partnership"]["name"]
    calendar = Calendar()
    calendar.add("prodid", "-//Common Ground//Partnership plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{name}: check-ins and actions")
    stamp = datetime.fromisoformat(doc["generated_at"]).astimezone(UTC)
    events = 0
    for row in doc["checkins"]:
        for day in row["dates"]:
            events += _add(calendar, f"checkin-{row['id']}-{day}@{host}", f"Check-in: {row['title']}", day, stamp,
                           row["cadence"])
    for row in doc["actions"]:
        if row["due"]:
            description = " · ".join(p for p in (f"Owner: {row['owner']}" if row["owner"] else "", row["status"]) if p)
            events += _add(calendar, f"action-{row['id']}@{host}", f"Due: {row['action']}", row["due"], stamp,
                           description)
    if not events:
        calendar.add("x-wr-caldesc", "No check-in dates or action due dates in this plan yet.")
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
