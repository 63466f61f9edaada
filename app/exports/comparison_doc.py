""""What changed" as a document to download (Markdown, Word, PDF): the comparison the page
shows (:class:`app.plan.comparison.Comparison`), worded once in the reader's language so every
format says the same thing. People's text (titles, organisations, sectors) stays as written;
each renderer escapes it its own way.
"""
from __future__ import annotations

from flask_babel import gettext as _

from app.plan.figures import group_name
from app.plan.forms import data_labels


def moment(snapshot) -> str:
    """One end of the comparison: "the end of Kick-off", or "now"."""
    if snapshot is None:
        return _("now")
    return _("the end of %(workshop)s", workshop=snapshot.workshop_title or _("a workshop"))


def _item_status(value) -> str:
    return {"proposed": _("proposed"), "promoted": _("promoted"), "dropped": _("dropped")}.get(value, value or "")


def field_label(key: str, labels: dict) -> str:
    """A changed field's name, as the page says it."""
    named = {"title": _("Title"), "text": _("Text"), "item_status": _("In the plan")}
    if key in named:
        return named[key]
    return str(labels.get(key) or key.replace("_", " ").capitalize())


def shown(key: str, value) -> str:
    if key == "item_status":
        return _item_status(value)
    return _("(none)") if value in ("", None) else str(value)


def _change_line(change, kind: str, labels: dict) -> dict:
    details = [change.note] if change.note else []
    if kind != "done":
        details += [f"{_('%(field)s:', field=field_label(k, labels))} {shown(k, old)} → {shown(k, new)}"
                    for k, old, new in change.fields]
    return {"title": change.title, "details": details}


def _figures(comparison) -> dict | None:
    if not comparison.figures:
        return None
    return {
        "note": _("The figures of “%(before)s” set against those of “%(after)s”.",
                  before=comparison.figures_from, after=comparison.figures_to),
        "headers": [_("Figure"), _("For"), _("Before"), _("After"), _("Change")],
        "exercises": [{
            "title": entry.title,
            "moved": [[f.label, group_name(f.group), f.before, f.after, f.difference] for f in entry.moved],
            "unchanged": [[f.label, group_name(f.group), f.before, f.after, _("no change")] for f in entry.unchanged],
            "new": [[f.label, group_name(f.group), f.after] for f in entry.new],
        } for entry in comparison.figures],
        "new_headers": [_("Figure"), _("For"), _("Now")],
    }


def _room(room) -> dict | None:
    if room is None:
        return None
    return {"note": _("The organisations at “%(before)s” compared with those at “%(after)s”.",
                      before=room.before or _("a workshop"), after=room.after or _("a workshop")),
            "same": room.empty,
            "groups": [(title, names) for title, names in ((_("New in the room"), room.joined),
                                                           (_("Not there this time"), room.absent)) if names]}


def comparison_document(partnership, comparison) -> dict:
    """Everything the downloads write, as plain strings and lists."""
    labels = data_labels()
    return {
        "partnership": {"name": partnership.name},
        "title": _("%(name)s: what changed", name=partnership.name),
        "span": _("From %(start)s to %(end)s.", start=moment(comparison.before), end=moment(comparison.after)),
        "room": _room(comparison.room),
        "room_heading": _("Who was in the room"),
        "figures": _figures(comparison),
        "figures_heading": _("Figures that moved"),
        "new_figures_heading": _("New figures this time"),
        "sections": [{"title": section.title,
                      "groups": [{"title": title, "entries": [_change_line(c, kind, labels) for c in entries]}
                                 for kind, title, entries in section.groups()]}
                     for section in comparison.changes or []],
        "nothing": _("Nothing changed.") if not comparison.changes else "",
    }
