"""The plan document as Markdown: readable as plain text, and by any Markdown renderer."""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from app.exports.model import TABLES, exported_line


def _escape(text) -> str:
    """Keep user text from turning into Markdown structure (headings, links, tables)."""
    text = str(text or "")
    for char in "\\`*_[]<>|#":
        text = text.replace(char, "\\" + char)
    return text


def _table(headers, rows) -> list[str]:
    lines = ["| " + " | ".join(str(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_escape(cell).replace("\n", " ") for cell in row) + " |" for row in rows]
    return lines + [""]


def render(doc: dict) -> str:
    partnership = doc["partnership"]
    out = ["# " + _("%(name)s: partnership plan", name=_escape(partnership["name"])), ""]
    if partnership["purpose"]:
        out += [f"> {_escape(partnership['purpose'])}", ""]
    if partnership["sectors"]:
        out += ["**" + _("Sectors:") + "** " + _escape(", ".join(partnership["sectors"])), ""]
    out += [f"_{_escape(exported_line(doc))}_", ""]
    if doc["empty"]:
        out += [f"_{doc['empty_note']}_", ""]
    for section in doc["sections"]:
        out += _section(section, doc)
    out += _workshops(doc["workshops"])
    return "\n".join(out).rstrip() + "\n"


def _section(section: dict, doc: dict) -> list[str]:
    out = [f"## {_escape(section['title'])}", ""]
    if section["key"] in TABLES:
        headers, keys = TABLES[section["key"]]
        out += _table(headers, [[row[k] for k in keys] for row in doc[section["key"]]])
    for item in section["items"]:
        out.append(f"- **{_escape(item['title'])}**" + (f": {_escape(item['text'])}" if item["text"] else ""))
        if section["key"] == "checkins":
            row = next(r for r in doc["checkins"] if r["id"] == item["id"])
            if row["cadence"] or row["dates"]:
                out.append(f"  - {_escape(row['cadence'])} {', '.join(row['dates'])}".rstrip())
        if item["provenance_line"]:
            out.append(f"  - _{_escape(item['provenance_line'])}_")
    return out + [""]


def _workshops(workshops: list[dict]) -> list[str]:
    if not workshops:
        return []
    out = ["## " + _("Workshops"), ""]
    for workshop in workshops:
        anonymous = " " + _("(anonymous)") if workshop["anonymous"] else ""
        out += [f"### {_escape(workshop['title'])}{anonymous}", ""]
        for step in workshop["steps"]:
            count = len(step["contributions"]["rows"])
            out.append(f"- {_escape(step['title'])} ({_escape(step['exercise_title'])}): "
                       + ngettext("%(num)d contribution", "%(num)d contributions", count))
        out.append("")
    return out
