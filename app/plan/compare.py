"""What changed in the plan between two moments: a snapshot (the plan when a workshop ended) and
a later snapshot or the plan as it is now.

Pure: both sides are lists of item dicts (``PlanItem.as_dict()``, which is what snapshots keep).
Items are matched by their id, which a plan item keeps for life, so a reworded item is a change,
not a loss and a gain. Items' words are shown in the reader's language (``worded``).

Given the two moments' days, an action whose due day passed in between and that is not done
is listed as "now late", next to the actions that became done.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.exercises.contract import format_day
from app.plan.items import SECTION_ORDER, action_data, reader_data, section_title, shown_data, worded

#: The kinds of change of a section, in the order the page and the downloads list them, with
#: their headings; a "done" action is listed without its changed fields (done says it all).
KINDS = (("added", _l("New")), ("done", _l("Actions done")), ("late", _l("Now late")), ("changed", _l("Changed")),
         ("removed", _l("No longer in the plan")))
WITHOUT_FIELDS = ("done",)
#: The data fields a change lists, in this order; any other changed field follows by name.
WATCHED = ("owner", "due", "status", "lead", "supporting", "partner", "collected_by", "data_source", "dates")


@dataclass
class Change:
    item: dict                   # the later item (or, when it went, the earlier one)
    title: str                   # in the reader's language
    fields: list = field(default_factory=list)   # [(key, before, after)] for a changed item
    note: str = ""               # a late action's "due on …", in the reader's language


@dataclass
class SectionChanges:
    key: str
    title: str
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    done: list = field(default_factory=list)    # actions that became done
    late: list = field(default_factory=list)    # actions whose due day passed meanwhile, not done

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.done or self.late)

    def groups(self) -> list[tuple[str, str, list]]:
        """``[(kind, heading, changes)]`` of the kinds with changes, in :data:`KINDS` order."""
        return [(kind, str(title), getattr(self, kind)) for kind, title in KINDS if getattr(self, kind)]


def _data(item: dict) -> dict:
    data = reader_data(item.get("data") if isinstance(item.get("data"), dict) else {})
    return action_data(data) if item.get("section") == "actions" else data


def _unchanged(before: dict, after: dict) -> bool:
    """The item as stored is the same: nothing to word. Wording every item of both sides cost
    1.7 s at 1,000 items (``python -m bench.home``), most of them unchanged."""
    return all(before.get(key) == after.get(key) for key in ("title", "text", "data", "status", "section"))


def _field_changes(before: dict, after: dict) -> list[tuple]:
    """``[(key, before, after)]`` as a reader reads the values (``shown_data``); ``title`` and
    ``text`` in the reader's words; ``item_status`` for the plan status (proposed/promoted)."""
    old, new = shown_data(before), shown_data(after)
    keys = [k for k in WATCHED if k in old or k in new] + sorted(k for k in {*old, *new} - set(WATCHED))
    changes = [(k, old.get(k, ""), new.get(k, "")) for k in keys if old.get(k, "") != new.get(k, "")]
    old_words, new_words = worded(before), worded(after)
    for key in ("text", "title"):
        if old_words[key] != new_words[key]:
            changes.insert(0, (key, old_words[key], new_words[key]))
    if before.get("status") != after.get("status"):
        changes.append(("item_status", before.get("status"), after.get("status")))
    return changes


def _due_day(data: dict) -> date | None:
    try:
        return date.fromisoformat(str(data.get("due") or "")[:10])
    except ValueError:
        return None


def became_late(item: dict, since: date | None, until: date | None) -> bool:
    """An action, not done at the later moment, due on a day from ``since`` (when it was not
    late yet) to the day before ``until`` (so late by then)."""
    if item.get("section") != "actions" or since is None or until is None:
        return False
    data = _data(item)
    due = _due_day(data)
    return due is not None and since <= due < until and data.get("status") != "done"


def compare(before_items: list[dict], after_items: list[dict], since: date | None = None,
            until: date | None = None) -> list[SectionChanges]:
    """``[SectionChanges]`` for the sections where something changed, in plan order. With
    ``since`` and ``until`` (the two moments' days), actions that became late are listed too."""
    before = {item.get("id"): item for item in before_items if item.get("status") != "dropped"}
    after = {item.get("id"): item for item in after_items if item.get("status") != "dropped"}
    sections: dict[str, SectionChanges] = {}

    def section(item) -> SectionChanges:
        key = item.get("section") or ""
        if key not in sections:
            sections[key] = SectionChanges(key, section_title(key))
        return sections[key]

    for item_id, item in after.items():
        if item_id not in before:
            section(item).added.append(Change(item, worded(item)["title"]))
            continue
        if _unchanged(before[item_id], item) and not became_late(item, since, until):
            continue
        fields = _field_changes(before[item_id], item)
        change = Change(item, worded(item)["title"], fields)
        became_done = item.get("section") == "actions" and _data(item).get("status") == "done" \
            and _data(before[item_id]).get("status") != "done"
        if became_done:
            section(item).done.append(change)
        elif became_late(item, since, until):
            change.note = _("due on %(day)s", day=format_day(_due_day(_data(item)).isoformat()))
            section(item).late.append(change)
        elif fields:
            section(item).changed.append(change)
    for item_id, item in before.items():
        if item_id not in after:
            section(item).removed.append(Change(item, worded(item)["title"]))
    ordered = sorted(sections.values(), key=lambda s: (SECTION_ORDER.get(s.key, len(SECTION_ORDER)), s.key))
    return [s for s in ordered if not s.empty]


@dataclass
class RoomChanges:
    """Which organisations came to the later workshop that were not at the earlier one, and
    which of the earlier one's did not come back."""

    before: str                  # the earlier workshop's title
    after: str                   # the later one's
    joined: list = field(default_factory=list)
    absent: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.joined or self.absent)


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def room_changes(before: str, before_orgs, after: str, after_orgs) -> RoomChanges:
    """Organisations are matched as people type them, ignoring case and spacing ("north
    school" is North School); each list keeps the first spelling, sorted as a reader sorts."""
    earlier = {_key(o): " ".join(o.split()) for o in before_orgs if o and o.strip()}
    later = {_key(o): " ".join(o.split()) for o in after_orgs if o and o.strip()}
    return RoomChanges(before, after, sorted((later[k] for k in later.keys() - earlier.keys()), key=_key),
                       sorted((earlier[k] for k in earlier.keys() - later.keys()), key=_key))

