"""The newcomer brief: one page, for one organisation of a partnership, of what it has agreed
to, the roles it holds, its open actions, the indicators it collects, how the work is framed for
its sector and the questions still open — what a new member of staff needs on their first day —
and who carries the partnership inside it now (its internal champion, with the note of what was
handed over to them).

``organisation_brief`` is pure (plan items as models or dicts; a model is worded in the reader's
language); ``build`` reads the
database; the page, the DOCX and the PDF render the same dict.
"""
from __future__ import annotations

from collections import Counter

from flask_babel import lazy_gettext as _l

from app.exports import clean
from app.extensions import db
from app.models import Participant, PlanItem, Workshop
from app.plan.items import action_data, plan_items, worded

#: The brief's parts, in the order it reads, with their headings.
PARTS = {
    "agreed": _l("What it has agreed to"),
    "roles": _l("Its roles"),
    "actions": _l("Its open actions"),
    "indicators": _l("Indicators it collects"),
    "framing": _l("How the work is framed for its sector"),
    "questions": _l("Open questions"),
}
#: The heading of the brief's first part: who carries the partnership in the organisation.
CHAMPION_HEADING = _l("Its internal champion")


def _get(item, name, default=None):
    return item.get(name, default) if isinstance(item, dict) else getattr(item, name, default)


def _same(a, b) -> bool:
    return " ".join(str(a or "").split()).casefold() == " ".join(str(b or "").split()).casefold()


def _names(value) -> list[str]:
    """A data value that names organisations: a list, or a comma-separated text."""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [part for part in str(value or "").split(",") if part.strip()]


def _entry(item, detail: str = "") -> dict:
    words = worded(item) if isinstance(item, PlanItem) else {"title": _get(item, "title") or "",
                                                              "text": _get(item, "text") or ""}
    return {"id": _get(item, "id"), **words, "detail": detail}


def _supports(data: dict, organisation: str) -> bool:
    """A clause of the agreement exercise whose latest version this organisation supports (its
    representative answered "support" or "support with reservations")."""
    positions = data.get("organisations")
    return isinstance(positions, dict) and any(
        _same(name, organisation) and isinstance(p, dict) and p.get("answer") in ("support", "reservations")
        for name, p in positions.items())


def _part_of(item, organisation: str, sector: str) -> tuple[str, str] | None:
    """``(part, detail)`` when the item belongs in this organisation's brief."""
    section, data = _get(item, "section"), _get(item, "data") or {}
    data = data if isinstance(data, dict) else {}
    if section == "agreements" and (_same(data.get("partner"), organisation) or _supports(data, organisation)):
        return "agreed", ""
    if section == "roles":
        if _same(data.get("lead"), organisation):
            return "roles", "lead"
        if any(_same(n, organisation) for n in _names(data.get("supporting"))):
            return "roles", "supporting"
    if section == "actions":
        action = action_data(data)
        if _same(action.get("owner"), organisation) and action.get("status") != "done":
            return "actions", str(action.get("due") or "")
    if section == "indicators" and (_same(data.get("owner"), organisation)
                                    or _same(data.get("collected_by"), organisation)):
        return "indicators", ""
    if section == "framing" and sector and _same(data.get("sector"), sector):
        return "framing", ""
    if section == "flags":
        return "questions", ""
    return None


def organisation_brief(organisation: str, sector: str, items) -> dict:
    """``{"organisation", "sector", "parts": {part: [entry]}, "empty"}`` from the plan's items
    that are not dropped. An entry is ``{id, title, text, detail}``: ``detail`` is a role's
    ``lead``/``supporting`` or an action's due day."""
    parts: dict[str, list] = {part: [] for part in PARTS}
    for item in items:
        if _get(item, "status") == "dropped":
            continue
        found = _part_of(item, organisation, sector)
        if found:
            parts[found[0]].append(_entry(item, found[1]))
    parts["actions"].sort(key=lambda entry: (entry["detail"] or "9999", entry["title"].casefold()))
    return {"organisation": organisation, "sector": sector, "parts": parts,
            "empty": not any(parts.values())}


def organisations_of(partnership) -> list[str]:
    """The partnership's organisations, then any others its participants gave, each once."""
    seen = Counter()
    names = []
    for name in [*partnership.organisations, *_participant_organisations(partnership)]:
        key = " ".join(name.split()).casefold()
        if key and not seen[key]:
            seen[key] += 1
            names.append(name)
    return names


def _participant_organisations(partnership) -> list[str]:
    query = (db.select(Participant.organisation).join(Workshop, Participant.workshop_id == Workshop.id)
             .where(Workshop.partnership_id == partnership.id, Participant.organisation != "").distinct())
    return sorted(db.session.execute(query).scalars())


def sector_of(partnership, organisation: str) -> str:
    """The sector its people gave most often when they joined ("" if none did)."""
    query = (db.select(Participant.organisation, Participant.sector)
             .join(Workshop, Participant.workshop_id == Workshop.id)
             .where(Workshop.partnership_id == partnership.id, Participant.sector != ""))
    counts = Counter(sector for org, sector in db.session.execute(query) if _same(org, organisation))
    return counts.most_common(1)[0][0] if counts else ""


def build(partnership, organisation: str) -> dict:
    items = plan_items(partnership.id, statuses=("proposed", "promoted"))
    brief = organisation_brief(organisation, sector_of(partnership, organisation), items)
    brief["partnership"] = {"name": partnership.name, "purpose": partnership.purpose or ""}
    brief["champion"] = champion_of(partnership, organisation)
    return clean.document(brief)


def champion_of(partnership, organisation: str) -> dict | None:
    """The organisation's current champion for its brief (with the note of what was handed over
    to them: the brief is read inside their organisation), or None."""
    from app.partnerships.champions import current_of

    holding = current_of(partnership, organisation)
    if holding is None:
        return None
    return {"name": holding.name, "role": holding.role, "contact": holding.contact,
            "since": holding.started_on.isoformat(), "note": holding.handover_note}


def champion_line(champion: dict | None) -> str:
    """"<name> (<role>), <contact>, since <day>" of the champion, or that there is none yet."""
    from flask_babel import gettext as _

    from app.exercises import format_day

    if not champion:
        return _("None yet: the partnership's facilitators can name one on its page.")
    who = champion["name"] + (f" ({champion['role']})" if champion["role"] else "")
    who += f", {champion['contact']}" if champion["contact"] else ""
    return _("%(who)s, since %(day)s", who=who, day=format_day(champion["since"]))


def handover_heading(champion: dict) -> str:
    from flask_babel import gettext as _

    return _("What was handed over to %(name)s", name=champion["name"])


def part_titles() -> dict:
    """``{part: heading}`` in the current language."""
    return {part: str(title) for part, title in PARTS.items()}


def detail_line(part: str, entry: dict) -> str:
    """The few words after an entry's title: a role's place in it, an action's due day."""
    from flask_babel import gettext as _

    from app.exercises import format_day

    if part == "roles":
        return _("leads it") if entry["detail"] == "lead" else _("supports it")
    if part == "actions" and entry["detail"]:
        return _("due %(day)s", day=format_day(entry["detail"]))
    return ""
