"""What a partnership still has to do, read from its living plan: the "Still open" part of the
partnership home.

Pure: it takes plan items (models or their ``as_dict()``), the days the partnership's workshops
started, today and the organisations no one champions now; the page and its tests call it the
same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from app.plan.items import action_data

#: An action due within this many days is "due soon".
DUE_SOON_DAYS = 14
#: A workshop that starts this many days before a planned check-in date still counts as held.
CHECKIN_EARLY_DAYS = 7
#: Outcomes of an agreement clause that settle it (the agreement exercise's words).
SETTLED_OUTCOMES = frozenset({"agreed", "agreed_reservations"})

#: The kinds of open work, in the order the home lists them, with their headings.
KINDS = {
    "overdue": _l("Actions past their due date"),
    "due_soon": _l("Actions due in the next two weeks"),
    "no_owner": _l("Actions nobody owns yet"),
    "role_unassigned": _l("Roles without a lead"),
    "indicator_no_owner": _l("Indicators nobody collects yet"),
    "agreement_open": _l("Agreement clauses not yet agreed"),
    "checkin_overdue": _l("Check-ins that have not happened"),
    "no_champion": _l("Organisations without a champion"),
}


@dataclass(frozen=True)
class OpenThing:
    kind: str
    item_id: int | None
    title: str
    when: date | None = None


def _get(item, name, default=None):
    return item.get(name, default) if isinstance(item, dict) else getattr(item, name, default)


def _day(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _action(item, today: date) -> list[str]:
    data = action_data(_get(item, "data"))
    if data.get("status") == "done":
        return []
    kinds = [] if str(data.get("owner") or "").strip() else ["no_owner"]
    due = _day(data.get("due"))
    if due is not None and due < today:
        kinds.insert(0, "overdue")
    elif due is not None and due <= today + timedelta(days=DUE_SOON_DAYS):
        kinds.insert(0, "due_soon")
    return kinds


def _agreement_open(item) -> bool:
    data = _get(item, "data") or {}
    if isinstance(data, dict) and "outcomes" in data:
        return False  # the agreement exercise's decision-log summary, not a clause
    if isinstance(data, dict) and "outcome" in data:
        return data.get("outcome") not in SETTLED_OUTCOMES
    return _get(item, "status") == "proposed"


def _item_kinds(item, today: date) -> list[str]:
    section, data = _get(item, "section"), _get(item, "data") or {}
    data = data if isinstance(data, dict) else {}
    if section == "actions":
        return _action(item, today)
    if section == "roles":
        return [] if str(data.get("lead") or "").strip() else ["role_unassigned"]
    if section == "indicators":
        return [] if str(data.get("owner") or data.get("collected_by") or "").strip() else ["indicator_no_owner"]
    if section == "agreements":
        return ["agreement_open"] if _agreement_open(item) else []
    return []


def missed_checkins(item, today: date, workshop_days: list[date]) -> list[date]:
    """Planned check-in dates that have passed with no workshop started since shortly before."""
    data = _get(item, "data") or {}
    dates = sorted(d for d in (_day(v) for v in (data.get("dates") or [] if isinstance(data, dict) else [])) if d)
    return [d for d in dates if d < today
            and not any(day >= d - timedelta(days=CHECKIN_EARLY_DAYS) for day in workshop_days)]


def open_work(items, today: date, workshop_days: list[date], unchampioned=()) -> dict[str, list[OpenThing]]:
    """``{kind: [OpenThing]}`` for every kind in :data:`KINDS` (empty ones included), from the
    items that are not dropped and the organisations without a champion (``unchampioned``, whose
    things have no item: their title is the organisation); dated things soonest first."""
    found: dict[str, list[OpenThing]] = {kind: [] for kind in KINDS}
    found["no_champion"] = [OpenThing("no_champion", None, name) for name in unchampioned]
    for item in items:
        if _get(item, "status") == "dropped":
            continue
        item_id, title = _get(item, "id"), _get(item, "title") or ""
        due = _day(action_data(_get(item, "data")).get("due"))
        for kind in _item_kinds(item, today):
            found[kind].append(OpenThing(kind, item_id, title, due if kind in ("overdue", "due_soon") else None))
        if _get(item, "section") == "checkins":
            found["checkin_overdue"] += [OpenThing("checkin_overdue", item_id, title, day)
                                         for day in missed_checkins(item, today, workshop_days)]
    for things in found.values():
        things.sort(key=lambda thing: (thing.when or date.max, thing.title.lower()))
    return found
