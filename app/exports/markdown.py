"""The plan document as Markdown: readable as plain text, and by any Markdown renderer."""
from __future__ import annotations

import re

from flask_babel import gettext as _
from flask_babel import ngettext

from app.exports.model import TABLES, exported_line

#: Characters that start Markdown structure inside a line: emphasis, code, links and images
#: (``[x](http://…)``, ``![p](http://…)``), raw HTML and entities, tables, headings.
INLINE = "\\`*_[]<>|#!~&"
#: What turns a line into a block (quote, list, heading underline, numbered list) when it comes first.
LEADING = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


def _escape(text) -> str:
    """User text as literal Markdown text, whatever it contains: it never becomes a link, an
    image, a heading, a list or HTML. One line: line breaks would start new blocks."""
    text = " ".join(str(text or "").split())
    text = "".join("\\" + char if char in INLINE else char for char in text)
    # A bare "http://…" is a link in GitHub-flavoured renderers; "http\://" reads as text.
    text = text.replace("://", "\\://")
    return LEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _table(headers, rows) -> list[str]:
    lines = ["| " + " | ".join(_escape(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_escape(cell) for cell in row) + " |" for row in rows]
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
        out += [f"_{_escape(doc['empty_note'])}_", ""]
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
                out.append(f"  - {_escape(row['cadence'])} {_escape(', '.join(row['dates_text']))}".rstrip())
        if item["provenance_line"]:
            out.append(f"  - _{_escape(item['provenance_line'])}_")
    return out + [""]


def _workshops(workshops: list[dict]) -> list[str]:
    if not workshops:
        return []
    out = ["## " + _escape(_("Workshops")), ""]
    for workshop in workshops:
        anonymous = " " + _escape(_("(anonymous)")) if workshop["anonymous"] else ""
        out += [f"### {_escape(workshop['title'])}{anonymous}", ""]
        for step in workshop["steps"]:
            count = len(step["contributions"]["rows"])
            out.append(f"- {_escape(step['title'])} ({_escape(step['exercise_title'])}): "
                       + _escape(ngettext("%(num)d contribution", "%(num)d contributions", count)))
        out.append("")
    return out
