"""Reading a plan's items in the order the plan reads."""
from __future__ import annotations

from flask_babel import gettext as _

from app.exercises.contract import PLAN_SECTIONS
from app.extensions import db
from app.models import PlanItem

SECTION_ORDER = {key: index for index, key in enumerate(PLAN_SECTIONS)}


def section_title(key: str) -> str:
    """The title of plan section ``key`` in the current language."""
    if key in PLAN_SECTIONS:
        return str(PLAN_SECTIONS[key])
    return key.replace("_", " ").capitalize()


def plan_items(partnership_id: int, statuses=None) -> list[PlanItem]:
    """The partnership's items (optionally only some statuses), by section, then position."""
    query = db.select(PlanItem).filter_by(partnership_id=partnership_id)
    if statuses:
        query = query.where(PlanItem.status.in_(tuple(statuses)))
    items = db.session.execute(query).scalars().all()
    return sorted(items, key=sort_key)


def sort_key(item) -> tuple:
    section = item.section if isinstance(item, PlanItem) else item["section"]
    position = item.position if isinstance(item, PlanItem) else item["position"]
    item_id = item.id if isinstance(item, PlanItem) else (item.get("id") or 0)
    return SECTION_ORDER.get(section, len(SECTION_ORDER)), position, item_id


def by_section(items) -> list[tuple[str, str, list]]:
    """``[(key, title, items)]`` for every plan section, in plan order (empty ones included)."""
    grouped: dict = {key: [] for key in PLAN_SECTIONS}
    for item in items:
        section = item.section if isinstance(item, PlanItem) else item["section"]
        grouped.setdefault(section, []).append(item)
    return [(key, section_title(key), grouped[key]) for key in grouped]


def next_position(partnership_id: int, section: str) -> int:
    highest = db.session.execute(
        db.select(db.func.max(PlanItem.position)).filter_by(partnership_id=partnership_id, section=section)
    ).scalar()
    return (highest or 0) + 1


def provenance_line(provenance: dict | None) -> str:
    """"from <workshop> · <step> · sectors …", or "" for facilitator-written items."""
    if not provenance or not provenance.get("workshop_title"):
        return ""
    parts = [_("from %(workshop)s", workshop=provenance["workshop_title"])]
    if provenance.get("step_title"):
        parts.append(provenance["step_title"])
    if provenance.get("sectors"):
        parts.append(_("sectors %(sectors)s", sectors=", ".join(provenance["sectors"])))
    return " · ".join(parts)


#: The plan's one vocabulary for an action is ``owner`` and ``due``. Items harvested before it
#: (the policy window said ``lead`` and ``date``) are read through :func:`action_data`.
LEGACY_ACTION_KEYS = {"owner": "lead", "due": "date"}


def action_data(data) -> dict:
    """An action item's ``data`` with ``owner`` and ``due``, whichever words it was stored with."""
    data = dict(data) if isinstance(data, dict) else {}
    for key, legacy in LEGACY_ACTION_KEYS.items():
        if not data.get(key) and data.get(legacy):
            data[key] = data.pop(legacy)
    return data
